// Axis ticks at round values (1, 2 or 5 times a power of ten) and their labels: seconds across,
// relative sequence numbers up.

/** Round tick values inside [lo, hi], about `target` of them. */
export function niceTicks(lo: number, hi: number, target: number): { values: number[]; step: number } {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return { values: [], step: 1 };
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
  const values: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi && values.length < 200; v += step) values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { values, step };
}

/** Seconds with as many decimals as the tick step needs. */
export function timeTickLabel(v: number, step: number): string {
  const decimals = Math.max(0, Math.min(9, -Math.floor(Math.log10(step) + 1e-9)));
  return `${v.toFixed(decimals)} s`;
}

/** Sequence offsets in bytes, shortened with decimal prefixes (sequence space is counted in bytes). */
export function seqTickLabel(v: number, step: number): string {
  const a = Math.abs(v);
  const unit = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e4 ? 1e3 : 1;
  const suffix = unit === 1e9 ? 'G' : unit === 1e6 ? 'M' : unit === 1e3 ? 'k' : '';
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step / unit) + 1e-9)));
  return `${(v / unit).toFixed(decimals)}${suffix}`;
}
