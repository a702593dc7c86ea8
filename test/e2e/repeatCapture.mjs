// Writes a large capture for the end-to-end tests out of a small real one: the records of an
// Ethernet/IPv4 pcap repeated `times` times, repetition k moved k × `gapSeconds` later and with
// k added to both ports of every TCP and UDP packet, so each repetition is a conversation of its
// own with the recording's stall. The editor hands files from 32 MiB to its analysis thread
// (src/host/parseWorkerMessages.ts); the recordings in ../shared are far smaller.
// Usage: node repeatCapture.mjs IN.pcap OUT.pcap TIMES [GAP_SECONDS]
import fs from 'node:fs';

const [input, output, timesArg, gapArg = '20'] = process.argv.slice(2);
const times = Number(timesArg);
const gapSeconds = Number(gapArg);
if (!input || !output || !(times >= 1)) {
  console.error('usage: node repeatCapture.mjs IN.pcap OUT.pcap TIMES [GAP_SECONDS]');
  process.exit(2);
}

const src = fs.readFileSync(input);
const magic = src.readUInt32LE(0);
if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${input}: not a little-endian pcap file`);
if (src.readUInt32LE(20) !== 1) throw new Error(`${input}: link type ${src.readUInt32LE(20)}, not Ethernet`);

/** Byte offset of the TCP/UDP header in a record's packet bytes, or -1. */
function transportAt(packet) {
  if (packet.length < 34 || packet.readUInt16BE(12) !== 0x0800) return -1;
  const ihl = (packet[14] & 0x0f) * 4;
  const proto = packet[23];
  const at = 14 + ihl;
  return (proto === 6 || proto === 17) && packet.length >= at + 4 ? at : -1;
}

const records = src.subarray(24);
const out = Buffer.alloc(24 + records.length * times);
src.copy(out, 0, 0, 24);
for (let k = 0; k < times; k++) {
  const base = 24 + k * records.length;
  records.copy(out, base);
  for (let at = base; at + 16 <= base + records.length; ) {
    const caplen = out.readUInt32LE(at + 8);
    out.writeUInt32LE(out.readUInt32LE(at) + k * gapSeconds, at);
    const packet = out.subarray(at + 16, at + 16 + caplen);
    const l4 = transportAt(packet);
    if (l4 >= 0) {
      packet.writeUInt16BE((packet.readUInt16BE(l4) + k) & 0xffff, l4);
      packet.writeUInt16BE((packet.readUInt16BE(l4 + 2) + k) & 0xffff, l4 + 2);
    }
    at += 16 + caplen;
  }
}
fs.writeFileSync(output, out);
console.log(`${output}: ${times} × ${input} (${out.length} bytes)`);
