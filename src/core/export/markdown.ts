// Markdown for code review and bug reports: one finding (prose, evidence frames, a Mermaid
// diagram of its stall window, kernel links), one flow with its findings, or a whole diagnosis.
// The CLI's `diagnose --format markdown` and the editor's "Copy as Markdown" both render here,
// so a pasted finding reads the same wherever it came from.
import { absTime, type PacketTable } from '../capture/packetTable';
import type { Finding } from '../diagnosis/finding';
import { endpointText, flowIdOf, flowName } from '../flows/flowJson';
import type { Flow, FlowGrouping } from '../flows/types';
import { localizedSummary } from '../i18n/summaries/index';
import { t } from '../i18n/translate';
import { stageInfo } from '../kernel/catalogue/index';
import { DEFAULT_KERNEL_VERSION, kernelLinks, parseKernelVersion } from '../kernel/links';
import { applicationText } from '../kernel/renderExcerptText';
import { stallSequenceDiagram } from './mermaid';

export interface MarkdownSource {
  /** Shown as the capture's name (a file name or the path the user gave). */
  fileName: string;
  table: PacketTable;
  analysis: FlowGrouping;
  findings: readonly Finding[];
  /** Kernel version the links point at (`6.1`, `6.12.3`); DEFAULT_KERNEL_VERSION when absent or unparsable. */
  kernelVersion?: string;
}

/** Wall-clock time of day (UTC) for a finding's time, or the time since midnight for undated logs. */
export function clockText(t: number): string {
  const day = ((t % 86400) + 86400) % 86400;
  const h = Math.floor(day / 3600);
  const m = Math.floor((day % 3600) / 60);
  const s = day - h * 3600 - m * 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

function durationText(d: number): string {
  return d >= 1 ? `${d.toFixed(2)} s` : `${(d * 1000).toFixed(1)} ms`;
}

export function spanText(table: PacketTable, f: Finding): string {
  const t0 = table.count ? absTime(table, 0) : f.start;
  return t('md.span', {
    from: clockText(f.start),
    to: clockText(f.end),
    zone: table.dateKnown ? ' UTC' : '',
    duration: durationText(f.end - f.start),
    offset: (f.start - t0).toFixed(3),
  });
}

export function frameListText(frames: readonly number[], max = 12): string {
  if (frames.length <= max) return frames.join(', ');
  return `${frames.slice(0, max - 2).join(', ')}, … ${frames.slice(-2).join(', ')} (${t('md.frameCount', { count: frames.length })})`;
}

function flowOf(src: MarkdownSource, f: Finding): Flow | undefined {
  return src.analysis.flows[flowIdOf(f.flow)];
}

function endpoint(table: PacketTable, flow: Flow, side: 'client' | 'server'): string {
  const addr = table.addrs[side === 'client' ? flow.clientAddr : flow.serverAddr] ?? '?';
  return endpointText(addr, side === 'client' ? flow.clientPort : flow.serverPort);
}

/** "server 10.99.0.2:5002": the side a finding names, with its address. */
function sideText(src: MarkdownSource, f: Finding): string {
  const flow = flowOf(src, f);
  const side = t(f.side === 'client' ? 'md.client' : 'md.server');
  return flow ? `${side} ${endpoint(src.table, flow, f.side)}` : side;
}

/** Markdown text may come from untrusted logs (host names): keep it from forming markup. */
function inline(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function sentence(text: string): string {
  return /[.。!！?？]$/.test(text) ? text : `${text}${t('md.fullStop')}`;
}

function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${text}`;
}

/** One finding: what happened, when, the evidence, the stall window as a diagram, the kernel code. */
export function findingMarkdown(src: MarkdownSource, index: number, level = 3): string {
  const f = src.findings[index];
  if (!f) throw new Error(`no finding ${index} (there are ${src.findings.length})`);
  const info = stageInfo(f.stage);
  const out: string[] = [];
  out.push(heading(level, `${inline(info.title)} — ${f.flow}, ${inline(sideText(src, f))}`), '');
  out.push(inline(sentence(localizedSummary(f))), '');
  out.push(inline(explanation(f)), '');
  out.push(`- ${t('md.stage')}: \`${f.stage}\`, ${t('md.confidenceIs', { confidence: t(`md.confidence.${f.confidence}`) })}`);
  out.push(`- ${t('md.when')}: ${spanText(src.table, f)}`);
  out.push(`- ${t('md.evidence')}: ${frameListText(f.frames, 20)}`);
  const facts = Object.entries(f.facts);
  if (facts.length) out.push(`- ${t('md.facts')}: ${facts.map(([k, v]) => `\`${k}\` = ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ')}`);
  out.push('');
  const flow = flowOf(src, f);
  if (flow) {
    const diagram = stallSequenceDiagram(src.table, src.analysis, flow, [f]);
    if (diagram) out.push(`${t('md.diagramIntro')}`, '', '```mermaid', diagram, '```', '');
  }
  out.push(...kernelSection(src, f), '');
  return out.join('\n');
}

function explanation(f: Finding): string {
  const info = stageInfo(f.stage);
  const seen = applicationText(info);
  return seen ? `${info.whatHappens} ${t('md.applicationSees', { seen })}` : info.whatHappens;
}

function kernelSection(src: MarkdownSource, f: Finding): string[] {
  const version = parseKernelVersion(src.kernelVersion ?? DEFAULT_KERNEL_VERSION) ?? parseKernelVersion(DEFAULT_KERNEL_VERSION);
  if (!version || f.kernel.length === 0) return [];
  const lines = [t('md.kernelIntro', { tag: version.tag })];
  for (const k of f.kernel) {
    const [file, ident] = kernelLinks(k.function, k.file, version);
    lines.push(t('md.kernelLine', { function: `[\`${k.function}()\`](${file.url})`, file: `\`${k.file}\``, uses: `[${t('md.uses')}](${ident.url})` }));
  }
  lines.push('', t('md.excerptHint', { stage: f.stage }));
  return lines;
}

/** One flow: its conversation line, figures, a table of its findings and each finding in full. */
export function flowMarkdown(src: MarkdownSource, flowId: number): string {
  const flow = src.analysis.flows[flowId];
  if (!flow) throw new Error(`no flow ${flowId} (there are ${src.analysis.flows.length})`);
  const name = flowName(flow.id);
  const [c2s, s2c] = flow.dirs;
  const out: string[] = [];
  out.push(heading(3, `${name} ${flow.proto.toUpperCase()} ${inline(endpoint(src.table, flow, 'client'))} → ${inline(endpoint(src.table, flow, 'server'))}`), '');
  out.push(`- ${t('md.flowFrames', { capture: src.fileName, first: flow.firstRow + 1, last: flow.lastRow + 1, packets: flow.packets, state: flow.state })}`);
  out.push(`- ${t('md.flowBytes', { toServer: c2s.payloadBytes, toClient: s2c.payloadBytes })}`);
  if (Number.isFinite(flow.initialRtt)) out.push(`- ${t('md.flowRtt', { rtt: (flow.initialRtt * 1000).toFixed(3) })}`);
  out.push('');
  const mine = src.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.flow === name);
  if (mine.length === 0) {
    out.push(t('md.flowQuiet'), '');
    return out.join('\n');
  }
  out.push(...findingTable(src, mine.map(({ f }) => f)), '');
  for (const { i } of mine) out.push(findingMarkdown(src, i, 4));
  return out.join('\n');
}

function findingTable(src: MarkdownSource, findings: readonly Finding[]): string[] {
  const rows = [`| ${t('md.col.stage')} | ${t('md.col.flow')} | ${t('md.col.side')} | ${t('md.col.confidence')} | ${t('md.col.when')} | ${t('md.col.duration')} |`, '|---|---|---|---|---|---|'];
  for (const f of findings) {
    rows.push(`| \`${f.stage}\` | ${f.flow} | ${cell(inline(sideText(src, f)))} | ${t(`md.confidence.${f.confidence}`)} | ${clockText(f.start)} | ${(f.end - f.start).toFixed(3)} s |`);
  }
  return rows;
}

/** The whole diagnosis, for a pull-request comment: overview table, each finding, then hints. */
export function diagnosisMarkdown(src: MarkdownSource): string {
  const problems = src.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.confidence !== 'low');
  const hints = src.findings.filter((f) => f.confidence === 'low');
  const out: string[] = [];
  out.push(heading(2, t('md.title', { file: src.fileName })), '');
  out.push(
    t('md.overview', { format: src.table.format, packets: src.table.count, flows: src.analysis.flows.length }) +
      ' ' +
      (problems.length ? `**${t(problems.length === 1 ? 'md.findingsOne' : 'md.findingsMany', { count: problems.length })}**` : t('md.noStalls')),
    '',
  );
  if (problems.length) out.push(...findingTable(src, problems.map(({ f }) => f)), '');
  for (const { i } of problems) out.push(findingMarkdown(src, i, 3));
  if (hints.length) {
    out.push(`<details><summary>${t('md.hints')}</summary>`, '');
    for (const f of hints) out.push(`- \`${f.stage}\` ${f.flow}: ${inline(localizedSummary(f))}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
