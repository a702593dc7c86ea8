// Synthesises large pcap files for the benchmark when the network-namespace lab
// (../shared/tools/capture-lab/big-capture.sh) cannot run. Two shapes:
//  - bulk: a few dozen long connections carrying MSS-sized segments with delayed ACKs, a little
//    loss and retransmission, and a slow reader that drives its window to zero;
//  - many: tens of thousands of short request/response connections, so flow-table costs show;
//  - synflood: one SYN from each of a million and more random IPv4 sources, so every packet is a
//    flow of its own (the hostile end of the flow table).
// Frames are Ethernet/IPv4/TCP with the timestamp option, snap length 96 like the lab script.
import { openSync, writeSync, closeSync } from 'node:fs';

const SNAP = 96;
const MSS = 1448;
const ETH = 14;
const IP = 20;
const TCP = 32; // 20 + 12 bytes of NOP,NOP,timestamps

interface Conn {
  cAddr: number;
  sAddr: number;
  cPort: number;
  sPort: number;
  cSeq: number;
  sSeq: number;
}

class PcapWriter {
  private buf = Buffer.alloc(8 << 20);
  private pos = 0;
  private readonly fd: number;
  packets = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(SNAP, 16);
    h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    writeSync(this.fd, h);
    this.bytes = 24;
  }

  /** Writes one TCP frame; `time` in microseconds since the epoch. */
  tcp(timeUs: number, src: number, dst: number, sport: number, dport: number, seq: number, ack: number, flags: number, win: number, len: number, tsval: number, tsecr: number): void {
    const wire = ETH + IP + TCP + len;
    const cap = Math.min(wire, SNAP);
    if (this.pos + 16 + cap > this.buf.length) this.flush();
    const b = this.buf;
    let p = this.pos;
    b.writeUInt32LE(Math.floor(timeUs / 1e6), p);
    b.writeUInt32LE(timeUs % 1e6, p + 4);
    b.writeUInt32LE(cap, p + 8);
    b.writeUInt32LE(wire, p + 12);
    p += 16;
    const f = p;
    b.fill(0, f, f + cap);
    b.writeUInt32BE(0x02000000 | (src & 0xffff), f); // locally administered MACs derived from the address
    b.writeUInt16BE(dst & 0xffff, f + 4);
    b.writeUInt32BE(0x02000000 | (dst & 0xffff), f + 6);
    b.writeUInt16BE(src & 0xffff, f + 10);
    b.writeUInt16BE(0x0800, f + 12);
    const ip = f + ETH;
    b[ip] = 0x45;
    b.writeUInt16BE(IP + TCP + len, ip + 2);
    b.writeUInt16BE(0x4000, ip + 6);
    b[ip + 8] = 64;
    b[ip + 9] = 6;
    b.writeUInt32BE(src >>> 0, ip + 12);
    b.writeUInt32BE(dst >>> 0, ip + 16);
    const t = ip + IP;
    b.writeUInt16BE(sport, t);
    b.writeUInt16BE(dport, t + 2);
    b.writeUInt32BE(seq >>> 0, t + 4);
    b.writeUInt32BE(ack >>> 0, t + 8);
    b[t + 12] = (TCP / 4) << 4;
    b[t + 13] = flags;
    b.writeUInt16BE(win, t + 14);
    b[t + 20] = 1;
    b[t + 21] = 1;
    b[t + 22] = 8;
    b[t + 23] = 10;
    b.writeUInt32BE(tsval >>> 0, t + 24);
    b.writeUInt32BE(tsecr >>> 0, t + 28);
    this.pos = p + cap;
    this.packets++;
    this.bytes += 16 + cap;
  }

  flush(): void {
    writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;

/** A small deterministic PRNG so every run writes the same file. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function handshake(w: PcapWriter, c: Conn, t: number): number {
  w.tcp(t, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq, 0, SYN, 64240, 0, t, 0);
  w.tcp(t + 100, c.sAddr, c.cAddr, c.sPort, c.cPort, c.sSeq, c.cSeq + 1, SYN | ACK, 65160, 0, t, t);
  w.tcp(t + 200, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq + 1, c.sSeq + 1, ACK, 502, 0, t, t);
  c.cSeq += 1;
  c.sSeq += 1;
  return t + 200;
}

function teardown(w: PcapWriter, c: Conn, t: number): void {
  w.tcp(t, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq, c.sSeq, FIN | ACK, 502, 0, t, t);
  w.tcp(t + 100, c.sAddr, c.cAddr, c.sPort, c.cPort, c.sSeq, c.cSeq + 1, FIN | ACK, 509, 0, t, t);
  w.tcp(t + 200, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq + 1, c.sSeq + 1, ACK, 502, 0, t, t);
}

/** Interleaves `flows` bulk connections until the file holds about `targetBytes`. */
export function generateBulk(path: string, targetBytes: number, flows = 50): { packets: number; bytes: number } {
  const w = new PcapWriter(path);
  const rand = rng(7);
  const base = 1_790_000_000 * 1e6;
  const conns: Conn[] = [];
  let t = base;
  for (let k = 0; k < flows; k++) {
    const c: Conn = { cAddr: 0x0a630101, sAddr: 0x0a630102, cPort: 40000 + k, sPort: 5201 + (k % 3), cSeq: (rand() * 2 ** 32) >>> 0, sSeq: (rand() * 2 ** 32) >>> 0 };
    t = handshake(w, c, t + 50);
    conns.push(c);
  }
  let round = 0;
  while (w.bytes < targetBytes) {
    for (let k = 0; k < conns.length && w.bytes < targetBytes; k++) {
      const c = conns[k];
      t += 5;
      const slow = k % 25 === 24;
      const win = slow && round % 400 > 380 ? 0 : 1000;
      if (win === 0) {
        // The slow reader's window is closed: the sender probes instead of sending data.
        w.tcp(t, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq - 1, c.sSeq, ACK, 502, 0, t, t);
        w.tcp(t + 20, c.sAddr, c.cAddr, c.sPort, c.cPort, c.sSeq, c.cSeq, ACK, 0, 0, t, t);
        continue;
      }
      const lossy = k % 6 === 5 && rand() < 0.01;
      w.tcp(t, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq, c.sSeq, ACK | PSH, 502, MSS, t, t);
      if (lossy) w.tcp(t + 3000, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq, c.sSeq, ACK | PSH, 502, MSS, t, t);
      w.tcp(t + 2, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq + MSS, c.sSeq, ACK, 502, MSS, t, t);
      c.cSeq = (c.cSeq + 2 * MSS) >>> 0;
      w.tcp(t + 40, c.sAddr, c.cAddr, c.sPort, c.cPort, c.sSeq, c.cSeq, ACK, win, 0, t, t);
    }
    round++;
  }
  for (const c of conns) teardown(w, c, (t += 100));
  w.close();
  return { packets: w.packets, bytes: w.bytes };
}

/** `count` short connections: handshake, a request, a response, FIN. */
export function generateMany(path: string, count: number): { packets: number; bytes: number } {
  const w = new PcapWriter(path);
  const rand = rng(11);
  let t = 1_790_000_000 * 1e6;
  for (let k = 0; k < count; k++) {
    const c: Conn = { cAddr: 0x0a640000 + (k >> 14), sAddr: 0x0a650001, cPort: 1024 + (k % 16384) * 3, sPort: 80, cSeq: (rand() * 2 ** 32) >>> 0, sSeq: (rand() * 2 ** 32) >>> 0 };
    t = handshake(w, c, t + 37);
    w.tcp(t + 10, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq, c.sSeq, ACK | PSH, 502, 120, t, t);
    c.cSeq += 120;
    w.tcp(t + 300, c.sAddr, c.cAddr, c.sPort, c.cPort, c.sSeq, c.cSeq, ACK | PSH, 509, 900, t, t);
    c.sSeq += 900;
    w.tcp(t + 400, c.cAddr, c.sAddr, c.cPort, c.sPort, c.cSeq, c.sSeq, ACK, 502, 0, t, t);
    teardown(w, c, t + 500);
  }
  w.close();
  return { packets: w.packets, bytes: w.bytes };
}

/** `count` SYNs to one server, each from a random IPv4 source and port: `count` one-packet flows. */
export function generateSynFlood(path: string, count: number): { packets: number; bytes: number } {
  const w = new PcapWriter(path);
  const rand = rng(13);
  const server = 0x0a650001;
  let t = 1_790_000_000 * 1e6;
  for (let k = 0; k < count; k++) {
    const src = (0x0b000000 + Math.floor(rand() * 0x70000000)) >>> 0;
    const sport = 1024 + Math.floor(rand() * 64000);
    w.tcp(t, src, server, sport, 80, (rand() * 2 ** 32) >>> 0, 0, SYN, 64240, 0, t, 0);
    t += 3;
  }
  w.close();
  return { packets: w.packets, bytes: w.bytes };
}
