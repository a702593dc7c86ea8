// Round-trip samples and bytes in flight from the list of unacknowledged segments, as Wireshark
// computes tcp.analysis.ack_rtt and tcp.analysis.bytes_in_flight.
import type { DirectionState, UnackedSegments } from './directionState';
import { seqGt, seqLe, seqSub } from './seqMath';

/**
 * Removes from `list` what `ack` covers and trims a partly covered segment. Returns the time
 * from the (oldest) segment this ACK ends in or cuts into to `now`, or NaN when it touches
 * none or when that segment was sent more than once (Karn's rule: the sample is ambiguous).
 */
export function acknowledge(list: UnackedSegments, ack: number, now: number): number {
  let rtt = NaN;
  // Newest first, as Wireshark walks its list: the oldest matching segment gives the sample.
  for (let k = list.count - 1; k >= 0; k--) {
    const next = list.nextseq[k];
    if (ack === next) {
      rtt = list.karn[k] ? NaN : now - list.time[k];
      list.removeAt(k);
    } else if (seqGt(ack, list.seq[k]) && seqLe(ack, next)) {
      list.seq[k] = ack;
      rtt = list.karn[k] ? NaN : now - list.time[k];
    } else if (!seqGt(next, ack)) {
      list.removeAt(k);
    }
  }
  return rtt;
}

/**
 * Bytes sent and not yet acknowledged after a data segment: the span of the unacked list minus
 * what the peer reported in SACK blocks. 0 when unknown (a gap was seen and no ACK since).
 */
export function bytesInFlight(fwd: DirectionState, rev: DirectionState, synOrFin: boolean): number {
  const list = fwd.unacked;
  if (list.count === 0 || !fwd.validBif) return 0;
  const base = fwd.baseSeq;
  let first = seqSub(list.seq[list.count - 1], base);
  let last = seqSub(list.nextseq[list.count - 1], base);
  for (let k = list.count - 2; k >= 0; k--) {
    const s = seqSub(list.seq[k], base);
    const e = seqSub(list.nextseq[k], base);
    if (e > last) last = e;
    if (s < first) first = s;
  }
  let inFlight = (last - first) >>> 0;
  for (let b = 0; b < rev.sackCount; b++) {
    inFlight = (inFlight - seqSub(rev.sackEdges[2 * b + 1], rev.sackEdges[2 * b])) >>> 0;
  }
  if (inFlight === 0 || inFlight >= 2_000_000_000) return 0;
  // SYN and FIN occupy sequence space but carry no byte.
  return synOrFin ? inFlight - 1 : inFlight;
}
