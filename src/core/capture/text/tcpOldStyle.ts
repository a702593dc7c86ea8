// The TCP body of tcpdump up to 3.9 (and BSD/LBL tcpdump before it):
//   S 768512:768512(0) win 4096 <mss 1024>      P 1:763(762) ack 2165 win 13756      . ack 997 win 1448
// The flag letters never show ACK or URG: `ack N` and `urg N` being printed is what says they are set.
import { TcpFlag } from '../packetTable';
import {
  CH_COLON,
  CH_COMMA,
  CH_DOT,
  CH_GT,
  CH_LBRACKET,
  CH_LPAREN,
  CH_LT,
  CH_RBRACKET,
  CH_RPAREN,
  CH_SPACE,
  LineScan,
  ascii,
  isDigit,
} from './lineScan';
import { TcpFields } from './tcpFields';
import { readOptions } from './tcpOptions';

const CKSUM = ascii(' cksum ');
const ACK = ascii('ack ');
const WIN = ascii('win ');
const URG = ascii('urg ');

function oldFlagBit(c: number): number {
  switch (c) {
    case 0x53 /* S */:
      return TcpFlag.Syn;
    case 0x46 /* F */:
      return TcpFlag.Fin;
    case 0x52 /* R */:
      return TcpFlag.Rst;
    case 0x50 /* P */:
      return TcpFlag.Psh;
    case 0x57 /* W */:
      return TcpFlag.Cwr;
    case 0x45 /* E */:
      return TcpFlag.Ece;
    default:
      return -1;
  }
}

/**
 * Reads an old-style TCP body at the cursor. Returns false (cursor unspecified) when the text is
 * not one: it must start with flag letters or `.`, and carry at least a window or a sequence range.
 */
export function readOldStyleTcp(s: LineScan, out: TcpFields): boolean {
  let flags = 0;
  if (s.eat(CH_DOT)) {
    // `.` alone: none of S F R P W E.
  } else {
    let letters = 0;
    for (let bit = oldFlagBit(s.peek()); bit >= 0; bit = oldFlagBit(s.peek())) {
      flags |= bit;
      letters++;
      s.pos++;
    }
    if (letters === 0) return false;
  }
  const after = s.peek();
  if (after !== CH_SPACE && after !== CH_COMMA && after !== -1) return false;
  // -v in 3.9 adds `, cksum 0x0dcf (correct),`; 3.8 adds ` [tcp sum ok]`.
  if (s.eat(CH_COMMA) && s.eatWord(CKSUM)) {
    const open = s.findByte(CH_LPAREN);
    if (open < 0) return false;
    s.pos = open + 1;
    if (!s.skipBalanced(CH_LPAREN, CH_RPAREN)) return false;
    s.eat(CH_COMMA);
  }
  let sawBody = false;
  while (s.eat(CH_SPACE)) {
    const c = s.peek();
    if (isDigit(c)) {
      // seq:end(len)
      if (!s.uint()) break;
      const seq = s.num;
      if (!s.eat(CH_COLON) || !s.uint() || !s.eat(CH_LPAREN) || !s.uint()) return false;
      const len = s.num;
      if (!s.eat(CH_RPAREN)) return false;
      out.hasSeq = true;
      out.seq = seq;
      out.len = len;
      sawBody = true;
    } else if (s.eatWord(ACK)) {
      if (!s.uint()) return false;
      out.hasAck = true;
      out.ack = s.num;
      flags |= TcpFlag.Ack;
      sawBody = true;
    } else if (s.eatWord(WIN)) {
      if (!s.uint() || s.num > 0xffff) return false;
      out.win = s.num;
      sawBody = true;
    } else if (s.eatWord(URG)) {
      s.uint();
      flags |= TcpFlag.Urg;
    } else if (c === CH_LT) {
      s.pos++;
      readOptions(s, CH_GT, out);
    } else if (c === CH_LBRACKET) {
      s.pos++;
      if (!s.skipBalanced(CH_LBRACKET, CH_RBRACKET)) break;
    } else {
      break;
    }
  }
  out.flags = flags;
  return sawBody;
}
