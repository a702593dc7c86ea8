// What one TCP line says, as printed (sequence numbers possibly relative). One instance is
// reused for every line; the sequence rebuilder then turns it into absolute values.

/** At most 4 SACK blocks fit in the 40-byte option space. */
export const MAX_SACK_BLOCKS = 4;

export class TcpFields {
  flags = 0;
  hasSeq = false;
  seq = 0;
  hasAck = false;
  ack = 0;
  win = 0;
  len = 0;
  /** TcpOpt bits. */
  opts = 0;
  mss = 0;
  /** 255: absent. */
  wscale = 255;
  tsval = 0;
  tsecr = 0;
  sackCount = 0;
  readonly sack = new Float64Array(MAX_SACK_BLOCKS * 2);

  clear(): void {
    this.flags = 0;
    this.hasSeq = false;
    this.seq = 0;
    this.hasAck = false;
    this.ack = 0;
    this.win = 0;
    this.len = 0;
    this.opts = 0;
    this.mss = 0;
    this.wscale = 255;
    this.tsval = 0;
    this.tsecr = 0;
    this.sackCount = 0;
  }
}
