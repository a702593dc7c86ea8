// A raw-IPv4 pcap of n records of one TCP connection's data segments (40 bytes captured of 1040
// each), written straight into a Buffer: large synthetic captures for tests.
import { writePcapHeader } from './pcapHeader';

export function rawIpPcap(n: number): Buffer {
  const out = writePcapHeader(Buffer.alloc(24 + n * 56), 101);
  for (let k = 0; k < n; k++) {
    const at = 24 + k * 56;
    out.writeUInt32LE(1_700_000_000 + Math.floor(k / 1000), at);
    out.writeUInt32LE((k % 1000) * 1000, at + 4);
    out.writeUInt32LE(40, at + 8);
    out.writeUInt32LE(1040, at + 12);
    const ip = at + 16;
    out[ip] = 0x45;
    out.writeUInt16BE(1040, ip + 2);
    out[ip + 8] = 64;
    out[ip + 9] = 6;
    out.writeUInt32BE(0x0a000001, ip + 12);
    out.writeUInt32BE(0x0a000002, ip + 16);
    const tcp = ip + 20;
    out.writeUInt16BE(40000, tcp);
    out.writeUInt16BE(5001, tcp + 2);
    out.writeUInt32BE((1000 + k * 1000) >>> 0, tcp + 4);
    out.writeUInt32BE(1, tcp + 8);
    out[tcp + 12] = 0x50;
    out[tcp + 13] = 0x18;
    out.writeUInt16BE(512, tcp + 14);
  }
  return out;
}
