// A cursor over one line of tcpdump text held as UTF-8 bytes. The reader keeps one instance and
// points it at each line in turn, so scanning a packet line allocates nothing.

export const CH_TAB = 0x09;
export const CH_SPACE = 0x20;
export const CH_LPAREN = 0x28;
export const CH_RPAREN = 0x29;
export const CH_COMMA = 0x2c;
export const CH_MINUS = 0x2d;
export const CH_DOT = 0x2e;
export const CH_COLON = 0x3a;
export const CH_LT = 0x3c;
export const CH_GT = 0x3e;
export const CH_LBRACKET = 0x5b;
export const CH_RBRACKET = 0x5d;
export const CH_LBRACE = 0x7b;
export const CH_RBRACE = 0x7d;
export const CH_0 = 0x30;
export const CH_9 = 0x39;

/** ASCII text as bytes, built once per keyword at module load. */
export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) out[k] = text.charCodeAt(k);
  return out;
}

export function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

/** Whether buf[start, end) holds exactly the bytes of `known`. */
export function sameBytes(known: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let k = 0; k < known.length; k++) if (known[k] !== buf[start + k]) return false;
  return true;
}

/** 2^32: sequence numbers and other 32-bit fields must stay below it. */
const U32_LIMIT = 4294967296;

export class LineScan {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** The value read by the last successful number read. */
  num = 0;
  /** Digits consumed by the last number read (fractions need their width). */
  digits = 0;

  reset(buf: Uint8Array, start: number, end: number): void {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  peek(): number {
    return this.pos < this.end ? this.buf[this.pos] : -1;
  }

  peekAt(offset: number): number {
    const p = this.pos + offset;
    return p < this.end ? this.buf[p] : -1;
  }

  eat(c: number): boolean {
    if (this.pos < this.end && this.buf[this.pos] === c) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Whether the bytes at `at` spell `word`. */
  matchesAt(at: number, word: Uint8Array): boolean {
    if (at + word.length > this.end) return false;
    const b = this.buf;
    for (let k = 0; k < word.length; k++) if (b[at + k] !== word[k]) return false;
    return true;
  }

  /** Consumes `word` if the line continues with it. */
  eatWord(word: Uint8Array): boolean {
    if (!this.matchesAt(this.pos, word)) return false;
    this.pos += word.length;
    return true;
  }

  skipSpaces(): void {
    const b = this.buf;
    while (this.pos < this.end && b[this.pos] === CH_SPACE) this.pos++;
  }

  /** Index of the next `word` at or after `from` and before `limit`, or -1. */
  find(word: Uint8Array, from = this.pos, limit = this.end): number {
    const b = this.buf;
    const first = word[0];
    const last = limit - word.length;
    for (let p = from; p <= last; p++) {
      if (b[p] !== first) continue;
      let k = 1;
      while (k < word.length && b[p + k] === word[k]) k++;
      if (k === word.length) return p;
    }
    return -1;
  }

  /** Index of the next byte `c` at or after `from`, or -1. */
  findByte(c: number, from = this.pos, limit = this.end): number {
    const b = this.buf;
    for (let p = from; p < limit; p++) if (b[p] === c) return p;
    return -1;
  }

  /**
   * Reads an unsigned decimal below 2^32 into `num`; false (position unchanged) when there is
   * no digit or the value does not fit, so a hostile 40-digit number is rejected, not rounded.
   */
  uint(): boolean {
    const b = this.buf;
    let p = this.pos;
    let v = 0;
    while (p < this.end) {
      const c = b[p];
      if (c < CH_0 || c > CH_9) break;
      v = v * 10 + (c - CH_0);
      if (v >= U32_LIMIT) return false;
      p++;
    }
    if (p === this.pos) return false;
    this.digits = p - this.pos;
    this.num = v;
    this.pos = p;
    return true;
  }

  /** Reads exactly `n` digits into `num`. */
  fixedDigits(n: number): boolean {
    if (this.pos + n > this.end) return false;
    const b = this.buf;
    let v = 0;
    for (let k = 0; k < n; k++) {
      const c = b[this.pos + k];
      if (c < CH_0 || c > CH_9) return false;
      v = v * 10 + (c - CH_0);
    }
    this.num = v;
    this.digits = n;
    this.pos += n;
    return true;
  }

  /** Skips to just after the `close` that balances an already consumed `open`; false if the line ends first. */
  skipBalanced(open: number, close: number): boolean {
    const b = this.buf;
    let depth = 1;
    while (this.pos < this.end) {
      const c = b[this.pos++];
      if (c === open) depth++;
      else if (c === close && --depth === 0) return true;
    }
    return false;
  }
}
