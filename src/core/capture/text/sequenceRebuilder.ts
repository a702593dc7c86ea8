// Turns the sequence numbers tcpdump printed back into the absolute values on the wire.
//
// Without -S, tcpdump (print-tcp.c, unchanged in this respect from 3.x to 4.99) keeps one entry
// per connection, keyed by both address/port pairs. Only segments with ACK set take part: the
// first such segment it sees of a connection, and any SYN+ACK, (re)seeds the entry with the
// sender's seq and the receiver's ack-1 and is printed absolute; every later ACK-bearing
// segment prints seq, ack and SACK edges minus those bases (SACK edges even on the seeding
// segment). Segments without ACK are always absolute. This class replays that table.
//
// Whether the log was written with -S is not in the text; it shows in the numbers: where tcpdump
// would print a relative value, a -S log prints one close to the base instead of close to 0.
// The first unambiguous segment settles it for the whole log.
//
// A pure ACK has no `seq` in tcpdump's output; its absolute seq is taken as the sender's next
// sequence number so far (what Linux puts in a pure ACK), or the peer's highest ACK of it.
import { TcpFlag } from '../packetTable';
import type { TcpFields } from './tcpFields';

const enum Numbering {
  Unknown = 0,
  Relative = 1,
  Absolute = 2,
}

/** Signed 32-bit distances: "near" and "far" for telling relative from absolute numbers. */
const NEAR = 1 << 24;
const FAR = 1 << 27;

class Connection {
  seeded = false;
  /** Per side (0 = the lower endpoint), tcpdump's base, and whether the text showed it. */
  readonly base = [0, 0];
  readonly baseKnown = [false, false];
  /** Next sequence number each side would send, as far as the log shows. */
  readonly next = [0, 0];
  readonly nextKnown = [false, false];
  /** Last window each side advertised and last ACK it sent (-1: none yet). */
  readonly lastWin = [-1, -1];
  readonly lastAck = [-1, -1];
  unanchoredWarned = false;
  constructor(
    readonly hostA: number,
    readonly portA: number,
    readonly hostB: number,
    readonly portB: number,
  ) {}
}

function distance(a: number, b: number): number {
  return Math.abs((a - b) | 0);
}

/** a is later than b in sequence space. */
function after(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export class SequenceRebuilder {
  private readonly conns = new Map<number, Connection[]>();
  private numbering = Numbering.Unknown;
  /** Set when a direction's numbers are relative to a seq tcpdump never printed. */
  unanchored = false;

  /** Whether the log has shown itself to be -S (absolute) output. */
  get absoluteLog(): boolean {
    return this.numbering === Numbering.Absolute;
  }

  /** The connection of the previous segment: consecutive segments mostly share one. */
  private last: Connection | null = null;

  private find(src: number, sport: number, dst: number, dport: number): Connection {
    const l = this.last;
    if (l !== null) {
      if (l.hostA === src && l.portA === sport && l.hostB === dst && l.portB === dport) return l;
      if (l.hostA === dst && l.portA === dport && l.hostB === src && l.portB === sport) return l;
    }
    const c = this.lookup(src, sport, dst, dport);
    this.last = c;
    return c;
  }

  private lookup(src: number, sport: number, dst: number, dport: number): Connection {
    const srcFirst = src < dst || (src === dst && sport <= dport);
    const hA = srcFirst ? src : dst;
    const pA = srcFirst ? sport : dport;
    const hB = srcFirst ? dst : src;
    const pB = srcFirst ? dport : sport;
    const key = (Math.imul(hA, 0x9e3779b1) ^ Math.imul(hB, 0x85ebca6b) ^ (pA << 16) ^ pB) & 0x3fffffff;
    let chain = this.conns.get(key);
    if (chain === undefined) {
      chain = [];
      this.conns.set(key, chain);
    }
    for (const c of chain) {
      if (c.hostA === hA && c.portA === pA && c.hostB === hB && c.portB === pB) return c;
    }
    const c = new Connection(hA, pA, hB, pB);
    chain.push(c);
    return c;
  }

  /**
   * Rewrites f.seq, f.ack and the SACK edges to absolute values, inferring f.seq when it was not
   * printed. Returns true when seq was inferred rather than read.
   */
  rebuild(src: number, sport: number, dst: number, dport: number, f: TcpFields): boolean {
    const c = this.find(src, sport, dst, dport);
    const s = c.hostA === src && c.portA === sport ? 0 : 1;
    const d = 1 - s;
    const ackSet = (f.flags & TcpFlag.Ack) !== 0;
    let relative = false;
    if (ackSet && f.hasAck) {
      if (!c.seeded || (f.flags & TcpFlag.Syn) !== 0) {
        c.seeded = true;
        // A pure ACK seeds with a seq tcpdump did not print: what the sender sent before tells it.
        c.base[s] = f.hasSeq ? f.seq : c.next[s];
        c.baseKnown[s] = f.hasSeq || c.nextKnown[s];
        c.base[d] = (f.ack - 1) >>> 0;
        c.baseKnown[d] = true;
        if (this.numbering !== Numbering.Absolute) this.relativeSack(f, c.base[d]);
      } else {
        relative = this.looksRelative(c, s, d, f);
      }
    }
    if (relative) {
      if (f.hasSeq) {
        if (!c.baseKnown[s] && !this.unanchored) this.unanchored = true;
        f.seq = (f.seq + c.base[s]) >>> 0;
      }
      f.ack = (f.ack + c.base[d]) >>> 0;
      this.relativeSack(f, c.base[d]);
    }
    let inferred = false;
    if (!f.hasSeq) {
      inferred = true;
      f.seq = c.nextKnown[s] ? c.next[s] : 0;
      // A window probe (tcp_xmit_probe_skb) reuses the last acknowledged byte, one below the
      // next sequence number: an empty segment to a peer whose window is closed, acknowledging
      // nothing new.
      if (c.nextKnown[s] && f.len === 0 && c.lastWin[d] === 0 && ackSet && f.ack === c.lastAck[s]) {
        f.seq = (f.seq - 1) >>> 0;
      }
    }
    c.lastWin[s] = f.win;
    if (ackSet && f.hasAck) c.lastAck[s] = f.ack;
    let end = f.seq + f.len;
    if (f.flags & TcpFlag.Syn) end++;
    if (f.flags & TcpFlag.Fin) end++;
    end >>>= 0;
    if (!c.nextKnown[s] || after(end, c.next[s])) {
      c.next[s] = end;
      c.nextKnown[s] = true;
    }
    // The peer's data up to our ACK was sent, even if the log missed it.
    if (ackSet && f.hasAck && (!c.nextKnown[d] || after(f.ack, c.next[d]))) {
      c.next[d] = f.ack;
      c.nextKnown[d] = true;
    }
    return inferred;
  }

  private relativeSack(f: TcpFields, base: number): void {
    for (let k = 0; k < 2 * f.sackCount; k++) f.sack[k] = (f.sack[k] + base) >>> 0;
  }

  /** Decides whether this segment's numbers are relative, settling -S for the log when clear. */
  private looksRelative(c: Connection, s: number, d: number, f: TcpFields): boolean {
    if (this.numbering === Numbering.Relative) return true;
    if (this.numbering === Numbering.Absolute) return false;
    let rel = distance(f.ack, 0);
    let abs = distance(f.ack, c.base[d]);
    if (f.hasSeq && c.baseKnown[s]) {
      rel = Math.max(rel, distance(f.seq, 0));
      abs = Math.max(abs, distance(f.seq, c.base[s]));
    }
    if (rel < NEAR && abs > FAR) this.numbering = Numbering.Relative;
    else if (abs < NEAR && rel > FAR) this.numbering = Numbering.Absolute;
    return rel <= abs;
  }
}
