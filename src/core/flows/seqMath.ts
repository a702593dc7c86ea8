// TCP sequence-space arithmetic (RFC 9293 §3.4): 32-bit numbers compared modulo 2^32, so a
// flow that wraps past 0xffffffff still orders correctly.

/** a > b in sequence space. */
export function seqGt(a: number, b: number): boolean {
  return ((b - a) | 0) < 0;
}

/** a < b in sequence space. */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** a <= b in sequence space. */
export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

/** (a + b) mod 2^32 as an unsigned number. */
export function seqAdd(a: number, b: number): number {
  return (a + b) >>> 0;
}

/** (a - b) mod 2^32 as an unsigned number: the distance from b forward to a. */
export function seqSub(a: number, b: number): number {
  return (a - b) >>> 0;
}
