// `diagnose` and `flows` group the packets without Wireshark's per-segment analysis. Whatever
// they print must be what the full analysis gives: the same flows with the same summaries, the
// same flow and direction of every row, the same findings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture';
import type { PacketTable } from '../../src/core/capture/packetTable';
import { diagnose } from '../../src/core/diagnosis';
import { analyzeFlows, FlowAnalyzer, groupFlows, type FlowGrouping } from '../../src/core/flows';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

function capturesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...capturesUnder(p));
    else if (/\.(pcap|pcapng|cap)$/.test(name) || /^capture.*\.txt$/.test(name)) out.push(p);
  }
  return out.sort();
}

const BUNDLED = [path.join(REPO_ROOT, 'samples/zero-window-sndbuf-full.pcap'), path.join(REPO_ROOT, 'samples/zero-window-sndbuf-full.txt')];
const FILES = [
  ...BUNDLED,
  ...(HAS_SHARED ? capturesUnder(CORPUS) : []),
];

function read(file: string): PacketTable | null {
  try {
    return readCaptureBytes(readFileSync(file), path.basename(file));
  } catch {
    // Files too damaged to read at all are the malformed-file tests' business.
    return null;
  }
}

function expectSameGrouping(actual: FlowGrouping, expected: FlowGrouping, file: string): void {
  expect(Array.from(actual.flowOf), file).toEqual(Array.from(expected.flowOf));
  expect(Array.from(actual.dirOf), file).toEqual(Array.from(expected.dirOf));
  expect(actual.flows, file).toEqual(expected.flows);
}

describe('grouping without the sequence analysis', () => {
  it(`gives the flows, rows and findings of the full analysis (${FILES.length} captures${HAS_SHARED ? '' : '; ../shared is absent, bundled samples only'})`, () => {
    let compared = 0;
    let withFindings = 0;
    for (const file of FILES) {
      const table = read(file);
      if (!table) continue;
      const full = analyzeFlows(table);
      const grouped = groupFlows(table);
      expectSameGrouping(grouped, full, file);
      const findings = diagnose(table, grouped);
      expect(findings, file).toEqual(diagnose(table, full));
      if (findings.length > 0) withFindings++;
      compared++;
    }
    expect(compared).toBeGreaterThan(HAS_SHARED ? 250 : 1);
    console.log(`grouping: ${compared} captures compared, ${withFindings} with findings`);
    // Real stalls among them, so equal findings are not merely two empty lists.
    expect(withFindings).toBeGreaterThan(HAS_SHARED ? 10 : 0);
  });

  it('gives the same grouping when fed in chunks', () => {
    for (const file of FILES.slice(0, 40)) {
      const table = read(file);
      if (!table || table.count < 3) continue;
      const grouper = new FlowAnalyzer(7, undefined, undefined, false);
      for (let upTo = 1; upTo < table.count; upTo += 97) grouper.advance(table, upTo);
      grouper.advance(table, table.count);
      expectSameGrouping(grouper.finishGrouping(), analyzeFlows(table), file);
    }
  });

  it('has no sequence analysis to finish with', () => {
    const table = read(BUNDLED[0]);
    expect(table).not.toBeNull();
    const grouper = new FlowAnalyzer(16, undefined, undefined, false);
    grouper.advance(table as PacketTable, (table as PacketTable).count);
    expect(() => grouper.finish()).toThrow(/without sequence analysis/);
  });
});
