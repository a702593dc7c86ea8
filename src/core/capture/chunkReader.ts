// Every reader consumes its input as a sequence of chunks, so a multi-gigabyte file is read
// with memory bounded by the packet table, not by the file. A record split across two chunks
// is carried over by the reader.

export interface ChunkReader {
  /** Feeds the next chunk of the file; the reader may keep a reference only to its unread tail. */
  push(chunk: Uint8Array): void;
  /** The input ended: a record still incomplete is reported as truncated. */
  end(): void;
}
