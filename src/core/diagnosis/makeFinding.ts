// Assembles a Finding from a detector's evidence: sorted unique frames, rounded figures, and the
// stage's kernel functions from the stage catalogue, so every detector returns the same shape.
import type { Confidence, FactValue, Finding, Side, StageId } from './finding';
import type { FlowTrace } from './flowTrace';
import { flowName } from '../flows/flowJson';
import { renderSummary, type SummaryArgs } from '../i18n/summaries/index';
import { kernelRefs } from '../kernel/catalogue/index';

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
  const frames = evidenceFrames(ev.frames);
  if (ev.text.stage !== ev.stage) throw new Error(`a ${ev.stage} finding cannot carry a ${ev.text.stage} summary`);
  return {
    stage: ev.stage,
    flow: flowName(tr.flow.id),
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

/**
 * The distinct frames in ascending order, at most MAX_FRAMES: the first and last halves when there
 * are more. A window-full episode can name a million frames, so this neither sorts frames that are
 * already in order (the usual case) nor keeps more than the frames it returns.
 */
function evidenceFrames(frames: readonly number[]): number[] {
  let ascending = true;
  for (let k = 1; k < frames.length && ascending; k++) ascending = frames[k - 1] <= frames[k];
  const ordered: ArrayLike<number> = ascending ? frames : Float64Array.from(frames).sort();
  const half = MAX_FRAMES / 2;
  const head: number[] = [];
  const lastHalf = new Float64Array(half);
  let distinct = 0;
  let prev = NaN;
  for (let k = 0; k < ordered.length; k++) {
    const frame = ordered[k];
    if (frame === prev) continue;
    prev = frame;
    if (distinct < MAX_FRAMES) head.push(frame);
    lastHalf[distinct % half] = frame;
    distinct++;
  }
  if (distinct <= MAX_FRAMES) return head;
  const out = head.slice(0, half);
  for (let j = 0; j < half; j++) out.push(lastHalf[(distinct + j) % half]);
  return out;
}

/** A figure rounded for `facts` (4 decimals for seconds). */
export function round(x: number, digits = 4): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}

