// The working records of the conversations during the analysis pass, one typed-array column per
// field indexed by conversation number, so tens of thousands of short connections leave no
// objects behind for the garbage collector. Side A is the sender of the conversation's first
// packet; client and server are decided once the pass is over (roles.ts). The two directions of
// conversation c are 2c (sent by A) and 2c + 1 (sent by B) in the DirectionTable.
import { grown } from './columns';

export class ConversationTable {
  count = 0;
  /** Proto.Tcp or Proto.Udp. */
  proto: Uint8Array;
  addrA: Uint32Array;
  portA: Uint16Array;
  addrB: Uint32Array;
  portB: Uint16Array;
  firstRow: Uint32Array;
  lastRow: Uint32Array;
  packets: Uint32Array;
  /** Time of the most recent SYN without ACK (seconds since the first packet), NaN when none. */
  tsMruSyn: Float64Array;
  /** Handshake RTT (tcp.analysis.initial_rtt), NaN until the ACK that completes it. */
  tsFirstRtt: Float64Array;
  /** Which side sent a SYN without ACK / a SYN+ACK first: 0 = A, 1 = B, -1 = none. */
  synSender: Int8Array;
  synAckSender: Int8Array;

  constructor(capacity = 32) {
    this.proto = new Uint8Array(capacity);
    this.addrA = new Uint32Array(capacity);
    this.portA = new Uint16Array(capacity);
    this.addrB = new Uint32Array(capacity);
    this.portB = new Uint16Array(capacity);
    this.firstRow = new Uint32Array(capacity);
    this.lastRow = new Uint32Array(capacity);
    this.packets = new Uint32Array(capacity);
    this.tsMruSyn = new Float64Array(capacity);
    this.tsFirstRtt = new Float64Array(capacity);
    this.synSender = new Int8Array(capacity);
    this.synAckSender = new Int8Array(capacity);
  }

  /** Opens the next conversation, first seen at `row` sent from A; returns its number. */
  add(proto: number, addrA: number, portA: number, addrB: number, portB: number, row: number): number {
    const c = this.count++;
    if (c === this.proto.length) this.grow(c * 2);
    this.proto[c] = proto;
    this.addrA[c] = addrA;
    this.portA[c] = portA;
    this.addrB[c] = addrB;
    this.portB[c] = portB;
    this.firstRow[c] = row;
    this.lastRow[c] = row;
    this.tsMruSyn[c] = NaN;
    this.tsFirstRtt[c] = NaN;
    this.synSender[c] = -1;
    this.synAckSender[c] = -1;
    return c;
  }

  private grow(capacity: number): void {
    this.proto = grown(this.proto, capacity);
    this.addrA = grown(this.addrA, capacity);
    this.portA = grown(this.portA, capacity);
    this.addrB = grown(this.addrB, capacity);
    this.portB = grown(this.portB, capacity);
    this.firstRow = grown(this.firstRow, capacity);
    this.lastRow = grown(this.lastRow, capacity);
    this.packets = grown(this.packets, capacity);
    this.tsMruSyn = grown(this.tsMruSyn, capacity);
    this.tsFirstRtt = grown(this.tsFirstRtt, capacity);
    this.synSender = grown(this.synSender, capacity);
    this.synAckSender = grown(this.synAckSender, capacity);
  }
}
