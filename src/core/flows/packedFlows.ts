// Flows as columns: how the flow pass publishes its flows (summary.ts), and how they pass between
// threads. Each Flow record is a small object that reads its fields from the columns when asked.
// As objects with their direction summaries and row views, a million one-packet flows (a SYN
// flood) cost 6.8 s of CPU and 800 MB of heap to build; 300,000 Flow objects took the parse
// worker 2.7 s to post and the extension host 1.9 s to receive. As columns they are some twenty
// typed arrays, and every flow's rows stay where they are: views of one buffer (shared memory in
// a worker).
import { columnsInOneBlock, privateMemory, type ColumnAllocator, type ColumnsOf } from '../columnBlock';
import type { DirectionSummary, Flow, FlowState } from './types';

// In the order of the protocol's FLOW_PROTOS and FLOW_STATES: the summary's flow table copies
// these codes as they are (test/flows/packedFlows.test.ts reads them back through both).
/** A flow's protocol and state by their codes in the columns. */
export const PROTOS = ['tcp', 'udp'] as const;
export const STATES: readonly FlowState[] = ['refused', 'open', 'closed', 'reset'];

/** Flow fields, one entry per flow (index = flow id). */
const FLOW_COLUMN_TYPES = {
  initialRtt: Float64Array,
  /** Where the flow's rows start in `rows`. */
  rowStart: Uint32Array,
  clientAddr: Uint32Array,
  serverAddr: Uint32Array,
  firstRow: Uint32Array,
  lastRow: Uint32Array,
  packets: Uint32Array,
  clientPort: Uint16Array,
  serverPort: Uint16Array,
  proto: Uint8Array,
  state: Uint8Array,
  rolesFromHandshake: Uint8Array,
};

/**
 * DirectionSummary fields, two entries per flow: [2·id] client→server, [2·id + 1] server→client.
 * Sequence numbers, packet counts and raw windows fit 32 bits; byte counts may not.
 */
const DIRECTION_COLUMN_TYPES = {
  payloadBytes: Float64Array,
  wireBytes: Float64Array,
  lastWindowBytes: Float64Array,
  isn: Uint32Array,
  dirPackets: Uint32Array,
  highestSeq: Uint32Array,
  lastAck: Uint32Array,
  lastWindow: Uint32Array,
  mss: Uint16Array,
  windowScale: Int8Array,
  isnFromSyn: Uint8Array,
  sackPermitted: Uint8Array,
  timestamps: Uint8Array,
  sawFin: Uint8Array,
  sawRst: Uint8Array,
};
type DirectionColumns = ColumnsOf<typeof DIRECTION_COLUMN_TYPES>;

export interface PackedFlows extends ColumnsOf<typeof FLOW_COLUMN_TYPES>, DirectionColumns {
  count: number;
  /** Every flow's rows; flow i's are rows[rowStart[i] .. rowStart[i] + packets[i]). */
  rows: Uint32Array;
}

/** Columns for `count` flows whose rows are views of `rows`, every entry 0 (one block from `alloc`). */
export function allocatePackedFlows(count: number, rows: Uint32Array, alloc: ColumnAllocator = privateMemory): PackedFlows {
  return {
    count,
    rows,
    ...columnsInOneBlock(FLOW_COLUMN_TYPES, count, alloc),
    ...columnsInOneBlock(DIRECTION_COLUMN_TYPES, 2 * count, alloc),
  };
}

/** The code of a flow's protocol and state in PackedFlows' columns. */
export const protoCode = (proto: Flow['proto']): number => PROTOS.indexOf(proto);
export const stateCode = (state: FlowState): number => STATES.indexOf(state);

/**
 * The columns a flow pass' flows read their fields from (every Flow record comes from one:
 * buildFlows, or unpackFlows on the far side of a postMessage). Anything else, a subset or
 * records made another way, is a mistake of the caller's.
 */
export function flowColumns(flows: readonly Flow[]): PackedFlows {
  if (flows.length === 0) return allocatePackedFlows(0, new Uint32Array(0));
  const first = flows[0];
  if (first instanceof PackedFlow && first.p.count === flows.length && flows.every((f, i) => f instanceof PackedFlow && f.p === first.p && f.id === i)) return first.p;
  throw new Error("flowColumns: these are not one flow pass' flows, in order");
}

/**
 * The Flow records again, read from the columns when asked for: the receiving thread reads a
 * few flows (the one on screen, those with findings), and building 300,000 objects with their
 * direction summaries and row views took the extension host 1.3 s plus 1 s of collection.
 */
export function unpackFlows(p: PackedFlows): Flow[] {
  const flows = new Array<Flow>(p.count);
  for (let i = 0; i < p.count; i++) flows[i] = new PackedFlow(p, i);
  return flows;
}

/**
 * One flow of a PackedFlows, every field read from its columns. `rows` and `dirs` are made on
 * each read and not kept: the diagnosis reads them once for each of a million flows, and kept
 * they were 400 bytes of heap per flow again (bench/README.md). Code that walks a flow's rows
 * reads them once, before the loop.
 */
class PackedFlow implements Flow {
  constructor(
    readonly p: PackedFlows,
    readonly id: number,
  ) {}

  get proto(): 'tcp' | 'udp' {
    return PROTOS[this.p.proto[this.id]];
  }
  get clientAddr(): number {
    return this.p.clientAddr[this.id];
  }
  get clientPort(): number {
    return this.p.clientPort[this.id];
  }
  get serverAddr(): number {
    return this.p.serverAddr[this.id];
  }
  get serverPort(): number {
    return this.p.serverPort[this.id];
  }
  get rolesFromHandshake(): boolean {
    return this.p.rolesFromHandshake[this.id] === 1;
  }
  get firstRow(): number {
    return this.p.firstRow[this.id];
  }
  get lastRow(): number {
    return this.p.lastRow[this.id];
  }
  get packets(): number {
    return this.p.packets[this.id];
  }
  get state(): FlowState {
    return STATES[this.p.state[this.id]];
  }
  get initialRtt(): number {
    return this.p.initialRtt[this.id];
  }
  get dirs(): [DirectionSummary, DirectionSummary] {
    return [unpackDirection(this.p, 2 * this.id), unpackDirection(this.p, 2 * this.id + 1)];
  }
  get rows(): Uint32Array {
    const start = this.p.rowStart[this.id];
    return this.p.rows.subarray(start, start + this.p.packets[this.id]);
  }
}

function unpackDirection(p: DirectionColumns, k: number): DirectionSummary {
  return {
    isn: p.isn[k],
    isnFromSyn: p.isnFromSyn[k] === 1,
    windowScale: p.windowScale[k],
    mss: p.mss[k],
    sackPermitted: p.sackPermitted[k] === 1,
    timestamps: p.timestamps[k] === 1,
    packets: p.dirPackets[k],
    payloadBytes: p.payloadBytes[k],
    wireBytes: p.wireBytes[k],
    highestSeq: p.highestSeq[k],
    lastAck: p.lastAck[k],
    lastWindow: p.lastWindow[k],
    lastWindowBytes: p.lastWindowBytes[k],
    sawFin: p.sawFin[k] === 1,
    sawRst: p.sawRst[k] === 1,
  };
}
