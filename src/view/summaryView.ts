// Builds the `summary` message: the capture, its flows and findings as the webview shows them.
// Per-packet data is not included; the webview fetches windows of rows on demand.
import { absTime, relTime, type PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import { endpointText as endpointOf, flowIdOf } from '../core/flows/flowJson';
import type { Flow } from '../core/flows/types';
import {
  FLOW_PROTOS,
  FLOW_STATES,
  IDLE_FOLD_SECONDS,
  PROTOCOL_VERSION,
  type DiagnosisMessage,
  type FindingBadge,
  type FindingView,
  type FlowBadges,
  type FlowTableView,
  type SummaryMessage,
} from '../protocol';
import { emptyFlowTable } from './flowTableView';
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
    flows: flowTable(t, model.analysis.flows),
    findings,
    badges: flowBadges(findings),
    warnings: t.warnings.map((w) => ({ ...w })),
    ...(diagnosing ? { diagnosing: true } : {}),
  };
}

/** The findings and badges that complete a summary sent with `diagnosing` (`failed`: why there are none). */
export function diagnosisMessage(model: FlowsModel, failed?: string): DiagnosisMessage {
  const t = model.table;
  const findings = findingViews(model, t.count > 0 ? absTime(t, 0) : 0);
  return { type: 'diagnosis', findings, badges: flowBadges(findings), ...(failed !== undefined ? { failed } : {}) };
}

function findingViews(model: FlowsModel, startTime: number): FindingView[] {
  return model.findings.map((f, index) => findingView(model, f, index, startTime));
}

function flowBadges(findings: FindingView[]): FlowBadges[] {
  const badges = new Map<number, FindingBadge[]>();
  for (const f of findings) {
    const list = badges.get(f.flow) ?? [];
    list.push({ finding: f.index, stage: f.stage, confidence: f.confidence });
    badges.set(f.flow, list);
  }
  return [...badges].map(([flow, list]) => ({ flow, badges: list }));
}

export function endpointText(t: PacketTable, flow: Flow, side: 'client' | 'server'): string {
  const addr = t.addrs[side === 'client' ? flow.clientAddr : flow.serverAddr] ?? '?';
  return endpointOf(addr, side === 'client' ? flow.clientPort : flow.serverPort);
}

/** The flows as columns (FlowTableView), with the idle gaps the ladder folds. */
export function flowTable(t: PacketTable, flows: readonly Flow[]): FlowTableView {
  let gaps = 0;
  for (const flow of flows) gaps += countIdleGaps(t, flow.rows);
  const out = emptyFlowTable(flows.length, gaps, t.addrs);
  let g = 0;
  for (let i = 0; i < flows.length; i++) {
    const flow = flows[i];
    const [c2s, s2c] = flow.dirs;
    out.proto[i] = FLOW_PROTOS.indexOf(flow.proto);
    out.state[i] = FLOW_STATES.indexOf(flow.state);
    out.rolesFromHandshake[i] = flow.rolesFromHandshake ? 1 : 0;
    out.clientAddr[i] = flow.clientAddr;
    out.clientPort[i] = flow.clientPort;
    out.serverAddr[i] = flow.serverAddr;
    out.serverPort[i] = flow.serverPort;
    out.packets[i] = flow.packets;
    out.packetsToServer[i] = c2s.packets;
    out.packetsToClient[i] = s2c.packets;
    out.bytesToServer[i] = c2s.payloadBytes;
    out.bytesToClient[i] = s2c.payloadBytes;
    out.start[i] = relTime(t, flow.firstRow);
    out.end[i] = relTime(t, flow.lastRow);
    out.firstFrame[i] = flow.firstRow + 1;
    out.lastFrame[i] = flow.lastRow + 1;
    out.windowScale[2 * i] = c2s.windowScale;
    out.windowScale[2 * i + 1] = s2c.windowScale;
    out.mss[2 * i] = c2s.mss;
    out.mss[2 * i + 1] = s2c.mss;
    out.initialRtt[i] = Number.isFinite(flow.initialRtt) ? flow.initialRtt : -1;
    const rows = flow.rows;
    for (let k = 1; k < rows.length; k++) {
      const seconds = gapSeconds(t, rows[k - 1], rows[k]);
      if (seconds < IDLE_FOLD_SECONDS) continue;
      out.gapFlow[g] = i;
      out.gapBefore[g] = k;
      out.gapSeconds[g] = seconds;
      g++;
    }
  }
  return out;
}

function gapSeconds(t: PacketTable, a: number, b: number): number {
  return t.secs[b] - t.secs[a] + (t.nanos[b] - t.nanos[a]) * 1e-9;
}

function countIdleGaps(t: PacketTable, rows: Uint32Array): number {
  let n = 0;
  for (let k = 1; k < rows.length; k++) if (gapSeconds(t, rows[k - 1], rows[k]) >= IDLE_FOLD_SECONDS) n++;
  return n;
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
