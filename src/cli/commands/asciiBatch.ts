// Text output assembled as bytes in one reused buffer and handed out a megabyte at a time:
// printing millions of rows then makes no string per row, which is what dominated the time (and
// the garbage collector) of `sockscope packets`. Where the output takes bytes (the CLI's stdout)
// they go out as they are; decoding them into a string for a writer that encodes it again took
// 0.9 of `packets`' 3.2 s of CPU on the 200 MB benchmark capture.

const BATCH_BYTES = 1 << 20;
/** Rows written between two waits for standard output to take what it was given (CliIo.drain). */
export const ROWS_PER_DRAIN = 8192;
/** Room a row's numbers and separators may need after its last byte string; rows are far shorter. */
const MAX_ROW_BYTES = 4096;
const DIGIT_0 = 48;
const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Below this an integer's digits come from int32 arithmetic, which V8 divides by 10 without a division. */
const INT32_LIMIT = 2 ** 31;
const NINE_DIGITS = 1e9;
const SHORT_BYTES = 16;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const QUOTE = 0x22;
const SPACE = 0x20;
const BACKSLASH = 0x5c;
const NULL = Uint8Array.from('null', (c) => c.charCodeAt(0));
/** Strings longer than this go through the encoder and bytes(), which make room for any length. */
const MAX_PLAIN_STRING = 256;

/** Where a batch goes: bytes where the output takes them, else text. */
export interface BatchOutput {
  out(text: string): void;
  /** True when the output is done with `bytes` on return; otherwise they are the output's to keep (CliIo.outBytes). */
  outBytes?(bytes: Uint8Array): boolean | void;
}

export class AsciiBatch {
  private buf = new Uint8Array(BATCH_BYTES);
  private pos = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();

  constructor(private readonly output: BatchOutput) {}

  /** Call before each row: hands out the batch when another row might not fit. */
  startRow(): void {
    if (this.pos > BATCH_BYTES - MAX_ROW_BYTES) this.flush();
  }

  encode(text: string): Uint8Array {
    return this.encoder.encode(text);
  }

  /**
   * Bytes of any length (an address, a host name from a text log). After them the batch still
   * has MAX_ROW_BYTES of room, which the rest of a row's numbers and separators rely on: what
   * would not leave it goes out first.
   */
  bytes(b: Uint8Array): void {
    if (this.pos + b.length > BATCH_BYTES - MAX_ROW_BYTES) {
      this.flush();
      if (b.length > BATCH_BYTES - MAX_ROW_BYTES) {
        this.emit(b, false);
        return;
      }
    }
    // Separators and keys are a few bytes: stored one by one, without set()'s call.
    if (b.length <= SHORT_BYTES) for (let k = 0; k < b.length; k++) this.buf[this.pos++] = b[k];
    else {
      this.buf.set(b, this.pos);
      this.pos += b.length;
    }
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** `text` as JSON.stringify writes it: quoted, escaped where JSON escapes, UTF-8. */
  jsonString(text: string): void {
    // Printable ASCII other than the quote and the backslash stands for itself (an address, mostly).
    const at = this.pos;
    this.buf[this.pos++] = QUOTE;
    if (this.plainAscii(text, true)) this.buf[this.pos++] = QUOTE;
    else {
      this.pos = at;
      this.bytes(this.encoder.encode(JSON.stringify(text)));
    }
  }

  /** `text` as UTF-8, as it is. */
  utf8(text: string): void {
    if (!this.plainAscii(text, false)) this.bytes(this.encoder.encode(text));
  }

  /**
   * Copies a short `text` whose characters are all ASCII (printable, and none that JSON escapes,
   * when `forJson`), checking them as they are copied; otherwise writes nothing and returns false.
   */
  private plainAscii(text: string, forJson: boolean): boolean {
    if (text.length > MAX_PLAIN_STRING) return false;
    const buf = this.buf;
    let at = this.pos;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c > 0x7f || (forJson && (c < 0x20 || c === QUOTE || c === BACKSLASH))) return false;
      buf[at++] = c;
    }
    this.pos = at;
    return true;
  }

  /** `n` spaces; like bytes(), leaves the batch its room for the rest of the row. */
  spaces(n: number): void {
    for (let left = n; left > 0; ) {
      if (this.pos >= BATCH_BYTES - MAX_ROW_BYTES) this.flush();
      const run = Math.min(left, BATCH_BYTES - MAX_ROW_BYTES - this.pos);
      this.buf.fill(SPACE, this.pos, this.pos + run);
      this.pos += run;
      left -= run;
    }
  }

  /** A number as JSON.stringify writes it (`null` for NaN and ±Infinity). */
  jsonNumber(value: number): void {
    if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) this.uint(value);
    else if (!Number.isFinite(value)) this.bytes(NULL);
    else {
      // The shortest text that reads back as the same double: JavaScript's own, digits and . - e + only.
      const text = String(value);
      for (let k = 0; k < text.length; k++) this.buf[this.pos++] = text.charCodeAt(k);
    }
  }

  /** An integer of magnitude below 2^53 (a negative one only from a pcapng time offset). */
  uint(value: number): void {
    let v = Math.floor(value);
    if (v < 0) {
      this.buf[this.pos++] = 0x2d;
      v = -v;
    }
    if (v < INT32_LIMIT) {
      this.int32Digits(v | 0, digitCount(v | 0));
      return;
    }
    // Larger (sequence numbers, seconds since 2038): the leading digits, then nine more.
    const high = Math.floor(v / NINE_DIGITS);
    this.uint(high);
    this.int32Digits((v - high * NINE_DIGITS) | 0, 9);
  }

  /** The first `count` digits of `value` written with `width` digits, zero-padded (a fraction; value below 10^9). */
  fraction(value: number, width: number, count: number): void {
    this.int32Digits((value / POW10[width - count]) | 0, count);
  }

  /** `value` as `digits` lowercase hex digits. */
  hex(value: number, digits: number): void {
    for (let k = digits - 1; k >= 0; k--) this.buf[this.pos++] = HEX[(value >>> (4 * k)) & 15];
  }

  flush(): void {
    if (this.pos === 0) return;
    this.emit(this.buf.subarray(0, this.pos), true);
    this.pos = 0;
  }

  /** `batch`: the bytes are the batch buffer's, to be written over next unless the output keeps them. */
  private emit(bytes: Uint8Array, batch: boolean): void {
    if (!this.output.outBytes) {
      this.output.out(this.decoder.decode(bytes));
      return;
    }
    // A stream that could not pass them on at once keeps them until the reader takes them: the
    // next batch then gets a buffer of its own (copying every batch instead cost 34 MB of peak RSS
    // on the 200 MB capture, the copies collected late).
    if (this.output.outBytes(bytes) !== true && batch) this.buf = new Uint8Array(BATCH_BYTES);
  }

  /** `x` (0 ≤ x < 2^31) as exactly `n` digits, zero-padded, written from the last. */
  private int32Digits(x: number, n: number): void {
    const buf = this.buf;
    let at = this.pos + n;
    this.pos = at;
    for (let k = 0; k < n; k++) {
      const q = (x / 10) | 0;
      buf[--at] = DIGIT_0 + (x - q * 10);
      x = q;
    }
  }
}

/** Characters uint() writes for a whole number 0 ≤ value < 2^53. */
export function uintLength(value: number): number {
  return value < INT32_LIMIT ? digitCount(value | 0) : String(Math.floor(value)).length;
}

/** Decimal digits of 0 ≤ x < 2^31 (1 for 0). */
function digitCount(x: number): number {
  let n = 1;
  while (n < 10 && x >= POW10[n]) n++;
  return n;
}
