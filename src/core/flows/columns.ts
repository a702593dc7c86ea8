// Per-record columns of tables that grow as they fill.

export type NumberColumn = Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** A longer copy of a per-record column (the new tail is zero), for tables that double as they fill. */
export function grown<T extends NumberColumn>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  (b as Float64Array).set(a);
  return b;
}
