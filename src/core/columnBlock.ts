// Per-row columns of one table carved out of a single allocation.
//
// Why one block: with transparent huge pages in `madvise` mode (the `sockscope` command asks malloc
// for them) only the 2 MiB-aligned inside of a mapping is backed by huge pages; its ragged ends
// take 4 KiB pages, each a separate first-touch fault. Nineteen separately allocated columns
// paid for 38 ragged ends: about 10,000 faults for the lab's 200 MB capture, 5,000 more for the
// flow pass's columns. One block has two ends.

/**
 * Where a table's columns get their memory: plain ArrayBuffers by default, SharedArrayBuffers
 * when another thread reads the rows while they are still being written (src/io, the host's
 * parse worker).
 */
export type ColumnAllocator = (bytes: number) => ArrayBufferLike;
/** The default allocator: memory private to this thread. */
export const privateMemory: ColumnAllocator = (bytes) => new ArrayBuffer(bytes);
/** Memory other threads can read and write too (the CLI's flow thread, a parse worker's host, the page toucher). */
export const sharedMemory = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);

export interface ColumnType<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** The columns `columnsInOneBlock(types, …)` makes: one typed array per entry of `types`. */
export type ColumnsOf<S extends Record<string, ColumnType<unknown>>> = { [K in keyof S]: InstanceType<S[K]> };

/**
 * A column of `capacity` elements for each entry of `types`, all views of one block from
 * `alloc`. The widest elements come first in the block, so every column starts aligned to its
 * element size; the returned object's properties keep `types`' order.
 */
export function columnsInOneBlock<S extends Record<string, ColumnType<unknown>>>(
  types: S,
  capacity: number,
  alloc: ColumnAllocator,
): ColumnsOf<S> {
  const names = Object.keys(types) as (keyof S & string)[];
  const widestFirst = [...names].sort((a, b) => types[b].BYTES_PER_ELEMENT - types[a].BYTES_PER_ELEMENT);
  let bytes = 0;
  for (const name of names) bytes += capacity * types[name].BYTES_PER_ELEMENT;
  const memory = alloc(bytes);
  const placed = {} as Record<string, unknown>;
  let offset = 0;
  for (const name of widestFirst) {
    placed[name] = new types[name](memory, offset, capacity);
    offset += capacity * types[name].BYTES_PER_ELEMENT;
  }
  const columns = {} as Record<string, unknown>;
  for (const name of names) columns[name] = placed[name];
  return columns as ColumnsOf<S>;
}
