// A Mermaid sequenceDiagram of one flow around its stalls, for Markdown reports (pull-request
// comments render Mermaid). It folds like the ladder: idle gaps of IDLE_FOLD_SECONDS or more get
// a marker, and runs of packets that are not drawn become one "folded" note, so a diagram stays
// readable at ~60 arrows whatever the capture's size. The stall's first and last evidence frames
// are always drawn; the band of a finding is a shaded `rect` with a note naming the stage.
import { absTime, TcpFlag, type PacketTable } from '../capture/packetTable';
import { IDLE_FOLD_SECONDS } from '../../protocol';
import type { Finding } from '../diagnosis/finding';
import { endpointText } from '../flows/flowJson';
import { Dir, type Flow, type FlowGrouping } from '../flows/types';
import { t } from '../i18n/translate';
import { stageInfo } from '../kernel/catalogue/index';

export interface MermaidOptions {
  /** Most arrows drawn; the rest fold into notes. */
  maxArrows?: number;
}

const BAND_FILL = 'rgba(255, 170, 0, 0.18)';

const FLAG_LETTERS: [number, string][] = [
  [TcpFlag.Syn, 'S'],
  [TcpFlag.Fin, 'F'],
  [TcpFlag.Rst, 'R'],
  [TcpFlag.Psh, 'P'],
  [TcpFlag.Ack, '.'],
];

function flagText(f: number): string {
  let s = '';
  for (const [bit, ch] of FLAG_LETTERS) if (f & bit) s += ch;
  return s || '-';
}

function seconds(s: number): string {
  return s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(s >= 0.01 ? 0 : 1)} ms`;
}

/**
 * Mermaid reads `;` as a statement break, `#` as an entity and `%%` as a comment, and a text
 * with an unbalanced bracket can confuse the note grammar; labels are untrusted (host names
 * from text logs), so only a safe alphabet survives.
 */
function clean(text: string): string {
  return text
    .replace(/[;#%<>{}"`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Indices k (into flow.rows) worth drawing: window edges, then evidence spread evenly. */
function chooseRows(
  flow: Flow,
  lo: number,
  hi: number,
  evidence: readonly number[],
  maxArrows: number,
  timeOf: (row: number) => number,
): number[] {
  const keep = new Set<number>();
  const edge = Math.floor(maxArrows / 6);
  for (let k = lo; k <= hi && k < lo + edge; k++) keep.add(k);
  for (let k = hi; k >= lo && k > hi - edge; k--) keep.add(k);
  const inWindow: number[] = [];
  const rows = flow.rows;
  let k = lo;
  for (const row of evidence) {
    while (k <= hi && rows[k] < row) k++;
    if (k <= hi && rows[k] === row) inWindow.push(k);
  }
  const room = Math.max(2, maxArrows - keep.size);
  if (inWindow.length <= room) {
    for (const e of inWindow) keep.add(e);
  } else {
    // Evenly spaced evidence, always with the first and the last.
    for (let j = 0; j < room; j++) keep.add(inWindow[Math.round((j * (inWindow.length - 1)) / (room - 1))]);
  }
  // A packet right after a long silence tells where the stall ends: draw it when there is room.
  for (let j = lo + 1; j <= hi && keep.size < maxArrows; j++) {
    if (keep.has(j)) continue;
    if (timeOf(rows[j]) - timeOf(rows[j - 1]) >= IDLE_FOLD_SECONDS) keep.add(j);
  }
  return [...keep].sort((a, b) => a - b);
}

export function stallSequenceDiagram(
  table: PacketTable,
  analysis: FlowGrouping,
  flow: Flow,
  findings: readonly Finding[],
  options: MermaidOptions = {},
): string {
  const maxArrows = Math.max(10, options.maxArrows ?? 60);
  const rows = flow.rows;
  if (rows.length === 0 || findings.length === 0) return '';
  // Evidence can lie outside a finding's time span (a corked datagram's earlier parts): cover both.
  const evidenceTimes = findings.flatMap((f) => (f.frames.length ? [f.frames[0], f.frames[f.frames.length - 1]] : []))
    .filter((fr) => fr >= 1 && fr <= table.count)
    .map((fr) => absTime(table, fr - 1));
  const start = Math.min(...findings.map((f) => f.start), ...evidenceTimes);
  const end = Math.max(...findings.map((f) => f.end), ...evidenceTimes);
  const margin = Math.max(0.05, (end - start) * 0.05);
  let lo = 0;
  while (lo < rows.length - 1 && absTime(table, rows[lo]) < start - margin) lo++;
  let hi = rows.length - 1;
  while (hi > lo && absTime(table, rows[hi]) > end + margin) hi--;

  const evidence = [...new Set(findings.flatMap((f) => f.frames.map((fr) => fr - 1)))].sort((a, b) => a - b);
  const chosen = chooseRows(flow, lo, hi, evidence, maxArrows, (row) => absTime(table, row));

  const client = endpointText(table.addrs[flow.clientAddr] ?? '?', flow.clientPort);
  const server = endpointText(table.addrs[flow.serverAddr] ?? '?', flow.serverPort);
  const out = [
    'sequenceDiagram',
    `    participant C as ${clean(`${t('md.client')} ${client}`)}`,
    `    participant S as ${clean(`${t('md.server')} ${server}`)}`,
  ];
  const bands = [...findings].sort((a, b) => a.start - b.start);
  const bandNote = (b: Finding): string =>
    `    Note over C,S: ${clean(
      t('md.bandNote', {
        title: stageInfo(b.stage).title,
        side: t(b.side === 'client' ? 'md.client' : 'md.server'),
        confidence: t(`md.confidence.${b.confidence}`),
        duration: seconds(b.end - b.start),
      }),
    )}`;
  let next = 0;
  let open: Finding | null = null;
  const [c2s, s2c] = flow.dirs;
  const isn = [c2s.isn >>> 0, s2c.isn >>> 0];
  const t0 = absTime(table, rows[0]);
  let prev = -1;
  if (lo > 0) out.push(`    Note over C,S: ${clean(t('md.before', { count: lo }))}`);
  for (const k of chosen) {
    const i = rows[k];
    const time = absTime(table, i);
    if (open && time > open.end) {
      out.push('    end');
      open = null;
    }
    if (prev >= 0 && k > prev + 1) {
      const span = absTime(table, rows[k - 1]) - absTime(table, rows[prev + 1]);
      out.push(`    Note over C,S: ${clean(t('md.folded', { count: k - prev - 1, duration: seconds(Math.max(0, span)) }))}`);
    }
    if (prev >= 0) {
      const idle = time - absTime(table, rows[k - 1]);
      if (idle >= IDLE_FOLD_SECONDS) out.push(`    Note over C,S: ${clean(t('md.idle', { duration: seconds(idle) }))}`);
    }
    while (next < bands.length && bands[next].start <= time) {
      const b = bands[next++];
      if (!open && b.end >= time) {
        out.push(`    rect ${BAND_FILL}`);
        open = b;
      }
      out.push(bandNote(b));
    }
    prev = k;
    const d = analysis.dirOf[i] === Dir.ToClient ? 1 : 0;
    const arrow = d === 0 ? 'C->>S' : 'S->>C';
    const rel = (table.seq[i] - isn[d]) >>> 0;
    const at = `+${(time - t0).toFixed(3)}s`;
    const label =
      flow.proto === 'tcp'
        ? `${i + 1} ${at} [${flagText(table.tcpFlags[i])}] seq ${rel} len ${table.len[i]} win ${table.win[i]}`
        : `${i + 1} ${at} len ${table.len[i]}`;
    out.push(`    ${arrow}: ${clean(label)}`);
  }
  if (open) out.push('    end');
  if (prev >= 0 && prev < rows.length - 1) out.push(`    Note over C,S: ${clean(t('md.after', { count: rows.length - 1 - prev }))}`);
  while (next < bands.length) out.push(bandNote(bands[next++]));
  return out.join('\n');
}
