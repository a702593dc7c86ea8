// A bounded cache of row windows for one flow. The ladder asks for what is on screen plus a
// margin; blocks are fetched from the host on demand and the least recently used are dropped,
// so memory stays flat however long the flow is.
import type { RowColumns, RowsMessage } from '../../src/protocol';

export const BLOCK_SHIFT = 10;
export const BLOCK_SIZE = 1 << BLOCK_SHIFT;
/** 64 blocks of 1,024 rows: enough for several screens at any zoom, small enough to ignore. */
const MAX_BLOCKS = 64;

export interface RowBlock {
  /** Index of the block's first row in the flow. */
  from: number;
  /** Rows actually present (the last block of a flow is short). */
  count: number;
  cols: RowColumns;
}

export type FetchRows = (flow: number, from: number, count: number) => Promise<RowsMessage>;

export class RowCache {
  private readonly blocks = new Map<number, RowBlock>();
  private readonly inFlight = new Set<number>();
  private disposed = false;
  /** Set from the first reply; the flow summary's packet count until then. */
  total: number;
  requestsSent = 0;

  constructor(
    readonly flow: number,
    total: number,
    private readonly fetch: FetchRows,
    private readonly onLoaded: () => void,
    private readonly onError: (e: unknown) => void,
  ) {
    this.total = total;
  }

  /** The block holding row `index`, or undefined when it is not loaded (yet). Marks it recently used. */
  block(blockNo: number): RowBlock | undefined {
    const b = this.blocks.get(blockNo);
    if (b) {
      this.blocks.delete(blockNo);
      this.blocks.set(blockNo, b);
    }
    return b;
  }

  /** Looks a row up without touching recency (for hover and search helpers). */
  peek(index: number): { block: RowBlock; k: number } | undefined {
    const b = this.blocks.get(index >> BLOCK_SHIFT);
    if (!b) return undefined;
    const k = index - b.from;
    return k >= 0 && k < b.count ? { block: b, k } : undefined;
  }

  /** Requests every missing block that overlaps rows [first, last]. */
  ensure(first: number, last: number): void {
    if (this.disposed || this.total === 0) return;
    const lo = Math.max(0, first) >> BLOCK_SHIFT;
    const hi = Math.min(this.total - 1, last) >> BLOCK_SHIFT;
    for (let b = lo; b <= hi; b++) {
      if (this.blocks.has(b) || this.inFlight.has(b)) continue;
      void this.load(b);
    }
  }

  /** Loads one block and resolves when it is present (used by search and frame lookup). */
  async get(blockNo: number): Promise<RowBlock | undefined> {
    const have = this.block(blockNo);
    if (have) return have;
    return this.load(blockNo);
  }

  private async load(blockNo: number): Promise<RowBlock | undefined> {
    this.inFlight.add(blockNo);
    this.requestsSent++;
    try {
      const reply = await this.fetch(this.flow, blockNo << BLOCK_SHIFT, BLOCK_SIZE);
      if (this.disposed) return undefined;
      this.total = reply.total;
      const block: RowBlock = { from: reply.from, count: reply.cols.frame.length, cols: reply.cols };
      this.blocks.set(blockNo, block);
      while (this.blocks.size > MAX_BLOCKS) {
        const oldest = this.blocks.keys().next().value;
        if (oldest === undefined) break;
        this.blocks.delete(oldest);
      }
      this.onLoaded();
      return block;
    } catch (e) {
      if (!this.disposed) this.onError(e);
      return undefined;
    } finally {
      this.inFlight.delete(blockNo);
    }
  }

  get cachedBlocks(): number {
    return this.blocks.size;
  }

  dispose(): void {
    this.disposed = true;
    this.blocks.clear();
  }
}
