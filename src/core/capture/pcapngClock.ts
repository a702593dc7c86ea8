// pcapng timestamps are 64-bit tick counts in a per-interface unit (if_tsresol: 10^-n or 2^-n
// seconds, default microseconds) plus a per-interface offset in seconds (if_tsoffset). This
// turns ticks into whole seconds and nanoseconds without losing precision above 2^53.

export interface Resolution {
  /** 10 for 10^-exponent units, 2 for 2^-exponent units. */
  radix: 10 | 2;
  exponent: number;
}

/** libpcap's limits: finer units than these cannot be represented in 64-bit ticks sensibly. */
export const MAX_DECIMAL_EXPONENT = 19;
export const MAX_BINARY_EXPONENT = 63;

export const MICROSECONDS: Resolution = { radix: 10, exponent: 6 };

/** Decodes the if_tsresol byte: the top bit selects powers of two. */
export function resolutionOf(tsresol: number): Resolution {
  return tsresol & 0x80 ? { radix: 2, exponent: tsresol & 0x7f } : { radix: 10, exponent: tsresol };
}

/** Decimal digits needed to show one tick (6 for µs, 9 for ns and anything finer). */
export function precisionDigits(r: Resolution): number {
  const digits = r.radix === 10 ? r.exponent : Math.ceil(r.exponent * Math.log10(2));
  return Math.min(9, digits);
}

const TWO_32 = 4294967296;

export class InterfaceClock {
  private readonly divisor: number;
  private readonly nanosPerTick: number;
  /** Decimal units of up to 10^-9 s take the exact fast path; anything else goes through BigInt. */
  private readonly fast: boolean;
  private readonly bigDivisor: bigint;
  /** Results of the last conversion. */
  secs = 0;
  nanos = 0;

  constructor(
    readonly resolution: Resolution,
    private readonly offsetSecs: number,
  ) {
    this.fast = resolution.radix === 10 && resolution.exponent <= 9;
    this.divisor = this.fast ? 10 ** resolution.exponent : 1;
    this.nanosPerTick = this.fast ? 10 ** (9 - resolution.exponent) : 0;
    this.bigDivisor = resolution.radix === 10 ? 10n ** BigInt(resolution.exponent) : 1n << BigInt(resolution.exponent);
  }

  /** Converts ticks = high·2^32 + low into `secs` and `nanos`. */
  convert(high: number, low: number): void {
    if (this.fast) {
      // Long division in 16-bit digits keeps every intermediate below 2^53.
      const d = this.divisor;
      const qHigh = Math.floor(high / d);
      let rem = high - qHigh * d;
      let x = rem * 65536 + (low >>> 16);
      const q1 = Math.floor(x / d);
      rem = x - q1 * d;
      x = rem * 65536 + (low & 0xffff);
      const q0 = Math.floor(x / d);
      rem = x - q0 * d;
      this.secs = qHigh * TWO_32 + q1 * 65536 + q0 + this.offsetSecs;
      this.nanos = rem * this.nanosPerTick;
      return;
    }
    const ticks = (BigInt(high) << 32n) | BigInt(low);
    const whole = ticks / this.bigDivisor;
    this.secs = Number(whole) + this.offsetSecs;
    this.nanos = Number(((ticks - whole * this.bigDivisor) * 1_000_000_000n) / this.bigDivisor);
  }
}
