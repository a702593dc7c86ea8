// The SACK side list: typed arrays grown by doubling, searched by row, copied to another thread
// in chunks that rebuild the same list there.
import { describe, expect, it } from 'vitest';
import { appendSackChunk, dropSacksFrom, emptySackList, findSack, openSack, sackChunk, sackEdgesOf, type SackList } from '../../src/core/capture/sackList';

function add(s: SackList, row: number, edges: number[]): void {
  const at = openSack(s, row, edges.length / 2);
  s.edges.set(edges, at);
}

describe('SACK list', () => {
  it('keeps every entry across growth, finds them by row, and answers [] for rows without one', () => {
    const s = emptySackList();
    for (let row = 0; row < 10_000; row += 3) add(s, row, row % 2 ? [row, row + 1] : [row, row + 1, 0xffff_fff0, 0xffff_ffff]);
    expect(s.length).toBe(3334);
    expect(sackEdgesOf(s, 9999)).toEqual([9999, 10000]);
    expect(sackEdgesOf(s, 9996)).toEqual([9996, 9997, 0xffff_fff0, 0xffff_ffff]);
    expect(sackEdgesOf(s, 9998)).toEqual([]);
    expect(findSack(s, 0)).toBe(0);
    expect(findSack(s, 10_002)).toBe(-1);
  });

  it('forgets the entries of dropped rows', () => {
    const s = emptySackList();
    add(s, 1, [1, 2]);
    add(s, 5, [3, 4, 5, 6]);
    add(s, 5, [7, 8]);
    dropSacksFrom(s, 5);
    expect(s.length).toBe(1);
    expect(s.edgeLength).toBe(2);
    add(s, 6, [9, 10]);
    expect(sackEdgesOf(s, 6)).toEqual([9, 10]);
    expect(sackEdgesOf(s, 5)).toEqual([]);
  });

  it('chunks taken as the list grows rebuild it elsewhere, edge offsets and all', () => {
    const source = emptySackList();
    const mirror = emptySackList();
    let sent = 0;
    let sentEdges = 0;
    for (let row = 0; row < 5000; row++) {
      if (row % 7 === 0) add(source, row, Array.from({ length: 2 * (1 + (row % 4)) }, (_, k) => row * 10 + k));
      if (row % 500 === 499) {
        appendSackChunk(mirror, structuredClone(sackChunk(source, sent, sentEdges)));
        sent = source.length;
        sentEdges = source.edgeLength;
      }
    }
    expect(mirror.length).toBe(source.length);
    expect(mirror.edgeLength).toBe(source.edgeLength);
    for (let row = 0; row < 5000; row++) expect(sackEdgesOf(mirror, row)).toEqual(sackEdgesOf(source, row));
  });
});
