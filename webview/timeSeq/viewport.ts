// The time-sequence graph's visible window: a time range across, a sequence range up, and the
// plot rectangle they map onto. Zoom and pan keep the point under the pointer where it is.

export interface Range {
  t0: number;
  t1: number;
  s0: number;
  s1: number;
}

export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Narrowest spans the graph zooms to: a microsecond across, a byte up. */
const MIN_TIME_SPAN = 1e-6;
const MIN_SEQ_SPAN = 1;

export class Viewport {
  range: Range = { t0: 0, t1: 1, s0: 0, s1: 1 };
  plot: PlotRect = { left: 0, top: 0, width: 1, height: 1 };

  x(t: number): number {
    const r = this.range;
    return this.plot.left + ((t - r.t0) / (r.t1 - r.t0)) * this.plot.width;
  }

  y(s: number): number {
    const r = this.range;
    return this.plot.top + this.plot.height - ((s - r.s0) / (r.s1 - r.s0)) * this.plot.height;
  }

  timeAt(x: number): number {
    const r = this.range;
    return r.t0 + ((x - this.plot.left) / this.plot.width) * (r.t1 - r.t0);
  }

  seqAt(y: number): number {
    const r = this.range;
    return r.s0 + ((this.plot.top + this.plot.height - y) / this.plot.height) * (r.s1 - r.s0);
  }

  /** Scales the spans by `fx` and `fy` (< 1 zooms in) around the pixel (px, py). */
  zoomAround(px: number, py: number, fx: number, fy: number): void {
    const t = this.timeAt(px);
    const s = this.seqAt(py);
    const r = this.range;
    const tSpan = Math.max(MIN_TIME_SPAN, (r.t1 - r.t0) * fx);
    const sSpan = Math.max(MIN_SEQ_SPAN, (r.s1 - r.s0) * fy);
    const ax = (px - this.plot.left) / this.plot.width;
    const ay = (this.plot.top + this.plot.height - py) / this.plot.height;
    this.range = { t0: t - ax * tSpan, t1: t - ax * tSpan + tSpan, s0: s - ay * sSpan, s1: s - ay * sSpan + sSpan };
  }

  /** Moves the window by a pixel offset (drag right shows earlier times). */
  panPixels(dx: number, dy: number): void {
    const r = this.range;
    const dt = (-dx / this.plot.width) * (r.t1 - r.t0);
    const ds = (dy / this.plot.height) * (r.s1 - r.s0);
    this.range = { t0: r.t0 + dt, t1: r.t1 + dt, s0: r.s0 + ds, s1: r.s1 + ds };
  }

  /** Zooms to the rectangle between two pixels. */
  zoomToBox(x0: number, y0: number, x1: number, y1: number): void {
    const ta = this.timeAt(Math.min(x0, x1));
    const tb = this.timeAt(Math.max(x0, x1));
    const sa = this.seqAt(Math.max(y0, y1));
    const sb = this.seqAt(Math.min(y0, y1));
    this.range = {
      t0: ta,
      t1: Math.max(tb, ta + MIN_TIME_SPAN),
      s0: sa,
      s1: Math.max(sb, sa + MIN_SEQ_SPAN),
    };
  }
}

/** A window around everything, with a little air on each side. */
export function paddedRange(t0: number, t1: number, s0: number, s1: number): Range {
  const tSpan = t1 - t0 > 0 ? t1 - t0 : 1;
  const sSpan = s1 - s0 > 0 ? s1 - s0 : 1;
  return { t0: t0 - tSpan * 0.02, t1: t1 + tSpan * 0.02, s0: s0 - sSpan * 0.03, s1: s1 + sSpan * 0.05 };
}

export function validRange(v: unknown): Range | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const nums = [r.t0, r.t1, r.s0, r.s1];
  if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const [t0, t1, s0, s1] = nums as number[];
  return t1 > t0 && s1 > s0 ? { t0, t1, s0, s1 } : null;
}
