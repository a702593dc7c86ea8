// Allocating result columns pre-filled with a marker value. TypedArray.fill with a non-zero
// value runs element by element; doubling copyWithin runs at memory-copy speed.

/** Sets a[from..to) to `value`. */
export function fillRange(a: Float64Array | Int32Array, from: number, to: number, value: number): void {
  fillByDoubling(a.subarray(from, to), value);
}

function fillByDoubling<T extends Float64Array | Int32Array>(a: T, value: number): T {
  if (a.length === 0) return a;
  a[0] = value;
  for (let filled = 1; filled < a.length; filled *= 2) a.copyWithin(filled, 0, Math.min(filled, a.length - filled));
  return a;
}

export type NumberColumn = Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** A longer copy of a per-record column (the new tail is zero), for tables that double as they fill. */
export function grown<T extends NumberColumn>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  (b as Float64Array).set(a);
  return b;
}
