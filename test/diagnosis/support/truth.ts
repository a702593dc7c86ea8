// Scores findings against a real-kernel recording's truth.json, by the rules of the diagnosis
// brief: labels map to stages, an event is found by an overlapping finding of its stage on its
// flow (±0.5 s), low-confidence findings count neither way.
import { readFileSync } from 'node:fs';
import type { Finding, StageId } from '../../../src/core/diagnosis/finding';
import type { PacketTable } from '../../../src/core/capture/packetTable';
import type { FlowAnalysis } from '../../../src/core/flows/types';

interface TruthEndpoint {
  ip: string;
  port: number;
  host: string;
}
interface TruthFlow {
  proto: string;
  client: TruthEndpoint;
  server: TruthEndpoint;
}
interface TruthEvent {
  label: string;
  side: string;
  t_start: number;
  t_end: number | null;
  flow?: number;
}
export interface Truth {
  flows: TruthFlow[];
  events: TruthEvent[];
}

export function loadTruth(path: string): Truth {
  return JSON.parse(readFileSync(path, 'utf8')) as Truth;
}

const LABEL_STAGE: Record<string, StageId[]> = {
  sndbuf_full_eagain: ['send_buffer_full'],
  send_blocked: ['send_buffer_full'],
  nagle_delayed_ack_stall: ['nagle_delayed_ack'],
  keepalive_probe: ['keepalive'],
  connection_timeout: ['connection_timeout', 'keepalive'],
};
const EVIDENCE = new Set([
  'handshake',
  'retransmission',
  'zero_window_probe',
  'outage',
  'recovery',
  'fin_after_close_delay',
  'udp_cork_coalesced',
]);
/** Evidence labels that make a finding of these stages plausible where they lie. */
const PLAUSIBLE: Record<string, StageId[]> = {
  zero_window: ['zero_window'],
  zero_window_probe: ['zero_window'],
  retransmission: ['rto_backoff'],
  outage: ['rto_backoff'],
  recovery: ['rto_backoff'],
  fin_after_close_delay: ['fin_piggybacked_on_data'],
  udp_cork_coalesced: ['udp_cork'],
};
const SIDE_FREE = new Set<StageId>(['connection_refused', 'nagle_delayed_ack']);
const WIDEN = 0.5;
const SHORT_ZERO_WINDOW = 0.05;

export interface Score {
  required: number;
  found: number;
  counted: number;
  falsePositives: number;
  misses: string[];
  extras: string[];
}

function stagesOf(label: string): StageId[] {
  return LABEL_STAGE[label] ?? [label as StageId];
}

function isEvidence(e: TruthEvent): boolean {
  if (EVIDENCE.has(e.label)) return true;
  return e.label === 'zero_window' && e.t_end !== null && e.t_end - e.t_start < SHORT_ZERO_WINDOW;
}

/** Index of the truth flow that a finding's flow is, by its two endpoints. */
function truthFlowOf(table: PacketTable, analysis: FlowAnalysis, truth: Truth, flowName: string): number {
  const f = analysis.flows[Number(flowName.slice(1))];
  if (!f) return -1;
  const a = `${table.addrs[f.clientAddr]}:${f.clientPort}`;
  const b = `${table.addrs[f.serverAddr]}:${f.serverPort}`;
  return truth.flows.findIndex((tf) => {
    const x = `${tf.client.ip}:${tf.client.port}`;
    const y = `${tf.server.ip}:${tf.server.port}`;
    return tf.proto === f.proto && ((x === a && y === b) || (x === b && y === a));
  });
}

export function score(table: PacketTable, analysis: FlowAnalysis, truth: Truth, findings: Finding[]): Score {
  const clock = (t: number) => (table.dateKnown ? t : ((t % 86400) + 86400) % 86400);
  const captureEnd = table.count ? table.secs[table.count - 1] + table.nanos[table.count - 1] * 1e-9 : 0;
  // Events name no flow; with several flows (separate attempts) the time range tells them apart.
  const ANY = -2;
  const eventFlow = (e: TruthEvent) => e.flow ?? (truth.flows.length === 1 ? 0 : ANY);
  const sameFlow = (e: TruthEvent, tflow: number) => tflow >= 0 && (eventFlow(e) === ANY || eventFlow(e) === tflow);
  const range = (e: TruthEvent): [number, number] => [clock(e.t_start) - WIDEN, (e.t_end === null ? captureEnd : clock(e.t_end)) + WIDEN];
  const roleOf = (e: TruthEvent, side: string): string | null => {
    const tf = truth.flows[Math.max(0, eventFlow(e))];
    if (side === 'both') return null;
    return tf.client.host === side ? 'client' : tf.server.host === side ? 'server' : null;
  };
  const counted = findings.filter((f) => f.confidence !== 'low');
  const located = counted.map((f) => ({ f, tflow: truthFlowOf(table, analysis, truth, f.flow) }));
  const overlaps = (f: Finding, r: [number, number]) => f.start <= r[1] && f.end >= r[0];
  const result: Score = { required: 0, found: 0, counted: counted.length, falsePositives: 0, misses: [], extras: [] };

  for (const e of truth.events) {
    if (isEvidence(e)) continue;
    result.required++;
    const stages = stagesOf(e.label);
    const r = range(e);
    const want = roleOf(e, e.side);
    const hit = located.some(
      ({ f, tflow }) =>
        sameFlow(e, tflow) && stages.includes(f.stage) && overlaps(f, r) && (want === null || SIDE_FREE.has(f.stage) || f.side === want),
    );
    if (hit) result.found++;
    else result.misses.push(`${e.label}(${e.side}) ${e.t_start}`);
  }
  for (const { f, tflow } of located) {
    const ok = truth.events.some((e) => {
      if (!sameFlow(e, tflow) || !overlaps(f, range(e))) return false;
      if (!isEvidence(e)) return stagesOf(e.label).includes(f.stage);
      return (PLAUSIBLE[e.label] ?? []).includes(f.stage);
    });
    if (!ok) {
      result.falsePositives++;
      result.extras.push(`${f.stage}(${f.side},${f.confidence}) ${f.start.toFixed(3)}-${f.end.toFixed(3)}`);
    }
  }
  return result;
}
