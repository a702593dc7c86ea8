// One flow's packets as the columns the time-sequence graph needs, built once per flow from the
// host's tables: relative sequence and ACK numbers unwrapped past 2^32 (so a transfer of more
// than 4 GiB keeps climbing), windows scaled, SACK edges relative to the data sender's ISN.
// Pure: no vscode import, so the browser tests' stand-in host builds the same thing.
import { relTime, sackOf } from '../core/capture/packetTable';
import type { CaptureModel } from './captureModel';

export interface FlowSeries {
  /** Seconds relative to the capture's first packet. */
  time: Float64Array;
  /** 0 client→server, 1 server→client. */
  dir: Uint8Array;
  /** Relative sequence number, unwrapped per direction. */
  seq: Float64Array;
  len: Uint32Array;
  /** Relative acknowledgement number (of the peer's sequence space), unwrapped; -1 without the ACK flag. */
  ack: Float64Array;
  /** Advertised window in bytes (scaled when the scale is known). */
  win: Float64Array;
  tcpFlags: Uint16Array;
  analysis: Uint32Array;
  /** Packets carrying SACK blocks (indices within the flow, ascending) and their edges: sackEdges[sackStart[j] .. sackStart[j+1]). */
  sackAt: Uint32Array;
  sackStart: Uint32Array;
  /** Relative to the ISN of the sequence space they acknowledge, unwrapped like `ack`. */
  sackEdges: Float64Array;
}

const TWO32 = 2 ** 32;
const SYN = 0x002;
const ACK = 0x010;

/** Advertised window in bytes: scaled when the shift is known, never on a SYN (RFC 7323 §2.2). */
export function scaledWindow(raw: number, tcpFlags: number, shift: number): number {
  return shift >= 0 && !(tcpFlags & SYN) ? raw * 2 ** shift : raw;
}

/** Keeps a 32-bit relative number monotonic across wrap-arounds: the value nearest to `near`. */
export function unwrapNear(rel32: number, near: number): number {
  const base = Math.floor(near / TWO32) * TWO32;
  let v = base + rel32;
  if (v - near > TWO32 / 2) v -= TWO32;
  else if (near - v > TWO32 / 2) v += TWO32;
  return Math.max(0, v);
}

const cache = new WeakMap<CaptureModel, Map<number, FlowSeries>>();

/** The series of flow `flowId`, built on first use and kept as long as the model lives. */
export function flowSeries(model: CaptureModel, flowId: number): FlowSeries {
  let perModel = cache.get(model);
  if (!perModel) {
    perModel = new Map();
    cache.set(model, perModel);
  }
  let s = perModel.get(flowId);
  if (!s) {
    s = buildFlowSeries(model, flowId);
    perModel.set(flowId, s);
  }
  return s;
}

export function buildFlowSeries(model: CaptureModel, flowId: number): FlowSeries {
  const flow = model.analysis.flows[flowId];
  if (!flow) throw new Error(`no flow ${flowId} (the capture has ${model.analysis.flows.length})`);
  const t = model.table;
  const a = model.analysis;
  const n = flow.rows.length;
  const tcp = flow.proto === 'tcp';
  const out: FlowSeries = {
    time: new Float64Array(n),
    dir: new Uint8Array(n),
    seq: new Float64Array(n),
    len: new Uint32Array(n),
    ack: new Float64Array(n),
    win: new Float64Array(n),
    tcpFlags: new Uint16Array(n),
    analysis: new Uint32Array(n),
    sackAt: new Uint32Array(0),
    sackStart: new Uint32Array(0),
    sackEdges: new Float64Array(0),
  };
  // Last unwrapped value per sequence space (index = the direction that owns the space).
  const lastSeq = [0, 0];
  const sackAt: number[] = [];
  const sackStart: number[] = [];
  const sackEdges: number[] = [];
  // A flow's rows and direction summaries may be made on each read (packedFlows.ts): once here.
  const rows = flow.rows;
  const dirs = flow.dirs;
  for (let k = 0; k < n; k++) {
    const row = rows[k];
    const dir = a.dirOf[row] === 1 ? 1 : 0;
    const own = dirs[dir];
    const peer = dirs[dir ^ 1];
    const flags = tcp ? t.tcpFlags[row] : 0;
    out.time[k] = relTime(t, row);
    out.dir[k] = dir;
    out.len[k] = t.len[row];
    out.tcpFlags[k] = flags;
    out.analysis[k] = a.flags[row];
    if (!tcp) {
      out.ack[k] = -1;
      out.win[k] = 0;
      continue;
    }
    const seq = unwrapNear((t.seq[row] - own.isn) >>> 0, lastSeq[dir]);
    out.seq[k] = seq;
    lastSeq[dir] = Math.max(lastSeq[dir], seq);
    if (flags & ACK) {
      const ack = unwrapNear((t.ack[row] - peer.isn) >>> 0, lastSeq[dir ^ 1]);
      out.ack[k] = ack;
      if (t.opts[row] & 0x08) {
        sackAt.push(k);
        sackStart.push(sackEdges.length);
        for (const e of sackOf(t, row)) sackEdges.push(unwrapNear((e - peer.isn) >>> 0, ack));
      }
    } else {
      out.ack[k] = -1;
    }
    out.win[k] = scaledWindow(t.win[row], flags, own.windowScale);
  }
  out.sackAt = Uint32Array.from(sackAt);
  out.sackStart = Uint32Array.from(sackStart);
  out.sackEdges = Float64Array.from(sackEdges);
  return out;
}
