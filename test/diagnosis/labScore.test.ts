// The detectors on real-kernel recordings that are not in ../shared: the ones recorded for this
// project with the capture lab (test/fixtures/lab/<scenario>/capture.pcap + truth.json), scored by
// the corpus rules. SOCKSCOPE_LAB_OUT=<dir> scores a lab output directory of fresh recordings too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture/index';
import { diagnose } from '../../src/core/diagnosis/index';
import { analyzeFlows } from '../../src/core/flows/index';
import { REPO_ROOT } from '../support/shared';
import { loadTruth, score } from './support/truth';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/lab');
const FORMATS = ['capture.pcap', 'capture.pcapng', 'capture.txt', 'capture-tttt.txt', 'capture-v.txt'];

function recordings(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'truth.json')))
    .map((d) => path.join(root, d));
}

const dirs = [...recordings(FIXTURES), ...(process.env.SOCKSCOPE_LAB_OUT ? recordings(process.env.SOCKSCOPE_LAB_OUT) : [])];

describe('diagnosis against lab recordings outside the shared corpus', () => {
  const lines: string[] = [];
  let required = 0;
  let found = 0;
  let counted = 0;
  let falsePositives = 0;

  for (const dir of dirs) {
    for (const file of FORMATS) {
      const p = path.join(dir, file);
      if (!existsSync(p)) continue;
      it(`${path.basename(dir)}/${file}`, () => {
        const table = readCaptureBytes(new Uint8Array(readFileSync(p)), file);
        const analysis = analyzeFlows(table);
        const s = score(table, analysis, loadTruth(path.join(dir, 'truth.json')), diagnose(table, analysis));
        required += s.required;
        found += s.found;
        counted += s.counted;
        falsePositives += s.falsePositives;
        lines.push(
          `${path.basename(dir).padEnd(40)} ${file.padEnd(17)} recall ${s.found}/${s.required}  ` +
            `precision ${s.counted - s.falsePositives}/${s.counted}` +
            (s.misses.length ? `  missed: ${s.misses.join('; ')}` : '') +
            (s.extras.length ? `  unmatched: ${s.extras.join('; ')}` : ''),
        );
        expect.soft(s.misses, 'labelled stalls without a finding').toEqual([]);
        expect.soft(s.extras, 'findings no label explains').toEqual([]);
      });
    }
  }

  it.skipIf(dirs.length === 0)('prints recall and precision', () => {
    console.log(lines.sort().join('\n'));
    console.log(
      `lab total: recall ${found}/${required} (${((found / Math.max(1, required)) * 100).toFixed(1)}%)  ` +
        `precision ${counted - falsePositives}/${counted} (${(((counted - falsePositives) / Math.max(1, counted)) * 100).toFixed(1)}%)`,
    );
    expect(required).toBeGreaterThan(0);
  });
});
