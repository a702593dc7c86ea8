// Decodes one captured frame into the columns of its row: picks the link layer by link type,
// and holds what the layer decoders share (the buffer, the row, warnings with file offsets).
import { type PacketColumns, type PacketTableBuilder, Proto } from './packetTable';
import { LinkType } from './linkTypes';
import { Problem } from './readProblem';
import { Ipv6Interner } from './ipv6Interner';
import { decodeEthernet } from './linkEthernet';
import { decodeSll, decodeSll2 } from './linkSll';
import { decodeLoop, decodeNull } from './linkNull';
import { decodePpp } from './linkPpp';
import { decodeIpByVersion } from './decodeNetwork';
import { decodeIpv4 } from './decodeIpv4';
import { decodeIpv6 } from './decodeIpv6';
import { decodeCommonTcpFrame } from './commonTcpFrame';

/** Tunnels inside tunnels are followed this deep, no further. */
const MAX_ENCAPSULATION_DEPTH = 8;

const EMPTY = new Uint8Array(0);

export class FrameDecoder {
  bytes: Uint8Array = EMPTY;
  view: DataView = new DataView(EMPTY.buffer);
  /** File offset of bytes[0], so warnings can name where the damage is. */
  base = 0;
  row = 0;
  cols: PacketColumns;
  /** Layers of encapsulation entered so far in this frame. */
  depth = 0;
  readonly ipv6: Ipv6Interner;
  private readonly unsupportedWarned = new Set<number>();

  constructor(readonly builder: PacketTableBuilder) {
    this.cols = builder.cols;
    this.ipv6 = new Ipv6Interner(builder);
  }

  /**
   * Fills row `row` from bytes[start, start + caplen); `base` is the file offset of bytes[0].
   * `shortcut`: the common TCP frame through decodeCommonTcpFrame (false: layer by layer, as
   * every other frame, which the shortcut's test compares it with).
   */
  decode(
    row: number,
    linkType: number,
    iface: number,
    bytes: Uint8Array,
    view: DataView,
    start: number,
    caplen: number,
    base: number,
    shortcut = true,
  ): void {
    if (shortcut && linkType === LinkType.Ethernet && decodeCommonTcpFrame(this.builder, row, bytes, view, start, caplen)) return;
    this.row = row;
    this.cols = this.builder.cols;
    this.bytes = bytes;
    this.view = view;
    this.base = base;
    this.depth = 0;
    const end = start + caplen;
    switch (linkType) {
      case LinkType.Ethernet:
        decodeEthernet(this, start, end);
        break;
      case LinkType.LinuxSll:
        decodeSll(this, start, end);
        break;
      case LinkType.LinuxSll2:
        decodeSll2(this, start, end);
        break;
      case LinkType.Raw:
      case LinkType.RawLegacy12:
      case LinkType.RawLegacy14:
        decodeIpByVersion(this, start, end);
        break;
      case LinkType.Ipv4:
        decodeIpv4(this, start, end);
        break;
      case LinkType.Ipv6:
        decodeIpv6(this, start, end);
        break;
      case LinkType.Null:
        decodeNull(this, start, end);
        break;
      case LinkType.Loop:
        decodeLoop(this, start, end);
        break;
      case LinkType.Ppp:
      case LinkType.PppHdlc:
        decodePpp(this, start, end);
        break;
      default:
        this.cols.proto[row] = Proto.Other;
        if (!this.unsupportedWarned.has(iface)) {
          this.unsupportedWarned.add(iface);
          this.builder.warn({
            message: `${Problem.Unsupported} link type ${linkType} on interface ${iface}: its packets are kept as 'other'`,
            offset: base + start,
            frame: row + 1,
          });
        }
    }
  }

  /** Enters one more layer of encapsulation; false when the frame nests too deep to follow. */
  enter(at: number): boolean {
    if (++this.depth <= MAX_ENCAPSULATION_DEPTH) return true;
    this.problem(Problem.Malformed, `encapsulation nested more than ${MAX_ENCAPSULATION_DEPTH} deep`, at);
    return false;
  }

  /** A header cut short at bytes[at]: the row stays 'other' and the damage is recorded. */
  truncatedHeader(what: string, at: number): void {
    this.cols.proto[this.row] = Proto.Other;
    this.problem(Problem.Truncated, what, at);
  }

  /** Records damage at bytes[at] of the current frame. */
  problem(kind: Problem, what: string, at: number): void {
    this.builder.warn({ message: `${kind} ${what}`, offset: this.base + at, frame: this.row + 1 });
  }
}
