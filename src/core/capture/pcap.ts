// Classic libpcap savefiles: a 24-byte file header, then records of a 16-byte header and the
// captured bytes. The magic number gives the byte order and the timestamp unit (µs or ns).
import type { PacketTableBuilder } from './packetTable';
import { FramedReader } from './framedReader';
import { FrameDecoder } from './frameDecoder';
import { MAX_RECORD_CAPLEN } from './linkTypes';
import { Problem, UnreadableCapture } from './readProblem';

const enum FileHeaderField {
  Magic = 0,
  VersionMajor = 4,
  VersionMinor = 6,
  SnapLen = 16,
  LinkType = 20,
}
const FILE_HEADER_LEN = 24;

const enum RecordField {
  Seconds = 0,
  Fraction = 4,
  CapLen = 8,
  OrigLen = 12,
}
const RECORD_HEADER_LEN = 16;

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
/** The only file format version libpcap writes (2.4); older 2.x minors differ only in how they were written. */
const VERSION_MAJOR = 2;
const MAX_VERSION_MINOR = 4;
/** Bits of the link-type field that must be zero (libpcap's LT_RESERVED1); the top bits carry the FCS length. */
const LINKTYPE_RESERVED_MASK = 0x03ff0000;
const LINKTYPE_MASK = 0x0000ffff;

/** The magic as a little-endian word, or null when these are not the first bytes of a pcap file. */
export function pcapMagic(head: Uint8Array): { littleEndian: boolean; nanos: boolean } | null {
  if (head.length < 4) return null;
  const le = (head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24)) >>> 0;
  const be = (head[3] | (head[2] << 8) | (head[1] << 16) | (head[0] << 24)) >>> 0;
  if (le === PCAP_MAGIC_MICRO || le === PCAP_MAGIC_NANO) return { littleEndian: true, nanos: le === PCAP_MAGIC_NANO };
  if (be === PCAP_MAGIC_MICRO || be === PCAP_MAGIC_NANO) return { littleEndian: false, nanos: be === PCAP_MAGIC_NANO };
  return null;
}

/**
 * Records wholly inside `head`, a file's first bytes, found by their headers' lengths alone
 * (nothing decoded): the rate of records per byte, to size a table before reading. Stops at a
 * length no record could have.
 */
export function countPcapRecords(head: Uint8Array): number {
  const magic = pcapMagic(head);
  if (!magic || head.length < FILE_HEADER_LEN) return 0;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let records = 0;
  for (let pos = FILE_HEADER_LEN; pos + RECORD_HEADER_LEN <= head.length; records++) {
    const capLen = view.getUint32(pos + RecordField.CapLen, magic.littleEndian);
    if (capLen > MAX_RECORD_CAPLEN) break;
    pos += RECORD_HEADER_LEN + capLen;
    if (pos > head.length) break;
  }
  return records;
}

export class PcapReader extends FramedReader {
  private le = true;
  private nanos = false;
  private linkType = 0;
  private headerRead = false;
  private readonly decoder: FrameDecoder;

  constructor(builder: PacketTableBuilder) {
    super(builder);
    this.decoder = new FrameDecoder(builder);
    this.need = FILE_HEADER_LEN;
  }

  protected parse(buf: Uint8Array, view: DataView, pos: number, end: number, base: number): number {
    if (!this.headerRead) {
      if (end - pos < FILE_HEADER_LEN) {
        this.need = FILE_HEADER_LEN;
        return pos;
      }
      this.readFileHeader(buf, view, pos, base);
      pos += FILE_HEADER_LEN;
    }
    const le = this.le;
    const fractionToNanos = this.nanos ? 1 : 1000;
    const fractionLimit = this.nanos ? 1e9 : 1e6;
    const b = this.builder;
    const decoder = this.decoder;
    const linkType = this.linkType;
    while (end - pos >= RECORD_HEADER_LEN) {
      const capLen = view.getUint32(pos + RecordField.CapLen, le);
      if (capLen > MAX_RECORD_CAPLEN) {
        b.warn({
          message: `${Problem.Malformed} record header: captured length ${capLen} exceeds ${MAX_RECORD_CAPLEN}; the rest of the file is not read`,
          offset: base + pos,
          endsReading: true,
        });
        this.stopped = true;
        return pos;
      }
      if (end - pos < RECORD_HEADER_LEN + capLen) {
        this.need = RECORD_HEADER_LEN + capLen;
        return pos;
      }
      if (b.full) {
        b.stopAtRowLimit({ offset: base + pos });
        this.stopped = true;
        return pos;
      }
      const row = b.row();
      const c = b.cols;
      let secs = view.getUint32(pos + RecordField.Seconds, le);
      let fraction = view.getUint32(pos + RecordField.Fraction, le);
      if (fraction >= fractionLimit) {
        b.warn({
          message: `${Problem.Malformed} timestamp: fraction ${fraction} is a second or more`,
          offset: base + pos + RecordField.Fraction,
          frame: row + 1,
        });
        secs += Math.floor(fraction / fractionLimit);
        fraction %= fractionLimit;
      }
      c.secs[row] = secs;
      c.nanos[row] = fraction * fractionToNanos;
      const origLen = view.getUint32(pos + RecordField.OrigLen, le);
      c.wireLen[row] = origLen;
      if (capLen > origLen) {
        b.warn({
          message: `${Problem.Malformed} record header: captured length ${capLen} exceeds the original length ${origLen}`,
          offset: base + pos + RecordField.CapLen,
          frame: row + 1,
        });
      }
      const data = pos + RECORD_HEADER_LEN;
      decoder.decode(row, linkType, 0, buf, view, data, capLen, base);
      pos = data + capLen;
    }
    this.need = RECORD_HEADER_LEN;
    return pos;
  }

  private readFileHeader(buf: Uint8Array, view: DataView, pos: number, base: number): void {
    const magic = pcapMagic(buf.subarray(pos, pos + 4));
    if (!magic) throw new UnreadableCapture('not a pcap file (bad magic number)', base + pos);
    const le = magic.littleEndian;
    const major = view.getUint16(pos + FileHeaderField.VersionMajor, le);
    const minor = view.getUint16(pos + FileHeaderField.VersionMinor, le);
    if (major !== VERSION_MAJOR || minor > MAX_VERSION_MINOR) {
      throw new UnreadableCapture(`unsupported pcap version ${major}.${minor}`, base + pos + FileHeaderField.VersionMajor);
    }
    const linkField = view.getUint32(pos + FileHeaderField.LinkType, le);
    if (linkField & LINKTYPE_RESERVED_MASK) {
      throw new UnreadableCapture(
        `pcap link-type field has reserved bits set (0x${linkField.toString(16).padStart(8, '0')})`,
        base + pos + FileHeaderField.LinkType,
      );
    }
    this.le = le;
    this.nanos = magic.nanos;
    this.linkType = linkField & LINKTYPE_MASK;
    this.headerRead = true;
    this.builder.timePrecision = magic.nanos ? 9 : 6;
    this.builder.interfaces.push({ linkType: this.linkType, snapLen: view.getUint32(pos + FileHeaderField.SnapLen, le) });
  }

  protected endInsideRecord(pending: number, offset: number): void {
    if (!this.headerRead) {
      throw new UnreadableCapture(`truncated pcap file header: ${pending} of ${FILE_HEADER_LEN} bytes`, offset);
    }
    const what = pending < RECORD_HEADER_LEN ? 'record header' : 'record';
    this.builder.warn({
      message: `${Problem.Truncated} ${what}: the file ends after ${pending} of its ${this.need} bytes`,
      offset,
    });
  }
}
