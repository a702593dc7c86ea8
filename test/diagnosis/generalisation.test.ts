// The detectors read mechanisms, not this corpus's numbers: the same recordings with other
// addresses and ports, every time stretched ×3 (so the RTT triples) and the byte stream (data
// offsets, segment sizes, windows) doubled — ×4 for the window-limited ones — give the same findings,
// and so does the same traffic seen from the other end of the path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture/index';
import { PacketTableBuilder, Proto, TcpFlag, type PacketTable } from '../../src/core/capture/packetTable';
import { diagnose } from '../../src/core/diagnosis/index';
import { analyzeFlows } from '../../src/core/flows/index';
import { CORPUS, HAS_SHARED } from '../support/shared';

const TIME_SCALE = 3;

/**
 * Rebuilds a table with moved endpoints, stretched time and the byte stream scaled by SIZE_SCALE:
 * data offsets, payloads, MSS and windows grow, while what TCP counts as one sequence number
 * stays one (the SYN, the FIN, the byte below snd_una that a keep-alive or zero-window probe
 * repeats), so the rescaled trace is one a real sender could have produced.
 */
function transform(src: PacketTable, SIZE_SCALE: number): PacketTable | null {
  const b = new PacketTableBuilder(src.format, src.count);
  b.dateKnown = src.dateKnown;
  b.timePrecision = 9;
  const newT0 = 1_700_000_000;
  const key = (a: number, p: number) => `${a}:${p}`;
  const pair = (i: number) => [key(src.src[i], src.sport[i]), key(src.dst[i], src.dport[i])].sort().join('|');
  // Per sending endpoint: its first sequence number, and the offset its FIN occupies.
  const isn = new Map<string, number>();
  const finOff = new Map<string, number>();
  // Flows where both SYNs carry the window-scale option: window scaling is in effect, so the
  // scale grows by one step instead of the 16-bit field doubling (which would overflow it).
  const scaleSyns = new Map<string, Set<string>>();
  for (let i = 0; i < src.count; i++) {
    const k = key(src.src[i], src.sport[i]);
    if (!isn.has(k)) isn.set(k, src.seq[i]);
    if (src.tcpFlags[i] & TcpFlag.Fin && !finOff.has(k)) finOff.set(k, (src.seq[i] + src.len[i] - (isn.get(k) as number)) >>> 0);
    if (src.tcpFlags[i] & TcpFlag.Syn && src.wscale[i] !== 255) {
      const set = scaleSyns.get(pair(i)) ?? new Set<string>();
      set.add(k);
      scaleSyns.set(pair(i), set);
    }
  }
  const scaled = (i: number) => (scaleSyns.get(pair(i))?.size ?? 0) === 2;
  const scaleSeq = (x: number, sender: string) => {
    const base = isn.get(sender);
    if (base === undefined) return x;
    const off = (x - base) >>> 0;
    const fin = finOff.get(sender);
    const grow = (o: number) => (o === 0 ? 0 : 1 + (o - 1) * SIZE_SCALE);
    const mapped = fin !== undefined && off > fin ? grow(fin) + (off - fin) : grow(off);
    return (base + 0x5000_0000 + mapped) >>> 0;
  };
  // Last raw ACK each endpoint sent: a bare segment one below it is a probe of that byte.
  const lastAck = new Map<string, number>();
  for (let i = 0; i < src.count; i++) {
    const r = b.row();
    const c = b.cols;
    const from = key(src.src[i], src.sport[i]);
    const to = key(src.dst[i], src.dport[i]);
    const f = src.tcpFlags[i];
    const rel = src.secs[i] - src.secs[0] + (src.nanos[i] - src.nanos[0]) * 1e-9;
    const t = newT0 + rel * TIME_SCALE;
    c.secs[r] = Math.floor(t);
    c.nanos[r] = Math.round((t - Math.floor(t)) * 1e9) % 1e9;
    c.proto[r] = src.proto[i];
    c.src[r] = b.internAddr(`172.16.${src.src[i] & 255}.${(src.src[i] >> 8) + 7}`);
    c.dst[r] = b.internAddr(`172.16.${src.dst[i] & 255}.${(src.dst[i] >> 8) + 7}`);
    c.sport[r] = (src.sport[i] + 1234) & 0xffff;
    c.dport[r] = (src.dport[i] + 1234) & 0xffff;
    c.tcpFlags[r] = f;
    const peerAck = lastAck.get(to);
    const probe =
      src.proto[i] === Proto.Tcp &&
      !(f & (TcpFlag.Syn | TcpFlag.Fin | TcpFlag.Rst)) &&
      src.len[i] <= 1 &&
      peerAck !== undefined &&
      ((src.seq[i] + 1) >>> 0) === peerAck;
    c.seq[r] = probe ? (scaleSeq(peerAck, from) - 1) >>> 0 : scaleSeq(src.seq[i], from);
    c.ack[r] = scaleSeq(src.ack[i], to);
    c.len[r] = probe ? src.len[i] : src.len[i] * SIZE_SCALE;
    if (src.proto[i] === Proto.Tcp && f & TcpFlag.Ack) lastAck.set(from, src.ack[i]);
    c.wireLen[r] = src.wireLen[i] + c.len[r] - src.len[i];
    c.opts[r] = src.opts[i];
    c.mss[r] = Math.min(0xffff, src.mss[i] * SIZE_SCALE);
    c.wscale[r] = src.wscale[i];
    if (f & TcpFlag.Syn) {
      // A SYN's window is never scaled; Linux offers at most 65535 there.
      c.win[r] = Math.min(0xffff, src.win[i] * SIZE_SCALE);
      if (scaled(i)) c.wscale[r] = src.wscale[i] + Math.log2(SIZE_SCALE);
    } else if (scaled(i)) {
      c.win[r] = src.win[i];
    } else {
      const w = src.win[i] * SIZE_SCALE;
      if (w > 0xffff) return null;
      c.win[r] = w;
    }
    c.tsval[r] = src.tsval[i];
    c.tsecr[r] = src.tsecr[i];
  }
  return b.finish();
}

/** The shared corpus's pcap of a scenario. */
function recording(scenario: string): PacketTable {
  return readCaptureBytes(new Uint8Array(readFileSync(path.join(CORPUS, 'real', scenario, 'capture.pcap'))), 'capture.pcap');
}

function signature(table: PacketTable): string[] {
  const findings = diagnose(table, analyzeFlows(table));
  return findings.filter((f) => f.confidence !== 'low').map((f) => `${f.stage} ${f.flow} ${f.side} ${f.confidence}`).sort();
}

// Window-limited scenarios are also run with the byte stream ×4 (window scale two steps up): their
// findings hang on how full the window is, which must be judged against the window, not in bytes.
const WINDOW_LIMITED = new Set(['zero-window-sndbuf-full', 'close-with-pending-send-fin', 'recv-buffer-filling-window-full']);
const SCENARIOS = [
  'zero-window-sndbuf-full',
  'stuck-direction-after-outage',
  'nodelay-outage-recovery',
  'nagle-delayed-ack',
  'retransmit-timeout-death',
  'connection-refused',
  'close-with-pending-send-fin',
  'close-with-unread-data-rst',
  'recv-buffer-filling-window-full',
];

describe.skipIf(!HAS_SHARED)('findings survive moved endpoints, ×3 timing and doubled windows', () => {
  for (const s of SCENARIOS) {
    it(s, () => {
      const table = recording(s);
      const before = signature(table);
      expect(before.length).toBeGreaterThan(0);
      for (const size of WINDOW_LIMITED.has(s) ? [2, 4] : [2]) {
        const moved = transform(table, size);
        expect(moved, `sizes ×${size}`).not.toBeNull();
        expect(signature(moved as PacketTable), `sizes ×${size}`).toEqual(before);
      }
    });
  }
});

/**
 * The same traffic as a capture near the other end of the path would have it: every packet shifted
 * by the one-way delay (taken a little under half the handshake RTT), later when it travels away from the original
 * capture point and earlier when it travels toward it, then put back in time order. Only for
 * recordings without wire losses, whose packets the other end would not have seen.
 */
function otherEnd(src: PacketTable): PacketTable {
  const analysis = analyzeFlows(src);
  const flow = analysis.flows[0];
  // A little under half the RTT, so that every reply still follows what it answers.
  const owd = flow.initialRtt * 0.4;
  // The original capture sat next to the client (the lab's default): client packets travel away.
  const shift = (i: number) => (analysis.dirOf[i] === 0 ? owd : -owd);
  const at = (i: number) => src.secs[i] - src.secs[0] + (src.nanos[i] - src.nanos[0]) * 1e-9 + shift(i);
  const order = Array.from({ length: src.count }, (_, i) => i).sort((a, b) => at(a) - at(b) || a - b);
  const b = new PacketTableBuilder(src.format, src.count);
  b.timePrecision = 9;
  const names = Object.keys(src).filter((k) => ArrayBuffer.isView((src as unknown as Record<string, unknown>)[k]));
  for (const i of order) {
    const r = b.row();
    const to = b.cols as unknown as Record<string, { [n: number]: number }>;
    const from = src as unknown as Record<string, { [n: number]: number }>;
    for (const name of names) to[name][r] = from[name][i];
    const t = 1_700_000_000 + at(i) + owd;
    b.cols.secs[r] = Math.floor(t);
    b.cols.nanos[r] = Math.round((t - Math.floor(t)) * 1e9) % 1e9;
  }
  for (const a of src.addrs) b.internAddr(a);
  return b.finish();
}

const LOSSLESS = [
  'zero-window-sndbuf-full',
  'nagle-delayed-ack',
  'connection-refused',
  'close-with-pending-send-fin',
  'close-with-unread-data-rst',
  'recv-buffer-filling-window-full',
];

describe.skipIf(!HAS_SHARED)('findings survive moving the capture to the other end of the path', () => {
  for (const s of LOSSLESS) {
    it(s, () => {
      const table = recording(s);
      const before = signature(table);
      // Every one of these recordings has findings: an empty list on both ends would prove nothing.
      expect(before.length).toBeGreaterThan(0);
      expect(signature(otherEnd(table))).toEqual(before);
    });
  }
});
