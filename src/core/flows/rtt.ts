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
  if (t.unackedSorted[d]) return acknowledgeInOrder(t, d, ack);
  const p = t.pool;
  let sampled = 0;
  // Newest first, as Wireshark walks its list: the oldest matching segment gives the sample.
  for (let k = t.unackedTail[d]; k !== -1; ) {
    const next = p.nextseq[k];
    if (ack === next) {
      sampled = p.karn[k] ? 0 : p.frame[k];
      k = t.removeUnacked(d, k);
    } else if (seqGt(ack, p.seq[k]) && seqLe(ack, next)) {
      p.seq[k] = ack;
      sampled = p.karn[k] ? 0 : p.frame[k];
      k = p.prev[k];
    } else if (!seqGt(next, ack)) {
      k = t.removeUnacked(d, k);
    } else {
      k = p.prev[k];
    }
  }
  // Once the resent or reordered entries are acknowledged the list is in order again.
  t.unackedSorted[d] = inOrder(t, d) ? 1 : 0;
  return sampled;
}

function inOrder(t: DirectionTable, d: number): boolean {
  const p = t.pool;
  for (let k = t.unackedHead[d]; k !== -1 && p.next[k] !== -1; k = p.next[k]) {
    if (((p.seq[p.next[k]] - p.nextseq[k]) | 0) < 0) return false;
  }
  return true;
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
        p.seq[k] = ack;
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
  let first = seqSub(p.seq[tail], base);
  let last = seqSub(p.nextseq[tail], base);
  if (t.unackedSorted[f]) {
    first = seqSub(p.seq[t.unackedHead[f]], base);
  } else {
    for (let k = p.prev[tail]; k !== -1; k = p.prev[k]) {
      const s = seqSub(p.seq[k], base);
      const e = seqSub(p.nextseq[k], base);
      if (e > last) last = e;
      if (s < first) first = s;
    }
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
