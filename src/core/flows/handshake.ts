// What a segment tells about the connection beyond its sequence numbers: handshake timing,
// the options each side announced (MSS, window scale, SACK, timestamps) and the SACK blocks the
// next segment's analysis will consult. Applied after the segment's analysis, in Wireshark's order.
import { TcpFlag, TcpOpt, relTime, type PacketTable } from '../capture/packetTable';
import { findSack } from '../capture/sackList';
import type { ConversationTable } from './conversation';
import { MAX_SACK_BLOCKS, WSCALE_NONE, WSCALE_UNKNOWN, type DirectionTable } from './directionState';

/** RFC 7323 §2.3: shifts above 14 are treated as 14. */
const MAX_WINDOW_SHIFT = 14;

/** Row `i` of conversation `c`, sent in direction `f` (the peer's is `r`). */
export function noteSegmentOptions(
  t: PacketTable,
  i: number,
  convs: ConversationTable,
  c: number,
  d: DirectionTable,
  f: number,
  r: number,
): void {
  const flags = t.tcpFlags[i];
  const opts = t.opts[i];
  const syn = (flags & TcpFlag.Syn) !== 0;
  const ackNoSyn = (flags & (TcpFlag.Syn | TcpFlag.Ack)) === TcpFlag.Ack;

  if (syn) {
    if (!(flags & TcpFlag.Ack)) convs.tsMruSyn[c] = relTime(t, i);
    d.isFirstAck[f] = 1;
  }
  // The first ACK after a SYN completes the handshake: its delay is tcp.analysis.initial_rtt.
  if (ackNoSyn && !Number.isNaN(convs.tsMruSyn[c]) && Number.isNaN(convs.tsFirstRtt[c])) {
    convs.tsFirstRtt[c] = relTime(t, i) - convs.tsMruSyn[c];
  }
  if (ackNoSyn) d.isFirstAck[f] = 0;

  if (opts & TcpOpt.Mss) d.mssOption[f] = t.mss[i];
  if (syn) {
    if (opts & TcpOpt.WindowScale) d.winScale[f] = Math.min(t.wscale[i], MAX_WINDOW_SHIFT);
    if (opts & TcpOpt.SackPermitted) d.offeredSack[f] = 1;
    if (opts & TcpOpt.Timestamps) d.offeredTimestamps[f] = 1;
  }
  if (opts & TcpOpt.Timestamps) d.usedTimestamps[f] = 1;

  d.sackCount[f] = 0;
  // Only the sequence analysis reads a segment's SACK blocks.
  if (opts & TcpOpt.Sack && d.analysis) readSack(t, i, d, f);

  if (syn) settleWindowScaling((flags & TcpFlag.Ack) !== 0, d, f, r);
}

/**
 * Scaling is in force only when both SYNs carry the option (RFC 7323 §2.2). A SYN without it
 * settles both sides to "none"; a SYN+ACK with it after a SYN without it is ignored.
 */
function settleWindowScaling(isSynAck: boolean, d: DirectionTable, f: number, r: number): void {
  if (d.winScale[f] === WSCALE_UNKNOWN) {
    d.winScale[f] = WSCALE_NONE;
    d.winScale[r] = WSCALE_NONE;
  } else if (isSynAck && d.winScale[r] === WSCALE_NONE) {
    d.winScale[f] = WSCALE_NONE;
  }
}

function readSack(t: PacketTable, i: number, d: DirectionTable, f: number): void {
  const s = t.sack;
  const entry = findSack(s, i);
  if (entry < 0) return;
  const n = Math.min(s.counts[entry], MAX_SACK_BLOCKS);
  const start = s.starts[entry];
  const e0 = 2 * MAX_SACK_BLOCKS * f;
  for (let k = 0; k < 2 * n; k++) d.sackEdges[e0 + k] = s.edges[start + k] >>> 0;
  d.sackCount[f] = n;
}
