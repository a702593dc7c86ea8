// The TCP option list, in both spellings: `<mss 1460,sackOK,timestamp 1 0,nop,wscale 2>`
// (tcpdump ≤ 3.9) and `options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]` (4.x). Options
// this table does not name (mptcp, tfo, md5, unknown-N …) are skipped, flagged where a bit exists.
import { TcpOpt } from '../packetTable';
import {
  CH_COLON,
  CH_COMMA,
  CH_LBRACE,
  CH_LBRACKET,
  CH_RBRACKET,
  CH_RBRACE,
  CH_SPACE,
  LineScan,
  ascii,
} from './lineScan';
import { MAX_SACK_BLOCKS, TcpFields } from './tcpFields';

const MSS = ascii('mss ');
const WSCALE = ascii('wscale ');
const SACK_OK = ascii('sackOK');
const TS_VAL = ascii('TS val ');
const ECR = ascii(' ecr ');
const TIMESTAMP = ascii('timestamp ');
const SACK = ascii('sack ');
const MPTCP = ascii('mptcp');
const TFO = ascii('tfo');
const EXP_TFO = ascii('exp-tfo');

/**
 * Reads options from the cursor up to the `close` byte that ends the list (`>` or `]`), leaving
 * the cursor after it. Returns false when the list is cut off (the line ends first).
 */
export function readOptions(s: LineScan, close: number, out: TcpFields): boolean {
  const b = s.buf;
  while (!s.atEnd()) {
    const c = s.peek();
    if (c === close) {
      s.pos++;
      return true;
    }
    if (c === CH_COMMA || c === CH_SPACE) {
      s.pos++;
      continue;
    }
    readOne(s, out);
    // Skip what is left of this option (its arguments or text we do not read) up to `,` or the end.
    while (s.pos < s.end) {
      const d = b[s.pos];
      if (d === CH_COMMA || d === close) break;
      if (d === CH_LBRACKET) {
        // A nested marker such as `[bad opt]` or `[|tcp]`.
        s.pos++;
        s.skipBalanced(CH_LBRACKET, CH_RBRACKET);
        continue;
      }
      s.pos++;
    }
  }
  return false;
}

function readOne(s: LineScan, out: TcpFields): void {
  // Dispatch on the first letter: most segments carry a few options and this runs for each.
  switch (s.peek()) {
    case 0x6e /* n */:
      return; // nop
    case 0x6d /* m */:
      if (s.eatWord(MSS)) {
        if (s.uint() && s.num <= 0xffff) {
          out.mss = s.num;
          out.opts |= TcpOpt.Mss;
        }
      } else if (s.eatWord(MPTCP)) out.opts |= TcpOpt.Mptcp;
      return;
    case 0x77 /* w */:
      if (s.eatWord(WSCALE) && s.uint() && s.num <= 255) {
        out.wscale = s.num;
        out.opts |= TcpOpt.WindowScale;
      }
      return;
    case 0x54 /* T */:
      if (s.eatWord(TS_VAL) && s.uint()) {
        const val = s.num;
        if (s.eatWord(ECR) && s.uint()) setTimestamps(out, val, s.num);
      }
      return;
    case 0x74 /* t */:
      if (s.eatWord(TIMESTAMP) && s.uint()) {
        const val = s.num;
        if (s.eat(CH_SPACE) && s.uint()) setTimestamps(out, val, s.num);
      } else if (s.eatWord(TFO)) out.opts |= TcpOpt.FastOpen;
      return;
    case 0x73 /* s */:
      if (s.eatWord(SACK_OK)) out.opts |= TcpOpt.SackPermitted;
      else if (s.eatWord(SACK)) {
        // 3.x printed the name twice (`sack sack 1 {…}`).
        s.eatWord(SACK);
        readSackBlocks(s, out);
      }
      return;
    case 0x65 /* e */:
      if (s.eatWord(EXP_TFO)) out.opts |= TcpOpt.FastOpen;
      return;
  }
}

function setTimestamps(out: TcpFields, val: number, ecr: number): void {
  out.tsval = val;
  out.tsecr = ecr;
  out.opts |= TcpOpt.Timestamps;
}

/** `N {l:r}{l:r}…` */
function readSackBlocks(s: LineScan, out: TcpFields): void {
  if (!s.uint()) return;
  s.skipSpaces();
  let n = 0;
  while (s.eat(CH_LBRACE)) {
    if (!s.uint()) return;
    const left = s.num;
    if (!s.eat(CH_COLON) || !s.uint()) return;
    const right = s.num;
    if (!s.eat(CH_RBRACE)) return;
    if (n < MAX_SACK_BLOCKS) {
      out.sack[2 * n] = left;
      out.sack[2 * n + 1] = right;
      n++;
    }
  }
  if (n > 0) {
    out.sackCount = n;
    out.opts |= TcpOpt.Sack;
  }
}
