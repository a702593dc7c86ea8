// Finds a function's anchor lines: each anchor's pattern is tested line by line from the line
// holding the function's name to its closing brace (design/kernel/stages.md's rule), starting
// after another anchor when the catalogue says so. Line numbers are the file's own.
import { sourceLine, type CSource } from './cSource';
import type { KernelAnchor } from './catalogue/types';
import type { FunctionSpan } from './locateFunction';

export interface AnchorHit {
  anchor: KernelAnchor;
  /** 1-based line of the first match, or undefined when the pattern is not in this version. */
  line: number | undefined;
}

export function findAnchors(src: CSource, span: FunctionSpan, anchors: readonly KernelAnchor[]): AnchorHit[] {
  const found = new Map<string, number | undefined>();
  const hits: AnchorHit[] = [];
  for (const anchor of anchors) {
    let from = span.nameLine;
    if (anchor.after !== undefined) {
      const prior = found.get(anchor.after);
      // The anchor it follows is absent in this version: this one cannot be placed either.
      if (prior === undefined) {
        found.set(anchor.id, undefined);
        hits.push({ anchor, line: undefined });
        continue;
      }
      from = prior + 1;
    }
    let line: number | undefined;
    for (let n = from; n <= span.endLine; n++) {
      if (anchor.pattern.test(sourceLine(src, n))) {
        line = n;
        break;
      }
    }
    found.set(anchor.id, line);
    hits.push({ anchor, line });
  }
  return hits;
}
