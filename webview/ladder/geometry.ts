// Vertical layout of the ladder: one row per packet, plus a fold row before each long idle gap.
// y grows with packet index, so time runs downward; folds keep long silences from pushing the
// interesting part off screen while still saying how long they were.

export const BASE_ROW_HEIGHT = 22;
export const FOLD_HEIGHT = 18;

export class LadderGeometry {
  readonly rowHeight: number;
  /** Packet index of each fold (the packet after the gap), ascending. */
  private readonly foldBefore: number[];
  readonly foldSeconds: number[];

  constructor(
    readonly total: number,
    zoom: number,
    gaps: { before: number; seconds: number }[] | undefined,
  ) {
    this.rowHeight = Math.max(6, Math.round(BASE_ROW_HEIGHT * zoom));
    const sorted = (gaps ?? []).filter((g) => g.before > 0 && g.before < total).sort((a, b) => a.before - b.before);
    this.foldBefore = sorted.map((g) => g.before);
    this.foldSeconds = sorted.map((g) => g.seconds);
  }

  get folds(): number {
    return this.foldBefore.length;
  }

  /** Number of folds drawn above packet `index` (folds whose packet is at or before it). */
  foldsUpTo(index: number): number {
    let lo = 0;
    let hi = this.foldBefore.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.foldBefore[mid] <= index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Top of packet `index`'s row in content coordinates. */
  rowTop(index: number): number {
    return index * this.rowHeight + this.foldsUpTo(index) * FOLD_HEIGHT;
  }

  /** Top of fold k (drawn just above its packet's row). */
  foldTop(k: number): number {
    return this.rowTop(this.foldBefore[k]) - FOLD_HEIGHT;
  }

  foldIndex(k: number): number {
    return this.foldBefore[k];
  }

  get contentHeight(): number {
    return this.total * this.rowHeight + this.foldBefore.length * FOLD_HEIGHT;
  }

  /** The packet whose row contains content y (a fold belongs to the packet after it). */
  indexAt(y: number): number {
    if (this.total === 0) return 0;
    // Folds whose top is at or above y, by binary search over their monotonic tops.
    let lo = 0;
    let hi = this.foldBefore.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.foldBefore[mid] * this.rowHeight + mid * FOLD_HEIGHT <= y) lo = mid + 1;
      else hi = mid;
    }
    const c = lo;
    if (c > 0) {
      const top = this.foldBefore[c - 1] * this.rowHeight + (c - 1) * FOLD_HEIGHT;
      if (y < top + FOLD_HEIGHT) return this.foldBefore[c - 1];
    }
    const i = Math.floor((y - c * FOLD_HEIGHT) / this.rowHeight);
    return Math.min(this.total - 1, Math.max(0, i));
  }

  /** Folds intersecting content range [y0, y1): their indices k. */
  foldsBetween(y0: number, y1: number): number[] {
    const out: number[] = [];
    const first = this.foldsUpTo(this.indexAt(y0)) - 1;
    for (let k = Math.max(0, first); k < this.foldBefore.length; k++) {
      const top = this.foldTop(k);
      if (top >= y1) break;
      if (top + FOLD_HEIGHT > y0) out.push(k);
    }
    return out;
  }
}
