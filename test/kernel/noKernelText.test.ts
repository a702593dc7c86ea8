// Kernel source is never stored in the project: no git-tracked file shares a run of four
// substantial lines with the kernel files the catalogue names (compared in the real 6.1 tree).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../src/core/kernel/catalogue';
import { REPO_ROOT, requireOrSkip } from '../support/shared';
import { KERNEL_TREE, kernelTreeReady } from './kernelTree';

const RUN = 4;
/** Shorter lines (`}`, `return 0;`, `#endif`) are everywhere and prove nothing. */
const MIN_CHARS = 21;

/** The substantial lines of a text, whitespace-normalised, in order. */
function substantialLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line.replace(/ /g, '').length >= MIN_CHARS) out.push(line);
  }
  return out;
}

function windows(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + RUN <= lines.length; i++) out.push(lines.slice(i, i + RUN).join('\n'));
  return out;
}

const ready = kernelTreeReady();

describe.runIf(ready)('no kernel source text in the repository', () => {
  it(`no tracked file shares ${RUN} consecutive substantial lines with the catalogue's kernel files`, () => {
    const kernelRuns = new Set<string>();
    for (const file of catalogueFiles()) {
      const text = readFileSync(path.join(KERNEL_TREE, file), 'utf8');
      for (const w of windows(substantialLines(text))) kernelRuns.add(w);
    }
    expect(kernelRuns.size).toBeGreaterThan(10_000);

    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(tracked.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of tracked) {
      const full = path.join(REPO_ROOT, file);
      let size: number;
      try {
        size = statSync(full).size;
      } catch {
        continue; // deleted in the working tree
      }
      if (size > 4 * 1024 * 1024) continue;
      const buffer = readFileSync(full);
      if (buffer.includes(0)) continue; // binary
      for (const w of windows(substantialLines(buffer.toString('utf8')))) {
        if (kernelRuns.has(w)) {
          offenders.push(`${file}:\n${w}`);
          break;
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('would notice a copied run (self-check of the method)', () => {
    const text = readFileSync(path.join(KERNEL_TREE, 'net/ipv4/tcp_timer.c'), 'utf8');
    const lines = substantialLines(text);
    const kernelRuns = new Set(windows(lines));
    const pasted = ['// a file that pasted kernel code', ...lines.slice(100, 100 + RUN)].join('\n');
    expect(windows(substantialLines(pasted)).some((w) => kernelRuns.has(w))).toBe(true);
  });
});
