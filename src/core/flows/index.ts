// Groups the packet table into TCP and UDP conversations and runs Wireshark-compatible TCP
// sequence analysis over them, in one pass in file order (design/ARCHITECTURE.md, "Flows").
import { NO_ADDR, Proto, TcpFlag, type PacketTable } from '../capture/packetTable';
import { AnalysisFlag } from './analysisFlags';
import { filledFloat64, filledInt32 } from './columns';
import { ConversationTable } from './conversation';
import { DirectionTable, SegmentPool } from './directionState';
import { EndpointTable } from './endpointTable';
import { noteSegmentOptions } from './handshake';
import { analyzeSegment, type AnalysisColumns } from './sequenceAnalysis';
import { seqGt, seqSub } from './seqMath';
import { buildFlows } from './summary';
import type { FlowAnalysis } from './types';

export type { Flow, FlowAnalysis, DirectionSummary, FlowState } from './types';
export { Dir } from './types';
export { AnalysisFlag, ANALYSIS_FLAG_NAMES, analysisFlagList } from './analysisFlags';

export function analyzeFlows(t: PacketTable): FlowAnalysis {
  const n = t.count;
  const out: AnalysisColumns = {
    flags: new Uint32Array(n),
    dupAckNum: new Uint32Array(n),
    rtoFrame: new Uint32Array(n),
    rto: new Float64Array(n),
    ackRtt: filledFloat64(n, NaN),
    bytesInFlight: new Uint32Array(n),
  };
  // Conversation index and sending side (0 = A) per row until buildFlows renumbers them in
  // place into flow ids and directions: no temporary per-row columns.
  const flowOf = filledInt32(n, -1);
  const dirOf = new Uint8Array(n);
  // Sized up front so a capture of many short connections does not pay for repeated doubling
  // (each doubling is fresh memory the page-fault cost of this machine class is charged for).
  const expected = expectedConversations(t);
  const convs = new ConversationTable(expected);
  const d = new DirectionTable(new SegmentPool(), 2 * expected);
  const endpoints = new EndpointTable(expected);
  const headerless = rowsWithTruncatedTcpHeader(t);
  const secs0 = n > 0 ? t.secs[0] : 0;
  let lastProto = -1;
  let lastSrc = NO_ADDR;
  let lastDst = NO_ADDR;
  let lastSport = -1;
  let lastDport = -1;
  let lastConv = -1;
  const nanos0 = n > 0 ? t.nanos[0] : 0;

  for (let i = 0; i < n; i++) {
    const proto = t.proto[i];
    if (proto !== Proto.Tcp && proto !== Proto.Udp) continue;
    const src = t.src[i];
    const dst = t.dst[i];
    if (src === NO_ADDR || dst === NO_ADDR) continue;
    if (headerless.size > 0 && headerless.has(i)) continue;
    const sport = t.sport[i];
    const dport = t.dport[i];
    const now = t.secs[i] - secs0 + (t.nanos[i] - nanos0) * 1e-9;
    const flags = t.tcpFlags[i];

    // Packets come in runs of one conversation: check the previous packet's before hashing.
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
      out.flags[i] |= AnalysisFlag.ReusedPorts;
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

    analyzeSegment(t, i, now, convs.tsFirstRtt[c], d, f, r, out);
    noteSegmentOptions(t, i, now, convs, c, d, f, r);

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

  const flows = buildFlows(convs, d, flowOf, dirOf);
  return { flows, flowOf, dirOf, ...out };
}

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
 * Rows whose TCP header was cut short by the snapshot length keep their ports in the table but
 * carry no sequence numbers, flags or window. Wireshark gives such a packet no tcp.stream and
 * no analysis; so do we, so that flow ids stay tcp.stream's. The reader reports them as a
 * "truncated TCP header" warning naming the frame.
 */
function rowsWithTruncatedTcpHeader(t: PacketTable): Set<number> {
  const rows = new Set<number>();
  for (const w of t.warnings) {
    if (w.frame !== undefined && w.message.startsWith('truncated TCP header')) rows.add(w.frame - 1);
  }
  return rows;
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
