import { describe, expect, it } from 'vitest';
import { Uint32Index } from '../../src/core/capture/uint32Index';

describe('Uint32Index', () => {
  it('keeps every key through growth, the full 32-bit range included, and says -1 for the rest', () => {
    const index = new Uint32Index();
    const keys = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff];
    for (let k = 0; k < 50_000; k++) keys.push((k * 0x9e3779b1) >>> 0);
    const distinct = [...new Set(keys)];
    distinct.forEach((key, id) => index.set(key, id));
    distinct.forEach((key, id) => expect(index.get(key)).toBe(id));
    expect(index.get(12345)).toBe(distinct.indexOf(12345));
    expect(index.get(0xfffffffe)).toBe(-1);
  });
});
