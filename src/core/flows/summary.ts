// Turns the working conversations of the pass into the published Flow records: final ids,
// client/server roles, per-direction summaries, state, and the rows of each flow.
import { Proto } from '../capture/packetTable';
import type { ColumnAllocator } from '../columnBlock';
import type { ConversationTable } from './conversation';
import { WSCALE_UNKNOWN, type DirectionTable } from './directionState';
import { clientSide } from './roles';
import { seqSub } from './seqMath';
import { Dir, type DirectionSummary, type Flow, type FlowState } from './types';

/**
 * `flowOf` arrives holding each row's conversation index (-1 for none) and `dirOf` the side
 * that sent it (0 = A); both are rewritten in place into flow ids and Dir values.
 * Ids: TCP flows first, numbered in order of their first packet, so `f<n>` is tshark's
 * `tcp.stream == n`; UDP flows follow, also in order of their first packet.
 */
export function buildFlows(
  convs: ConversationTable,
  d: DirectionTable,
  flowOf: Int32Array,
  dirOf: Uint8Array,
  alloc: ColumnAllocator,
): Flow[] {
  const count = convs.count;
  const idOf = new Int32Array(count);
  let next = 0;
  for (let c = 0; c < count; c++) if (convs.proto[c] === Proto.Tcp) idOf[c] = next++;
  for (let c = 0; c < count; c++) if (convs.proto[c] !== Proto.Tcp) idOf[c] = next++;

  const clientIsB = new Uint8Array(count);
  // One buffer holds every flow's rows; each flow gets a view of its slice.
  const rowStart = new Uint32Array(count);
  let total = 0;
  for (let c = 0; c < count; c++) {
    rowStart[c] = total;
    total += convs.packets[c];
  }
  const allRows = new Uint32Array(alloc(total * 4));
  const flows = new Array<Flow>(count);
  for (let c = 0; c < count; c++) {
    const cs = clientSide(convs, c);
    clientIsB[c] = cs;
    const client = 2 * c + cs;
    const server = 2 * c + 1 - cs;
    const tcp = convs.proto[c] === Proto.Tcp;
    flows[idOf[c]] = {
      id: idOf[c],
      proto: tcp ? 'tcp' : 'udp',
      clientAddr: cs === 0 ? convs.addrA[c] : convs.addrB[c],
      clientPort: cs === 0 ? convs.portA[c] : convs.portB[c],
      serverAddr: cs === 0 ? convs.addrB[c] : convs.addrA[c],
      serverPort: cs === 0 ? convs.portB[c] : convs.portA[c],
      rolesFromHandshake: convs.synSender[c] >= 0 || convs.synAckSender[c] >= 0,
      firstRow: convs.firstRow[c],
      lastRow: convs.lastRow[c],
      packets: convs.packets[c],
      state: tcp ? flowState(d, client, server) : 'open',
      dirs: [summarize(d, client, server), summarize(d, server, client)],
      initialRtt: convs.tsFirstRtt[c],
      rows: allRows.subarray(rowStart[c], rowStart[c] + convs.packets[c]),
    };
  }

  const n = flowOf.length;
  const fill = rowStart.slice();
  for (let i = 0; i < n; i++) {
    const c = flowOf[i];
    if (c < 0) continue;
    flowOf[i] = idOf[c];
    dirOf[i] = dirOf[i] === clientIsB[c] ? Dir.ToServer : Dir.ToClient;
    allRows[fill[c]++] = i;
  }
  return flows;
}

function flowState(d: DirectionTable, client: number, server: number): FlowState {
  if (d.sawSyn[client] && d.sawRst[server] && !d.sawSyn[server] && !d.sawSynAck[server] && d.payloadBytes[server] === 0) return 'refused';
  if (d.sawRst[client] || d.sawRst[server]) return 'reset';
  if (d.sawFin[client] && d.sawFin[server]) return 'closed';
  return 'open';
}

/** The summary of direction `s` of a flow whose other direction is `peer`. */
function summarize(d: DirectionTable, s: number, peer: number): DirectionSummary {
  const handshakeSeen = (d.sawSyn[s] || d.sawSynAck[s]) && (d.sawSyn[peer] || d.sawSynAck[peer]);
  const shift = d.winScale[s];
  const lastWindowRaw = d.lastWindowRaw[s];
  return {
    isn: d.baseSeq[s],
    isnFromSyn: d.baseFromSyn[s] === 1,
    windowScale: shift,
    mss: d.mssOption[s],
    sackPermitted: d.offeredSack[s] === 1 && d.offeredSack[peer] === 1,
    timestamps: handshakeSeen
      ? d.offeredTimestamps[s] === 1 && d.offeredTimestamps[peer] === 1
      : d.usedTimestamps[s] === 1,
    packets: d.packets[s],
    payloadBytes: d.payloadBytes[s],
    wireBytes: d.wireBytes[s],
    highestSeq: d.highestRel[s],
    lastAck: d.baseSeqSet[peer] ? seqSub(d.lastack[s], d.baseSeq[peer]) : 0,
    lastWindow: Math.max(0, lastWindowRaw),
    lastWindowBytes: shift === WSCALE_UNKNOWN || lastWindowRaw < 0 ? -1 : lastWindowRaw * 2 ** Math.max(0, shift),
    sawFin: d.sawFin[s] === 1,
    sawRst: d.sawRst[s] === 1,
  };
}
