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
  if (list.sorted) return acknowledgeInOrder(list, ack, now);
  const p = list.pool;
  let rtt = NaN;
  // Newest first, as Wireshark walks its list: the oldest matching segment gives the sample.
  for (let k = list.tail; k !== -1; ) {
    const next = p.nextseq[k];
    if (ack === next) {
      rtt = p.karn[k] ? NaN : now - p.time[k];
      k = list.remove(k);
    } else if (seqGt(ack, p.seq[k]) && seqLe(ack, next)) {
      p.seq[k] = ack;
      rtt = p.karn[k] ? NaN : now - p.time[k];
      k = p.prev[k];
    } else if (!seqGt(next, ack)) {
      k = list.remove(k);
    } else {
      k = p.prev[k];
    }
  }
  // Once the resent or reordered entries are acknowledged the list is in order again.
  list.sorted = inOrder(list);
  return rtt;
}

function inOrder(list: UnackedSegments): boolean {
  const p = list.pool;
  for (let k = list.head; k !== -1 && p.next[k] !== -1; k = p.next[k]) {
    if (((p.seq[p.next[k]] - p.nextseq[k]) | 0) < 0) return false;
  }
  return true;
}

/** The same for a list in sequence order: covered entries are a prefix, at most one matches. */
function acknowledgeInOrder(list: UnackedSegments, ack: number, now: number): number {
  const p = list.pool;
  let rtt = NaN;
  while (list.head !== -1) {
    const k = list.head;
    const next = p.nextseq[k];
    if (seqGt(next, ack)) {
      if (seqGt(ack, p.seq[k])) {
        p.seq[k] = ack;
        rtt = p.karn[k] ? NaN : now - p.time[k];
      }
      break;
    }
    if (next === ack) rtt = p.karn[k] ? NaN : now - p.time[k];
    list.remove(k);
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
  const p = list.pool;
  const base = fwd.baseSeq;
  let first = seqSub(p.seq[list.tail], base);
  let last = seqSub(p.nextseq[list.tail], base);
  if (list.sorted) {
    first = seqSub(p.seq[list.head], base);
  } else {
    for (let k = p.prev[list.tail]; k !== -1; k = p.prev[k]) {
      const s = seqSub(p.seq[k], base);
      const e = seqSub(p.nextseq[k], base);
      if (e > last) last = e;
      if (s < first) first = s;
    }
  }
  let inFlight = (last - first) >>> 0;
  for (let b = 0; b < rev.sackCount; b++) {
    inFlight = (inFlight - seqSub(rev.sackEdges[2 * b + 1], rev.sackEdges[2 * b])) >>> 0;
  }
  if (inFlight === 0 || inFlight >= 2_000_000_000) return 0;
  // SYN and FIN occupy sequence space but carry no byte.
  return synOrFin ? inFlight - 1 : inFlight;
}
