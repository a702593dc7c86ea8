// Gzip-compressed captures (`*.pcap.gz`) are inflated as a stream with the platform's
// DecompressionStream, which exists both in Node's extension host and in browsers.

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** The compressed input ended early or is corrupt; everything inflated before it was passed on. */
export class GzipDamage extends Error {
  constructor(
    message: string,
    /** Compressed bytes read when the damage was noticed. */
    readonly compressedOffset: number,
  ) {
    super(message);
  }
}

export function isGzip(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= 2 && firstBytes[0] === GZIP_MAGIC_0 && firstBytes[1] === GZIP_MAGIC_1;
}

/** Inflates `source` chunk by chunk; throws GzipDamage after yielding what could be inflated. */
export async function* gunzipChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const inflater = new DecompressionStream('gzip');
  const writer = inflater.writable.getWriter();
  const reader = inflater.readable.getReader();
  let compressedOffset = 0;
  let writeFailure: unknown;
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        await writer.write(chunk as Uint8Array<ArrayBuffer>);
        compressedOffset += chunk.byteLength;
      }
      await writer.close();
    } catch (e) {
      writeFailure = e;
      await writer.abort(e).catch(() => undefined);
    }
  })();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
  } catch (e) {
    await feeding;
    if (writeFailure !== undefined && !isInflateError(writeFailure)) throw writeFailure;
    throw new GzipDamage(
      `gzip data ends early or is corrupt after ${compressedOffset} compressed bytes (${describe(e)})`,
      compressedOffset,
    );
  }
  await feeding;
  if (writeFailure !== undefined) throw writeFailure;
}

/**
 * A source's chunks as they come, or inflated when its first bytes are gzip's (magic 1f 8b),
 * whatever its name: how the editor and the command line read a capture of unknown kind.
 * `gzip` is known once the first chunk is out.
 */
export class MaybeGzip {
  gzip = false;

  constructor(private readonly source: AsyncIterable<Uint8Array>) {}

  async *chunks(): AsyncGenerator<Uint8Array> {
    const iterator = this.source[Symbol.asyncIterator]();
    let first = await iterator.next();
    // One byte alone cannot tell the two-byte magic apart.
    while (!first.done && first.value.length < 2) {
      const next = await iterator.next();
      if (next.done) break;
      first = { done: false, value: concat(first.value, next.value) };
    }
    if (first.done) return;
    const head = first.value;
    async function* whole(): AsyncGenerator<Uint8Array> {
      yield head;
      yield* { [Symbol.asyncIterator]: () => iterator };
    }
    this.gzip = isGzip(head);
    yield* this.gzip ? gunzipChunks(whole()) : whole();
  }
}

/** The warning that ends reading where compressed data was damaged (its offset counts compressed bytes). */
export function damageWarning(damage: GzipDamage): { message: string; offset: number; endsReading: true } {
  return { message: damage.message, offset: damage.compressedOffset, endsReading: true };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function isInflateError(e: unknown): boolean {
  return e instanceof TypeError || (e instanceof Error && /gzip|zlib|incorrect header|unexpected end/i.test(e.message));
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
