// Assembles a Finding from a detector's evidence: sorted unique frames, rounded figures, and the
// stage's kernel functions from the stage catalogue, so every detector returns the same shape.
import type { Confidence, FactValue, Finding, Side, StageId } from './finding';
import type { FlowTrace } from './flowTrace';
import { kernelRefs } from '../kernel/catalogue/index';

export interface Evidence {
  stage: StageId;
  side: Side;
  start: number;
  end: number;
  frames: number[];
  confidence: Confidence;
  summary: string;
  facts: Record<string, FactValue>;
}

/** At most this many evidence frames per finding: the first and last ones carry the story. */
const MAX_FRAMES = 200;

export function makeFinding(tr: FlowTrace, ev: Evidence): Finding {
  let frames = [...new Set(ev.frames)].sort((a, b) => a - b);
  if (frames.length > MAX_FRAMES) frames = [...frames.slice(0, MAX_FRAMES / 2), ...frames.slice(-MAX_FRAMES / 2)];
  return {
    stage: ev.stage,
    flow: tr.id,
    side: ev.side,
    start: ev.start,
    end: Math.max(ev.start, ev.end),
    frames,
    confidence: ev.confidence,
    summary: ev.summary,
    facts: ev.facts,
    kernel: kernelRefs(ev.stage),
  };
}

/** Seconds for people: 5.88 s, 43 ms, 120 µs. */
export function seconds(s: number): string {
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 0.001) return `${(s * 1000).toFixed(s >= 0.01 ? 0 : 1)} ms`;
  return `${Math.round(s * 1e6)} µs`;
}

/** A figure rounded for `facts` (4 decimals for seconds). */
export function round(x: number, digits = 4): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
