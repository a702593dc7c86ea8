// The host's answer to `getSeries` against tshark: every plotted data segment, ACK, window edge
// and SACK block carries the relative numbers tshark prints for that frame, retransmissions are
// the frames tshark flags, and the zero-window periods run from a zero window to the next
// non-zero one. Decimation of a long flow keeps each pixel column's extremes and sends only real
// packets.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowSeries, unwrapNear, type FlowSeries } from '../../src/view/flowSeries';
import { decimateSeries } from '../../src/view/seriesDecimation';
import { SERIES_EXACT_LIMIT } from '../../src/protocol';
import { CORPUS, HAS_SHARED, hasTool, requireOrSkip } from '../support/shared';
import { modelOf } from './fixtures';

const RECORDINGS = ['zero-window-sndbuf-full', 'nodelay-outage-recovery'];
const ready = HAS_SHARED && requireOrSkip('tshark', hasTool('tshark'));

interface TsharkRow {
  seq: number;
  len: number;
  ack: number | undefined;
  win: number;
  sack: number[];
  retrans: boolean;
}

const FIELDS = ['frame.number', 'tcp.seq', 'tcp.len', 'tcp.ack', 'tcp.window_size', 'tcp.options.sack_le', 'tcp.options.sack_re', 'tcp.analysis.retransmission', 'tcp.flags.ack'];

/** One tshark run per capture: relative numbers and the calculated (scaled) window per frame. */
function tsharkRows(pcap: string): Map<number, TsharkRow> {
  const out = execFileSync('tshark', ['-r', pcap, '-Y', 'tcp', '-T', 'fields', '-E', 'separator=/t', '-E', 'aggregator=,', ...FIELDS.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rows = new Map<number, TsharkRow>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const c = line.split('\t');
    const le = c[5] ? c[5].split(',').map(Number) : [];
    const re = c[6] ? c[6].split(',').map(Number) : [];
    rows.set(Number(c[0]), {
      seq: Number(c[1]),
      len: Number(c[2]),
      ack: c[8] === '1' || c[8] === 'True' ? Number(c[3]) : undefined,
      win: Number(c[4]),
      sack: le.flatMap((l, i) => [l, re[i]]),
      retrans: c[7] !== undefined && c[7] !== '',
    });
  }
  return rows;
}

describe.skipIf(!ready)('time-sequence series against tshark', () => {
  for (const name of RECORDINGS) {
    it(`${name}: points, windows, SACK blocks, retransmissions and zero windows`, () => {
      const pcap = path.join(CORPUS, 'real', name, 'capture.pcap');
      const model = modelOf(new Uint8Array(readFileSync(pcap)), 'capture.pcap');
      const truth = tsharkRows(pcap);
      let sackBlocks = 0;
      let zeroWindowFrames = 0;
      for (const flow of model.analysis.flows) {
        if (flow.proto !== 'tcp') continue;
        const frameOf = (k: number): number => flow.rows[k] + 1;
        const series = flowSeries(model, flow.id);
        for (const dir of [0, 1]) {
          const body = decimateSeries(series, dir, 1, 0, 1000);
          if (body.dataInRange > SERIES_EXACT_LIMIT) continue;
          expect(body.exact).toBe(true);
          for (let j = 0; j < body.data.index.length; j++) {
            const t = truth.get(frameOf(body.data.index[j]));
            expect(t, `frame ${frameOf(body.data.index[j])}`).toBeDefined();
            if (!t) continue;
            expect([body.data.seq[j], body.data.edge[j]], `data frame ${frameOf(body.data.index[j])}`).toEqual([t.seq, t.seq + t.len]);
          }
          // Retransmissions plotted are exactly tshark's, among this direction's data.
          // tshark sets tcp.analysis.retransmission on fast and spurious retransmissions too.
          const ours = body.data.index.filter((k, j) => body.data.analysis[j] & 7).map(frameOf);
          const theirs = body.data.index.map(frameOf).filter((f) => truth.get(f)?.retrans);
          expect(ours, `${name} f${flow.id} dir ${dir} retransmissions`).toEqual(theirs);
          // The ACK line and the window line: tshark's ack and ack + calculated window.
          for (let j = 0; j < body.acks.index.length; j++) {
            const f = frameOf(body.acks.index[j]);
            const t = truth.get(f);
            if (!t || t.ack === undefined) throw new Error(`frame ${f} is no ACK for tshark`);
            expect([body.acks.seq[j], body.acks.edge[j]], `ACK frame ${f}`).toEqual([t.ack, t.ack + t.win]);
          }
          // SACK blocks, edge for edge.
          const byFrame = new Map<number, number[]>();
          for (let j = 0; j < body.sacks.index.length; j++) {
            const f = frameOf(body.sacks.index[j]);
            byFrame.set(f, [...(byFrame.get(f) ?? []), body.sacks.seq[j], body.sacks.edge[j]]);
            sackBlocks++;
          }
          for (const [f, edges] of byFrame) expect(edges, `SACK frame ${f}`).toEqual(truth.get(f)?.sack);
          // Zero windows: each period starts at a frame whose window tshark reads as 0 and ends at
          // the next frame of that side whose window is not. (Periods closer than a time column
          // merge, so compare at the finest column width.)
          const receiverFrames = body.acks.index.map(frameOf);
          const fine = decimateSeries(series, dir, 1, 0, 1e9);
          for (const z of fine.zeroWindows) {
            const start = truth.get(frameOf(z.index));
            expect(start?.win, `zero window at frame ${frameOf(z.index)}`).toBe(0);
            const end = receiverFrames.find((f) => f > frameOf(z.index) && (truth.get(f)?.win ?? 0) > 0);
            if (end !== undefined) expect(z.end).toBeCloseTo(series.time[flow.rows.indexOf(end - 1)], 5);
          }
          // Every zero window tshark sees from this side lies inside a period.
          for (const f of receiverFrames) {
            const t = truth.get(f);
            if (t?.win !== 0) continue;
            zeroWindowFrames++;
            const time = series.time[flow.rows.indexOf(f - 1)];
            expect(body.zeroWindows.some((z) => z.start <= time + 1e-6 && z.end >= time - 1e-6), `frame ${f} inside a zero-window period`).toBe(true);
          }
        }
      }
      if (name === 'zero-window-sndbuf-full') {
        expect(sackBlocks).toBeGreaterThan(0);
        // The zero-window checks above ran on something.
        expect(zeroWindowFrames).toBeGreaterThan(0);
      }
    });
  }
});

describe('series decimation', () => {
  /** A bulk flow of n data segments with an ACK after every second one and a zero-window pause in the middle. */
  function bulk(n: number): FlowSeries {
    const total = n + Math.floor(n / 2);
    const s: FlowSeries = {
      time: new Float64Array(total), dir: new Uint8Array(total), seq: new Float64Array(total), len: new Uint32Array(total),
      ack: new Float64Array(total), win: new Float64Array(total), tcpFlags: new Uint16Array(total), analysis: new Uint32Array(total),
      sackAt: new Uint32Array(0), sackStart: new Uint32Array(0), sackEdges: new Float64Array(0),
    };
    let k = 0;
    for (let i = 0; i < n; i++) {
      s.time[k] = i * 1e-4 + (i >= n / 2 ? 3 : 0);
      s.seq[k] = 1 + i * 1000 + (i % 7 === 3 ? -5000 : 0);
      s.len[k] = 1000;
      s.ack[k] = 1;
      s.tcpFlags[k] = 0x18;
      s.analysis[k] = i % 7 === 3 ? 1 : 0;
      k++;
      if (i % 2 === 1) {
        s.time[k] = s.time[k - 1] + 1e-5;
        s.dir[k] = 1;
        s.ack[k] = 1 + (i + 1) * 1000;
        s.win[k] = i === Math.floor(n / 2) - 1 ? 0 : 65536;
        s.tcpFlags[k] = 0x10;
        k++;
      }
    }
    return s;
  }

  it('keeps every column extreme, sends only real packets, and stays small', () => {
    const s = bulk(300_000);
    const buckets = 800;
    const t0 = performance.now();
    const d = decimateSeries(s, 0, 1, 0, buckets);
    const ms = performance.now() - t0;
    console.log(`[series] 450,000 packets decimated into ${buckets} columns in ${ms.toFixed(1)} ms: ${d.data.index.length} data + ${d.acks.index.length} ACK points, ${JSON.stringify(d).length} bytes of JSON`);
    expect(d.exact).toBe(false);
    expect(d.dataInRange).toBe(300_000);
    expect(d.data.index.length).toBeLessThanOrEqual(buckets * 3);
    expect(d.acks.index.length).toBeLessThanOrEqual(buckets * 5 + 1);
    expect(JSON.stringify(d).length).toBeLessThan(400_000);
    // Every point is a packet of the flow with its own numbers.
    d.data.index.forEach((k, j) => {
      expect(s.dir[k]).toBe(0);
      expect(d.data.seq[j]).toBe(s.seq[k]);
    });
    // Per column, the lowest sequence number and the highest end survive, and so does a retransmission.
    const span = d.t1 - d.t0;
    const col = (t: number): number => Math.min(buckets - 1, Math.floor(((t - d.t0) / span) * buckets));
    const lo = new Array<number>(buckets).fill(Infinity);
    const hi = new Array<number>(buckets).fill(-Infinity);
    const retrans = new Array<boolean>(buckets).fill(false);
    for (let k = 0; k < s.time.length; k++) {
      if (s.dir[k] !== 0) continue;
      const c = col(s.time[k]);
      lo[c] = Math.min(lo[c], s.seq[k]);
      hi[c] = Math.max(hi[c], s.seq[k] + s.len[k]);
      if (s.analysis[k] & 1) retrans[c] = true;
    }
    const gotLo = new Array<number>(buckets).fill(Infinity);
    const gotHi = new Array<number>(buckets).fill(-Infinity);
    const gotRetrans = new Array<boolean>(buckets).fill(false);
    d.data.index.forEach((k, j) => {
      const c = col(s.time[k]);
      gotLo[c] = Math.min(gotLo[c], d.data.seq[j]);
      gotHi[c] = Math.max(gotHi[c], d.data.edge[j]);
      if (d.data.analysis[j] & 1) gotRetrans[c] = true;
    });
    expect(gotLo).toEqual(lo);
    expect(gotHi).toEqual(hi);
    expect(gotRetrans).toEqual(retrans);
    // The zero window in the middle: one period, from that ACK to the next one.
    expect(d.zeroWindows).toHaveLength(1);
    // A zoomed range is exact again once it holds few enough points.
    const z = decimateSeries(s, 0, 10, 10.2, buckets);
    expect(z.exact).toBe(true);
    expect(z.data.time.every((t) => t >= 10 && t <= 10.2)).toBe(true);
    // The ACK in force when the range starts comes first, so the lines enter from the left.
    expect(z.acks.time[0]).toBeLessThan(10);
  });

  it('unwraps 32-bit relative numbers past 4 GiB', () => {
    expect(unwrapNear(100, 2 ** 32 - 50)).toBe(2 ** 32 + 100);
    expect(unwrapNear(2 ** 32 - 10, 2 ** 32 + 5)).toBe(2 ** 32 - 10);
    expect(unwrapNear(5000, 0)).toBe(5000);
  });
});
