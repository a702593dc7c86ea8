// The host inside a `sockscope report` page: gives the webview `acquireVsCodeApi()` and answers
// its protocol messages from the data embedded in the page, so the same webview code draws the
// report with no extension and no network. Runs before dist/webview.js.
import {
  MAX_ROWS_PER_REQUEST,
  type ExcerptSetView,
  type HostToWebview,
  type RowColumns,
  type WebviewToHost,
} from '../src/protocol';
import type { ReportData, SeriesColumns } from '../src/core/export/reportHtml';
import type { FlowSeries } from '../src/view/flowSeries';
import { flowTableFromJson } from '../src/view/flowTableView';
import { decimateSeries, seriesFromColumns } from '../src/view/seriesDecimation';

declare global {
  interface Window {
    acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
    /** What the webview said, for tests that drive the page. */
    sockscopeReport: { log: WebviewToHost[]; data: ReportData };
  }
}

const DATA_ID = 'sockscope-report-data';

function readData(): ReportData {
  const block = document.getElementById(DATA_ID);
  if (!block?.textContent) throw new Error('the report has no embedded data');
  return JSON.parse(block.textContent) as ReportData;
}

const data = readData();
const log: WebviewToHost[] = [];
let state: unknown;
window.sockscopeReport = { log, data };

/** Columns `from..from+count` of one flow; SACK lists are sparse and re-based to the window. */
function rowsWindow(flow: number, from: number, count: number): { from: number; total: number; cols: RowColumns } | undefined {
  const all = data.rows[String(flow)];
  if (!all) return undefined;
  const total = all.frame.length;
  const start = Math.max(0, Math.min(Math.trunc(from), total));
  const end = Math.min(total, start + Math.max(0, Math.min(Math.trunc(count), MAX_ROWS_PER_REQUEST)));
  const cols = {} as RowColumns;
  for (const key of Object.keys(all) as (keyof RowColumns)[]) {
    if (key === 'sackAt' || key === 'sackEdges') continue;
    (cols[key] as number[]) = (all[key] as number[]).slice(start, end);
  }
  cols.sackAt = [];
  cols.sackEdges = [];
  all.sackAt.forEach((k, j) => {
    if (k >= start && k < end) {
      cols.sackAt.push(k - start);
      cols.sackEdges.push(all.sackEdges[j]);
    }
  });
  return { from: start, total, cols };
}

const typedSeries = new Map<number, FlowSeries>();

/** The embedded columns as the typed arrays the host's decimation reads, built once per flow. */
function seriesOf(flow: number): FlowSeries | undefined {
  let s = typedSeries.get(flow);
  if (s) return s;
  const j: SeriesColumns | undefined = data.series[String(flow)];
  if (!j) return undefined;
  s = seriesFromColumns(j);
  typedSeries.set(flow, s);
  return s;
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function send(msg: HostToWebview): void {
  // Asynchronous, like the extension's channel.
  setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: msg })), 0);
}

function download(name: string, content: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function answer(msg: WebviewToHost): void {
  log.push(msg);
  switch (msg.type) {
    case 'ready':
      send({ ...data.summary, flows: flowTableFromJson(data.summary.flows) });
      return;
    case 'getRows': {
      const w = rowsWindow(msg.flow, msg.from, msg.count);
      send(
        w
          ? { type: 'rows', requestId: msg.requestId, flow: msg.flow, ...w }
          : { type: 'replyError', requestId: msg.requestId, message: `no rows for flow ${msg.flow} in this report` },
      );
      return;
    }
    case 'getSeries': {
      const s = seriesOf(msg.flow);
      if (!s) {
        send({ type: 'replyError', requestId: msg.requestId, message: `no time-sequence data for flow ${msg.flow} in this report` });
        return;
      }
      send({ type: 'series', requestId: msg.requestId, flow: msg.flow, ...decimateSeries(s, msg.dir, msg.t0, msg.t1, msg.buckets) });
      return;
    }
    case 'getExcerpts': {
      const byFinding: Record<string, ExcerptSetView> = {};
      for (const i of msg.findings) {
        const set = data.excerpts[String(i)];
        if (set) byFinding[String(i)] = set;
      }
      send({ type: 'excerpts', requestId: msg.requestId, byFinding });
      return;
    }
    case 'copyMarkdown': {
      const text = msg.finding !== undefined ? data.markdown.finding[String(msg.finding)] : data.markdown.flow[String(msg.flow ?? 0)];
      if (text) void navigator.clipboard?.writeText(text).catch(() => download('sockscope.md', text, 'text/markdown'));
      return;
    }
    case 'exportPng':
      download(msg.name.endsWith('.png') ? msg.name : `${msg.name}.png`, base64Bytes(msg.base64), 'image/png');
      return;
    case 'exportSvg':
      download(msg.name.endsWith('.svg') ? msg.name : `${msg.name}.svg`, msg.svg, 'image/svg+xml');
      return;
    case 'openKernelSource': {
      // No kernel tree behind a report: follow the function's public link, in a new tab.
      const set = msg.finding !== undefined ? data.excerpts[String(msg.finding)] : undefined;
      const link = set?.excerpts.find((x) => x.function === msg.function)?.link;
      if (link && /^https:\/\//.test(link)) window.open(link, '_blank', 'noopener');
      return;
    }
    default:
      return;
  }
}

window.acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => answer(m as WebviewToHost),
  getState: () => state,
  setState: (s: unknown) => {
    state = s;
  },
});
