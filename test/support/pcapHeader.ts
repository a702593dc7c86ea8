// The 24-byte header of a little-endian, microsecond pcap file, for tests that write their
// records straight into a Buffer (large synthetic captures, where a byte-by-byte writer is slow).

/** Writes the header at the start of `out` and returns `out`. */
export function writePcapHeader(out: Buffer, linkType: number, snapLen = 65535): Buffer {
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(0, 8);
  out.writeUInt32LE(0, 12);
  out.writeUInt32LE(snapLen, 16);
  out.writeUInt32LE(linkType, 20);
  return out;
}
