// The result of grouping packets into conversations and analysing TCP sequence space.
// Per-packet results are columns parallel to the packet table (index = row = frame - 1).

/** Direction of a packet within its flow. */
export const enum Dir {
  ToServer = 0,
  ToClient = 1,
}

export type FlowState = 'refused' | 'open' | 'closed' | 'reset';

/** What one direction of a TCP flow negotiated and sent. Index 0 = client→server. */
export interface DirectionSummary {
  /** Initial sequence number used for relative numbering (the SYN's, else the first seen minus one, so relative numbers start at 1 as in Wireshark). */
  isn: number;
  /** true when isn comes from a SYN seen in the capture. */
  isnFromSyn: boolean;
  /** Window-scale shift this side applies to its advertised window: -1 unknown (no handshake seen), -2 no scaling. */
  windowScale: number;
  /** MSS option from the SYN, 0 when unknown. */
  mss: number;
  sackPermitted: boolean;
  timestamps: boolean;
  packets: number;
  /** Payload bytes sent (retransmissions included, like Wireshark's conversation bytes of TCP payload). */
  payloadBytes: number;
  /** Bytes on the wire (frame lengths), as Wireshark's Conversations counts them. */
  wireBytes: number;
  /** Highest relative sequence number sent + length. */
  highestSeq: number;
  /** Last relative ACK number this side sent. */
  lastAck: number;
  /** Last raw window this side advertised, and the scaled value in bytes (-1 when the scale is unknown). */
  lastWindow: number;
  lastWindowBytes: number;
  sawFin: boolean;
  sawRst: boolean;
}

/**
 * One conversation. The flow pass' records read their fields from columns
 * (packedFlows.ts) and make `dirs` and `rows` afresh on each read: take them once per flow, not
 * once per row.
 */
export interface Flow {
  /** Index in FlowAnalysis.flows; printed as `f<id>`. */
  id: number;
  proto: 'tcp' | 'udp';
  /** Address ids (PacketTable.addrs) and ports; client = SYN sender, else the ephemeral-port side. */
  clientAddr: number;
  clientPort: number;
  serverAddr: number;
  serverPort: number;
  /** true when roles come from a SYN; false when guessed from the ports. */
  rolesFromHandshake: boolean;
  firstRow: number;
  lastRow: number;
  packets: number;
  state: FlowState;
  dirs: [DirectionSummary, DirectionSummary];
  /** Handshake RTT in seconds (SYN → ACK of the SYN-ACK, as tcp.analysis.initial_rtt), NaN when unknown. */
  initialRtt: number;
  /** Rows of this flow, ascending: lets views fetch windows of a flow without scanning the table. */
  rows: Uint32Array;
}

/** Packets grouped into conversations, with each conversation's summary: what `diagnose` and `flows` need. */
export interface FlowGrouping {
  flows: Flow[];
  /** Flow id per row, -1 for packets that belong to no TCP/UDP flow. */
  flowOf: Int32Array;
  /** Dir per row (meaningful where flowOf >= 0). */
  dirOf: Uint8Array;
}

/** The grouping plus Wireshark's per-segment sequence analysis: what the views and `packets` show. */
export interface FlowAnalysis extends FlowGrouping {
  /** AnalysisFlag bits per row. */
  flags: Uint32Array;
  /** Duplicate-ACK count (tcp.analysis.duplicate_ack_num), 0 when not a dup ACK. */
  dupAckNum: Uint32Array;
  /**
   * For retransmissions: 1-based frame of the original transmission (tcp.analysis.rto_frame), 0
   * when none. The delay since it (tcp.analysis.rto) is `rtoAt(table, analysis, row)`.
   */
  rtoFrame: Uint32Array;
  /**
   * On an ACK row that gives a round-trip sample: the 1-based frame of the data segment it
   * covered first; 0 when none. The sample (tcp.analysis.ack_rtt) is `ackRttAt(table, analysis, row)`.
   * Frames rather than seconds: both delays are differences of two rows' times, so storing the
   * frame costs 4 bytes per row instead of 16 of fresh memory for two Float64 columns.
   */
  ackedFrame: Uint32Array;
  /** Unacknowledged bytes in flight after this segment (tcp.analysis.bytes_in_flight), 0 when not data. */
  bytesInFlight: Uint32Array;
}
