// Lines tcpdump writes around the packets (mostly on stderr, but pasted together with them):
// start-up notices, the statistics after ^C, and read errors. They are skipped without a warning.
import { LineScan, ascii, isDigit } from './lineScan';

const PREFIXES = [
  'tcpdump: ',
  'listening on ',
  'reading from file ',
  'reading from ',
  'Warning: ',
  'dropped privs',
  '^C',
].map(ascii);

const TCPDUMP_WORD = ascii('tcpdump');

const COUNTER_TAILS = [
  ' packets captured',
  ' packet captured',
  ' packets received by filter',
  ' packet received by filter',
  ' packets dropped by kernel',
  ' packet dropped by kernel',
  ' packets dropped by interface',
  ' packet dropped by interface',
].map(ascii);

/** Whether the line at the cursor is a framing line (cursor unchanged). */
export function isFramingLine(s: LineScan): boolean {
  const c = s.peek();
  if (!isDigit(c)) {
    for (const p of PREFIXES) if (s.matchesAt(s.pos, p)) return true;
    // The command itself, pasted with its prompt: `$ sudo tcpdump -i any -nn`.
    if ((c === 0x24 || c === 0x23 || c === 0x25) && s.peekAt(1) === 0x20) return s.find(TCPDUMP_WORD) >= 0;
    return false;
  }
  // `123 packets captured`: digits, a space, then `packet` (cheap test first: packet lines have `:` or `.` here).
  let p = s.pos;
  while (p < s.end && isDigit(s.buf[p])) p++;
  if (s.buf[p] !== 0x20 || s.buf[p + 1] !== 0x70 /* p */) return false;
  for (const tail of COUNTER_TAILS) if (s.matchesAt(p, tail)) return true;
  return false;
}
