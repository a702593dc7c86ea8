// One function's excerpt: its signature, each anchor line with a little context, elisions
// between, all with the file's real line numbers.
import type { Finding } from '../diagnosis/finding';
import { t } from '../i18n/index';
import { annotate } from './annotate';
import type { KernelFunction } from './catalogue/types';
import { sourceLine, type CSource } from './cSource';
import type { AnchorHit } from './findAnchors';
import type { FunctionSpan } from './locateFunction';

export interface ExcerptAnchor {
  id: string;
  line: number;
  annotation: string;
}

export interface ExcerptLine {
  line: number;
  text: string;
}

/** Shown lines in order; a gap in `line` numbers between neighbours is an elision. */
export interface FunctionExcerpt {
  /** The name as defined in this source (an older or newer name than the catalogue's, maybe). */
  function: string;
  /** The catalogue's name for it (key of `kernelFunction`). */
  catalogueName: string;
  file: string;
  /** The line holding the function's name in its definition. */
  startLine: number;
  /** The line of the body's closing brace. */
  endLine: number;
  anchors: ExcerptAnchor[];
  /** Catalogue anchors this version does not have, with the reason (in the current locale). */
  missingAnchors: { id: string; reason: string }[];
  lines: ExcerptLine[];
}

export interface ExcerptOptions {
  /** Lines shown above and below each anchor line. */
  context?: number;
  finding?: Finding;
}

/** Signature lines shown at most; a longer parameter list is elided after this many. */
const MAX_SIGNATURE_LINES = 6;

export function buildFunctionExcerpt(
  src: CSource,
  file: string,
  fn: KernelFunction,
  span: FunctionSpan,
  hits: readonly AnchorHit[],
  options: ExcerptOptions = {},
): FunctionExcerpt {
  const context = Math.max(0, Math.min(20, options.context ?? 2));
  const ranges: [number, number][] = [];
  ranges.push([span.signatureLine, Math.min(span.bodyLine, span.signatureLine + MAX_SIGNATURE_LINES - 1)]);
  const anchors: ExcerptAnchor[] = [];
  const missingAnchors: { id: string; reason: string }[] = [];
  for (const hit of hits) {
    if (hit.line === undefined) {
      missingAnchors.push({
        id: hit.anchor.id,
        reason: hit.anchor.absentIn ? t('excerpt.absentIn', { versions: hit.anchor.absentIn }) : t('excerpt.patternNotFound'),
      });
      continue;
    }
    anchors.push({ id: hit.anchor.id, line: hit.line, annotation: annotate(hit.anchor, options.finding) });
    ranges.push([Math.max(span.nameLine, hit.line - context), Math.min(span.endLine, hit.line + context)]);
  }
  ranges.push([span.endLine, span.endLine]);
  anchors.sort((a, b) => a.line - b.line);

  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    // Eliding a single line saves nothing: join ranges one line apart.
    if (last && r[0] <= last[1] + 2) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const lines: ExcerptLine[] = [];
  for (const [from, to] of merged) for (let n = from; n <= to; n++) lines.push({ line: n, text: sourceLine(src, n) });

  return {
    function: span.name,
    catalogueName: fn.name,
    file,
    startLine: span.nameLine,
    endLine: span.endLine,
    anchors,
    missingAnchors,
    lines,
  };
}
