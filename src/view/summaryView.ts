// Builds the `summary` message: the capture, its flows and findings as the webview shows them.
// Per-packet data is not included; the webview fetches windows of rows on demand.
import { absTime, relTime, type PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import { endpointText as endpointOf, flowIdOf, flowName } from '../core/flows/flowJson';
import type { Flow } from '../core/flows/types';
import {
  IDLE_FOLD_SECONDS,
  PROTOCOL_VERSION,
  type DiagnosisMessage,
  type FindingBadge,
  type FindingView,
  type FlowSummaryView,
  type SummaryMessage,
} from '../protocol';
import type { FlowsModel } from './captureModel';
import { stageTexts } from './pipeline';
import { localizedSummary } from '../core/i18n/summaries/index';

/**
 * `diagnosing`: the model's findings are not known yet (the flow list goes out first, without
 * badges); `diagnosisMessage` sends them once they are.
 */
export function summaryMessage(model: FlowsModel, fileName: string, diagnosing = false): SummaryMessage {
  const t = model.table;
  const startTime = t.count > 0 ? absTime(t, 0) : 0;
  const findings = diagnosing ? [] : findingViews(model, startTime);
  const badges = badgesByFlow(findings);
  const flows = model.analysis.flows.map((flow) => flowView(t, flow, badges.get(flow.id) ?? []));
  return {
    type: 'summary',
    protocolVersion: PROTOCOL_VERSION,
    capture: {
      name: fileName,
      format: t.format,
      packets: t.count,
      bytes: t.bytes,
      dateKnown: t.dateKnown,
      startTime,
      duration: t.count > 0 ? relTime(t, t.count - 1) : 0,
      timePrecision: t.timePrecision,
    },
    flows,
    findings,
    warnings: t.warnings.map((w) => ({ ...w })),
    ...(diagnosing ? { diagnosing: true } : {}),
  };
}

/** The findings and badges that complete a summary sent with `diagnosing` (`failed`: why there are none). */
export function diagnosisMessage(model: FlowsModel, failed?: string): DiagnosisMessage {
  const t = model.table;
  const findings = findingViews(model, t.count > 0 ? absTime(t, 0) : 0);
  const badges = [...badgesByFlow(findings)].map(([flow, list]) => ({ flow, badges: list }));
  return { type: 'diagnosis', findings, badges, ...(failed !== undefined ? { failed } : {}) };
}

function findingViews(model: FlowsModel, startTime: number): FindingView[] {
  return model.findings.map((f, index) => findingView(model, f, index, startTime));
}

function badgesByFlow(findings: FindingView[]): Map<number, FindingBadge[]> {
  const badges = new Map<number, FindingBadge[]>();
  for (const f of findings) {
    const list = badges.get(f.flow) ?? [];
    list.push({ finding: f.index, stage: f.stage, confidence: f.confidence });
    badges.set(f.flow, list);
  }
  return badges;
}

export function endpointText(t: PacketTable, flow: Flow, side: 'client' | 'server'): string {
  const addr = t.addrs[side === 'client' ? flow.clientAddr : flow.serverAddr] ?? '?';
  return endpointOf(addr, side === 'client' ? flow.clientPort : flow.serverPort);
}

function flowView(t: PacketTable, flow: Flow, badges: FindingBadge[]): FlowSummaryView {
  const [c2s, s2c] = flow.dirs;
  return {
    id: flow.id,
    label: flowName(flow.id),
    proto: flow.proto,
    client: { addr: t.addrs[flow.clientAddr] ?? '?', port: flow.clientPort },
    server: { addr: t.addrs[flow.serverAddr] ?? '?', port: flow.serverPort },
    rolesFromHandshake: flow.rolesFromHandshake,
    packets: flow.packets,
    packetsToServer: c2s.packets,
    packetsToClient: s2c.packets,
    bytesToServer: c2s.payloadBytes,
    bytesToClient: s2c.payloadBytes,
    start: relTime(t, flow.firstRow),
    end: relTime(t, flow.lastRow),
    firstFrame: flow.firstRow + 1,
    lastFrame: flow.lastRow + 1,
    state: flow.state,
    windowScale: [c2s.windowScale, s2c.windowScale],
    mss: [c2s.mss, s2c.mss],
    initialRtt: Number.isFinite(flow.initialRtt) ? flow.initialRtt : -1,
    badges,
    idleGaps: idleGaps(t, flow),
  };
}

function idleGaps(t: PacketTable, flow: Flow): { before: number; seconds: number }[] {
  const gaps: { before: number; seconds: number }[] = [];
  for (let k = 1; k < flow.rows.length; k++) {
    const a = flow.rows[k - 1];
    const b = flow.rows[k];
    const seconds = t.secs[b] - t.secs[a] + (t.nanos[b] - t.nanos[a]) * 1e-9;
    if (seconds >= IDLE_FOLD_SECONDS) gaps.push({ before: k, seconds });
  }
  return gaps;
}

function findingView(model: FlowsModel, f: Finding, index: number, startTime: number): FindingView {
  const flowId = flowIdOf(f.flow);
  const flow = model.analysis.flows[flowId];
  const frameIndex = flow ? f.frames.map((frame) => indexInFlow(flow.rows, frame - 1)) : f.frames.map(() => -1);
  const known = frameIndex.filter((i) => i >= 0);
  const texts = stageTexts(f.stage);
  const start = f.start - startTime;
  const end = f.end - startTime;
  return {
    index,
    stage: f.stage,
    title: texts.title,
    flow: flowId,
    side: f.side,
    sideEndpoint: flow ? endpointText(model.table, flow, f.side) : '',
    start,
    end,
    confidence: f.confidence,
    // Re-rendered here: a worker thread diagnosed it, in the default locale.
    summary: localizedSummary(f),
    explanation: texts.explanation,
    frames: f.frames,
    frameIndex,
    facts: f.facts,
    kernel: f.kernel,
    phases: [
      {
        label: texts.title,
        start,
        end,
        fromIndex: known.length ? Math.min(...known) : 0,
        toIndex: known.length ? Math.max(...known) : 0,
      },
    ],
  };
}

/** Position of `row` in a flow's ascending row list, -1 when absent. */
export function indexInFlow(rows: Uint32Array, row: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid] < row) lo = mid + 1;
    else if (rows[mid] > row) hi = mid - 1;
    else return mid;
  }
  return -1;
}
