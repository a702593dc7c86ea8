// What a segment tells about the connection beyond its sequence numbers: handshake timing,
// the options each side announced (MSS, window scale, SACK, timestamps) and the SACK blocks the
// next segment's analysis will consult. Applied after the segment's analysis, in Wireshark's order.
import { TcpFlag, TcpOpt, type PacketTable } from '../capture/packetTable';
import type { Conversation } from './conversation';
import { WSCALE_NONE, WSCALE_UNKNOWN, type DirectionState } from './directionState';

/** RFC 7323 §2.3: shifts above 14 are treated as 14. */
const MAX_WINDOW_SHIFT = 14;
/** A TCP option holds at most four SACK blocks (RFC 2018 §3). */
const MAX_SACK_BLOCKS = 4;
/** Default MSS when a side announced none (RFC 9293 §3.7.1): 536 for IPv4, 1220 for IPv6. */
const DEFAULT_MSS_V4 = 536;
const DEFAULT_MSS_V6 = 1220;

export function noteSegmentOptions(
  t: PacketTable,
  i: number,
  now: number,
  conv: Conversation,
  fwd: DirectionState,
  rev: DirectionState,
  firstOfConversation: boolean,
): void {
  const flags = t.tcpFlags[i];
  const opts = t.opts[i];
  const syn = (flags & TcpFlag.Syn) !== 0;
  const ackNoSyn = (flags & (TcpFlag.Syn | TcpFlag.Ack)) === TcpFlag.Ack;

  if (syn) {
    if (!(flags & TcpFlag.Ack)) conv.tsMruSyn = now;
    fwd.isFirstAck = true;
  }
  // The first ACK after a SYN completes the handshake: its delay is tcp.analysis.initial_rtt.
  if (ackNoSyn && !Number.isNaN(conv.tsMruSyn) && Number.isNaN(conv.tsFirstRtt)) {
    conv.tsFirstRtt = now - conv.tsMruSyn;
  }
  if (ackNoSyn) fwd.isFirstAck = false;

  if (opts & TcpOpt.Mss) {
    fwd.mss = t.mss[i];
    fwd.mssOption = t.mss[i];
  }
  if (syn) {
    if (opts & TcpOpt.WindowScale) fwd.winScale = Math.min(t.wscale[i], MAX_WINDOW_SHIFT);
    if (opts & TcpOpt.SackPermitted) fwd.offeredSack = true;
    if (opts & TcpOpt.Timestamps) fwd.offeredTimestamps = true;
  }
  if (opts & TcpOpt.Timestamps) fwd.usedTimestamps = true;
  if (firstOfConversation && fwd.mss === -1) {
    const mss = conv.ipv6 ? DEFAULT_MSS_V6 : DEFAULT_MSS_V4;
    fwd.mss = mss;
    rev.mss = mss;
  }

  fwd.sackCount = 0;
  if (opts & TcpOpt.Sack) readSack(t, i, fwd);

  if (syn) settleWindowScaling((flags & TcpFlag.Ack) !== 0, fwd, rev);
}

/**
 * Scaling is in force only when both SYNs carry the option (RFC 7323 §2.2). A SYN without it
 * settles both sides to "none"; a SYN+ACK with it after a SYN without it is ignored.
 */
function settleWindowScaling(isSynAck: boolean, fwd: DirectionState, rev: DirectionState): void {
  if (fwd.winScale === WSCALE_UNKNOWN) {
    fwd.winScale = WSCALE_NONE;
    rev.winScale = WSCALE_NONE;
  } else if (isSynAck && rev.winScale === WSCALE_NONE) {
    fwd.winScale = WSCALE_NONE;
  }
}

function readSack(t: PacketTable, i: number, fwd: DirectionState): void {
  const s = t.sack;
  let lo = 0;
  let hi = s.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.rows[mid] < i) lo = mid + 1;
    else hi = mid - 1;
  }
  if (lo >= s.rows.length || s.rows[lo] !== i) return;
  if (fwd.sackEdges.length === 0) fwd.sackEdges = new Uint32Array(2 * MAX_SACK_BLOCKS);
  const n = Math.min(s.counts[lo], MAX_SACK_BLOCKS);
  const start = s.starts[lo];
  for (let k = 0; k < 2 * n; k++) fwd.sackEdges[k] = s.edges[start + k] >>> 0;
  fwd.sackCount = n;
}
