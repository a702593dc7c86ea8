// diagnose(): every detector over every flow, one detector per stall stage. Findings come out in
// time order; each carries its evidence frames, figures and kernel functions (design/CLI.md).
import type { PacketTable } from '../capture/packetTable';
import type { FlowGrouping } from '../flows/types';
import { groupFlows } from '../flows/index';
import { oncePerProcess, WARM_UP_PASSES, warmUpTable, worthWarmingUp } from '../flows/warmUp';
import { detectConnectionRefused } from './connectionRefused';
import { detectConnectionTimeout } from './connectionTimeout';
import type { Finding } from './finding';
import { detectFinPiggybackedOnData } from './finPiggybackedOnData';
import { buildFlowTrace, TraceColumns, type FlowTrace } from './flowTrace';
import { detectHalfOpenRst } from './halfOpenRst';
import { detectKeepalive } from './keepalive';
import { detectNagleDelayedAck } from './nagleDelayedAck';
import { detectRstOnCloseUnreadData } from './rstOnCloseUnreadData';
import { detectRtoBackoff } from './rtoBackoff';
import { detectSendBufferFull } from './sendBufferFull';
import { detectStalledDirection } from './stalledDirection';
import { detectUdpCork } from './udpCork';
import { detectUnansweredConnect } from './unansweredConnect';
import { detectWindowFull } from './windowFull';
import { detectZeroWindow } from './zeroWindow';

export type { Finding } from './finding';

const DETECTORS: readonly ((tr: FlowTrace) => Finding[])[] = [
  detectConnectionRefused,
  detectZeroWindow,
  detectWindowFull,
  detectSendBufferFull,
  detectStalledDirection,
  detectRtoBackoff,
  detectConnectionTimeout,
  detectUnansweredConnect,
  detectRstOnCloseUnreadData,
  detectFinPiggybackedOnData,
  detectNagleDelayedAck,
  detectKeepalive,
  detectHalfOpenRst,
  detectUdpCork,
];

const CONFIDENCE_RANK = { high: 0, medium: 1, low: 2 } as const;

export function diagnose(table: PacketTable, analysis: FlowGrouping): Finding[] {
  return sortFindings(diagnoseFlowRange(table, analysis, 0, analysis.flows.length));
}

/**
 * The findings of flows [from, to), unsorted: flow by flow, detector by detector. Concatenating
 * the results of consecutive ranges gives exactly what one call over their union gives, so
 * ranges can be diagnosed on different threads and merged before `sortFindings`.
 */
export function diagnoseFlowRange(table: PacketTable, analysis: FlowGrouping, from: number, to: number): Finding[] {
  let rows = 0;
  for (let k = from; k < to; k++) rows += analysis.flows[k].packets;
  if (worthWarmingUp(rows, to - from)) warmUpOnce();
  const findings: Finding[] = [];
  // Findings copy what they need out of a trace, so every flow's trace can reuse one storage.
  const storage = new TraceColumns();
  let largest = 0;
  for (let k = from; k < to; k++) largest = Math.max(largest, analysis.flows[k].packets);
  storage.reserve(largest);
  for (let k = from; k < to; k++) {
    const flow = analysis.flows[k];
    if (flow.packets === 0) continue;
    const tr = buildFlowTrace(table, analysis, flow, storage);
    for (const detect of DETECTORS) findings.push(...detect(tr));
  }
  return findings;
}

/**
 * Before a large range of long connections (worthWarmingUp), the detectors first run over the
 * first flows of warmUpTable() (flows/warmUp.ts), for the reason the flow pass does.
 */
const WARM_UP_FLOWS = 2;
const warmUpOnce = oncePerProcess(() => {
  const table = warmUpTable();
  const analysis = groupFlows(table);
  // Its first flows, the connection that takes the rare paths and the one reusing its ports: the
  // short conversations after them only make findings, whose texts cost more to build cold than
  // the detectors save.
  const flows = Math.min(WARM_UP_FLOWS, analysis.flows.length);
  for (let k = 0; k < WARM_UP_PASSES; k++) diagnoseFlowRange(table, analysis, 0, flows);
});

/**
 * Time order; ties by confidence, then flow name (`f<id>`, compared as text: f12 before f3). The
 * sort is stable, so equal findings keep their order. Not localeCompare, which gives these names
 * the same order but loads ICU's collator the first time: 8–10 ms of every CLI run with a tie.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.start - b.start || CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence] || compareText(a.flow, b.flow),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
