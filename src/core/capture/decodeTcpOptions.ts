// TCP options: MSS (RFC 9293), window scale and timestamps (RFC 7323), SACK (RFC 2018),
// TCP Fast Open (RFC 7413, also its experimental form), MPTCP (RFC 8684) recognised.
import type { FrameDecoder } from './frameDecoder';
import { TcpOpt } from './packetTable';
import { Problem } from './readProblem';

const enum OptionKind {
  End = 0,
  Nop = 1,
  Mss = 2,
  WindowScale = 3,
  SackPermitted = 4,
  Sack = 5,
  Timestamps = 8,
  Mptcp = 30,
  FastOpen = 34,
  Experimental = 254,
}
/** ExID of TCP Fast Open carried in the experimental option (RFC 7413 §4.1.1). */
const FAST_OPEN_EXID = 0xf989;
const SACK_BLOCK_LEN = 8;

/** Options in bytes[off, end): `end` is the header's end or the capture's, whichever is first. */
export function decodeTcpOptions(d: FrameDecoder, off: number, end: number): void {
  const c = d.cols;
  const r = d.row;
  const b = d.bytes;
  const v = d.view;
  // What Linux puts on every segment once timestamps are on: NOP, NOP, timestamps. The loop
  // below reads it the same way, one option at a time.
  if (end - off === 12 && b[off] === OptionKind.Nop && b[off + 1] === OptionKind.Nop && b[off + 2] === OptionKind.Timestamps && b[off + 3] === 10) {
    c.tsval[r] = v.getUint32(off + 4);
    c.tsecr[r] = v.getUint32(off + 8);
    c.opts[r] |= TcpOpt.Timestamps;
    return;
  }
  let p = off;
  while (p < end) {
    const kind = b[p];
    if (kind === OptionKind.End) return;
    if (kind === OptionKind.Nop) {
      p++;
      continue;
    }
    // An option cut by the capture's snapshot length is not damage: stop quietly.
    if (p + 1 >= end) return;
    const len = b[p + 1];
    if (len < 2) {
      d.problem(Problem.Malformed, `TCP option ${kind} with length ${len}`, p);
      return;
    }
    if (p + len > end) return;
    switch (kind) {
      case OptionKind.Mss:
        if (len === 4) {
          c.mss[r] = v.getUint16(p + 2);
          c.opts[r] |= TcpOpt.Mss;
        }
        break;
      case OptionKind.WindowScale:
        if (len === 3) {
          c.wscale[r] = b[p + 2];
          c.opts[r] |= TcpOpt.WindowScale;
        }
        break;
      case OptionKind.SackPermitted:
        if (len === 2) c.opts[r] |= TcpOpt.SackPermitted;
        break;
      case OptionKind.Sack:
        if (len > 2 && (len - 2) % SACK_BLOCK_LEN === 0) {
          d.builder.addSackBlocks(r, v, p + 2, (len - 2) / SACK_BLOCK_LEN);
          c.opts[r] |= TcpOpt.Sack;
        }
        break;
      case OptionKind.Timestamps:
        if (len === 10) {
          c.tsval[r] = v.getUint32(p + 2);
          c.tsecr[r] = v.getUint32(p + 6);
          c.opts[r] |= TcpOpt.Timestamps;
        }
        break;
      case OptionKind.Mptcp:
        c.opts[r] |= TcpOpt.Mptcp;
        break;
      case OptionKind.FastOpen:
        c.opts[r] |= TcpOpt.FastOpen;
        break;
      case OptionKind.Experimental:
        if (len >= 4 && v.getUint16(p + 2) === FAST_OPEN_EXID) c.opts[r] |= TcpOpt.FastOpen;
        break;
    }
    p += len;
  }
}
