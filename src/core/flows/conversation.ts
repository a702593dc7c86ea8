// The working record of one conversation during the analysis pass. Side A is the sender of the
// conversation's first packet; client and server are decided once the pass is over (roles.ts).
import { DirectionState, type SegmentPool } from './directionState';

export class Conversation {
  readonly dirs: [DirectionState, DirectionState];
  lastRow: number;
  packets = 0;
  /** Time of the most recent SYN without ACK (seconds since the first packet), NaN when none. */
  tsMruSyn = NaN;
  /** Handshake RTT (tcp.analysis.initial_rtt), NaN until the ACK that completes it. */
  tsFirstRtt = NaN;
  /** Which side sent a SYN without ACK / a SYN+ACK first: 0 = A, 1 = B, -1 = none. */
  synSender = -1;
  synAckSender = -1;

  constructor(
    readonly proto: 'tcp' | 'udp',
    readonly addrA: number,
    readonly portA: number,
    readonly addrB: number,
    readonly portB: number,
    readonly firstRow: number,
    readonly ipv6: boolean,
    pool: SegmentPool,
  ) {
    this.dirs = [new DirectionState(pool), new DirectionState(pool)];
    this.lastRow = firstRow;
  }
}
