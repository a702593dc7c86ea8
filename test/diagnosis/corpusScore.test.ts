// Every labelled stall of the real-kernel recordings is found, in every format the recording was
// saved in, and the findings above low confidence match labelled events (truth.json).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture/index';
import { diagnose } from '../../src/core/diagnosis/index';
import { analyzeFlows } from '../../src/core/flows/index';
import { CORPUS, HAS_SHARED } from '../support/shared';
import { loadTruth, score } from './support/truth';

const FORMATS = ['capture.pcap', 'capture.pcapng', 'capture.txt', 'capture-tttt.txt', 'capture-v.txt', 'capture-old-format.txt'];
const REAL = path.join(CORPUS, 'real');

describe.skipIf(!HAS_SHARED)('diagnosis against the real-kernel recordings', () => {
  const scenarios = HAS_SHARED ? readdirSync(REAL).filter((d) => existsSync(path.join(REAL, d, 'truth.json'))) : [];
  const totals = new Map<string, { required: number; found: number; counted: number; fp: number }>();
  const lines: string[] = [];

  for (const scenario of scenarios) {
    for (const file of FORMATS) {
      const p = path.join(REAL, scenario, file);
      if (!existsSync(p)) continue;
      it(`${scenario}/${file}`, () => {
        const table = readCaptureBytes(new Uint8Array(readFileSync(p)), file);
        const analysis = analyzeFlows(table);
        const findings = diagnose(table, analysis);
        const s = score(table, analysis, loadTruth(path.join(REAL, scenario, 'truth.json')), findings);
        const recall = s.required ? s.found / s.required : 1;
        const precision = s.counted ? (s.counted - s.falsePositives) / s.counted : 1;
        lines.push(
          `${scenario.padEnd(34)} ${file.padEnd(24)} recall ${s.found}/${s.required} (${(recall * 100).toFixed(0)}%)  ` +
            `precision ${s.counted - s.falsePositives}/${s.counted} (${(precision * 100).toFixed(0)}%)` +
            (s.misses.length ? `  missed: ${s.misses.join('; ')}` : '') +
            (s.extras.length ? `  unmatched: ${s.extras.join('; ')}` : ''),
        );
        const t = totals.get(file) ?? { required: 0, found: 0, counted: 0, fp: 0 };
        t.required += s.required;
        t.found += s.found;
        t.counted += s.counted;
        t.fp += s.falsePositives;
        totals.set(file, t);
      });
    }
  }

  it('reaches 95% recall and precision in every format', () => {
    console.log(lines.sort().join('\n'));
    expect(totals.size).toBeGreaterThan(0);
    for (const [file, t] of totals) {
      const recall = t.found / t.required;
      const precision = (t.counted - t.fp) / t.counted;
      console.log(`${file.padEnd(24)} recall ${(recall * 100).toFixed(1)}%  precision ${(precision * 100).toFixed(1)}%`);
      expect.soft(recall, `${file} recall`).toBeGreaterThanOrEqual(0.95);
      expect.soft(precision, `${file} precision`).toBeGreaterThanOrEqual(0.95);
    }
  });
});
