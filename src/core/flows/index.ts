// Groups the packet table into TCP and UDP conversations and runs Wireshark-compatible TCP
// sequence analysis over them, in one pass in file order (design/ARCHITECTURE.md, "Flows").
import { NO_ADDR, Proto, TcpFlag, type PacketTable } from '../capture/packetTable';
import { columnsInOneBlock, privateMemory, type ColumnAllocator, type ColumnType } from '../columnBlock';
import { AnalysisFlag } from './analysisFlags';
import { ConversationTable } from './conversation';
import { DirectionTable, SegmentPool } from './directionState';
import { EndpointTable } from './endpointTable';
import { noteSegmentOptions } from './handshake';
import { analyzeSegment, type AnalysisColumns } from './sequenceAnalysis';
import { seqGt, seqSub } from './seqMath';
import { buildFlows } from './summary';
import type { FlowAnalysis, FlowGrouping } from './types';
import { oncePerProcess, WARM_UP_PASSES, warmUpTable, worthWarmingUp } from './warmUp';

export type { Flow, FlowAnalysis, FlowGrouping, DirectionSummary, FlowState } from './types';
export { Dir } from './types';
export { AnalysisFlag, ANALYSIS_FLAG_NAMES, analysisFlagList } from './analysisFlags';
export { ackRttAt, rtoAt } from './rowDelays';

/** The flows of a whole table in one pass; `alloc`: where the result columns get their memory. */
export function analyzeFlows(t: PacketTable, alloc: ColumnAllocator = privateMemory): FlowAnalysis {
  const analyzer = new FlowAnalyzer(t.count, expectedConversations(t), alloc);
  analyzer.advance(t, t.count);
  return analyzer.finish();
}

/**
 * Wireshark's per-segment analysis of a whole table alone: the same columns as analyzeFlows,
 * without the Flow records, for a thread whose flows are grouped elsewhere. The records of
 * 300,000 short connections cost 1.3 s of the 4.6 s such a thread spent.
 */
export function analyseSegments(t: PacketTable, alloc: ColumnAllocator = privateMemory): AnalysisColumns {
  const analyzer = new FlowAnalyzer(t.count, expectedConversations(t), alloc);
  analyzer.advance(t, t.count);
  return analyzer.finishAnalysis();
}

/**
 * The flows of a whole table without Wireshark's per-segment analysis: the same flows, ids and
 * summaries as analyzeFlows, for work that reads nothing else (diagnosis, the flow list).
 */
export function groupFlows(t: PacketTable, alloc: ColumnAllocator = privateMemory): FlowGrouping {
  const grouper = new FlowAnalyzer(t.count, expectedConversations(t), alloc, false);
  grouper.advance(t, t.count);
  return grouper.finishGrouping();
}

/** Per-row grouping columns, each `capacity` long; the pass has filled rows [0, analysed). */
interface GroupingColumns {
  flowOf: Int32Array;
  dirOf: Uint8Array;
}

const GROUPING_COLUMN_TYPES = {
  flowOf: Int32Array,
  dirOf: Uint8Array,
} satisfies Record<keyof GroupingColumns, ColumnType<unknown>>;

const ANALYSIS_COLUMN_TYPES = {
  flags: Uint32Array,
  dupAckNum: Uint32Array,
  rtoFrame: Uint32Array,
  ackedFrame: Uint32Array,
  bytesInFlight: Uint32Array,
} satisfies Record<keyof AnalysisColumns, ColumnType<unknown>>;

/**
 * The flow pass, fed rows as they become available: `advance(t, upTo)` analyses the table's
 * rows up to `upTo` (the table may be a growing one whose columns are replaced as it grows),
 * `finish()` publishes the flows. Feeding a table in any number of steps gives exactly the
 * result of one step, so one thread can keep decoding while another analyses.
 */
export class FlowAnalyzer {
  private cols: GroupingColumns;
  /** null when the pass only groups (no sequence analysis asked for). */
  private analysisCols: AnalysisColumns | null;
  private capacity: number;
  private analysed = 0;
  private readonly convs: ConversationTable;
  private readonly d: DirectionTable;
  private readonly endpoints: EndpointTable;
  /** Rows whose TCP header the reader found cut short, and how many warnings were looked at. */
  private readonly headerless = new Set<number>();
  private warningsSeen = 0;
  // Packets come in runs of one conversation: the previous packet's, checked before hashing.
  private lastProto = -1;
  private lastSrc = NO_ADDR;
  private lastDst = NO_ADDR;
  private lastSport = -1;
  private lastDport = -1;
  private lastConv = -1;

  /**
   * `rows`: the expected number of rows (the columns grow beyond it by doubling);
   * `conversations`: the expected number of conversations, so a capture of many short
   * connections does not pay for repeated doubling (each doubling is fresh memory, which the
   * page-fault cost of this machine class charges for); `alloc`: where the result columns get
   * their memory (shared memory when another thread reads them); `sequenceAnalysis`: false for
   * a pass that only groups, which then costs 5 columns of 4 bytes per row and the per-segment
   * analysis less.
   */
  constructor(
    rows: number,
    conversations = DEFAULT_CONVERSATIONS,
    private readonly alloc: ColumnAllocator = privateMemory,
    sequenceAnalysis = true,
  ) {
    if (worthWarmingUp(rows, conversations)) (sequenceAnalysis ? warmUpAnalysisOnce : warmUpGroupingOnce)();
    this.capacity = Math.max(rows, 16);
    this.cols = columnsInOneBlock(GROUPING_COLUMN_TYPES, this.capacity, this.alloc);
    this.analysisCols = sequenceAnalysis ? columnsInOneBlock(ANALYSIS_COLUMN_TYPES, this.capacity, this.alloc) : null;
    this.convs = new ConversationTable(conversations);
    this.d = new DirectionTable(new SegmentPool(), 2 * conversations, undefined, undefined, sequenceAnalysis);
    this.endpoints = new EndpointTable(conversations);
  }

  private grow(rows: number): void {
    let capacity = this.capacity;
    while (capacity < rows) capacity *= 2;
    this.cols = grownColumns(GROUPING_COLUMN_TYPES, this.cols, capacity, this.alloc);
    if (this.analysisCols) this.analysisCols = grownColumns(ANALYSIS_COLUMN_TYPES, this.analysisCols, capacity, this.alloc);
    this.capacity = capacity;
  }

  advance(t: PacketTable, upTo: number): void {
    const from = this.analysed;
    if (upTo <= from) return;
    if (upTo > this.capacity) this.grow(upTo);
    const out = this.analysisCols;
    // Conversation index and sending side (0 = A) per row until buildFlows renumbers them in
    // place into flow ids and directions: no temporary per-row columns.
    // Rows outside every conversation get flowOf -1, written as the loop passes them: a separate
    // fill pass first touched every page of the column before the loop came to it.
    const flowOf = this.cols.flowOf;
    const dirOf = this.cols.dirOf;
    const { convs, d, endpoints, headerless } = this;
    for (; this.warningsSeen < t.warnings.length; this.warningsSeen++) {
      const w = t.warnings[this.warningsSeen];
      if (w.frame !== undefined && w.message.startsWith(TRUNCATED_TCP_HEADER)) headerless.add(w.frame - 1);
    }
    let lastProto = this.lastProto;
    let lastSrc = this.lastSrc;
    let lastDst = this.lastDst;
    let lastSport = this.lastSport;
    let lastDport = this.lastDport;
    let lastConv = this.lastConv;

    for (let i = from; i < upTo; i++) {
      const proto = t.proto[i];
      const src = t.src[i];
      const dst = t.dst[i];
      if (
        (proto !== Proto.Tcp && proto !== Proto.Udp) ||
        src === NO_ADDR ||
        dst === NO_ADDR ||
        (headerless.size > 0 && headerless.has(i))
      ) {
        flowOf[i] = -1;
        continue;
      }
      const sport = t.sport[i];
      const dport = t.dport[i];
      const flags = t.tcpFlags[i];

      let c: number;
      if (
        proto === lastProto &&
        ((src === lastSrc && sport === lastSport && dst === lastDst && dport === lastDport) ||
          (src === lastDst && sport === lastDport && dst === lastSrc && dport === lastSport))
      ) {
        c = lastConv;
      } else {
        c = endpoints.get(proto, src, sport, dst, dport);
      }
      if (c >= 0 && proto === Proto.Tcp && (flags & TcpFlag.Syn) !== 0 && reusesPorts(t, i, convs, c, d)) {
        if (out) out.flags[i] |= AnalysisFlag.ReusedPorts;
        // A new SYN opens a new conversation; a SYN+ACK only renumbers its side (Wireshark 4.0).
        if ((flags & TcpFlag.Ack) === 0) c = -1;
      }
      if (c < 0) {
        c = convs.add(proto, src, sport, dst, dport, i);
        d.addPair();
        endpoints.set(proto, src, sport, dst, dport, c);
      }
      lastProto = proto;
      lastSrc = src;
      lastDst = dst;
      lastSport = sport;
      lastDport = dport;
      lastConv = c;
      const b = src === convs.addrA[c] && sport === convs.portA[c] ? 0 : 1;
      flowOf[i] = c;
      dirOf[i] = b;
      convs.packets[c]++;
      convs.lastRow[c] = i;
      const f = 2 * c + b;
      const r = 2 * c + 1 - b;
      d.packets[f]++;
      d.payloadBytes[f] += t.len[i];
      d.wireBytes[f] += t.wireLen[i];
      if (proto === Proto.Udp) continue;

      const seq = t.seq[i];
      if (!d.baseSeqSet[f]) {
        // Without the SYN, relative numbering starts at 1 (as Wireshark's, its bug 1542).
        d.baseSeq[f] = flags & TcpFlag.Syn ? seq : seqSub(seq, 1);
        d.baseFromSyn[f] = flags & TcpFlag.Syn ? 1 : 0;
        d.baseSeqSet[f] = 1;
      }
      if (!d.baseSeqSet[r] && flags & TcpFlag.Ack) {
        d.baseSeq[r] = seqSub(t.ack[i], 1);
        d.baseSeqSet[r] = 1;
      }

      if (out) analyzeSegment(t, i, convs.tsFirstRtt, c, d, f, r, out);
      // The one field of the analysis the flow summaries report (as the analysis sets it).
      else d.lastack[f] = t.ack[i];
      noteSegmentOptions(t, i, convs, c, d, f, r);

      const syn = (flags & TcpFlag.Syn) !== 0;
      const synFin = syn || (flags & TcpFlag.Fin) !== 0;
      const end = seqSub((seq + t.len[i] + (synFin ? 1 : 0)) >>> 0, d.baseSeq[f]);
      if (!d.sentAny[f] || seqGt(end, d.highestRel[f])) d.highestRel[f] = end;
      d.sentAny[f] = 1;
      d.lastWindowRaw[f] = t.win[i];
      if (syn && flags & TcpFlag.Ack) {
        d.sawSynAck[f] = 1;
        if (convs.synAckSender[c] < 0) convs.synAckSender[c] = b;
      } else if (syn) {
        d.sawSyn[f] = 1;
        if (convs.synSender[c] < 0) convs.synSender[c] = b;
      }
      if (flags & TcpFlag.Fin) d.sawFin[f] = 1;
      if (flags & TcpFlag.Rst) d.sawRst[f] = 1;
    }
    this.analysed = upTo;
    this.lastProto = lastProto;
    this.lastSrc = lastSrc;
    this.lastDst = lastDst;
    this.lastSport = lastSport;
    this.lastDport = lastDport;
    this.lastConv = lastConv;
  }

  /** The flows of every row analysed; the analyzer is spent afterwards. */
  finishGrouping(): FlowGrouping {
    const n = this.analysed;
    const flowOf = this.cols.flowOf.subarray(0, n);
    const dirOf = this.cols.dirOf.subarray(0, n);
    return { flows: buildFlows(this.convs, this.d, flowOf, dirOf, this.alloc), flowOf, dirOf };
  }

  /** finishGrouping with the sequence analysis' columns; only for an analyzer made with it. */
  finish(): FlowAnalysis {
    const columns = this.finishAnalysis();
    return { ...this.finishGrouping(), ...columns };
  }

  /** The sequence analysis' columns of every row analysed, complete without finishGrouping(). */
  finishAnalysis(): AnalysisColumns {
    const c = this.analysisCols;
    if (!c) throw new Error('FlowAnalyzer: made without sequence analysis, so it can only finishGrouping()');
    const n = this.analysed;
    return {
      flags: c.flags.subarray(0, n),
      dupAckNum: c.dupAckNum.subarray(0, n),
      rtoFrame: c.rtoFrame.subarray(0, n),
      ackedFrame: c.ackedFrame.subarray(0, n),
      bytesInFlight: c.bytesInFlight.subarray(0, n),
    };
  }
}

/** Columns of `capacity` rows holding what `old` holds. */
function grownColumns<S extends Record<string, ColumnType<unknown>>>(
  types: S,
  old: { [K in keyof S]: ArrayLike<number> },
  capacity: number,
  alloc: ColumnAllocator,
): { [K in keyof S]: InstanceType<S[K]> } {
  const next = columnsInOneBlock(types, capacity, alloc);
  for (const name of Object.keys(types) as (keyof S)[]) (next[name] as Uint32Array).set(old[name]);
  return next;
}

/**
 * Before a large table of long connections (worthWarmingUp), the pass first runs over
 * warmUpTable() in the mode it will run in: a grouping pass warmed with the analysis would carry
 * feedback for calls it never makes.
 */
const warmUpAnalysisOnce = warmUpOnceWith(analyzeFlows);
const warmUpGroupingOnce = warmUpOnceWith(groupFlows);

/**
 * The analysing pass' warm-up, run now rather than when the first large table arrives: for a
 * thread that would otherwise wait idle for the table (the editor's analysis thread).
 */
export function warmUpAnalysis(): void {
  warmUpAnalysisOnce();
}

function warmUpOnceWith(pass: (t: PacketTable) => FlowGrouping): () => void {
  return oncePerProcess(() => {
    const table = warmUpTable();
    for (let k = 0; k < WARM_UP_PASSES; k++) pass(table);
  });
}

/** Conversations expected when nothing is known ahead (a streamed capture). */
const DEFAULT_CONVERSATIONS = 1024;
/**
 * Rows whose TCP header was cut short by the snapshot length keep their ports in the table but
 * carry no sequence numbers, flags or window. Wireshark gives such a packet no tcp.stream and
 * no analysis; so do we, so that flow ids stay tcp.stream's. The reader reports them as a
 * warning naming the frame.
 */
const TRUNCATED_TCP_HEADER = 'truncated TCP header';

/**
 * A lower bound for the number of conversations that is right for the usual capture: one per
 * connection-opening SYN (without ACK), plus room for a few without a handshake. SYN
 * retransmissions make it an overestimate by a few entries; a capture of UDP or of connections
 * already open makes the tables grow as they fill.
 */
function expectedConversations(t: PacketTable): number {
  let syns = 0;
  const flags = t.tcpFlags;
  const proto = t.proto;
  for (let i = 0; i < t.count; i++) {
    if ((flags[i] & (TcpFlag.Syn | TcpFlag.Ack)) === TcpFlag.Syn && proto[i] === Proto.Tcp) syns++;
  }
  return syns + 32;
}

/**
 * Wireshark's port-reuse rule: a SYN whose seq differs from the ISN its side already used is a
 * new connection on the same ports; a SYN+ACK with a new seq (its SYN not captured) restarts
 * that side's numbering. A SYN repeating the ISN is a retransmission, and Wireshark rewinds
 * nextseq to the acknowledged edge (its issue 17616). Wireshark 4.0 does not yet treat a SYN
 * repeating the ISN after a FIN or RST as a new connection (issue 18333, fixed later); neither
 * do we, to keep tcp.stream's numbering.
 */
function reusesPorts(t: PacketTable, i: number, convs: ConversationTable, c: number, d: DirectionTable): boolean {
  const f = 2 * c + (t.src[i] === convs.addrA[c] && t.sport[i] === convs.portA[c] ? 0 : 1);
  if (!d.baseSeqSet[f]) return false;
  const synAck = (t.tcpFlags[i] & TcpFlag.Ack) !== 0;
  if (t.seq[i] !== d.baseSeq[f]) {
    if (synAck) d.baseSeq[f] = t.seq[i];
    return true;
  }
  if (!synAck) d.nextseq[f] = d.maxseqtobeacked[f];
  return false;
}
