// Builds small packet tables by hand for the flow-analysis scenarios.
import { PacketTableBuilder, Proto, TcpFlag, TcpOpt, type PacketTable } from '../../src/core/capture/packetTable';

export interface Segment {
  /** Seconds since the epoch start of the scenario. */
  t: number;
  /** 'c' client → server, 's' server → client. */
  from: 'c' | 's';
  flags: string;
  seq: number;
  ack?: number;
  win?: number;
  len?: number;
  mss?: number;
  ws?: number;
  sackOk?: boolean;
  sack?: number[];
}

export interface Endpoints {
  client: [string, number];
  server: [string, number];
}

const DEFAULT_ENDPOINTS: Endpoints = { client: ['10.0.0.1', 40000], server: ['10.0.0.2', 80] };
const T0 = 1_700_000_000;

function flagBits(text: string): number {
  let bits = 0;
  for (const ch of text) {
    if (ch === 'S') bits |= TcpFlag.Syn;
    else if (ch === 'A') bits |= TcpFlag.Ack;
    else if (ch === 'F') bits |= TcpFlag.Fin;
    else if (ch === 'R') bits |= TcpFlag.Rst;
    else if (ch === 'P') bits |= TcpFlag.Psh;
    else throw new Error(`unknown flag ${ch}`);
  }
  return bits;
}

export class ScenarioBuilder {
  readonly b = new PacketTableBuilder('pcap');

  tcp(segs: Segment[], ends: Endpoints = DEFAULT_ENDPOINTS): this {
    for (const s of segs) {
      const i = this.b.row();
      const c = this.b.cols;
      const [sa, sp] = s.from === 'c' ? ends.client : ends.server;
      const [da, dp] = s.from === 'c' ? ends.server : ends.client;
      const whole = Math.floor(s.t);
      c.secs[i] = T0 + whole;
      c.nanos[i] = Math.round((s.t - whole) * 1e9);
      c.proto[i] = Proto.Tcp;
      c.src[i] = this.b.internAddr(sa);
      c.dst[i] = this.b.internAddr(da);
      c.sport[i] = sp;
      c.dport[i] = dp;
      c.tcpFlags[i] = flagBits(s.flags);
      c.seq[i] = s.seq >>> 0;
      c.ack[i] = (s.ack ?? 0) >>> 0;
      c.win[i] = s.win ?? 1000;
      c.len[i] = s.len ?? 0;
      c.wireLen[i] = 54 + (s.len ?? 0);
      let opts = 0;
      if (s.mss !== undefined) {
        opts |= TcpOpt.Mss;
        c.mss[i] = s.mss;
      }
      if (s.ws !== undefined) {
        opts |= TcpOpt.WindowScale;
        c.wscale[i] = s.ws;
      }
      if (s.sackOk) opts |= TcpOpt.SackPermitted;
      if (s.sack) {
        opts |= TcpOpt.Sack;
        this.b.addSack(i, s.sack);
      }
      c.opts[i] = opts;
    }
    return this;
  }

  udp(t: number, src: [string, number], dst: [string, number], len: number): this {
    const i = this.b.row();
    const c = this.b.cols;
    const whole = Math.floor(t);
    c.secs[i] = T0 + whole;
    c.nanos[i] = Math.round((t - whole) * 1e9);
    c.proto[i] = Proto.Udp;
    c.src[i] = this.b.internAddr(src[0]);
    c.dst[i] = this.b.internAddr(dst[0]);
    c.sport[i] = src[1];
    c.dport[i] = dst[1];
    c.len[i] = len;
    c.wireLen[i] = 42 + len;
    return this;
  }

  build(): PacketTable {
    return this.b.finish();
  }
}

/** A client ISN of 1000 and server ISN of 5000, window scaling off, 10 ms handshake RTT. */
export const HANDSHAKE: Segment[] = [
  { t: 0, from: 'c', flags: 'S', seq: 1000, win: 1000, mss: 1460, sackOk: true },
  { t: 0.01, from: 's', flags: 'SA', seq: 5000, ack: 1001, win: 1000, mss: 1460, sackOk: true },
  { t: 0.02, from: 'c', flags: 'A', seq: 1001, ack: 5001, win: 1000 },
];
