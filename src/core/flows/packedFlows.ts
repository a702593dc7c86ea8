// Flows as columns: how the flow pass publishes its flows (summary.ts), and how they pass between
// threads. Each Flow record is a small object that reads its fields from the columns when asked.
// As objects with their direction summaries and row views, a million one-packet flows (a SYN
// flood) cost 6.8 s of CPU and 800 MB of heap to build; 300,000 Flow objects took the parse
// worker 2.7 s to post and the extension host 1.9 s to receive. As columns they are some twenty
// typed arrays, and every flow's rows stay where they are: views of one buffer (shared memory in
// a worker).
import { columnsInOneBlock, privateMemory, type ColumnAllocator } from '../columnBlock';
import { Dir, type DirectionSummary, type Flow, type FlowState } from './types';

// In the order of the protocol's FLOW_PROTOS and FLOW_STATES: the summary's flow table copies
// these codes as they are (test/flows/packedFlows.test.ts reads them back through both).
const PROTOS = ['tcp', 'udp'] as const;
const STATES: readonly FlowState[] = ['refused', 'open', 'closed', 'reset'];

/** Flow fields, one entry per flow (index = flow id). */
interface FlowColumns {
  proto: Uint8Array;
  state: Uint8Array;
  rolesFromHandshake: Uint8Array;
  clientAddr: Uint32Array;
  clientPort: Uint16Array;
  serverAddr: Uint32Array;
  serverPort: Uint16Array;
  firstRow: Uint32Array;
  lastRow: Uint32Array;
  packets: Uint32Array;
  initialRtt: Float64Array;
  /** Where the flow's rows start in `rows`. */
  rowStart: Uint32Array;
}

/**
 * DirectionSummary fields, two entries per flow: [2·id] client→server, [2·id + 1] server→client.
 * Sequence numbers, packet counts and raw windows fit 32 bits; byte counts may not.
 */
interface DirectionColumns {
  isn: Uint32Array;
  isnFromSyn: Uint8Array;
  windowScale: Int8Array;
  mss: Uint16Array;
  sackPermitted: Uint8Array;
  timestamps: Uint8Array;
  dirPackets: Uint32Array;
  payloadBytes: Float64Array;
  wireBytes: Float64Array;
  highestSeq: Uint32Array;
  lastAck: Uint32Array;
  lastWindow: Uint32Array;
  lastWindowBytes: Float64Array;
  sawFin: Uint8Array;
  sawRst: Uint8Array;
}

export interface PackedFlows extends FlowColumns, DirectionColumns {
  count: number;
  /** Every flow's rows; flow i's are rows[rowStart[i] .. rowStart[i] + packets[i]). */
  rows: Uint32Array;
}

/**
 * The one buffer the flows' row lists are views of (buildFlows makes them so), as a view from
 * the lowest to the end of the highest; a copy of them all when they are not in one buffer.
 */
function sharedRows(flows: readonly Flow[]): { rows: Uint32Array; start: (f: Flow) => number } {
  const buffer = flows[0]?.rows.buffer;
  let lo = Infinity;
  let hi = 0;
  for (const f of flows) {
    if (f.rows.buffer !== buffer) return copiedRows(flows);
    lo = Math.min(lo, f.rows.byteOffset);
    hi = Math.max(hi, f.rows.byteOffset + f.rows.byteLength);
  }
  if (!buffer || lo > hi) return { rows: new Uint32Array(0), start: () => 0 };
  return { rows: new Uint32Array(buffer, lo, (hi - lo) / 4), start: (f) => (f.rows.byteOffset - lo) / 4 };
}

function copiedRows(flows: readonly Flow[]): { rows: Uint32Array; start: (f: Flow) => number } {
  let total = 0;
  for (const f of flows) total += f.rows.length;
  const rows = new Uint32Array(total);
  const starts = new Map<Flow, number>();
  let at = 0;
  for (const f of flows) {
    rows.set(f.rows, at);
    starts.set(f, at);
    at += f.rows.length;
  }
  return { rows, start: (f) => starts.get(f) ?? 0 };
}

/** Columns for `count` flows whose rows are views of `rows`, every entry 0 (one block from `alloc`). */
export function allocatePackedFlows(count: number, rows: Uint32Array, alloc: ColumnAllocator = privateMemory): PackedFlows {
  const flowColumns = columnsInOneBlock(
    {
      initialRtt: Float64Array,
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
    },
    count,
    alloc,
  );
  const directionColumns = columnsInOneBlock(
    {
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
    },
    2 * count,
    alloc,
  );
  return { count, rows, ...flowColumns, ...directionColumns };
}

/** The code of a flow's protocol and state in PackedFlows' columns. */
export const protoCode = (proto: Flow['proto']): number => PROTOS.indexOf(proto);
export const stateCode = (state: FlowState): number => STATES.indexOf(state);

/** Flows as columns; flows that were unpacked from columns give those back, with no work. */
export function packFlows(flows: readonly Flow[]): PackedFlows {
  const source = packedSource(flows);
  if (source) return source;
  const n = flows.length;
  const { rows, start } = sharedRows(flows);
  const p = allocatePackedFlows(n, rows);
  for (let i = 0; i < n; i++) {
    const f = flows[i];
    p.proto[i] = protoCode(f.proto);
    p.state[i] = stateCode(f.state);
    p.rolesFromHandshake[i] = f.rolesFromHandshake ? 1 : 0;
    p.clientAddr[i] = f.clientAddr;
    p.clientPort[i] = f.clientPort;
    p.serverAddr[i] = f.serverAddr;
    p.serverPort[i] = f.serverPort;
    p.firstRow[i] = f.firstRow;
    p.lastRow[i] = f.lastRow;
    p.packets[i] = f.packets;
    p.initialRtt[i] = f.initialRtt;
    p.rowStart[i] = start(f);
    packDirection(p, 2 * i, f.dirs[Dir.ToServer]);
    packDirection(p, 2 * i + 1, f.dirs[Dir.ToClient]);
  }
  return p;
}

function packDirection(p: DirectionColumns, k: number, d: DirectionSummary): void {
  p.isn[k] = d.isn;
  p.isnFromSyn[k] = d.isnFromSyn ? 1 : 0;
  p.windowScale[k] = d.windowScale;
  p.mss[k] = d.mss;
  p.sackPermitted[k] = d.sackPermitted ? 1 : 0;
  p.timestamps[k] = d.timestamps ? 1 : 0;
  p.dirPackets[k] = d.packets;
  p.payloadBytes[k] = d.payloadBytes;
  p.wireBytes[k] = d.wireBytes;
  p.highestSeq[k] = d.highestSeq;
  p.lastAck[k] = d.lastAck;
  p.lastWindow[k] = d.lastWindow;
  p.lastWindowBytes[k] = d.lastWindowBytes;
  p.sawFin[k] = d.sawFin ? 1 : 0;
  p.sawRst[k] = d.sawRst ? 1 : 0;
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

/** The columns `flows` were unpacked from, when they are exactly those columns' flows in order. */
export function packedSource(flows: readonly Flow[]): PackedFlows | undefined {
  const first = flows[0];
  if (!(first instanceof PackedFlow) || first.p.count !== flows.length) return undefined;
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i];
    if (!(f instanceof PackedFlow) || f.p !== first.p || f.id !== i) return undefined;
  }
  return first.p;
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

/** The typed arrays of `p` that are not shared memory: what a postMessage can transfer. */
export function packedBuffers(p: PackedFlows): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(p)) {
    if (ArrayBuffer.isView(v) && v !== p.rows && v.buffer instanceof ArrayBuffer && !out.includes(v.buffer)) out.push(v.buffer);
  }
  return out;
}
