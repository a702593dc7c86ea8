// pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks, each `type, length, body, length`.
// A section header block sets the byte order and starts a new set of interfaces; interface
// description blocks give each interface its link type, snap length and timestamp unit; packets
// come in enhanced, simple or obsolete packet blocks. Other blocks are skipped by their length.
//
// What counts as fatal follows libpcap: damage before the first interface is known means the
// file cannot be opened; damage later ends the reading with a warning, keeping the packets before.
import type { PacketTableBuilder } from './packetTable';
import { FramedReader } from './framedReader';
import { FrameDecoder } from './frameDecoder';
import { MAX_RECORD_CAPLEN } from './linkTypes';
import { Problem, UnreadableCapture } from './readProblem';
import {
  InterfaceClock,
  MAX_BINARY_EXPONENT,
  MAX_DECIMAL_EXPONENT,
  MICROSECONDS,
  precisionDigits,
  resolutionOf,
  type Resolution,
} from './pcapngClock';

export const PCAPNG_SHB_TYPE = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const enum BlockType {
  InterfaceDescription = 1,
  ObsoletePacket = 2,
  SimplePacket = 3,
  EnhancedPacket = 6,
  SystemdJournalExport = 9,
  Custom = 0x00000bad,
  CustomNoCopy = 0x40000bad,
}

/** Block type, total length, and (in a section header) the byte-order magic. */
const BLOCK_PROBE_LEN = 12;
const BLOCK_HEADER_LEN = 8;
const BLOCK_TRAILER_LEN = 4;
/** Largest block we accept: a maximal packet plus generous room for options. */
const MAX_BLOCK_LEN = MAX_RECORD_CAPLEN + 65536;
/** libpcap's sanity bound for a section header (BT_SHB_INSANE_MAX). */
const MAX_SHB_LEN = 1024 * 1024;

const enum ShbField {
  ByteOrder = 8,
  VersionMajor = 12,
  VersionMinor = 14,
}
const MIN_SHB_LEN = 28;

const enum IdbField {
  LinkType = 8,
  SnapLen = 12,
  Options = 16,
}
const MIN_IDB_LEN = 20;
/**
 * Interfaces a file may describe, over all its sections: the table's interface column holds 16
 * bits. A hostile file of 20-byte interface blocks would otherwise cost ~200 bytes of heap each.
 */
export const MAX_INTERFACES = 65536;

const enum EpbField {
  Interface = 8,
  TimestampHigh = 12,
  TimestampLow = 16,
  CapLen = 20,
  OrigLen = 24,
  Data = 28,
}
const MIN_EPB_LEN = 32;

const enum ObsoletePbField {
  Interface = 8,
  TimestampHigh = 12,
  TimestampLow = 16,
  CapLen = 20,
  OrigLen = 24,
  Data = 28,
}
const MIN_OBSOLETE_PB_LEN = 32;

const enum SpbField {
  OrigLen = 8,
  Data = 12,
}
const MIN_SPB_LEN = 16;

const enum IdbOption {
  EndOfOptions = 0,
  Name = 2,
  TsResol = 9,
  TsOffset = 14,
}

interface SectionInterface {
  linkType: number;
  snapLen: number;
  clock: InterfaceClock;
  /** Index in the table's `interfaces`, which spans all sections. */
  globalId: number;
}

/** The packet table has no room for the block's row: reading stops before the block. */
class TableFull extends Error {}

/** Damage found inside a block: where, and what. */
class BlockDamage extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/**
 * Packet blocks (enhanced, simple, obsolete) wholly inside `head`, a file's first bytes, found
 * by the blocks' lengths alone: the rate of packets per byte, to size a table before reading.
 * Stops at a length no block could have.
 */
export function countPcapngPackets(head: Uint8Array): number {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let le = true;
  let packets = 0;
  for (let pos = 0; pos + BLOCK_PROBE_LEN <= head.length; ) {
    if (view.getUint32(pos, true) === PCAPNG_SHB_TYPE) le = view.getUint32(pos + ShbField.ByteOrder, true) === BYTE_ORDER_MAGIC;
    const type = view.getUint32(pos, le);
    const len = view.getUint32(pos + 4, le);
    if (len < BLOCK_HEADER_LEN + BLOCK_TRAILER_LEN || len % 4 !== 0 || len > MAX_BLOCK_LEN || pos + len > head.length) break;
    if (type === BlockType.EnhancedPacket || type === BlockType.SimplePacket || type === BlockType.ObsoletePacket) packets++;
    pos += len;
  }
  return packets;
}

export class PcapngReader extends FramedReader {
  private le = true;
  private inSection = false;
  /** Until the first interface is described, damage makes the whole file unreadable (as in libpcap). */
  private opening = true;
  private section: SectionInterface[] = [];
  private readonly decoder: FrameDecoder;
  private readonly textDecoder = new TextDecoder('utf-8', { fatal: false });
  /**
   * Rows [0, awaitingTime) have no time yet: blocks without a timestamp before the first packet
   * that has one, which gives them its time. (Later ones take the previous packet's.)
   */
  private awaitingTime = 0;
  private lastSecs = -1;
  private lastNanos = 0;

  constructor(builder: PacketTableBuilder) {
    super(builder);
    this.decoder = new FrameDecoder(builder);
    this.need = BLOCK_PROBE_LEN;
    builder.timePrecision = 0;
  }

  protected parse(buf: Uint8Array, view: DataView, pos: number, end: number, base: number): number {
    while (end - pos >= BLOCK_PROBE_LEN) {
      let type = view.getUint32(pos, this.le);
      if (type === PCAPNG_SHB_TYPE) {
        const magic = view.getUint32(pos + ShbField.ByteOrder, true);
        if (magic === BYTE_ORDER_MAGIC) this.le = true;
        else if (magic === 0x4d3c2b1a) this.le = false;
        else {
          this.fail('section header has no byte-order magic', base + pos + ShbField.ByteOrder);
          return pos;
        }
      } else if (!this.inSection) {
        this.fail('file does not start with a section header block', base + pos);
        return pos;
      }
      type = view.getUint32(pos, this.le);
      const len = view.getUint32(pos + 4, this.le);
      const isShb = type === PCAPNG_SHB_TYPE;
      const limit = isShb ? MAX_SHB_LEN : MAX_BLOCK_LEN;
      if (len < BLOCK_PROBE_LEN || len % 4 !== 0 || len > limit) {
        this.fail(`block of type 0x${type.toString(16)} has length ${len}`, base + pos + 4);
        return pos;
      }
      if (end - pos < len) {
        this.need = len;
        return pos;
      }
      const trailer = view.getUint32(pos + len - BLOCK_TRAILER_LEN, this.le);
      if (trailer !== len) {
        this.fail(`block length ${len} does not match its trailer ${trailer}`, base + pos + len - BLOCK_TRAILER_LEN);
        return pos;
      }
      try {
        this.block(type, buf, view, pos, len, base);
      } catch (e) {
        if (e instanceof TableFull) {
          this.builder.stopAtRowLimit({ offset: base + pos });
          this.stopped = true;
          return pos;
        }
        if (!(e instanceof BlockDamage)) throw e;
        this.fail(e.message, base + e.at);
        return pos;
      }
      pos += len;
    }
    this.need = BLOCK_PROBE_LEN;
    return pos;
  }

  private block(type: number, buf: Uint8Array, view: DataView, pos: number, len: number, base: number): void {
    switch (type) {
      case PCAPNG_SHB_TYPE:
        return this.sectionHeader(view, pos, len);
      case BlockType.InterfaceDescription:
        return this.interfaceDescription(buf, view, pos, len);
      case BlockType.EnhancedPacket:
        return this.enhancedPacket(buf, view, pos, len, base, EpbField.Interface, MIN_EPB_LEN, 4);
      case BlockType.ObsoletePacket:
        return this.enhancedPacket(buf, view, pos, len, base, ObsoletePbField.Interface, MIN_OBSOLETE_PB_LEN, 2);
      case BlockType.SimplePacket:
        return this.simplePacket(buf, view, pos, len, base);
      case BlockType.Custom:
      case BlockType.CustomNoCopy:
      case BlockType.SystemdJournalExport:
        // Wireshark lists these as frames of their own; a row keeps frame numbers aligned with it.
        if (!this.opening) this.untimedRow();
        return;
    }
  }

  private sectionHeader(view: DataView, pos: number, len: number): void {
    if (len < MIN_SHB_LEN) throw new BlockDamage(`section header length ${len} is below ${MIN_SHB_LEN}`, pos + 4);
    const major = view.getUint16(pos + ShbField.VersionMajor, this.le);
    const minor = view.getUint16(pos + ShbField.VersionMinor, this.le);
    // 1.0 is the format; 1.2 was written by a few old tools and is read the same way.
    if (major !== 1 || (minor !== 0 && minor !== 2)) {
      throw new BlockDamage(`unsupported pcapng version ${major}.${minor}`, pos + ShbField.VersionMajor);
    }
    this.inSection = true;
    this.section = [];
  }

  private interfaceDescription(buf: Uint8Array, view: DataView, pos: number, len: number): void {
    if (len < MIN_IDB_LEN) throw new BlockDamage(`interface description length ${len} is below ${MIN_IDB_LEN}`, pos + 4);
    if (this.builder.interfaces.length >= MAX_INTERFACES) throw new BlockDamage(`more than ${MAX_INTERFACES} interface descriptions`, pos);
    const le = this.le;
    const linkType = view.getUint16(pos + IdbField.LinkType, le);
    const snapLen = view.getUint32(pos + IdbField.SnapLen, le);
    let resolution: Resolution = MICROSECONDS;
    let offsetSecs = 0;
    let name: string | undefined;
    let sawResolution = false;
    let sawOffset = false;
    const optionsEnd = pos + len - BLOCK_TRAILER_LEN;
    let p = pos + IdbField.Options;
    while (optionsEnd - p >= 4) {
      const code = view.getUint16(p, le);
      const optLen = view.getUint16(p + 2, le);
      const value = p + 4;
      if (value + optLen > optionsEnd) throw new BlockDamage(`interface option ${code} runs past the end of its block`, p);
      if (code === IdbOption.EndOfOptions) {
        if (optLen !== 0) throw new BlockDamage(`end-of-options with length ${optLen}`, p);
        break;
      }
      if (code === IdbOption.TsResol) {
        if (optLen !== 1) throw new BlockDamage(`if_tsresol with length ${optLen}`, p);
        if (sawResolution) throw new BlockDamage('more than one if_tsresol', p);
        sawResolution = true;
        resolution = resolutionOf(buf[value]);
        const max = resolution.radix === 10 ? MAX_DECIMAL_EXPONENT : MAX_BINARY_EXPONENT;
        if (resolution.exponent > max) {
          throw new BlockDamage(`if_tsresol ${resolution.radix}^-${resolution.exponent} is finer than supported`, p);
        }
      } else if (code === IdbOption.TsOffset) {
        if (optLen !== 8) throw new BlockDamage(`if_tsoffset with length ${optLen}`, p);
        if (sawOffset) throw new BlockDamage('more than one if_tsoffset', p);
        sawOffset = true;
        const lowFirst = le ? 0 : 4;
        const low = view.getUint32(value + lowFirst, le);
        const high = view.getInt32(value + 4 - lowFirst, le);
        offsetSecs = high * 4294967296 + low;
      } else if (code === IdbOption.Name) {
        name = this.textDecoder.decode(buf.subarray(value, value + optLen)).replace(/\0+$/, '');
      }
      p = value + ((optLen + 3) & ~3);
    }
    const globalId = this.builder.interfaces.length;
    this.builder.interfaces.push(name === undefined ? { linkType, snapLen } : { linkType, snapLen, name });
    this.section.push({ linkType, snapLen, clock: new InterfaceClock(resolution, offsetSecs), globalId });
    this.builder.timePrecision = Math.max(this.builder.timePrecision, precisionDigits(resolution));
    this.opening = false;
  }

  private enhancedPacket(
    buf: Uint8Array,
    view: DataView,
    pos: number,
    len: number,
    base: number,
    interfaceField: number,
    minLen: number,
    interfaceIdBytes: 2 | 4,
  ): void {
    const le = this.le;
    if (len < minLen) throw new BlockDamage(`packet block length ${len} is below ${minLen}`, pos + 4);
    const ifaceId = interfaceIdBytes === 4 ? view.getUint32(pos + interfaceField, le) : view.getUint16(pos + interfaceField, le);
    const iface = this.section[ifaceId];
    if (!iface) throw new BlockDamage(`packet on interface ${ifaceId}, but the section describes ${this.section.length}`, pos + interfaceField);
    // EPB and the obsolete packet block share the offsets of the fields after the interface id.
    const capLen = view.getUint32(pos + EpbField.CapLen, le);
    const room = len - minLen;
    if (capLen > room) throw new BlockDamage(`captured length ${capLen} exceeds its block (${room} bytes)`, pos + EpbField.CapLen);
    const b = this.builder;
    const row = this.newRow();
    const c = b.cols;
    const clock = iface.clock;
    clock.convert(view.getUint32(pos + EpbField.TimestampHigh, le), view.getUint32(pos + EpbField.TimestampLow, le));
    this.timedRow(row, clock.secs, clock.nanos);
    c.wireLen[row] = view.getUint32(pos + EpbField.OrigLen, le);
    c.iface[row] = iface.globalId;
    this.decoder.decode(row, iface.linkType, iface.globalId, buf, view, pos + EpbField.Data, capLen, base);
  }

  private simplePacket(buf: Uint8Array, view: DataView, pos: number, len: number, base: number): void {
    if (len < MIN_SPB_LEN) throw new BlockDamage(`simple packet block length ${len} is below ${MIN_SPB_LEN}`, pos + 4);
    const iface = this.section[0];
    if (!iface) throw new BlockDamage('simple packet block, but the section describes no interface', pos);
    const origLen = view.getUint32(pos + SpbField.OrigLen, this.le);
    // The block does not store the captured length: it is the original one, cut by the snap length and the block.
    let capLen = Math.min(origLen, len - MIN_SPB_LEN);
    if (iface.snapLen > 0) capLen = Math.min(capLen, iface.snapLen);
    const row = this.untimedRow();
    this.builder.cols.wireLen[row] = origLen;
    this.builder.cols.iface[row] = iface.globalId;
    this.decoder.decode(row, iface.linkType, iface.globalId, buf, view, pos + SpbField.Data, capLen, base);
  }

  private timedRow(row: number, secs: number, nanos: number): void {
    const c = this.builder.cols;
    c.secs[row] = secs;
    c.nanos[row] = nanos;
    this.lastSecs = secs;
    this.lastNanos = nanos;
    if (this.awaitingTime > 0) {
      c.secs.fill(secs, 0, this.awaitingTime);
      c.nanos.fill(nanos, 0, this.awaitingTime);
      this.awaitingTime = 0;
    }
  }

  /** A row for a block without a timestamp: it takes the previous packet's time, or the next one's at the start. */
  private untimedRow(): number {
    const b = this.builder;
    const row = this.newRow();
    if (this.lastSecs >= 0) {
      b.cols.secs[row] = this.lastSecs;
      b.cols.nanos[row] = this.lastNanos;
    } else this.awaitingTime = row + 1;
    return row;
  }

  /** A row for the block being read; when the table is full, the block is not read (TableFull). */
  private newRow(): number {
    if (this.builder.full) throw new TableFull();
    return this.builder.row();
  }

  private fail(message: string, offset: number): void {
    if (this.opening) throw new UnreadableCapture(message, offset);
    this.builder.warn({ message: `${Problem.Malformed} ${message}; the rest of the file is not read`, offset, endsReading: true });
    this.stopped = true;
  }

  protected endInsideRecord(pending: number, offset: number): void {
    if (this.opening) throw new UnreadableCapture(`truncated pcapng block: the file ends after ${pending} bytes`, offset);
    this.builder.warn({
      message: `${Problem.Truncated} block: the file ends after ${pending} of its ${this.need} bytes`,
      offset,
    });
  }

  protected override endBetweenRecords(): void {
    if (this.opening) throw new UnreadableCapture('pcapng file has no interface description block', this.builder.bytes);
  }
}
