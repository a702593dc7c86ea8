// Writes a hand-built packet table as a classic pcap (Ethernet, IPv4, TCP/UDP), so the same
// scenario can be read by tshark and the two analyses compared. Payload bytes are zeros.
import { Proto, TcpOpt, type PacketTable, sackOf } from '../../src/core/capture/packetTable';

function ipv4(text: string): number[] {
  return text.split('.').map(Number);
}

function tcpOptions(t: PacketTable, i: number): number[] {
  const o: number[] = [];
  const opts = t.opts[i];
  if (opts & TcpOpt.Mss) o.push(2, 4, t.mss[i] >> 8, t.mss[i] & 255);
  if (opts & TcpOpt.SackPermitted) o.push(4, 2);
  if (opts & TcpOpt.WindowScale) o.push(1, 3, 3, t.wscale[i]);
  const sack = sackOf(t, i);
  if (sack.length) {
    o.push(1, 1, 5, 2 + 4 * sack.length);
    for (const e of sack) o.push((e >>> 24) & 255, (e >>> 16) & 255, (e >>> 8) & 255, e & 255);
  }
  while (o.length % 4) o.push(1);
  return o;
}

export function writePcap(t: PacketTable): Uint8Array {
  const chunks: Uint8Array[] = [];
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, 0xa1b23c4d, true); // nanosecond pcap
  header.setUint16(4, 2, true);
  header.setUint16(6, 4, true);
  header.setUint32(16, 65535, true);
  header.setUint32(20, 1, true); // Ethernet
  chunks.push(new Uint8Array(header.buffer));
  for (let i = 0; i < t.count; i++) {
    const tcp = t.proto[i] === Proto.Tcp;
    const opts = tcp ? tcpOptions(t, i) : [];
    const l4 = tcp ? 20 + opts.length : 8;
    const ipLen = 20 + l4 + t.len[i];
    const frame = new Uint8Array(14 + ipLen);
    const v = new DataView(frame.buffer);
    frame.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00], 0);
    const ip = 14;
    v.setUint8(ip, 0x45);
    v.setUint16(ip + 2, ipLen);
    v.setUint8(ip + 8, 64);
    v.setUint8(ip + 9, tcp ? 6 : 17);
    frame.set(ipv4(t.addrs[t.src[i]]), ip + 12);
    frame.set(ipv4(t.addrs[t.dst[i]]), ip + 16);
    const l = ip + 20;
    v.setUint16(l, t.sport[i]);
    v.setUint16(l + 2, t.dport[i]);
    if (tcp) {
      v.setUint32(l + 4, t.seq[i]);
      v.setUint32(l + 8, t.ack[i]);
      v.setUint16(l + 12, (((20 + opts.length) / 4) << 12) | t.tcpFlags[i]);
      v.setUint16(l + 14, t.win[i]);
      frame.set(opts, l + 20);
    } else {
      v.setUint16(l + 4, 8 + t.len[i]);
    }
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(0, t.secs[i], true);
    rec.setUint32(4, t.nanos[i], true);
    rec.setUint32(8, frame.length, true);
    rec.setUint32(12, frame.length, true);
    chunks.push(new Uint8Array(rec.buffer), frame);
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
