// Compares Sockscope's flow ids and analysis flags with tshark's over a set of captures.
import { readFileSync } from 'node:fs';
import { readCaptureBytes, type PacketTable } from '../../src/core/capture';
import { Proto } from '../../src/core/capture/packetTable';
import { analyzeFlows, AnalysisFlag, ANALYSIS_FLAG_NAMES, type FlowAnalysis } from '../../src/core/flows';
import type { TsharkRow } from './tsharkTruth';

export interface Compared {
  name: string;
  table: PacketTable;
  analysis: FlowAnalysis;
  truth: TsharkRow[];
}

export function readAndAnalyze(path: string): { table: PacketTable; analysis: FlowAnalysis } {
  const table = readCaptureBytes(new Uint8Array(readFileSync(path)), path);
  return { table, analysis: analyzeFlows(table) };
}

/**
 * tshark's `tcp.analysis.retransmission` is an expert-info field that it also adds to fast and
 * spurious retransmissions; Sockscope keeps the three apart, so the comparison unites them.
 */
const RETRANSMISSION_FAMILY = AnalysisFlag.Retransmission | AnalysisFlag.FastRetransmission | AnalysisFlag.SpuriousRetransmission;

export function oursHas(bits: number, k: number): boolean {
  return k === 0 ? (bits & RETRANSMISSION_FAMILY) !== 0 : (bits & (1 << k)) !== 0;
}

export interface FlagTally {
  both: number;
  tsharkOnly: number;
  oursOnly: number;
  examples: string[];
}

export function tallyFlags(files: Compared[], skip: (c: Compared, row: TsharkRow) => boolean = () => false): Map<string, FlagTally> {
  const tally = new Map<string, FlagTally>(ANALYSIS_FLAG_NAMES.map((n) => [n, { both: 0, tsharkOnly: 0, oursOnly: 0, examples: [] }]));
  for (const c of files) {
    for (const row of c.truth) {
      if (row.stream.includes(',') || skip(c, row)) continue;
      const bits = c.analysis.flags[row.frame - 1] ?? 0;
      ANALYSIS_FLAG_NAMES.forEach((name, k) => {
        const theirs = row.flags[k];
        const ours = oursHas(bits, k);
        if (!theirs && !ours) return;
        const t = tally.get(name) as FlagTally;
        if (theirs && ours) t.both++;
        else {
          if (theirs) t.tsharkOnly++;
          else t.oursOnly++;
          if (t.examples.length < 8) t.examples.push(`${c.name}#${row.frame} ${theirs ? 'tshark only' : 'sockscope only'}`);
        }
      });
    }
  }
  return tally;
}

export function agreement(t: FlagTally): number {
  const flagged = t.both + t.tsharkOnly + t.oursOnly;
  return flagged === 0 ? 1 : t.both / flagged;
}

export function formatTally(tally: Map<string, FlagTally>): string {
  const lines = ['flag                      both  tshark-only  sockscope-only  agreement'];
  for (const [name, t] of tally) {
    lines.push(
      `${name.padEnd(24)} ${String(t.both).padStart(5)} ${String(t.tsharkOnly).padStart(12)} ${String(t.oursOnly).padStart(15)}  ${(agreement(t) * 100).toFixed(1).padStart(8)}%`,
    );
  }
  return lines.join('\n');
}

/**
 * Frames where tshark's tcp.stream and our flow id differ (`file#frame tshark=… ours=…`), both
 * ways: TCP frames tshark numbers and TCP/flow rows of ours that tshark does not list.
 * `excuse` names frames a known, explained difference accounts for.
 */
export function streamMismatches(c: Compared, excuse: (c: Compared, frame: number) => boolean = () => false): string[] {
  const out: string[] = [];
  const listed = new Set<number>();
  for (const row of c.truth) {
    listed.add(row.frame);
    if (row.stream.includes(',') || excuse(c, row.frame)) continue;
    const ours = c.analysis.flowOf[row.frame - 1];
    // tshark leaves tcp.stream empty where it gave up before the stream lookup (a cut header).
    const theirs = row.stream === '' ? '-1' : row.stream;
    if (String(ours ?? 'missing') !== theirs) out.push(`${c.name}#${row.frame} tshark=${row.stream} ours=${ours}`);
  }
  for (let i = 0; i < c.table.count; i++) {
    if (c.table.proto[i] !== Proto.Tcp || c.analysis.flowOf[i] < 0 || listed.has(i + 1) || excuse(c, i + 1)) continue;
    out.push(`${c.name}#${i + 1} tshark=none ours=${c.analysis.flowOf[i]}`);
  }
  return out;
}
