// The first field of a tcpdump line, in every flavour of -t: time of day (default), none (-t),
// epoch seconds (-tt), delta from the previous packet (-ttt), date and time (-tttt), delta
// from the first packet (-ttttt), each with 6 digits or 9 (--nano).
import { CH_COLON, CH_DOT, CH_MINUS, CH_SPACE, LineScan, ascii, isDigit } from './lineScan';

export const enum StampKind {
  /** No timestamp (-t): the line starts with the packet itself. */
  None = 0,
  /** HH:MM:SS.frac: seconds since midnight, no date. */
  TimeOfDay = 1,
  /** SECONDS.frac since the epoch (-tt). */
  Epoch = 2,
  /** YYYY-MM-DD HH:MM:SS.frac (-tttt), read as UTC. */
  DateTime = 3,
  /** ` HH:MM:SS.frac` with a leading space: -ttt (since previous) or -ttttt (since first). */
  Delta = 4,
  /** tcpdump ≤ 3.9 -ttt: bare microseconds since the previous packet (`025681`, `1. 032218`). */
  OldDeltaMicros = 5,
  /** `[Error converting time]`: tcpdump could not format the time. */
  Unconvertible = 6,
}

/** One parsed timestamp; a single instance is reused for every line. */
export class Stamp {
  kind: StampKind = StampKind.None;
  /** Whole seconds (since midnight, the epoch, or as a delta, depending on kind). */
  secs = 0;
  nanos = 0;
  /** Fraction digits as printed. */
  digits = 0;
}

const ERROR_CONVERTING = ascii('[Error converting time]');
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

/** Reads `.frac` into out.nanos/out.digits; at most 9 digits (tcpdump never prints more). */
function readFraction(s: LineScan, out: Stamp): boolean {
  if (!s.eat(CH_DOT)) return false;
  const start = s.pos;
  // tcpdump prints an invalid fraction verbatim (`.2147483648`), so allow one digit more than 9.
  if (!s.uint() || s.digits > 10) {
    s.pos = start;
    return false;
  }
  out.digits = Math.min(9, s.digits);
  const nanos = s.digits > 9 ? Math.floor(s.num / 10) : s.num * POW10[9 - s.digits];
  // tcpdump prints an out-of-range fraction verbatim (e.g. 7 digits for 1000000 µs); carry it.
  out.secs += Math.floor(nanos / 1e9);
  out.nanos = nanos % 1e9;
  return true;
}

/** HH:MM:SS (hours may exceed 23 in delta forms). */
function readClock(s: LineScan, out: Stamp): boolean {
  if (!s.uint() || s.digits > 6) return false;
  const h = s.num;
  if (!s.eat(CH_COLON) || !s.fixedDigits(2)) return false;
  const m = s.num;
  if (!s.eat(CH_COLON) || !s.fixedDigits(2)) return false;
  if (m > 59 || s.num > 60) return false;
  out.secs = h * 3600 + m * 60 + s.num;
  return readFraction(s, out);
}

function endsField(s: LineScan): boolean {
  return s.atEnd() || s.peek() === CH_SPACE;
}

/**
 * Reads the timestamp at the cursor, leaving the cursor on the space after it. When the line
 * has no timestamp, returns with kind None and the cursor unchanged.
 */
export function readStamp(s: LineScan, out: Stamp): void {
  const start = s.pos;
  out.kind = StampKind.None;
  out.secs = 0;
  out.nanos = 0;
  out.digits = 0;
  const c0 = s.peek();
  if (c0 === CH_SPACE) {
    s.pos++;
    if (isDigit(s.peek()) && readClock(s, out) && endsField(s)) {
      out.kind = StampKind.Delta;
      return;
    }
    s.pos = start;
    return;
  }
  if (c0 === 0x5b /* [ */) {
    if (s.eatWord(ERROR_CONVERTING)) out.kind = StampKind.Unconvertible;
    return;
  }
  if (!isDigit(c0)) return;
  // Distinguish by what follows the first run of digits.
  if (!s.uint()) return;
  const first = s.num;
  const firstDigits = s.digits;
  const next = s.peek();
  if (next === CH_MINUS && firstDigits === 4) {
    if (readDate(s, first, out)) return;
  } else if (next === CH_COLON) {
    s.pos = start;
    if (readClock(s, out) && endsField(s)) {
      out.kind = StampKind.TimeOfDay;
      return;
    }
  } else if (next === CH_DOT) {
    s.pos = start + firstDigits;
    out.secs = first;
    if (readFraction(s, out) && endsField(s)) {
      out.kind = StampKind.Epoch;
      return;
    }
    // 3.x -ttt with a second or more: `S. uuuuuu`.
    s.pos = start + firstDigits + 1;
    if (s.eat(CH_SPACE) && s.fixedDigits(6) && endsField(s)) {
      out.kind = StampKind.OldDeltaMicros;
      out.secs = first;
      out.nanos = s.num * 1000;
      out.digits = 6;
      return;
    }
  } else if (next === CH_SPACE && firstDigits === 6) {
    out.kind = StampKind.OldDeltaMicros;
    out.secs = 0;
    out.nanos = first * 1000;
    out.digits = 6;
    return;
  }
  out.kind = StampKind.None;
  out.secs = 0;
  out.nanos = 0;
  out.digits = 0;
  s.pos = start;
}

/** `YYYY-MM-DD HH:MM:SS.frac` after the year has been read. */
function readDate(s: LineScan, year: number, out: Stamp): boolean {
  if (!s.eat(CH_MINUS) || !s.fixedDigits(2)) return false;
  const month = s.num;
  if (!s.eat(CH_MINUS) || !s.fixedDigits(2)) return false;
  const day = s.num;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (!s.eat(CH_SPACE) || !readClock(s, out) || !endsField(s)) return false;
  // tcpdump prints local time; logs are taken as UTC since the zone is not in the text.
  out.secs += Date.UTC(year, month - 1, day) / 1000;
  out.kind = StampKind.DateTime;
  return true;
}
