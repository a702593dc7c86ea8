// Round-trip samples and bytes in flight from the list of unacknowledged segments, as Wireshark
// computes tcp.analysis.ack_rtt and tcp.analysis.bytes_in_flight.
import { MAX_SACK_BLOCKS, type DirectionTable } from './directionState';
import { seqGt, seqLe, seqSub } from './seqMath';

/**
 * Removes from direction `d`'s unacked list what `ack` covers and trims a partly covered
 * segment. Returns the frame of the (oldest) segment this ACK ends in or cuts into, whose time
 * to this ACK is the round-trip sample; 0 when it touches none or when that segment was sent
 * more than once (Karn's rule: the sample is ambiguous).
 */
export function acknowledge(t: DirectionTable, d: number, ack: number): number {
  if (t.unackedDisorder[d] === 0) return acknowledgeInOrder(t, d, ack);
  // Applying the same ACK again to an out-of-order list would touch nothing (duplicate ACKs
  // during a loss recovery): skip the walk.
  if (t.walkSettled[d] && t.walkAck[d] === ack) return 0;
  const p = t.pool;
  let sampled = 0;
  // Newest first, as Wireshark walks its list: the oldest matching segment gives the sample.
  for (let k = t.unackedTail[d]; k !== -1; ) {
    const next = p.nextseq[k];
    if (ack === next) {
      sampled = p.karn[k] ? 0 : p.frame[k];
      k = t.removeUnacked(d, k);
    } else if (seqGt(ack, p.seq[k]) && seqLe(ack, next)) {
      t.trimUnacked(d, k, ack);
      sampled = p.karn[k] ? 0 : p.frame[k];
      k = p.prev[k];
    } else if (!seqGt(next, ack)) {
      k = t.removeUnacked(d, k);
    } else {
      k = p.prev[k];
    }
  }
  // Every entry left starts at or after the ACK and ends beyond it (pushUnacked unsettles this).
  t.walkAck[d] = ack;
  t.walkSettled[d] = 1;
  return sampled;
}

/** The same for a list in sequence order: covered entries are a prefix, at most one matches. */
function acknowledgeInOrder(t: DirectionTable, d: number, ack: number): number {
  const p = t.pool;
  let sampled = 0;
  while (t.unackedHead[d] !== -1) {
    const k = t.unackedHead[d];
    const next = p.nextseq[k];
    if (seqGt(next, ack)) {
      if (seqGt(ack, p.seq[k])) {
        t.trimUnacked(d, k, ack);
        sampled = p.karn[k] ? 0 : p.frame[k];
      }
      break;
    }
    if (next === ack) sampled = p.karn[k] ? 0 : p.frame[k];
    t.removeUnacked(d, k);
  }
  return sampled;
}

/**
 * Bytes sent in direction `f` and not yet acknowledged after a data segment: the span of its
 * unacked list minus what the peer (direction `r`) reported in SACK blocks. 0 when unknown (a
 * gap was seen and no ACK since).
 */
export function bytesInFlight(t: DirectionTable, f: number, r: number, synOrFin: boolean): number {
  if (t.unackedCount[f] === 0 || !t.validBif[f]) return 0;
  const p = t.pool;
  const base = t.baseSeq[f];
  const tail = t.unackedTail[f];
  let first: number;
  let last: number;
  if (t.unackedDisorder[f] === 0) {
    first = seqSub(p.seq[t.unackedHead[f]], base);
    last = seqSub(p.nextseq[tail], base);
  } else if (t.spanKnown[f] && t.spanBase[f] === base) {
    first = t.spanFirst[f];
    last = t.spanLast[f];
  } else {
    // Out of order: the lowest start and the highest end of any entry, kept up to date by
    // pushUnacked until an ACK removes or trims an entry.
    first = seqSub(p.seq[tail], base);
    last = seqSub(p.nextseq[tail], base);
    for (let k = p.prev[tail]; k !== -1; k = p.prev[k]) {
      const s = seqSub(p.seq[k], base);
      const e = seqSub(p.nextseq[k], base);
      if (e > last) last = e;
      if (s < first) first = s;
    }
    t.spanKnown[f] = 1;
    t.spanBase[f] = base;
    t.spanFirst[f] = first;
    t.spanLast[f] = last;
  }
  let inFlight = (last - first) >>> 0;
  const edges = t.sackEdges;
  const e0 = 2 * MAX_SACK_BLOCKS * r;
  for (let b = 0; b < t.sackCount[r]; b++) {
    inFlight = (inFlight - seqSub(edges[e0 + 2 * b + 1], edges[e0 + 2 * b])) >>> 0;
  }
  if (inFlight === 0 || inFlight >= 2_000_000_000) return 0;
  // SYN and FIN occupy sequence space but carry no byte.
  return synOrFin ? inFlight - 1 : inFlight;
}
