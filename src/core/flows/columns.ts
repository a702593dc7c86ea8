// Allocating result columns pre-filled with a marker value. TypedArray.fill with a non-zero
// value runs element by element; doubling copyWithin runs at memory-copy speed.

export function filledFloat64(n: number, value: number): Float64Array {
  const a = new Float64Array(n);
  return fillByDoubling(a, value);
}

export function filledInt32(n: number, value: number): Int32Array {
  const a = new Int32Array(n);
  return fillByDoubling(a, value);
}

function fillByDoubling<T extends Float64Array | Int32Array>(a: T, value: number): T {
  if (a.length === 0) return a;
  a[0] = value;
  for (let filled = 1; filled < a.length; filled *= 2) a.copyWithin(filled, 0, Math.min(filled, a.length - filled));
  return a;
}
