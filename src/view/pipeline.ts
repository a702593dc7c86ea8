// The one place the host calls into the core's pipeline: read → CaptureStream → FlowAnalyzer →
// diagnose, and the stage catalogue's texts. The rest of the host only sees these few functions,
// so it stays unchanged when the core's modules move.
import { CaptureStream } from '../core/capture';
import { rowCapacity, type PacketTable } from '../core/capture/packetTable';
import type { ColumnAllocator } from '../core/columnBlock';
import { looksLikeTcpdumpText } from '../core/capture/text/tcpdumpText';
import { diagnose, diagnoseFlowRange, sortFindings } from '../core/diagnosis';
import type { Finding, StageId } from '../core/diagnosis/finding';
import { analyseSegments, analyzeFlows, FlowAnalyzer, groupFlows, warmUpAnalysis, type FlowAnalysis, type FlowGrouping } from '../core/flows';
import type { AnalysisColumns } from '../core/flows/sequenceAnalysis';
import { stageInfo } from '../core/kernel/catalogue';
import { t } from '../core/i18n/index';

/** Receives a capture's bytes in order and yields the packet table at the end. */
export interface CaptureSink {
  push(chunk: Uint8Array): void;
  /** The rows read so far (complete rows only), or null before the format is known. */
  partial(): PacketTable | null;
  finish(): PacketTable;
}

/** Where the table's and the flow analysis' columns live: shared memory lets a worker keep reading them after the host has them. */
export type ColumnMemory = ColumnAllocator;

/**
 * `sizeHint`: the file's size, so the table is sized once instead of grown by doubling.
 * `memory`: where the columns come from (default: ordinary ArrayBuffers). `maxRows`: the most
 * packets read (default MAX_TABLE_ROWS).
 */
export function createCaptureSink(fileName: string, sizeHint = 0, memory?: ColumnMemory, maxRows?: number): CaptureSink {
  const stream = new CaptureStream(fileName, sizeHint, memory, maxRows);
  return { push: (chunk) => stream.push(chunk), partial: () => stream.partial(), finish: () => stream.end() };
}

/** The flow pass, fed as rows are read (`advance`, optional), then over the whole table (`finish`). */
export interface FlowPass {
  advance(partial: PacketTable): void;
  finish(table: PacketTable): FlowAnalysis;
}

/**
 * Fed rows before the end, the pass sizes its columns as the packet table's are sized (the
 * reader's estimate of the input's rows); a pass that only sees the whole table sizes them from it.
 */
export function createFlowPass(memory?: ColumnMemory): FlowPass {
  let analyzer: FlowAnalyzer | null = null;
  return {
    advance(partial) {
      analyzer ??= new FlowAnalyzer(rowCapacity(partial), undefined, memory);
      analyzer.advance(partial, partial.count);
    },
    finish(table) {
      if (!analyzer) return analyzeFlows(table, memory);
      analyzer.advance(table, table.count);
      return analyzer.finish();
    },
  };
}

/** The flows of a whole table without the per-segment analysis (what the flow list and the diagnosis read). */
export function groupTable(table: PacketTable, memory?: ColumnMemory): FlowGrouping {
  return groupFlows(table, memory);
}

/** The flows of a whole table with Wireshark's per-segment analysis (what ladder rows and series show). */
export function analyseTable(table: PacketTable, memory?: ColumnMemory): FlowAnalysis {
  return analyzeFlows(table, memory);
}

/** Wireshark's per-segment analysis of a whole table, for a thread whose flows are grouped elsewhere. */
export function analyseTableSegments(table: PacketTable, memory?: ColumnMemory): AnalysisColumns {
  return analyseSegments(table, memory);
}

/** Compiles the analysing flow pass ahead of a large table, for a thread that waits for one. */
export function warmUpTableAnalysis(): void {
  warmUpAnalysis();
}

/** Every finding of the capture, in diagnose()'s order. */
export function diagnoseAll(table: PacketTable, analysis: FlowGrouping): Finding[] {
  return diagnose(table, analysis);
}

/**
 * The same findings as diagnoseAll, diagnosed a few flows at a time with `pause` awaited between
 * the groups (about `packetsPerStep` packets each), so a host on one thread stays responsive.
 */
export async function diagnoseInSteps(
  table: PacketTable,
  analysis: FlowGrouping,
  pause: () => Promise<void>,
  packetsPerStep = 200_000,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const flows = analysis.flows;
  for (let from = 0; from < flows.length; ) {
    let to = from;
    let packets = 0;
    while (to < flows.length && (to === from || packets + flows[to].packets <= packetsPerStep)) packets += flows[to++].packets;
    for (const f of diagnoseFlowRange(table, analysis, from, to)) findings.push(f);
    from = to;
    if (from < flows.length) await pause();
  }
  return sortFindings(findings);
}

export interface StageTexts {
  title: string;
  explanation: string;
}

export function stageTexts(stage: StageId): StageTexts {
  const info = stageInfo(stage);
  const seen = info.application.map((a) => `${a.call}: ${a.result}`).join('; ');
  return { title: info.title, explanation: seen ? `${info.whatHappens} ${t('host.applicationSees', { seen })}` : info.whatHappens };
}

/** true when the start of a text document reads like tcpdump's output. */
export function looksLikeTcpdump(text: string): boolean {
  return looksLikeTcpdumpText(new TextEncoder().encode(text));
}
