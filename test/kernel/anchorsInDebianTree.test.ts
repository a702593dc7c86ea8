// In the real Debian 6.1.192-2 tree, every function the catalogue names is found at the line
// anchors.json records, and every anchor that exists there is found at its recorded line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allKernelFunctions, catalogueFiles } from '../../src/core/kernel/catalogue';
import { scanCSource, type CSource } from '../../src/core/kernel/cSource';
import { findAnchors } from '../../src/core/kernel/findAnchors';
import { locateFunction } from '../../src/core/kernel/locateFunction';
import { requireOrSkip } from '../support/shared';
import { HAS_ANCHORS, KERNEL_TREE, kernelTreeReady, readAnchors, TREE_KEY } from './kernelTree';

const ready = kernelTreeReady() && requireOrSkip('../shared/design/kernel/anchors.json', HAS_ANCHORS);

describe.runIf(ready)('catalogue against the Debian 6.1.192-2 tree', () => {
  const recorded = ready ? readAnchors() : [];
  const sources = new Map<string, CSource>();
  const source = (file: string): CSource | undefined => {
    if (!sources.has(file)) {
      try {
        sources.set(file, scanCSource(readFileSync(path.join(KERNEL_TREE, file), 'utf8')));
      } catch {
        return undefined;
      }
    }
    return sources.get(file);
  };

  it("locates every function defined in the catalogue's files where the stage map's column-0 rule does", () => {
    // design/kernel/stages.md: a definition is a non-indented line with NAME( followed, before
    // any ';', by a line starting with '{'. Our locator must agree on all of them, not just ours.
    let checked = 0;
    const disagreements: string[] = [];
    for (const file of catalogueFiles()) {
      const src = source(file)!;
      const lines = src.text.split('\n');
      const seen = new Set<string>();
      for (let i = 0; i < lines.length; i++) {
        if (/^[\s#]/.test(lines[i])) continue;
        const m = /^(?:[A-Za-z_][\w\s*]*?[\s*])?([A-Za-z_]\w*)\s*\(/.exec(lines[i]);
        if (!m || seen.has(m[1])) continue;
        let isDefinition = false;
        for (let j = i; j < Math.min(i + 12, lines.length); j++) {
          if (lines[j].startsWith('{')) {
            isDefinition = true;
            break;
          }
          if (lines[j].trimEnd().endsWith(';') || (j > i && /^[A-Za-z_#]/.test(lines[j]))) break;
        }
        if (!isDefinition) continue;
        seen.add(m[1]);
        checked++;
        const span = locateFunction(src, [m[1]]);
        if (span?.nameLine !== i + 1) disagreements.push(`${file}:${i + 1} ${m[1]} → ${span?.nameLine}`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(disagreements).toEqual([]);
  });

  for (const fn of allKernelFunctions()) {
    it(`${fn.name}: definition line and anchor lines equal the recorded ones`, () => {
      const entry = recorded.find((e) => e.function === fn.name);
      expect(entry, `anchors.json has an entry for ${fn.name}`).toBeDefined();
      const truth = entry!.versions[TREE_KEY];
      expect(truth, `${fn.name} exists in ${TREE_KEY}`).toBeTruthy();

      let located: { file: string; src: CSource; span: NonNullable<ReturnType<typeof locateFunction>> } | undefined;
      for (const file of fn.files) {
        const src = source(file);
        const span = src && locateFunction(src, fn.searchNames);
        if (src && span) {
          located = { file, src, span };
          break;
        }
      }
      expect(located, `${fn.name} located`).toBeDefined();
      expect(located!.file).toBe(truth!.file);
      expect(located!.span.nameLine).toBe(truth!.funcLine);
      expect(located!.span.endLine).toBe(truth!.endLine);

      const hits = findAnchors(located!.src, located!.span, fn.anchors);
      for (const want of truth!.anchors) {
        const hit = hits.find((h) => h.anchor.id === want.id);
        expect(hit, `catalogue has anchor ${fn.name}/${want.id}`).toBeDefined();
        if (want.absent) expect(hit!.line, `${want.id} is absent in ${TREE_KEY}`).toBeUndefined();
        else expect(hit!.line, `${fn.name}/${want.id}`).toBe(want.line);
      }
      // And the catalogue has no anchor the recorded truth does not know.
      for (const hit of hits) expect(truth!.anchors.map((a) => a.id)).toContain(hit.anchor.id);
    });
  }
});
