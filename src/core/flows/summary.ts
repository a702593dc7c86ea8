// Turns the working conversations of the pass into the published flows: final ids, client/server
// roles, per-direction summaries, state, and the rows of each flow. They are written as columns
// (packedFlows.ts), and each Flow record reads its fields from them: a million one-packet flows
// as objects were 6.8 s of CPU and 800 MB of heap (bench/README.md).
import { Proto } from '../capture/packetTable';
import type { ColumnAllocator } from '../columnBlock';
import type { ConversationTable } from './conversation';
import { WSCALE_UNKNOWN, type DirectionTable } from './directionState';
import { clientSide } from './roles';
import { seqSub } from './seqMath';
import { allocatePackedFlows, protoCode, stateCode, unpackFlows, type PackedFlows } from './packedFlows';
import { Dir, type Flow, type FlowState } from './types';

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
  const p = allocatePackedFlows(count, allRows, alloc);
  for (let c = 0; c < count; c++) {
    const cs = clientSide(convs, c);
    clientIsB[c] = cs;
    const client = 2 * c + cs;
    const server = 2 * c + 1 - cs;
    const tcp = convs.proto[c] === Proto.Tcp;
    const i = idOf[c];
    p.proto[i] = protoCode(tcp ? 'tcp' : 'udp');
    p.clientAddr[i] = cs === 0 ? convs.addrA[c] : convs.addrB[c];
    p.clientPort[i] = cs === 0 ? convs.portA[c] : convs.portB[c];
    p.serverAddr[i] = cs === 0 ? convs.addrB[c] : convs.addrA[c];
    p.serverPort[i] = cs === 0 ? convs.portB[c] : convs.portA[c];
    p.rolesFromHandshake[i] = convs.synSender[c] >= 0 || convs.synAckSender[c] >= 0 ? 1 : 0;
    p.firstRow[i] = convs.firstRow[c];
    p.lastRow[i] = convs.lastRow[c];
    p.packets[i] = convs.packets[c];
    p.state[i] = stateCode(tcp ? flowState(d, client, server) : 'open');
    p.initialRtt[i] = convs.tsFirstRtt[c];
    p.rowStart[i] = rowStart[c];
    summarize(p, 2 * i + Dir.ToServer, d, client, server);
    summarize(p, 2 * i + Dir.ToClient, d, server, client);
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
  return unpackFlows(p);
}

function flowState(d: DirectionTable, client: number, server: number): FlowState {
  if (d.sawSyn[client] && d.sawRst[server] && !d.sawSyn[server] && !d.sawSynAck[server] && d.payloadBytes[server] === 0) return 'refused';
  if (d.sawRst[client] || d.sawRst[server]) return 'reset';
  if (d.sawFin[client] && d.sawFin[server]) return 'closed';
  return 'open';
}

/** The summary of direction `s` of a flow whose other direction is `peer`, into entry k of `p`'s direction columns. */
function summarize(p: PackedFlows, k: number, d: DirectionTable, s: number, peer: number): void {
  const handshakeSeen = (d.sawSyn[s] || d.sawSynAck[s]) && (d.sawSyn[peer] || d.sawSynAck[peer]);
  const shift = d.winScale[s];
  const lastWindowRaw = d.lastWindowRaw[s];
  p.isn[k] = d.baseSeq[s];
  p.isnFromSyn[k] = d.baseFromSyn[s] === 1 ? 1 : 0;
  p.windowScale[k] = shift;
  p.mss[k] = d.mssOption[s];
  p.sackPermitted[k] = d.offeredSack[s] === 1 && d.offeredSack[peer] === 1 ? 1 : 0;
  const timestamps = handshakeSeen ? d.offeredTimestamps[s] === 1 && d.offeredTimestamps[peer] === 1 : d.usedTimestamps[s] === 1;
  p.timestamps[k] = timestamps ? 1 : 0;
  p.dirPackets[k] = d.packets[s];
  p.payloadBytes[k] = d.payloadBytes[s];
  p.wireBytes[k] = d.wireBytes[s];
  p.highestSeq[k] = d.highestRel[s];
  p.lastAck[k] = d.baseSeqSet[peer] ? seqSub(d.lastack[s], d.baseSeq[peer]) : 0;
  p.lastWindow[k] = Math.max(0, lastWindowRaw);
  p.lastWindowBytes[k] = shift === WSCALE_UNKNOWN || lastWindowRaw < 0 ? -1 : lastWindowRaw * 2 ** Math.max(0, shift);
  p.sawFin[k] = d.sawFin[s] === 1 ? 1 : 0;
  p.sawRst[k] = d.sawRst[s] === 1 ? 1 : 0;
}
