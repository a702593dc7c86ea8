// The two delays the sequence analysis reports per row, from the frames it records: each is the
// difference of two rows' times, computed exactly as the flow pass computes a row's time, so the
// values are the ones the pass had in hand.
import { relTime, type PacketTable } from '../capture/packetTable';
import { AnalysisFlag } from './analysisFlags';
import type { FlowAnalysis } from './types';

/** tcp.analysis.ack_rtt of row `row`: seconds from the data segment its ACK covered first; NaN when none. */
export function ackRttAt(t: PacketTable, a: Pick<FlowAnalysis, 'ackedFrame'>, row: number): number {
  const frame = a.ackedFrame[row];
  return frame === 0 ? NaN : relTime(t, row) - relTime(t, frame - 1);
}

/**
 * tcp.analysis.rto of row `row`: on a row flagged Retransmission, seconds since the original
 * transmission (`rtoFrame`; Infinity in the rare case the pass knew none), NaN on other rows.
 */
export function rtoAt(t: PacketTable, a: Pick<FlowAnalysis, 'flags' | 'rtoFrame'>, row: number): number {
  if ((a.flags[row] & AnalysisFlag.Retransmission) === 0) return NaN;
  const frame = a.rtoFrame[row];
  return frame === 0 ? Infinity : relTime(t, row) - relTime(t, frame - 1);
}
