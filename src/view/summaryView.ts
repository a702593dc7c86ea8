// Builds the `summary` message: the capture, its flows and findings as the webview shows them.
// Per-packet data is not included; the webview fetches windows of rows on demand.
import { absTime, relTime, type PacketTable } from '../core/capture/packetTable';
import type { Finding } from '../core/diagnosis/finding';
import { endpointText as endpointOf, flowIdOf } from '../core/flows/flowJson';
import type { Flow } from '../core/flows/types';
import {
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
import { flowColumns, type PackedFlows } from '../core/flows/packedFlows';
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

/**
 * A summary sent while diagnosing, completed with its diagnosis: what summaryMessage(model) gives
 * once the findings are known, without building the flow table a second time.
 */
export function withDiagnosis(summary: SummaryMessage, diagnosis: DiagnosisMessage): SummaryMessage {
  const { diagnosing: _sentWhileDiagnosing, ...rest } = summary;
  return { ...rest, findings: diagnosis.findings, badges: diagnosis.badges };
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
  // Column to column: a flow pass' flows are columns (packedFlows.ts).
  const p = flowColumns(flows);
  const n = p.count;
  const gaps = idleGaps(t, p);
  const out = emptyFlowTable(n, gaps.flow.length, t.addrs);
  out.proto.set(p.proto);
  out.state.set(p.state);
  out.rolesFromHandshake.set(p.rolesFromHandshake);
  out.clientAddr.set(p.clientAddr);
  out.clientPort.set(p.clientPort);
  out.serverAddr.set(p.serverAddr);
  out.serverPort.set(p.serverPort);
  out.packets.set(p.packets);
  out.windowScale.set(p.windowScale);
  out.mss.set(p.mss);
  out.gapFlow.set(gaps.flow);
  out.gapBefore.set(gaps.before);
  out.gapSeconds.set(gaps.seconds);
  for (let i = 0; i < n; i++) {
    out.packetsToServer[i] = p.dirPackets[2 * i];
    out.packetsToClient[i] = p.dirPackets[2 * i + 1];
    out.bytesToServer[i] = p.payloadBytes[2 * i];
    out.bytesToClient[i] = p.payloadBytes[2 * i + 1];
    out.start[i] = relTime(t, p.firstRow[i]);
    out.end[i] = relTime(t, p.lastRow[i]);
    out.firstFrame[i] = p.firstRow[i] + 1;
    out.lastFrame[i] = p.lastRow[i] + 1;
    out.initialRtt[i] = Number.isFinite(p.initialRtt[i]) ? p.initialRtt[i] : -1;
  }
  return out;
}

/** Every gap of at least IDLE_FOLD_SECONDS between two packets of a flow, by flow and position. */
function idleGaps(t: PacketTable, p: PackedFlows): { flow: number[]; before: number[]; seconds: number[] } {
  const gaps = { flow: [] as number[], before: [] as number[], seconds: [] as number[] };
  const rows = p.rows;
  const secs = t.secs;
  const nanos = t.nanos;
  for (let i = 0; i < p.count; i++) {
    const start = p.rowStart[i];
    const end = start + p.packets[i];
    for (let k = start + 1; k < end; k++) {
      const a = rows[k - 1];
      const b = rows[k];
      const seconds = secs[b] - secs[a] + (nanos[b] - nanos[a]) * 1e-9;
      if (seconds < IDLE_FOLD_SECONDS) continue;
      gaps.flow.push(i);
      gaps.before.push(k - start);
      gaps.seconds.push(seconds);
    }
  }
  return gaps;
}

function findingView(model: FlowsModel, f: Finding, index: number, startTime: number): FindingView {
  const flowId = flowIdOf(f.flow);
  const flow = model.analysis.flows[flowId];
  const rows = flow?.rows;
  const frameIndex = rows ? f.frames.map((frame) => indexInFlow(rows, frame - 1)) : f.frames.map(() => -1);
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
