// A stand-in for the extension host, running in the harness page: provides acquireVsCodeApi,
// answers the protocol from a JSON fixture (or a synthetic flow generated on demand), and
// records everything the webview says so tests can assert on it.
import {
  FLOW_STATES,
  MAX_ROWS_PER_REQUEST,
  PROTOCOL_VERSION,
  type ExcerptSetView,
  type FindingView,
  type FlowBadges,
  type FlowTableJson,
  type FlowTableView,
  type HostToWebview,
  type RowColumns,
  type SummaryMessage,
  type WebviewToHost,
} from '../../../src/protocol';
import type { FlowSeries } from '../../../src/view/flowSeries';
import { emptyFlowTable, flowTableFromJson } from '../../../src/view/flowTableView';
import { decimateSeries, seriesFromColumns, type SeriesBody } from '../../../src/view/seriesDecimation';
import { applyTheme, type ThemeName } from './themes';

/** FlowSeries with plain arrays, as a JSON fixture carries it. */
export type SeriesJson = { [K in keyof FlowSeries]: number[] };

interface Fixture {
  /** The flow table's columns as plain arrays (fixtures are JSON). */
  summary: Omit<SummaryMessage, 'flows'> & { flows: FlowTableJson };
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
  return { ...s, findings: [], badges: [], diagnosing: true };
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
  const summary: SummaryMessage = { ...f.summary, flows: flowTableFromJson(f.summary.flows) };
  return {
    summary: () => summary,
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

/** The synthetic capture's one flow: n packets from 192.0.2.1:50000 to 192.0.2.2:443. */
function syntheticFlowTable(n: number, end: number, gaps: { before: number; seconds: number }[]): FlowTableView {
  const t = emptyFlowTable(1, gaps.length, ['192.0.2.1', '192.0.2.2']);
  t.serverAddr[0] = 1;
  t.clientPort[0] = 50000;
  t.serverPort[0] = 443;
  t.rolesFromHandshake[0] = 1;
  t.state[0] = FLOW_STATES.indexOf('open');
  t.packets[0] = n;
  t.packetsToServer[0] = Math.ceil((n * 2) / 3);
  t.packetsToClient[0] = Math.floor(n / 3);
  t.bytesToServer[0] = Math.ceil((n * 2) / 3) * 1448;
  t.end[0] = end;
  t.firstFrame[0] = 1;
  t.lastFrame[0] = n;
  t.windowScale.set([7, 7]);
  t.mss.set([1460, 1460]);
  t.initialRtt[0] = 0.02;
  gaps.forEach((g, k) => {
    t.gapBefore[k] = g.before;
    t.gapSeconds[k] = g.seconds;
  });
  return t;
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
    flows: syntheticFlowTable(n, timeOf(n - 1), gaps),
    findings: [],
    badges: [],
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

/**
 * A capture of n three-packet connections (SYN, SYN-ACK, ACK), client i at 10.x.y.z numbered
 * from i, so the client column sorted numerically lists f0, f1, f2… (as text 10.0.0.10 would
 * come before 10.0.0.2). Every 1000th flow carries a finding, so the findings sort has work.
 */
function manyFlowsSource(n: number): Source {
  const addrs = ['10.255.255.254'];
  for (let i = 0; i < n; i++) addrs.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const t = emptyFlowTable(n, 0, addrs);
  const closed = FLOW_STATES.indexOf('closed');
  for (let i = 0; i < n; i++) {
    t.clientAddr[i] = i + 1;
    t.clientPort[i] = 1024 + (i % 60000);
    t.serverPort[i] = 443;
    t.rolesFromHandshake[i] = 1;
    t.state[i] = closed;
    t.packets[i] = 3;
    t.packetsToServer[i] = 2;
    t.packetsToClient[i] = 1;
    t.start[i] = i * 0.001;
    t.end[i] = i * 0.001 + 0.0002 + (i % 7) * 0.0001;
    t.firstFrame[i] = 3 * i + 1;
    t.lastFrame[i] = 3 * i + 3;
    t.windowScale.set([7, 7], 2 * i);
    t.mss.set([1460, 1460], 2 * i);
    t.initialRtt[i] = 0.0002;
  }
  const findings: FindingView[] = [];
  const badges: FlowBadges[] = [];
  for (let i = 0; i < n; i += 1000) {
    const index = findings.length;
    findings.push({
      index, stage: 'connection_refused', title: 'Connection refused', flow: i, side: 'server', sideEndpoint: '10.255.255.254:443',
      start: t.start[i], end: t.end[i], confidence: 'high', summary: `flow f${i} was refused`, explanation: '', frames: [3 * i + 2],
      frameIndex: [1], facts: {}, kernel: [], phases: [],
    });
    badges.push({ flow: i, badges: [{ finding: index, stage: 'connection_refused', confidence: 'high' }] });
  }
  const summary: SummaryMessage = {
    type: 'summary',
    protocolVersion: PROTOCOL_VERSION,
    capture: { name: `flows-${n}.pcap`, format: 'pcap', packets: 3 * n, bytes: 3 * n * 66, dateKnown: true, startTime: 1_700_000_000, duration: t.end[n - 1], timePrecision: 6 },
    flows: t,
    findings,
    badges,
    warnings: [],
  };
  return {
    summary: () => summary,
    rows(flow, from, count) {
      if (flow < 0 || flow >= n) return `no flow ${flow}`;
      const c = emptyCols();
      const start = Math.max(0, Math.min(from, 3));
      const end = Math.min(3, start + count);
      for (let k = start; k < end; k++) {
        c.frame.push(3 * flow + k + 1);
        c.time.push(t.start[flow] + k * 0.0001);
        c.dir.push(k === 1 ? 1 : 0);
        c.flags.push(k === 0 ? 0x002 : k === 1 ? 0x012 : 0x010);
        c.seq.push(k === 2 ? 1 : 0);
        c.ack.push(k === 0 ? 0 : 1);
        c.len.push(0);
        c.win.push(64240);
        c.winRaw.push(64240);
        c.analysis.push(0);
        c.wireLen.push(66);
        c.dupAckNum.push(0);
        c.rtoFrame.push(0);
        c.rto.push(-1);
        c.ackRtt.push(-1);
        c.bytesInFlight.push(0);
        c.opts.push(0);
        c.mss.push(k < 2 ? 1460 : 0);
        c.wscale.push(k < 2 ? 7 : -1);
        c.tsval.push(0);
        c.tsecr.push(0);
      }
      return { from: start, total: 3, cols: c };
    },
    excerpts: () => ({}),
    series: () => 'no time-sequence graph in this harness capture',
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
      badges: failed === undefined ? s.badges : [],
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
  const flows = params.get('flows');
  if (synthetic) source = syntheticSource(Number(synthetic));
  else if (flows) source = manyFlowsSource(Number(flows));
  else {
    const url = params.get('fixture');
    if (!url) throw new Error('harness: give ?fixture=URL, ?synthetic=N or ?flows=N');
    const res = await fetch(url);
    source = fixtureSource((await res.json()) as Fixture);
  }
  window.sockscopeHarness.ready = true;
  if (pendingReady) send(firstSummary(source));
}
void load();
