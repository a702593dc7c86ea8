// `sockscope report FILE -o report.html [--kernel PATH] [--version V] [--allow-network]
// [--max-packets N]`: one self-contained HTML file with the flow list, ladders and findings drawn
// by the extension's own webview bundle, answered by a stand-in host from data embedded in the
// page (design/CLI.md). Kernel excerpts come from the same sources as `sockscope excerpt`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findingMarkdown, flowMarkdown } from '../../core/export/markdown';
import { inlineFonts, reportHtml, type ReportAssets, type ReportData, type SeriesColumns } from '../../core/export/reportHtml';
import { flowIdOf, flowName } from '../../core/flows/flowJson';
import { getLocale, t } from '../../core/i18n/index';
import { DEFAULT_KERNEL_VERSION, type KernelVersion } from '../../core/kernel/links';
import type { KernelSourceProvider } from '../../core/kernel/sourceProvider';
import { collectStageExcerpts } from '../../core/kernel/stageExcerpts';
import type { CaptureModel } from '../../view/captureModel';
import { flowSeries, type FlowSeries } from '../../view/flowSeries';
import { rowWindow } from '../../view/rowWindow';
import { flowTableToJson } from '../../view/flowTableView';
import { summaryMessage } from '../../view/summaryView';
import { analyseCaptureForCli, warningLine } from '../captureInput';
import { MAX_ROWS_PER_REQUEST, type ExcerptSetView, type KernelExcerptView, type RowColumns, type SummaryMessage } from '../../protocol';
import { InputError, UsageError, optionValue, wholeNumberArg, type CliIo, type Command } from '../cliIo';
import { cliKernelProviders, kernelVersionArg, programRoot } from '../kernelSources';

/** Rows embedded per report unless --max-packets says otherwise: ~40 MB of HTML at most. */
const DEFAULT_MAX_PACKETS = 200_000;
/** One flow alone may not use more than this share, so other flows keep some rows too. */
const MAX_FLOW_SHARE = 0.5;

interface ReportArgs {
  file: string;
  output: string;
  kernel?: string;
  version: KernelVersion;
  allowNetwork: boolean;
  maxPackets: number;
}

function parseArgs(args: string[]): ReportArgs {
  const positional: string[] = [];
  let output: string | undefined;
  let kernel: string | undefined;
  let versionText = DEFAULT_KERNEL_VERSION;
  let allowNetwork = false;
  let maxPackets = DEFAULT_MAX_PACKETS;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => optionValue(args, i++);
    if (arg === '-o' || arg === '--output') output = value();
    else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (arg === '--kernel') kernel = value();
    else if (arg === '--version') versionText = value();
    else if (arg === '--allow-network') allowNetwork = true;
    else if (arg === '--max-packets') maxPackets = wholeNumberArg(arg, value(), 1000, 5_000_000);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('report takes one FILE');
  if (!output) throw new UsageError('report needs -o OUTPUT.html');
  return { file: positional[0], output, kernel, version: kernelVersionArg(versionText), allowNetwork, maxPackets };
}

/** dist/ beside the running bundle (dist/cli.js), else the repository's dist/ (tests run the sources). */
function distDir(): string {
  const candidates = [typeof __dirname === 'string' ? __dirname : '', path.join(programRoot() ?? '.', 'dist')];
  const found = candidates.find((d) => d && existsSync(path.join(d, 'webview.js')) && existsSync(path.join(d, 'reportHost.js')));
  if (!found) throw new InputError(`the built webview is missing (looked in ${candidates.filter(Boolean).join(', ')}): run npm run build first`);
  return found;
}

function readAssets(dist: string): ReportAssets {
  const fonts: Record<string, string> = {};
  for (const name of readdirSync(dist)) if (name.endsWith('.ttf')) fonts[name] = readFileSync(path.join(dist, name)).toString('base64');
  const css = existsSync(path.join(dist, 'webview.css')) ? readFileSync(path.join(dist, 'webview.css'), 'utf8') : '';
  return {
    webviewScript: stripSourceMap(readFileSync(path.join(dist, 'webview.js'), 'utf8')),
    hostScript: stripSourceMap(readFileSync(path.join(dist, 'reportHost.js'), 'utf8')),
    webviewCss: stripSourceMap(inlineFonts(css, fonts)),
  };
}

/** A source-map comment would make the browser's devtools fetch a file the report does not have. */
function stripSourceMap(text: string): string {
  return text.replace(/\n\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, '\n');
}

/** Which flows get how many rows: flows with findings first, then in order, within the budget. */
function rowBudget(model: CaptureModel, maxPackets: number): Map<number, number> {
  const withFindings = new Set(model.findings.map((f) => flowIdOf(f.flow)));
  const order = [...model.analysis.flows].sort((a, b) => Number(withFindings.has(b.id)) - Number(withFindings.has(a.id)) || a.id - b.id);
  const perFlow = Math.max(1000, Math.floor(maxPackets * MAX_FLOW_SHARE));
  const budget = new Map<number, number>();
  let left = maxPackets;
  for (const flow of order) {
    const n = Math.min(flow.rows.length, perFlow, left);
    budget.set(flow.id, n);
    left -= n;
  }
  return budget;
}

function flowRows(model: CaptureModel, flowId: number, count: number): RowColumns {
  let all: RowColumns | undefined;
  for (let from = 0; from < count; from += MAX_ROWS_PER_REQUEST) {
    const w = rowWindow(model, flowId, from, Math.min(MAX_ROWS_PER_REQUEST, count - from));
    if (!all) {
      all = w.cols;
      continue;
    }
    for (const key of Object.keys(w.cols) as (keyof RowColumns)[]) {
      if (key === 'sackAt') all.sackAt.push(...w.cols.sackAt.map((k) => k + from));
      else if (key === 'sackEdges') all.sackEdges.push(...w.cols.sackEdges);
      else (all[key] as number[]).push(...(w.cols[key] as number[]));
    }
  }
  return all ?? rowWindow(model, flowId, 0, 0).cols;
}

/** The flow's time-sequence columns for its first `count` packets (the rows the report embeds). */
function seriesColumns(s: FlowSeries, count: number): SeriesColumns {
  const keep = (a: ArrayLike<number>): number[] => Array.from(a).slice(0, count);
  let sacks = 0;
  while (sacks < s.sackAt.length && s.sackAt[sacks] < count) sacks++;
  const edges = sacks < s.sackStart.length ? s.sackStart[sacks] : s.sackEdges.length;
  return {
    time: keep(s.time),
    dir: keep(s.dir),
    seq: keep(s.seq),
    len: keep(s.len),
    ack: keep(s.ack),
    win: keep(s.win),
    tcpFlags: keep(s.tcpFlags),
    analysis: keep(s.analysis),
    sackAt: Array.from(s.sackAt.subarray(0, sacks)),
    sackStart: Array.from(s.sackStart.subarray(0, sacks)),
    sackEdges: Array.from(s.sackEdges.subarray(0, edges)),
  };
}

/** Excerpt sets per finding, in the webview's shape, with each function's whole text when a source has it. */
async function excerptViews(model: CaptureModel, args: ReportArgs, io: CliIo, notices: string[]): Promise<Record<string, ExcerptSetView>> {
  const { providers: found, notices: providerNotices } = cliKernelProviders(io, args.kernel, args.version, args.allowNetwork);
  notices.push(...providerNotices);
  const texts = new Map<string, string>();
  const cache = new Map<string, Promise<Awaited<ReturnType<KernelSourceProvider['read']>>>>();
  const providers: KernelSourceProvider[] = found.map((p, i) => ({
    ...p,
    read: (file: string) => {
      const key = `${i}\u0000${file}`;
      let got = cache.get(key);
      if (!got) {
        got = p.read(file).then((r) => {
          if (r) texts.set(r.origin, r.text);
          return r;
        });
        cache.set(key, got);
      }
      return got;
    },
  }));
  const out: Record<string, ExcerptSetView> = {};
  const seen = new Set<string>();
  for (let i = 0; i < model.findings.length; i++) {
    const finding = model.findings[i];
    const result = await collectStageExcerpts(finding.stage, providers, { version: args.version, finding });
    for (const n of result.notices) {
      if (seen.has(n)) continue;
      seen.add(n);
      notices.push(n);
    }
    const linkOf = (fn: string): string | undefined => result.links.find((l) => l.catalogueName === fn || l.function === fn)?.url;
    const excerpts: KernelExcerptView[] = result.excerpts.map((x) => {
      const text = texts.get(x.origin);
      return {
        function: x.function,
        file: x.file,
        startLine: x.startLine,
        endLine: x.endLine,
        lines: text === undefined ? x.lines.map((l) => l.text) : text.split('\n').slice(x.startLine - 1, x.endLine).map((l) => l.replace(/\r$/, '')),
        anchors: x.anchors,
        link: linkOf(x.catalogueName),
      };
    });
    for (const m of result.missing) {
      excerpts.push({
        function: m.function,
        file: m.files[0] ?? '',
        startLine: 0,
        endLine: 0,
        lines: [],
        anchors: m.anchors.map((a) => ({ id: a.id, line: 0, annotation: a.annotation })),
        link: linkOf(m.function),
      });
    }
    const first = result.excerpts[0];
    out[String(i)] = {
      stage: finding.stage,
      provider: result.provider,
      providerDetail: first ? treeName(first.origin, first.file, args.version.tag, first.provider) : args.version.tag,
      excerpts,
      links: result.links.map((l) => ({ label: l.label, url: l.url })),
    };
  }
  return out;
}

/** A tree's directory name or the mirror's version; never a full path (the page may be shared). */
function treeName(origin: string, file: string, tag: string, provider: string): string {
  if (provider === 'mirror') return tag;
  const o = origin.replace(/\\/g, '/');
  const root = o.length > file.length ? o.slice(0, o.length - file.length - 1) : o;
  return root.slice(root.lastIndexOf('/') + 1);
}

/**
 * The summary of flows cut to their first rows (`cut`: flow id → rows kept): no idle gap and no
 * badge points past the rows the page has.
 */
function withoutRowsPast(summary: SummaryMessage, cut: ReadonlyMap<number, number>): SummaryMessage {
  const f = summary.flows;
  const keptGaps = new Set<number>();
  for (let k = 0; k < f.gapFlow.length; k++) {
    const rows = cut.get(f.gapFlow[k]);
    if (rows === undefined || f.gapBefore[k] < rows) keptGaps.add(k);
  }
  const only = <T extends Uint32Array | Float64Array>(column: T): T => column.filter((_, k) => keptGaps.has(k)) as T;
  const flows = { ...f, gapFlow: only(f.gapFlow), gapBefore: only(f.gapBefore), gapSeconds: only(f.gapSeconds) };
  const badges = summary.badges.map(({ flow, badges: list }) => {
    const rows = cut.get(flow);
    return { flow, badges: rows === undefined ? list : list.filter((b) => summary.findings[b.finding].frameIndex.every((k) => k < rows)) };
  });
  return { ...summary, flows, badges };
}

export const reportCommand: Command = async (args, io) => {
  const options = parseArgs(args);
  const dist = distDir();
  const model: CaptureModel = await analyseCaptureForCli(options.file, true, io);
  const { table, analysis } = model;
  for (const w of table.warnings) io.err(warningLine(options.file, w));
  const name = path.basename(options.file);
  const summary = summaryMessage(model, name);
  const notices: string[] = [];

  const rows: Record<string, RowColumns> = {};
  const series: Record<string, SeriesColumns> = {};
  /** Flows cut to fewer rows than they have: flow id → rows kept. */
  const cut = new Map<number, number>();
  const flows = summary.flows;
  for (const [flowId, count] of rowBudget(model, options.maxPackets)) {
    rows[String(flowId)] = flowRows(model, flowId, count);
    series[String(flowId)] = seriesColumns(flowSeries(model, flowId), count);
    const packets = flows.packets[flowId];
    if (count < packets) {
      cut.set(flowId, count);
      notices.push(t('report.cutFlow', { flow: flowName(flowId), shown: count, total: packets, max: options.maxPackets }));
      // The ladder sizes itself from `packets`: make it the rows the page really has.
      flows.packets[flowId] = count;
      flows.lastFrame[flowId] = count > 0 ? rows[String(flowId)].frame[count - 1] : flows.firstFrame[flowId];
    }
  }
  const cutFlows = cut.size;
  const embedded = cutFlows ? withoutRowsPast(summary, cut) : summary;

  const excerpts = await excerptViews(model, options, io, notices);
  const source = { fileName: name, ...model, kernelVersion: options.version.version };
  const markdown = {
    finding: Object.fromEntries(model.findings.map((_, i) => [String(i), findingMarkdown(source, i)])),
    flow: Object.fromEntries(analysis.flows.map((f) => [String(f.id), flowMarkdown(source, f.id)])),
  };
  embedded.warnings.push(...notices.map((message) => ({ message })));
  const data: ReportData = { summary: { ...embedded, flows: flowTableToJson(embedded.flows) }, rows, excerpts, series, markdown, notices, locale: getLocale() };
  // Loaded here: node:crypto costs every other command 6 ms of start-up.
  const { createHash } = await import('node:crypto');
  const html = reportHtml(data, readAssets(dist), (text) => createHash('sha256').update(text, 'utf8').digest('base64'));
  const target = path.resolve(io.cwd, options.output);
  try {
    writeFileSync(target, html);
  } catch (e) {
    throw new InputError(`cannot write ${options.output}: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const n of notices) io.err(`sockscope report: ${n}\n`);
  io.err(
    `sockscope report: wrote ${options.output} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB): ` +
      `${analysis.flows.length} flows, ${model.findings.length} findings` +
      (cutFlows ? `, ${cutFlows} flows cut to fit --max-packets ${options.maxPackets}` : '') +
      `\n`,
  );
  return 0;
};
