// Reads tcpdump's text output (pasted terminals, bug reports, `tcpdump -r … > file`) into the
// same packet table as a binary capture. Input arrives as UTF-8 chunks; a line split across
// chunks is carried over, and a line longer than MAX_LINE is skipped with a warning rather than
// buffered, so memory stays bounded whatever the input.
//
// Timestamps: time of day → seconds since midnight (dateKnown false, a midnight crossing adds a
// day); -tt and -tttt → seconds since the epoch (-tttt read as UTC); -ttt/-ttttt → seconds since
// the first packet (dateKnown false); -t → no time at all, every row 0. timePrecision is the
// number of fraction digits printed. Frame numbers are packet ordinals.
import type { ChunkReader } from '../chunkReader';
import { PacketTableBuilder, Proto } from '../packetTable';
import { LineOutcome, PacketLineReader } from './packetLine';

/** Longest line read; tcpdump's own lines stay far below (hex dumps are split into 16-byte rows). */
export const MAX_LINE = 64 * 1024;
const NEWLINE = 0x0a;

export class TcpdumpTextReader implements ChunkReader {
  private readonly lines: PacketLineReader;
  private carry = new Uint8Array(1024);
  private carryLength = 0;
  /** Inside a line already reported as too long: drop bytes up to its end. */
  private skippingLongLine = false;
  private lineNumber = 0;
  /** The packet table is full: the rest of the input is not read. */
  private stopped = false;

  constructor(private readonly builder: PacketTableBuilder) {
    this.lines = new PacketLineReader(builder);
  }

  push(chunk: Uint8Array): void {
    this.builder.bytes += chunk.length;
    if (this.stopped) return;
    let from = 0;
    if (this.carryLength > 0 || this.skippingLongLine) {
      const nl = chunk.indexOf(NEWLINE);
      const upto = nl < 0 ? chunk.length : nl;
      if (!this.skippingLongLine) this.appendCarry(chunk, 0, upto);
      if (nl < 0) return;
      if (!this.skippingLongLine) this.line(this.carry, 0, this.carryLength);
      this.skippingLongLine = false;
      this.carryLength = 0;
      from = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, from);
      if (nl < 0) break;
      if (nl - from > MAX_LINE) this.longLine(chunk, from);
      else this.line(chunk, from, nl);
      from = nl + 1;
    }
    if (from < chunk.length) this.appendCarry(chunk, from, chunk.length);
  }

  end(): void {
    if (this.carryLength > 0 && !this.stopped) {
      const rowsBefore = this.builder.count;
      const warningsBefore = this.builder.warnings.length;
      const outcome = this.line(this.carry, 0, this.carryLength, true);
      const w = this.builder.warnings;
      if (outcome === LineOutcome.Unreadable && rowsBefore > 0 && w.length > warningsBefore && w[w.length - 1].line !== undefined) {
        w[w.length - 1].message = 'last line is incomplete (no line end) and could not be read: the log may be cut short';
      }
      this.carryLength = 0;
    }
    this.lines.finish();
  }

  /** Keeps the unfinished last line of a chunk; one longer than MAX_LINE is read up to the cap. */
  private appendCarry(chunk: Uint8Array, start: number, end: number): void {
    const room = MAX_LINE - this.carryLength;
    const n = Math.min(end - start, room);
    if (this.carryLength + n > this.carry.length) {
      const grown = new Uint8Array(Math.min(MAX_LINE, Math.max(this.carry.length * 2, this.carryLength + n)));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(start, start + n), this.carryLength);
    this.carryLength += n;
    if (end - start > room) {
      this.longLine(this.carry, 0);
      this.carryLength = 0;
      this.skippingLongLine = true;
    }
  }

  /** Reads the first MAX_LINE bytes of an overlong line and drops the rest. */
  private longLine(buf: Uint8Array, start: number): void {
    if (this.stopped) return;
    this.builder.warn({
      message: `line longer than ${MAX_LINE} bytes: only its first ${MAX_LINE} bytes were read`,
      line: this.lineNumber + 1,
    });
    this.line(buf, start, start + MAX_LINE);
  }

  private line(buf: Uint8Array, start: number, end: number, unterminated = false): LineOutcome {
    if (this.stopped) return LineOutcome.Skipped;
    const n = ++this.lineNumber;
    const b = this.builder;
    if (b.count + this.lines.rowsNextLineMayTake > b.maxRows) {
      // A held -v packet still fits (its line was read with room for it): written as it stands.
      this.lines.finish();
      b.stopAtRowLimit({ line: n });
      this.stopped = true;
      return LineOutcome.Skipped;
    }
    const outcome = this.lines.read(buf, start, end, n, unterminated);
    if (outcome === LineOutcome.Unreadable) this.builder.warn({ message: this.lines.problem, line: n });
    return outcome;
  }
}

/** How many lines of the head are looked at. */
const SNIFF_LINES = 40;

/**
 * Whether the start of a file is tcpdump text: its first packet-like line, or at least three (or
 * most) of its first lines, are tcpdump packet lines of IP or ARP; or it holds only tcpdump's
 * own notices (a capture without packets).
 * A log of only non-IP frames (STP, unknown ethertypes) is not recognised: nothing in such
 * lines tells them from other timestamped text.
 */
export function looksLikeTcpdumpText(head: Uint8Array): boolean {
  const builder = new PacketTableBuilder('tcpdump-text', 32);
  const lines = new PacketLineReader(builder);
  let from = 0;
  let considered = 0;
  let good = 0;
  let notices = 0;
  let firstGood = false;
  for (let k = 0; k < SNIFF_LINES && from < head.length; k++) {
    let nl = head.indexOf(NEWLINE, from);
    if (nl < 0) {
      // Only complete lines, since the head may cut the last one anywhere; unless the head holds
      // no complete line at all (a first line longer than the head).
      if (k > 0) break;
      nl = Math.min(head.length, from + MAX_LINE);
    } else if (nl - from > MAX_LINE) break;
    const rowsBefore = builder.count;
    const outcome = lines.read(head, from, nl, k + 1);
    let isGood = false;
    if (outcome === LineOutcome.Held) isGood = true;
    else if (outcome === LineOutcome.Row) {
      for (let i = rowsBefore; i < builder.count; i++) if (builder.cols.proto[i] !== Proto.Other) isGood = true;
    }
    if (outcome === LineOutcome.Unreadable || outcome === LineOutcome.Held || outcome === LineOutcome.Row) {
      if (considered === 0) firstGood = isGood;
      considered++;
      if (isGood) good++;
    } else if (isNotice(head, from, nl)) {
      notices++;
    }
    from = nl + 1;
  }
  if (good === 0) return notices > 0 && considered === 0 && hasTcpdumpWord(head);
  // -A output interleaves payload text with the packet lines: a packet line first, or a few
  // packet lines, settle it.
  return firstGood || good >= 3 || good * 2 > considered;
}

const TEXT_DECODER = new TextDecoder('utf-8');

function isNotice(head: Uint8Array, from: number, nl: number): boolean {
  const text = TEXT_DECODER.decode(head.subarray(from, Math.min(nl, from + 64)));
  return /^(tcpdump: |listening on |reading from file )/.test(text);
}

/** A file of notices only (an empty capture read by tcpdump) still says who wrote it. */
function hasTcpdumpWord(head: Uint8Array): boolean {
  const text = TEXT_DECODER.decode(head.subarray(0, Math.min(head.length, 4096)));
  return /(^|\n)(reading from file |listening on |tcpdump: )/.test(text);
}
