// Findings come out in time order, ties by confidence and then by flow name, as text.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/diagnosis/finding';
import { sortFindings } from '../../src/core/diagnosis/index';

const finding = (start: number, confidence: Finding['confidence'], flow: string, stage = 'zero_window'): Finding =>
  ({ start, confidence, flow, stage }) as unknown as Finding;

describe('sortFindings', () => {
  it('orders by start, then confidence, then flow name as text', () => {
    const sorted = sortFindings([
      finding(2, 'high', 'f0'),
      finding(1, 'low', 'f3'),
      finding(1, 'low', 'f12'),
      finding(1, 'high', 'f7'),
      finding(1, 'low', 'f1'),
      finding(1, 'medium', 'f2'),
    ]);
    expect(sorted.map((f) => `${f.start} ${f.confidence} ${f.flow}`)).toEqual([
      '1 high f7',
      '1 medium f2',
      '1 low f1',
      '1 low f12',
      '1 low f3',
      '2 high f0',
    ]);
  });

  it('orders flow names as localeCompare did', () => {
    const names = Array.from({ length: 2000 }, (_, k) => `f${(k * 7919) % 100_003}`);
    const sorted = sortFindings(names.map((n) => finding(0, 'high', n))).map((f) => f.flow);
    expect(sorted).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('keeps equal findings in the order they came', () => {
    const sorted = sortFindings([finding(1, 'high', 'f1', 'a'), finding(1, 'high', 'f1', 'b'), finding(1, 'high', 'f1', 'c')]);
    expect(sorted.map((f) => f.stage)).toEqual(['a', 'b', 'c']);
  });
});
