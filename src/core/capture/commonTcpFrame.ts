// The frame nearly every row of a TCP capture is: Ethernet II, IPv4 that is not a later fragment,
// TCP with no options or with the NOP, NOP, timestamps that Linux puts on every segment. Decoded
// here in one function, offsets in locals, before the layer decoders (linkEthernet → decodeIpv4
// → decodeTcp → decodeTcpOptions) are asked: through them each packet paid their calls and their
// reads and writes of the FrameDecoder's fields, a fifth of reading the 200 MB lab capture.
// Anything else, and anything those decoders would warn about, is declined and left to them;
// for the frames taken, the columns written are theirs (test/capture/commonTcpFrame.test.ts
// compares the two on every Ethernet frame of the corpus and on damaged copies of them).
import { Proto, TcpOpt, type PacketTableBuilder } from './packetTable';

const ETHERNET_HEADER_LEN = 14;
const ETHERTYPE_IPV4_HIGH = 0x08;
const ETHERTYPE_IPV4_LOW = 0x00;
const IPV4_MIN_HEADER = 20;
const IP_PROTOCOL_TCP = 6;
const FRAGMENT_OFFSET_MASK = 0x1fff;
const TCP_MIN_HEADER = 20;
const TCP_FLAGS_MASK = 0x0fff;
/** NOP, NOP, then the timestamps option (kind 8, length 10): 12 bytes of options. */
const TIMESTAMP_OPTIONS_LEN = 12;
const OPTION_NOP = 1;
const OPTION_TIMESTAMPS = 8;
const TIMESTAMPS_LEN = 10;

/** Fills row `row` from the Ethernet frame bytes[start, start + capLen) and returns true, or returns false having written nothing. */
export function decodeCommonTcpFrame(b: PacketTableBuilder, row: number, bytes: Uint8Array, view: DataView, start: number, capLen: number): boolean {
  if (capLen < ETHERNET_HEADER_LEN + IPV4_MIN_HEADER + TCP_MIN_HEADER) return false;
  if (bytes[start + 12] !== ETHERTYPE_IPV4_HIGH || bytes[start + 13] !== ETHERTYPE_IPV4_LOW) return false;
  const end = start + capLen;
  const ip = start + ETHERNET_HEADER_LEN;
  const versionIhl = bytes[ip];
  const ipHeaderLen = (versionIhl & 15) * 4;
  if (versionIhl >> 4 !== 4 || ipHeaderLen < IPV4_MIN_HEADER) return false;
  if (bytes[ip + 9] !== IP_PROTOCOL_TCP || view.getUint16(ip + 6) & FRAGMENT_OFFSET_MASK) return false;
  const total = view.getUint16(ip + 2);
  // A total length of 0 is segmentation offload's: the frame gives the length (decodeIpv4).
  const packetEnd = total === 0 ? end : ip + total;
  const tcp = ip + ipHeaderLen;
  // Also declines a total length shorter than the IPv4 header, which ends before `tcp`.
  const capEnd = Math.min(packetEnd, end);
  if (capEnd - tcp < TCP_MIN_HEADER) return false;
  const offsetFlags = view.getUint16(tcp + 12);
  const tcpHeaderLen = (offsetFlags >> 12) * 4;
  const payload = packetEnd - tcp - tcpHeaderLen;
  if (tcpHeaderLen < TCP_MIN_HEADER || payload < 0) return false;
  const options = Math.min(tcp + tcpHeaderLen, capEnd) - (tcp + TCP_MIN_HEADER);
  const timestamps =
    options === TIMESTAMP_OPTIONS_LEN &&
    bytes[tcp + 20] === OPTION_NOP &&
    bytes[tcp + 21] === OPTION_NOP &&
    bytes[tcp + 22] === OPTION_TIMESTAMPS &&
    bytes[tcp + 23] === TIMESTAMPS_LEN;
  if (tcpHeaderLen > TCP_MIN_HEADER && !timestamps) return false;

  const c = b.cols;
  c.proto[row] = Proto.Tcp;
  c.src[row] = b.internIpv4(view.getUint32(ip + 12));
  c.dst[row] = b.internIpv4(view.getUint32(ip + 16));
  c.sport[row] = view.getUint16(tcp);
  c.dport[row] = view.getUint16(tcp + 2);
  c.seq[row] = view.getUint32(tcp + 4);
  c.ack[row] = view.getUint32(tcp + 8);
  c.win[row] = view.getUint16(tcp + 14);
  c.tcpFlags[row] = offsetFlags & TCP_FLAGS_MASK;
  c.len[row] = payload;
  if (timestamps) {
    c.tsval[row] = view.getUint32(tcp + 24);
    c.tsecr[row] = view.getUint32(tcp + 28);
    c.opts[row] |= TcpOpt.Timestamps;
  }
  return true;
}
