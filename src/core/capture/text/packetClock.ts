// Turns the printed timestamps into the table's time columns. Text without a date gives
// seconds since midnight (dateKnown false); delta forms are accumulated from the first packet.
import type { PacketTableBuilder } from '../packetTable';
import { Stamp, StampKind } from './timestamps';

const DAY = 86400;
/** A time of day that falls by more than this is taken as the next day (the log crossed midnight). */
const ROLLOVER_DROP = DAY / 2;

export class PacketClock {
  private lastSecs = 0;
  private lastNanos = 0;
  private dayOffset = 0;
  private sawStamp = false;
  private sawDate = false;
  /**
   * -ttt and -ttttt print the same field; a log is read as -ttttt (since the first packet) until a
   * value goes backwards, which only -ttt (since the previous packet) can do. Rows read so far
   * are then re-accumulated.
   */
  private deltaFromPrevious = false;
  private deltaStartRow = -1;
  private prevDeltaSecs = 0;
  private prevDeltaNanos = 0;

  constructor(private readonly builder: PacketTableBuilder) {
    builder.dateKnown = false;
    builder.timePrecision = 0;
  }

  /** Writes the time of `row` from `stamp` (kind None: -t logs carry no time, rows get 0). */
  place(row: number, stamp: Stamp): void {
    const b = this.builder;
    if (stamp.digits > b.timePrecision) b.timePrecision = stamp.digits;
    let secs = stamp.secs;
    let nanos = stamp.nanos;
    switch (stamp.kind) {
      case StampKind.None:
        secs = 0;
        nanos = 0;
        break;
      case StampKind.Unconvertible:
        secs = this.lastSecs;
        nanos = this.lastNanos;
        break;
      case StampKind.TimeOfDay:
        if (this.sawStamp && secs + this.dayOffset < this.lastSecs - ROLLOVER_DROP) this.dayOffset += DAY;
        secs += this.dayOffset;
        break;
      case StampKind.Epoch:
      case StampKind.DateTime:
        if (!this.sawDate) {
          this.sawDate = true;
          if (!this.sawStamp) b.dateKnown = true;
        }
        break;
      case StampKind.Delta:
        this.delta(row, secs, nanos);
        secs = this.sumSecs;
        nanos = this.sumNanos;
        break;
      case StampKind.OldDeltaMicros:
        this.addTo(this.lastSecs, this.lastNanos, secs, nanos);
        secs = this.sumSecs;
        nanos = this.sumNanos;
        break;
    }
    if (stamp.kind !== StampKind.None) this.sawStamp = true;
    b.cols.secs[row] = secs;
    b.cols.nanos[row] = nanos;
    this.lastSecs = secs;
    this.lastNanos = nanos;
  }

  /** Result of addTo/delta, kept in fields so a packet costs no tuple. */
  private sumSecs = 0;
  private sumNanos = 0;

  private addTo(s1: number, n1: number, s2: number, n2: number): void {
    let n = n1 + n2;
    let s = s1 + s2;
    if (n >= 1e9) {
      n -= 1e9;
      s++;
    }
    this.sumSecs = s;
    this.sumNanos = n;
  }

  private delta(row: number, secs: number, nanos: number): void {
    if (this.deltaStartRow < 0) this.deltaStartRow = row;
    if (this.deltaFromPrevious) return this.addTo(this.lastSecs, this.lastNanos, secs, nanos);
    const backwards = secs < this.prevDeltaSecs || (secs === this.prevDeltaSecs && nanos < this.prevDeltaNanos);
    this.prevDeltaSecs = secs;
    this.prevDeltaNanos = nanos;
    if (!backwards) return this.addTo(0, 0, secs, nanos);
    this.deltaFromPrevious = true;
    this.reaccumulate(row);
    this.addTo(this.lastSecs, this.lastNanos, secs, nanos);
  }

  /** Rows before `row` held per-packet deltas read as offsets: turn them into running sums. */
  private reaccumulate(row: number): void {
    const { secs, nanos } = this.builder.cols;
    this.sumSecs = 0;
    this.sumNanos = 0;
    for (let i = this.deltaStartRow; i < row; i++) {
      this.addTo(this.sumSecs, this.sumNanos, secs[i], nanos[i]);
      secs[i] = this.sumSecs;
      nanos[i] = this.sumNanos;
    }
    this.lastSecs = this.sumSecs;
    this.lastNanos = this.sumNanos;
  }
}
