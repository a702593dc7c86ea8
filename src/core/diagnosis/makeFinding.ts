// Assembles a Finding from a detector's evidence: sorted unique frames, rounded figures, and the
// stage's kernel functions from the stage catalogue, so every detector returns the same shape.
import type { Confidence, FactValue, Finding, Side, StageId } from './finding';
import type { FlowTrace } from './flowTrace';
import { renderSummary, type SummaryArgs } from '../i18n/summaries/index';
import { kernelRefs } from '../kernel/catalogue/index';

export { plural, seconds } from '../i18n/units';

export interface Evidence {
  stage: StageId;
  side: Side;
  start: number;
  end: number;
  frames: number[];
  confidence: Confidence;
  /** The figures the summary is rendered from; its stage must be `stage`. */
  text: SummaryArgs;
  facts: Record<string, FactValue>;
}

/** At most this many evidence frames per finding: the first and last ones carry the story. */
const MAX_FRAMES = 200;

export function makeFinding(tr: FlowTrace, ev: Evidence): Finding {
  let frames = [...new Set(ev.frames)].sort((a, b) => a - b);
  if (frames.length > MAX_FRAMES) frames = [...frames.slice(0, MAX_FRAMES / 2), ...frames.slice(-MAX_FRAMES / 2)];
  if (ev.text.stage !== ev.stage) throw new Error(`a ${ev.stage} finding cannot carry a ${ev.text.stage} summary`);
  return {
    stage: ev.stage,
    flow: tr.id,
    side: ev.side,
    start: ev.start,
    end: Math.max(ev.start, ev.end),
    frames,
    confidence: ev.confidence,
    summary: renderSummary(ev.text),
    facts: ev.facts,
    kernel: kernelRefs(ev.stage),
    summaryArgs: ev.text,
  };
}

/** A figure rounded for `facts` (4 decimals for seconds). */
export function round(x: number, digits = 4): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}

