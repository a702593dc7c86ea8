// A Mermaid sequenceDiagram of one flow around its stalls, for Markdown reports (pull-request
// comments render Mermaid). Long stretches fold into a note, so a diagram stays readable at
// ~60 arrows whatever the capture's size; the evidence frames are always kept.
import { absTime, TcpFlag, type PacketTable } from '../capture/packetTable';
import type { Finding } from '../diagnosis/finding';
import { Dir, type Flow, type FlowAnalysis } from '../flows/types';

export interface MermaidOptions {
  /** Most arrows drawn; the rest fold into notes. */
  maxArrows?: number;
}

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

/** Mermaid text may not hold `;` or `#` unescaped in messages; keep labels plain. */
function clean(text: string): string {
  return text.replace(/[;#]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function stallSequenceDiagram(
  table: PacketTable,
  analysis: FlowAnalysis,
  flow: Flow,
  findings: readonly Finding[],
  options: MermaidOptions = {},
): string {
  const maxArrows = Math.max(10, options.maxArrows ?? 60);
  const rows = flow.rows;
  if (rows.length === 0 || findings.length === 0) return '';
  const start = Math.min(...findings.map((f) => f.start));
  const end = Math.max(...findings.map((f) => f.end));
  const margin = Math.max(0.05, (end - start) * 0.05);
  let lo = 0;
  while (lo < rows.length - 1 && absTime(table, rows[lo]) < start - margin) lo++;
  let hi = rows.length - 1;
  while (hi > lo && absTime(table, rows[hi]) > end + margin) hi--;

  const evidence = new Set<number>();
  for (const f of findings) for (const fr of f.frames) evidence.add(fr - 1);
  const keep = new Set<number>();
  const edge = Math.floor(maxArrows / 4);
  for (let k = lo; k <= hi && k < lo + edge; k++) keep.add(k);
  for (let k = hi; k >= lo && k > hi - edge; k--) keep.add(k);
  for (let k = lo; k <= hi && keep.size < maxArrows; k++) if (evidence.has(rows[k])) keep.add(k);
  const chosen = [...keep].sort((a, b) => a - b);

  const client = `${table.addrs[flow.clientAddr]}:${flow.clientPort}`;
  const server = `${table.addrs[flow.serverAddr]}:${flow.serverPort}`;
  const out = ['sequenceDiagram', `    participant C as ${clean(client)}`, `    participant S as ${clean(server)}`];
  const bands = [...findings].sort((a, b) => a.start - b.start);
  let band = 0;
  const isn = [flow.dirs[0].isn >>> 0, flow.dirs[1].isn >>> 0];
  let prev = -1;
  for (const k of chosen) {
    const i = rows[k];
    const t = absTime(table, i);
    while (band < bands.length && bands[band].start <= t) {
      const b = bands[band++];
      out.push(`    Note over C,S: ${clean(`${b.stage} (${b.side}, ${b.confidence}) for ${seconds(b.end - b.start)}`)}`);
    }
    if (prev >= 0 && k > prev + 1) {
      const gap = absTime(table, rows[k - 1]) - absTime(table, rows[prev + 1]);
      out.push(`    Note over C,S: ${k - prev - 1} packets folded (${seconds(Math.max(0, gap))})`);
    }
    prev = k;
    const d = analysis.dirOf[i] === Dir.ToClient ? 1 : 0;
    const arrow = d === 0 ? 'C->>S' : 'S->>C';
    const rel = (table.seq[i] - isn[d]) >>> 0;
    const label =
      flow.proto === 'tcp'
        ? `${i + 1} [${flagText(table.tcpFlags[i])}] seq ${rel} len ${table.len[i]} win ${table.win[i]}`
        : `${i + 1} len ${table.len[i]}`;
    out.push(`    ${arrow}: ${clean(label)}`);
  }
  while (band < bands.length) {
    const b = bands[band++];
    out.push(`    Note over C,S: ${clean(`${b.stage} (${b.side}, ${b.confidence}) for ${seconds(b.end - b.start)}`)}`);
  }
  return out.join('\n');
}
