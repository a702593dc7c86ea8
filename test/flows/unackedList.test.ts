// The unacknowledged-segment lists keep their order, the last ACK applied and their span as
// entries come and go, so that duplicate ACKs and bytes in flight cost no walk of the list. This
// checks them against the walks they replace, written out plainly, over random sends, resends
// and ACKs, also where sequence numbers wrap past 2^32.
import { describe, expect, it } from 'vitest';
import { DirectionTable, SegmentPool } from '../../src/core/flows/directionState';
import { acknowledge, bytesInFlight } from '../../src/core/flows/rtt';
import { seqGt, seqLe, seqLt, seqSub } from '../../src/core/flows/seqMath';

interface Entry {
  seq: number;
  next: number;
  frame: number;
  karn: boolean;
}

const inOrder = (list: Entry[]): boolean => list.every((e, i) => i === 0 || ((e.seq - list[i - 1].next) | 0) >= 0);

/** Wireshark's walk as the flow pass did it before: the in-order shortcut, else newest to oldest. */
function referenceAck(list: Entry[], ack: number): number {
  let sampled = 0;
  if (inOrder(list)) {
    while (list.length > 0) {
      const e = list[0];
      if (seqGt(e.next, ack)) {
        if (seqGt(ack, e.seq)) {
          e.seq = ack;
          sampled = e.karn ? 0 : e.frame;
        }
        break;
      }
      if (e.next === ack) sampled = e.karn ? 0 : e.frame;
      list.shift();
    }
    return sampled;
  }
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i];
    if (ack === e.next) {
      sampled = e.karn ? 0 : e.frame;
      list.splice(i, 1);
    } else if (seqGt(ack, e.seq) && seqLe(ack, e.next)) {
      e.seq = ack;
      sampled = e.karn ? 0 : e.frame;
    } else if (!seqGt(e.next, ack)) {
      list.splice(i, 1);
    }
  }
  return sampled;
}

/** Karn marking as the flow pass did it before: every entry the resent range overlaps, whole list. */
function referenceMark(list: Entry[], seq: number, end: number): number {
  let marked = 0;
  for (const e of list) {
    if (seqLt(e.seq, end) && seqGt(e.next, seq) && !e.karn) {
      e.karn = true;
      marked++;
    }
  }
  return marked;
}

function referenceInFlight(list: Entry[], base: number): number {
  if (list.length === 0) return 0;
  let first: number;
  let last: number;
  if (inOrder(list)) {
    first = seqSub(list[0].seq, base);
    last = seqSub(list[list.length - 1].next, base);
  } else {
    first = Math.min(...list.map((e) => seqSub(e.seq, base)));
    last = Math.max(...list.map((e) => seqSub(e.next, base)));
  }
  const inFlight = (last - first) >>> 0;
  return inFlight === 0 || inFlight >= 2_000_000_000 ? 0 : inFlight;
}

function listOf(t: DirectionTable, d: number): Entry[] {
  const p = t.pool;
  const out: Entry[] = [];
  for (let k = t.unackedHead[d]; k !== -1; k = p.next[k]) out.push({ seq: p.seq[k], next: p.nextseq[k], frame: p.frame[k], karn: p.karn[k] === 1 });
  return out;
}

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('unacknowledged-segment lists', () => {
  it('answer ACKs and bytes in flight as the plain walks do, in and out of order', () => {
    let outOfOrderAcks = 0;
    let marksMade = 0;
    let duplicateAcksSkipped = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed);
      const t = new DirectionTable(new SegmentPool(), 2);
      t.addPair();
      const d = 0;
      // Near the wrap, so sequence numbers pass 2^32 within a run.
      const base = (0xffffffff - Math.floor(rand() * 200_000)) >>> 0;
      t.baseSeq[d] = base;
      t.validBif[d] = 1;
      const reference: Entry[] = [];
      let nextSeq = base;
      let lastAck = base;
      let frame = 0;
      for (let step = 0; step < 2000; step++) {
        const r = rand();
        if (r < 0.45 && reference.length < 400) {
          // New data; now and then a resend, also of data already acknowledged (spurious), and
          // rarely a segment from anywhere in sequence space, as a corrupt capture has them.
          const kind = rand();
          const resend = kind < 0.15;
          const wild = kind > 0.99;
          let seq = nextSeq;
          if (resend) seq = (lastAck - 3000 + Math.floor(rand() * (seqSub(nextSeq, lastAck) + 3000))) >>> 0;
          if (wild) seq = Math.floor(rand() * 2 ** 32) >>> 0;
          const len = wild ? 1 + Math.floor(rand() * 2 ** 32) : 1 + Math.floor(rand() * 1500);
          const next = (seq + len) >>> 0;
          if (!resend && !wild) nextSeq = next;
          const karn = resend || rand() < 0.05;
          // As the analysis does: a resend first marks what it covers, then joins the list.
          if (resend || wild) {
            t.markResent(d, seq, next);
            marksMade += referenceMark(reference, seq, next);
          }
          frame++;
          t.pushUnacked(d, seq, next, frame, karn);
          reference.push({ seq, next, frame, karn });
        } else {
          // Mostly the same ACK again or a little further; sometimes anywhere in what was sent.
          const roll = rand();
          let ack = lastAck;
          if (roll < 0.5) ack = lastAck;
          else if (roll < 0.9) ack = (lastAck + Math.floor(rand() * Math.max(1, seqSub(nextSeq, lastAck) + 1))) >>> 0;
          else ack = (base + Math.floor(rand() * Math.max(1, seqSub(nextSeq, base) + 1))) >>> 0;
          if (!inOrder(reference)) {
            outOfOrderAcks++;
            if (ack === t.walkAck[d] && t.walkSettled[d]) duplicateAcksSkipped++;
          }
          expect(acknowledge(t, d, ack), `seed ${seed} step ${step}`).toBe(referenceAck(reference, ack));
          if (seqGt(ack, lastAck)) lastAck = ack;
        }
        expect(listOf(t, d), `seed ${seed} step ${step}`).toEqual(reference);
        expect(t.unackedDisorder[d] === 0, `seed ${seed} step ${step}`).toBe(inOrder(reference));
        expect(t.unackedFresh[d], `seed ${seed} step ${step}`).toBe(reference.filter((e) => !e.karn).length);
        expect(bytesInFlight(t, d, 1, false), `seed ${seed} step ${step}`).toBe(referenceInFlight(reference, base));
      }
    }
    // The runs did reach the shortcuts under test.
    expect(outOfOrderAcks).toBeGreaterThan(1000);
    expect(duplicateAcksSkipped).toBeGreaterThan(100);
    expect(marksMade).toBeGreaterThan(1000);
  });

  it('mark every entry of a direction whose Karn walks overrun the budget, now and from then on, and only then', () => {
    // 1,000 segments outstanding, then the newest resent again and again: each walk passes the
    // 999 older entries, none of which the resend covers.
    const run = (freeSteps: number, perSegment: number) => {
      const t = new DirectionTable(new SegmentPool(), 2, freeSteps, perSegment);
      t.addPair();
      for (let k = 0; k < 1000; k++) t.pushUnacked(0, 1000 + k * 100, 1100 + k * 100, k + 1, false);
      for (let r = 0; r < 5; r++) t.markResent(0, 100_900, 101_000);
      t.pushUnacked(0, 101_000, 101_100, 1001, false);
      // The other direction walks on its own entries as before.
      t.pushUnacked(1, 5000, 5100, 1002, false);
      t.markResent(1, 5000, 5100);
      return { t, marks: listOf(t, 0).map((e) => e.karn) };
    };
    const exact = run(1 << 24, 256);
    expect(exact.marks.filter(Boolean)).toHaveLength(1);
    expect(exact.marks[999]).toBe(true);
    expect(exact.t.karnAll[0]).toBe(0);
    expect(exact.t.unackedFresh[0]).toBe(1000);
    // A budget of one walk: the second resend marks everything instead, and the segment after it
    // joins the list marked; the marks only ever add to the exact ones (fewer RTT samples).
    const capped = run(0, 1);
    expect(capped.t.karnAll[0]).toBe(1);
    expect(capped.marks.every(Boolean)).toBe(true);
    expect(capped.marks).toHaveLength(1001);
    expect(capped.t.unackedFresh[0]).toBe(0);
    expect(exact.marks.every((m, i) => !m || capped.marks[i])).toBe(true);
    expect(listOf(capped.t, 1)[0].karn).toBe(true);
    expect(capped.t.karnAll[1]).toBe(0);
    // An ACK of a marked segment gives no round-trip sample.
    expect(acknowledge(exact.t, 0, 1100)).toBe(1);
    expect(acknowledge(capped.t, 0, 1100)).toBe(0);
  });
});
