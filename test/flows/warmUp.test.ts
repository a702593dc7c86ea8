// The made-up connection the flow pass and the detectors warm up on before a large capture: it
// must take the branches V8 would otherwise first meet deep into a capture, and running it must
// change nothing about the capture's own results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBulk } from '../../bench/genCapture';
import { diagnoseFlowRange, sortFindings } from '../../src/core/diagnosis/index';
import { analyzeFlows, ANALYSIS_FLAG_NAMES, FlowAnalyzer, groupFlows } from '../../src/core/flows/index';
import { warmUpTable, worthWarmingUp } from '../../src/core/flows/warmUp';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { plainFlow } from '../support/plainFlow';

describe('the flow pass warm-up', () => {
  it('raises every analysis flag, so that each branch behind one has run', () => {
    const table = warmUpTable();
    const analysis = analyzeFlows(table);
    let raised = 0;
    for (let i = 0; i < table.count; i++) raised |= analysis.flags[i];
    expect(ANALYSIS_FLAG_NAMES.filter((_, bit) => (raised & (1 << bit)) === 0)).toEqual([]);
  });

  it('is for many rows in long connections, not for many short ones', () => {
    // The benchmark's 200 MB lab capture (50 connections, 82 expected) and its 20,000 short ones.
    expect(worthWarmingUp(1_845_860, 82)).toBe(true);
    expect(worthWarmingUp(180_000, 20_032)).toBe(false);
    expect(worthWarmingUp(50_000, 2)).toBe(false);
  });

  it('gives the detectors stalls to find in the two flows they warm up on', () => {
    const table = warmUpTable();
    const analysis = analyzeFlows(table);
    const stages = diagnoseFlowRange(table, analysis, 0, 2).map((f) => f.stage);
    expect(stages).toEqual(expect.arrayContaining(['zero_window', 'window_full']));
  });

  it('leaves the flows and findings of a capture large enough to warm up for as they are', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-warm-up-'));
    try {
      const file = path.join(dir, 'bulk.pcap');
      // ~120,000 packets in 50 connections: over the warm-up's 100,000 rows and 1,000 per flow.
      generateBulk(file, 12_000_000);
      const table = readCaptureFile(file);
      expect(table.count).toBeGreaterThan(100_000);
      // Without the warm-up: an analyzer told to expect few rows grows instead, and each flow on
      // its own is below the detectors' threshold.
      const plain = new FlowAnalyzer(16, 1024);
      plain.advance(table, table.count);
      const cold = plain.finish();
      const coldFindings = sortFindings(cold.flows.flatMap((_, k) => diagnoseFlowRange(table, cold, k, k + 1)));
      // With it (once per process, so on the first large call only).
      const warm = analyzeFlows(table);
      const warmFindings = sortFindings(diagnoseFlowRange(table, warm, 0, warm.flows.length));
      for (const column of ['flags', 'dupAckNum', 'rtoFrame', 'ackedFrame', 'bytesInFlight', 'flowOf', 'dirOf'] as const) {
        expect(Array.from(warm[column]), column).toEqual(Array.from(cold[column]));
      }
      expect(warm.flows.map((f) => ({ ...plainFlow(f), rows: Array.from(f.rows) }))).toEqual(cold.flows.map((f) => ({ ...plainFlow(f), rows: Array.from(f.rows) })));
      expect(warmFindings.length).toBeGreaterThan(0);
      expect(warmFindings).toEqual(coldFindings);
      // The grouping pass `diagnose` runs warms up on its own, the first time it meets such a table.
      const grouped = groupFlows(table);
      expect(Array.from(grouped.flowOf)).toEqual(Array.from(cold.flowOf));
      expect(Array.from(grouped.dirOf)).toEqual(Array.from(cold.dirOf));
      expect(grouped.flows.map((f) => ({ ...plainFlow(f), rows: Array.from(f.rows) }))).toEqual(cold.flows.map((f) => ({ ...plainFlow(f), rows: Array.from(f.rows) })));
    } finally {
      rmSync(dir, { recursive: true });
    }
  }, 60_000);
});
