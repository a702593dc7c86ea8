// The parse pipeline over a stream of chunks, shared by the desktop parse worker and the web
// host: sniff gzip, feed the capture reader, then analyse flows and diagnose.
import type { CaptureModel } from '../view/captureModel';
import { GzipDamage, gunzipChunks, isGzip } from './gunzip';
import { analyseTable, createCaptureSink } from '../view/pipeline';

export type ParsePhase = 'reading' | 'analysing';

export interface ParseProgress {
  phase: ParsePhase;
  /** Bytes of the file consumed (compressed bytes for gzip). */
  done: number;
  total?: number;
}

export interface ParseHooks {
  total?: number;
  onProgress(p: ParseProgress): void;
  /** Called between chunks: the web host yields to its event loop here and checks cancellation. */
  betweenChunks?(): Promise<void>;
}

export async function parseChunks(
  fileName: string,
  source: AsyncIterable<Uint8Array>,
  hooks: ParseHooks,
): Promise<CaptureModel> {
  let consumed = 0;
  const counted = countBytes(source, (n) => {
    consumed += n;
  });
  const sink = createCaptureSink(fileName);
  // The first chunk decides whether the bytes are gzip-compressed (magic 1f 8b), whatever the name.
  const iterator = counted[Symbol.asyncIterator]();
  const head = await iterator.next();
  const firstChunk = head.done ? new Uint8Array(0) : head.value;
  const whole = prepend(firstChunk, { [Symbol.asyncIterator]: () => iterator });
  const input = isGzip(firstChunk) ? gunzipChunks(whole) : whole;
  let damage: GzipDamage | undefined;
  try {
    for await (const chunk of input) {
      sink.push(chunk);
      hooks.onProgress({ phase: 'reading', done: consumed, total: hooks.total });
      if (hooks.betweenChunks) await hooks.betweenChunks();
    }
  } catch (e) {
    if (!(e instanceof GzipDamage)) throw e;
    damage = e;
  }
  const table = sink.finish();
  if (damage) table.warnings.push({ message: damage.message, offset: damage.compressedOffset });
  hooks.onProgress({ phase: 'analysing', done: consumed, total: hooks.total });
  if (hooks.betweenChunks) await hooks.betweenChunks();
  return analyseTable(table);
}

async function* countBytes(source: AsyncIterable<Uint8Array>, add: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    add(chunk.byteLength);
    yield chunk;
  }
}

async function* prepend(head: Uint8Array, rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield head;
  yield* rest;
}
