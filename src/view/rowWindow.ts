// Answers the webview's `getRows`: a window of one flow's packets as parallel number columns.
// Only the requested window is built, so a flow of a million segments never crosses the channel.
import { relTime, sackOf } from '../core/capture/packetTable';
import { ackRttAt, rtoAt } from '../core/flows/rowDelays';
import { MAX_ROWS_PER_REQUEST, type RowColumns } from '../protocol';
import type { CaptureModel } from './captureModel';
import { scaledWindow } from './flowSeries';

export interface RowWindow {
  from: number;
  total: number;
  cols: RowColumns;
}

export function rowWindow(model: CaptureModel, flowId: number, from: number, count: number): RowWindow {
  const flow = model.analysis.flows[flowId];
  if (!flow) throw new Error(`no flow ${flowId} (the capture has ${model.analysis.flows.length})`);
  const total = flow.rows.length;
  const start = Math.max(0, Math.min(Math.trunc(from), total));
  const end = Math.min(total, start + Math.max(0, Math.min(Math.trunc(count), MAX_ROWS_PER_REQUEST)));
  const n = end - start;
  const cols = emptyColumns(n);
  const t = model.table;
  const a = model.analysis;
  const tcp = flow.proto === 'tcp';
  // A flow's rows and direction summaries may be made on each read (packedFlows.ts): once here.
  const rows = flow.rows;
  const dirs = flow.dirs;
  for (let k = 0; k < n; k++) {
    const row = rows[start + k];
    const dir = a.dirOf[row] === 1 ? 1 : 0;
    const own = dirs[dir];
    const peer = dirs[dir ^ 1];
    cols.frame[k] = row + 1;
    cols.time[k] = relTime(t, row);
    cols.dir[k] = dir;
    cols.flags[k] = tcp ? t.tcpFlags[row] : 0;
    cols.seq[k] = tcp ? (t.seq[row] - own.isn) >>> 0 : 0;
    cols.ack[k] = tcp && t.tcpFlags[row] & 0x010 ? (t.ack[row] - peer.isn) >>> 0 : 0;
    cols.len[k] = t.len[row];
    const raw = t.win[row];
    cols.win[k] = tcp ? scaledWindow(raw, t.tcpFlags[row], own.windowScale) : raw;
    cols.winRaw[k] = raw;
    cols.analysis[k] = a.flags[row];
    cols.wireLen[k] = t.wireLen[row];
    cols.dupAckNum[k] = a.dupAckNum[row];
    cols.rtoFrame[k] = a.rtoFrame[row];
    cols.rto[k] = orMinusOne(rtoAt(t, a, row));
    cols.ackRtt[k] = orMinusOne(ackRttAt(t, a, row));
    cols.bytesInFlight[k] = a.bytesInFlight[row];
    cols.opts[k] = t.opts[row];
    cols.mss[k] = t.mss[row];
    cols.wscale[k] = t.wscale[row] === 255 ? -1 : t.wscale[row];
    cols.tsval[k] = t.tsval[row];
    cols.tsecr[k] = t.tsecr[row];
    if (t.opts[row] & 0x08) {
      // SACK blocks acknowledge the peer's sequence space.
      const edges = sackOf(t, row);
      cols.sackAt.push(k);
      cols.sackEdges.push(edges.map((e) => (e - peer.isn) >>> 0));
    }
  }
  return { from: start, total, cols };
}

function orMinusOne(x: number): number {
  return Number.isFinite(x) ? x : -1;
}

function emptyColumns(n: number): RowColumns {
  const col = (): number[] => new Array<number>(n);
  return {
    frame: col(),
    time: col(),
    dir: col(),
    flags: col(),
    seq: col(),
    ack: col(),
    len: col(),
    win: col(),
    winRaw: col(),
    analysis: col(),
    wireLen: col(),
    dupAckNum: col(),
    rtoFrame: col(),
    rto: col(),
    ackRtt: col(),
    bytesInFlight: col(),
    opts: col(),
    mss: col(),
    wscale: col(),
    tsval: col(),
    tsecr: col(),
    sackAt: [],
    sackEdges: [],
  };
}
