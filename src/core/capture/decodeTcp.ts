// The TCP header (RFC 9293): ports, sequence and acknowledgement numbers, the 12 flag bits as
// Wireshark's tcp.flags shows them, the raw window, and the payload length by the IP header.
import type { FrameDecoder } from './frameDecoder';
import { Proto } from './packetTable';
import { Problem } from './readProblem';
import { decodeTcpOptions } from './decodeTcpOptions';

const enum TcpField {
  SrcPort = 0,
  DstPort = 2,
  Seq = 4,
  Ack = 8,
  OffsetFlags = 12,
  Window = 14,
}
const TCP_MIN_HEADER = 20;
/** Reserved bits, AE (RFC 3540/AccECN), CWR … FIN: what tcp.flags prints. */
const TCP_FLAGS_MASK = 0x0fff;

export function decodeTcp(d: FrameDecoder, off: number, end: number, length: number): void {
  const c = d.cols;
  const r = d.row;
  const v = d.view;
  if (end - off < TCP_MIN_HEADER) {
    // With its ports the row still belongs to a connection; without them it stays an IP row.
    if (end - off >= TcpField.Seq) {
      c.proto[r] = Proto.Tcp;
      c.sport[r] = v.getUint16(off + TcpField.SrcPort);
      c.dport[r] = v.getUint16(off + TcpField.DstPort);
    }
    d.problem(Problem.Truncated, 'TCP header', off);
    return;
  }
  c.proto[r] = Proto.Tcp;
  c.sport[r] = v.getUint16(off + TcpField.SrcPort);
  c.dport[r] = v.getUint16(off + TcpField.DstPort);
  c.seq[r] = v.getUint32(off + TcpField.Seq);
  c.ack[r] = v.getUint32(off + TcpField.Ack);
  c.win[r] = v.getUint16(off + TcpField.Window);
  const offsetFlags = v.getUint16(off + TcpField.OffsetFlags);
  c.tcpFlags[r] = offsetFlags & TCP_FLAGS_MASK;
  const headerLen = (offsetFlags >> 12) * 4;
  if (headerLen < TCP_MIN_HEADER) {
    d.problem(Problem.Malformed, `TCP header length ${headerLen}`, off + TcpField.OffsetFlags);
    return;
  }
  const payload = length - headerLen;
  if (payload < 0) d.problem(Problem.Malformed, `TCP header length ${headerLen} exceeds the IP payload ${length}`, off);
  else c.len[r] = payload;
  if (headerLen > TCP_MIN_HEADER) decodeTcpOptions(d, off + TCP_MIN_HEADER, Math.min(off + headerLen, end));
}
