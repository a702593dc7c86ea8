// A stand-in for the extension host, running in the harness page: provides acquireVsCodeApi,
// answers the protocol from a JSON fixture (or a synthetic flow generated on demand), and
// records everything the webview says so tests can assert on it.
import {
  MAX_ROWS_PER_REQUEST,
  PROTOCOL_VERSION,
  type ExcerptSetView,
  type HostToWebview,
  type RowColumns,
  type SummaryMessage,
  type WebviewToHost,
} from '../../../src/protocol';
import type { FlowSeries } from '../../../src/view/flowSeries';
import { decimateSeries, seriesFromColumns, type SeriesBody } from '../../../src/view/seriesDecimation';
import { applyTheme, type ThemeName } from './themes';

/** FlowSeries with plain arrays, as a JSON fixture carries it. */
export type SeriesJson = { [K in keyof FlowSeries]: number[] };

interface Fixture {
  summary: SummaryMessage;
  rows: Record<string, RowColumns>;
  excerpts: Record<string, ExcerptSetView>;
  /** Time-sequence columns per flow id (built by the host's flowSeries). */
  series?: Record<string, SeriesJson>;
}

interface Source {
  summary(): SummaryMessage;
  rows(flow: number, from: number, count: number): { from: number; total: number; cols: RowColumns } | string;
  excerpts(findings: number[]): Record<string, ExcerptSetView>;
  series(flow: number, dir: number, t0: number, t1: number, buckets: number): SeriesBody | string;
}

export interface Harness {
  log: WebviewToHost[];
  send(msg: HostToWebview): void;
  /** With ?diagnosing=1 the summary went out without findings: sends them, as the host does when the diagnosis ends. */
  finishDiagnosis(failed?: string): void;
  state(): unknown;
  setTheme(name: ThemeName): void;
  ready: boolean;
}

declare global {
  interface Window {
    sockscopeHarness: Harness;
    acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
  }
}

const STATE_KEY = 'sockscope-webview-state';
const params = new URLSearchParams(location.search);
// ?lang=zh-cn: the page's language, which the webview reads when its bundle loads (after this script).
if (params.get('lang')) document.documentElement.lang = params.get('lang') as string;
/** ?diagnosing=1: answer `ready` as the host does while the diagnosis still runs (flows, no findings). */
const DIAGNOSING = params.get('diagnosing') === '1';

/** The summary as the host sends it before the diagnosis is done: no findings, no badges. */
function withoutFindings(s: SummaryMessage): SummaryMessage {
  return { ...s, findings: [], flows: s.flows.map((f) => ({ ...f, badges: [] })), diagnosing: true };
}

function firstSummary(src: Source): SummaryMessage {
  return DIAGNOSING ? withoutFindings(src.summary()) : src.summary();
}

function emptyCols(): RowColumns {
  return {
    frame: [], time: [], dir: [], flags: [], seq: [], ack: [], len: [], win: [], winRaw: [], analysis: [],
    wireLen: [], dupAckNum: [], rtoFrame: [], rto: [], ackRtt: [], bytesInFlight: [], opts: [], mss: [],
    wscale: [], tsval: [], tsecr: [], sackAt: [], sackEdges: [],
  };
}

function fixtureSource(f: Fixture): Source {
  return {
    summary: () => f.summary,
    rows(flow, from, count) {
      const all = f.rows[String(flow)];
      if (!all) return `no flow ${flow}`;
      const total = all.frame.length;
      const start = Math.max(0, Math.min(from, total));
      const end = Math.min(total, start + Math.min(count, MAX_ROWS_PER_REQUEST));
      const cols = emptyCols();
      for (const key of Object.keys(cols) as (keyof RowColumns)[]) {
        if (key === 'sackAt' || key === 'sackEdges') continue;
        (cols[key] as number[]) = (all[key] as number[]).slice(start, end);
      }
      all.sackAt.forEach((k, j) => {
        if (k >= start && k < end) {
          cols.sackAt.push(k - start);
          cols.sackEdges.push(all.sackEdges[j]);
        }
      });
      return { from: start, total, cols };
    },
    excerpts(findings) {
      const out: Record<string, ExcerptSetView> = {};
      for (const i of findings) if (f.excerpts[String(i)]) out[String(i)] = f.excerpts[String(i)];
      return out;
    },
    series(flow, dir, t0, t1, buckets) {
      const j = f.series?.[String(flow)];
      if (!j) return `no series for flow ${flow} in this fixture`;
      let s = typed.get(flow);
      if (!s) {
        s = seriesFromColumns(j);
        typed.set(flow, s);
      }
      return decimateSeries(s, dir, t0, t1, buckets);
    },
  };
}

const typed = new Map<number, FlowSeries>();

/** The synthetic flow's time-sequence columns, generated like its rows. */
function syntheticSeries(n: number, timeOf: (i: number) => number): FlowSeries {
  const s: FlowSeries = {
    time: new Float64Array(n), dir: new Uint8Array(n), seq: new Float64Array(n), len: new Uint32Array(n), ack: new Float64Array(n),
    win: new Float64Array(n), tcpFlags: new Uint16Array(n), analysis: new Uint32Array(n),
    sackAt: new Uint32Array(0), sackStart: new Uint32Array(0), sackEdges: new Float64Array(0),
  };
  for (let i = 0; i < n; i++) {
    const ack = i % 3 === 2;
    const dataNo = i - Math.floor(i / 3);
    s.time[i] = timeOf(i);
    s.dir[i] = ack ? 1 : 0;
    s.seq[i] = ack ? 1 : 1 + dataNo * 1448;
    s.len[i] = ack ? 0 : 1448;
    s.ack[i] = ack ? 1 + (dataNo + 1) * 1448 : 1;
    s.win[i] = ack ? 65536 : 64128;
    s.tcpFlags[i] = ack ? 0x010 : 0x018;
    s.analysis[i] = i % 997 === 0 && !ack ? 1 : 0;
  }
  return s;
}

/** A bulk transfer of n segments: data one way, an ACK back for every second segment. */
function syntheticSource(n: number): Source {
  let series: FlowSeries | undefined;
  const gaps: { before: number; seconds: number }[] = [];
  for (let i = 100_000; i < n; i += 100_000) gaps.push({ before: i, seconds: 2.5 });
  const timeOf = (i: number): number => i * 0.0002 + gaps.filter((g) => g.before <= i).length * 2.5;
  // Built before the webview asks, as the host has its tables before it answers.
  series = syntheticSeries(n, timeOf);
  const summary: SummaryMessage = {
    type: 'summary',
    protocolVersion: PROTOCOL_VERSION,
    capture: { name: `synthetic-${n}.pcap`, format: 'pcap', packets: n, bytes: n * 1000, dateKnown: true, startTime: 1_700_000_000, duration: timeOf(n - 1), timePrecision: 6 },
    flows: [
      {
        id: 0, label: 'f0', proto: 'tcp', client: { addr: '192.0.2.1', port: 50000 }, server: { addr: '192.0.2.2', port: 443 },
        rolesFromHandshake: true, packets: n, packetsToServer: Math.ceil((n * 2) / 3), packetsToClient: Math.floor(n / 3),
        bytesToServer: Math.ceil((n * 2) / 3) * 1448, bytesToClient: 0, start: 0, end: timeOf(n - 1), firstFrame: 1, lastFrame: n,
        state: 'open', windowScale: [7, 7], mss: [1460, 1460], initialRtt: 0.02, badges: [], idleGaps: gaps,
      },
    ],
    findings: [],
    warnings: [],
  };
  return {
    summary: () => summary,
    rows(_flow, from, count) {
      const start = Math.max(0, Math.min(from, n));
      const end = Math.min(n, start + Math.min(count, MAX_ROWS_PER_REQUEST));
      const c = emptyCols();
      for (let i = start; i < end; i++) {
        const ack = i % 3 === 2;
        const dataNo = i - Math.floor(i / 3);
        c.frame.push(i + 1);
        c.time.push(timeOf(i));
        c.dir.push(ack ? 1 : 0);
        c.flags.push(ack ? 0x010 : 0x018);
        c.seq.push(ack ? 1 : 1 + dataNo * 1448);
        c.ack.push(ack ? 1 + (dataNo + 1) * 1448 : 1);
        c.len.push(ack ? 0 : 1448);
        c.win.push(ack ? 65536 : 64128);
        c.winRaw.push(ack ? 512 : 501);
        c.analysis.push(i % 997 === 0 && !ack ? 1 : 0);
        c.wireLen.push(ack ? 66 : 1514);
        c.dupAckNum.push(0);
        c.rtoFrame.push(0);
        c.rto.push(-1);
        c.ackRtt.push(ack ? 0.02 : -1);
        c.bytesInFlight.push(ack ? 0 : 2896);
        c.opts.push(0x10);
        c.mss.push(0);
        c.wscale.push(-1);
        c.tsval.push(1000 + i);
        c.tsecr.push(900 + i);
      }
      return { from: start, total: n, cols: c };
    },
    excerpts: () => ({}),
    series(_flow, dir, t0, t1, buckets) {
      series ??= syntheticSeries(n, timeOf);
      return decimateSeries(series, dir, t0, t1, buckets);
    },
  };
}

const log: WebviewToHost[] = [];
let source: Source | null = null;
let pendingReady = false;

function send(msg: HostToWebview): void {
  // Asynchronous, like the real channel.
  setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: msg })), 0);
}

function answer(msg: WebviewToHost): void {
  if (!source) {
    if (msg.type === 'ready') pendingReady = true;
    return;
  }
  switch (msg.type) {
    case 'ready':
      send(firstSummary(source));
      break;
    case 'getRows': {
      const r = source.rows(msg.flow, msg.from, msg.count);
      if (typeof r === 'string') send({ type: 'replyError', requestId: msg.requestId, message: r });
      else send({ type: 'rows', requestId: msg.requestId, flow: msg.flow, ...r });
      break;
    }
    case 'getSeries': {
      const r = source.series(msg.flow, msg.dir, msg.t0, msg.t1, msg.buckets);
      if (typeof r === 'string') send({ type: 'replyError', requestId: msg.requestId, message: r });
      else send({ type: 'series', requestId: msg.requestId, flow: msg.flow, ...r });
      break;
    }
    case 'getExcerpts':
      send({ type: 'excerpts', requestId: msg.requestId, byFinding: source.excerpts(msg.findings) });
      break;
    default:
      break;
  }
}

window.sockscopeHarness = {
  log,
  send,
  finishDiagnosis(failed?: string) {
    if (!source) throw new Error('harness: no fixture loaded');
    const s = source.summary();
    send({
      type: 'diagnosis',
      findings: failed === undefined ? s.findings : [],
      badges: failed === undefined ? s.flows.filter((f) => f.badges.length > 0).map((f) => ({ flow: f.id, badges: f.badges })) : [],
      ...(failed === undefined ? {} : { failed }),
    });
  },
  state: () => {
    const s = sessionStorage.getItem(STATE_KEY);
    return s ? (JSON.parse(s) as unknown) : undefined;
  },
  setTheme: applyTheme,
  ready: false,
};

let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi may only be called once');
  acquired = true;
  return {
    postMessage(m: unknown) {
      const msg = JSON.parse(JSON.stringify(m)) as WebviewToHost;
      log.push(msg);
      answer(msg);
    },
    getState: () => window.sockscopeHarness.state(),
    setState(s: unknown) {
      sessionStorage.setItem(STATE_KEY, JSON.stringify(s));
    },
  };
};

const theme = (params.get('theme') as ThemeName | null) ?? 'dark';
if (document.body) applyTheme(theme);
else document.addEventListener('DOMContentLoaded', () => applyTheme(theme));

async function load(): Promise<void> {
  const synthetic = params.get('synthetic');
  if (synthetic) source = syntheticSource(Number(synthetic));
  else {
    const url = params.get('fixture');
    if (!url) throw new Error('harness: give ?fixture=URL or ?synthetic=N');
    const res = await fetch(url);
    source = fixtureSource((await res.json()) as Fixture);
  }
  window.sockscopeHarness.ready = true;
  if (pendingReady) send(firstSummary(source));
}
void load();
