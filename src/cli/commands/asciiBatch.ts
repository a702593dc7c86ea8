// Text output assembled as bytes in one reused buffer and handed out one large string at a time:
// printing millions of rows then makes a string per megabyte instead of several per row, which
// is what dominated the time (and the garbage collector) of `sockscope packets`.

const BATCH_BYTES = 1 << 20;
/** Longest row the batch must hold whole; rows are far shorter (addresses, a few numbers). */
const MAX_ROW_BYTES = 4096;
const TAB = 9;
const NEWLINE = 10;
const DIGIT_0 = 48;
const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

export class AsciiBatch {
  private readonly buf = new Uint8Array(BATCH_BYTES);
  private pos = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();
  private readonly digits = new Uint8Array(24);

  constructor(private readonly sink: (text: string) => void) {}

  /** Call before each row: hands out the batch when another row might not fit. */
  startRow(): void {
    if (this.pos > BATCH_BYTES - MAX_ROW_BYTES) this.flush();
  }

  encode(text: string): Uint8Array {
    return this.encoder.encode(text);
  }

  bytes(b: Uint8Array): void {
    const n = Math.min(b.length, MAX_ROW_BYTES / 4);
    this.buf.set(n === b.length ? b : b.subarray(0, n), this.pos);
    this.pos += n;
  }

  tab(): void {
    this.buf[this.pos++] = TAB;
  }

  newline(): void {
    this.buf[this.pos++] = NEWLINE;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** An integer of magnitude below 2^53 (a negative one only from a pcapng time offset). */
  uint(value: number): void {
    if (value < 0) this.buf[this.pos++] = 0x2d;
    let v = Math.floor(Math.abs(value));
    let n = 0;
    do {
      const q = Math.floor(v / 10);
      this.digits[n++] = DIGIT_0 + (v - q * 10);
      v = q;
    } while (v > 0);
    while (n > 0) this.buf[this.pos++] = this.digits[--n];
  }

  /** The first `count` digits of `value` written with `width` digits, zero-padded (a fraction). */
  fraction(value: number, width: number, count: number): void {
    let v = value;
    for (let k = width - 1; k >= 0; k--) {
      const q = Math.floor(v / 10);
      this.digits[k] = DIGIT_0 + (v - q * 10);
      v = q;
    }
    for (let k = 0; k < count; k++) this.buf[this.pos++] = this.digits[k];
  }

  /** `value` as `digits` lowercase hex digits. */
  hex(value: number, digits: number): void {
    for (let k = digits - 1; k >= 0; k--) this.buf[this.pos++] = HEX[(value >>> (4 * k)) & 15];
  }

  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.decoder.decode(this.buf.subarray(0, this.pos)));
    this.pos = 0;
  }
}
