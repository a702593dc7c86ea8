// The TCP body of tcpdump 4.0 and later:
//   Flags [P.], cksum 0x1c2d (correct), seq 1:203, ack 1, win 8192, urg 0, options […], length 202[: app]
// Fields are comma-separated and each is optional except the flags; the app decode after
// `length N:` is not read.
import { TcpFlag } from '../packetTable';
import { CH_COLON, CH_COMMA, CH_DOT, CH_LPAREN, CH_RBRACKET, CH_RPAREN, CH_SPACE, LineScan, ascii } from './lineScan';
import { TcpFields } from './tcpFields';
import { readOptions } from './tcpOptions';

export const FLAGS_OPEN = ascii('Flags [');
const NONE = ascii('none]');
const CKSUM = ascii('cksum ');
const SEQ = ascii('seq ');
const ACK = ascii('ack ');
const WIN = ascii('win ');
const URG = ascii('urg ');
const OPTIONS = ascii('options [');
const LENGTH = ascii('length ');

/** Flag letters in tcpdump's order (print-tcp.c's flag table): `.` is ACK, `e` is AccECN's AE. */
function flagBit(c: number): number {
  switch (c) {
    case 0x46 /* F */:
      return TcpFlag.Fin;
    case 0x53 /* S */:
      return TcpFlag.Syn;
    case 0x52 /* R */:
      return TcpFlag.Rst;
    case 0x50 /* P */:
      return TcpFlag.Psh;
    case CH_DOT:
      return TcpFlag.Ack;
    case 0x55 /* U */:
      return TcpFlag.Urg;
    case 0x45 /* E */:
      return TcpFlag.Ece;
    case 0x57 /* W */:
      return TcpFlag.Cwr;
    case 0x65 /* e */:
      return TcpFlag.Ae;
    default:
      return -1;
  }
}

/**
 * Reads a 4.x TCP body with the cursor on `Flags [`. Returns false when the flags cannot be read;
 * a body cut short later (`[|tcp]`) keeps what was read.
 */
export function readNewStyleTcp(s: LineScan, out: TcpFields): boolean {
  if (!s.eatWord(FLAGS_OPEN)) return false;
  if (!s.eatWord(NONE)) {
    let flags = 0;
    while (!s.eat(CH_RBRACKET)) {
      const bit = flagBit(s.peek());
      if (bit < 0) return false;
      flags |= bit;
      s.pos++;
    }
    out.flags = flags;
  }
  while (s.eat(CH_COMMA) && s.eat(CH_SPACE)) {
    // Dispatch on the first letter: this runs for every field of every packet.
    switch (s.peek()) {
      case 0x73 /* s */:
        if (!s.eatWord(SEQ) || !s.uint()) return true;
        out.hasSeq = true;
        out.seq = s.num;
        // `seq S:E`: E - S is the length, in case the line is cut before `length`.
        if (s.eat(CH_COLON) && s.uint()) out.len = (s.num - out.seq) >>> 0;
        break;
      case 0x61 /* a */:
        if (!s.eatWord(ACK) || !s.uint()) return true;
        out.hasAck = true;
        out.ack = s.num;
        break;
      case 0x77 /* w */:
        if (!s.eatWord(WIN) || !s.uint() || s.num > 0xffff) return true;
        out.win = s.num;
        break;
      case 0x6c /* l */:
        if (s.eatWord(LENGTH) && s.uint()) out.len = s.num;
        return true;
      case 0x6f /* o */:
        if (!s.eatWord(OPTIONS) || !readOptions(s, CH_RBRACKET, out)) return true;
        break;
      case 0x63 /* c */: {
        // `cksum 0x1c2d (correct)` or `(incorrect -> 0x…)`.
        if (!s.eatWord(CKSUM)) return true;
        const open = s.findByte(CH_LPAREN);
        if (open < 0) return true;
        s.pos = open + 1;
        if (!s.skipBalanced(CH_LPAREN, CH_RPAREN)) return true;
        break;
      }
      case 0x75 /* u */:
        if (!s.eatWord(URG)) return true;
        s.uint();
        break;
      default:
        return true;
    }
  }
  return true;
}
