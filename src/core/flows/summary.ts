// Turns the working conversations of the pass into the published Flow records: final ids,
// client/server roles, per-direction summaries, state, and the rows of each flow.
import type { Conversation } from './conversation';
import { WSCALE_UNKNOWN, type DirectionState } from './directionState';
import { clientSide } from './roles';
import { seqSub } from './seqMath';
import { Dir, type DirectionSummary, type Flow, type FlowState } from './types';

/**
 * `flowOf` arrives holding each row's conversation index (-1 for none) and `dirOf` the side
 * that sent it (0 = A); both are rewritten in place into flow ids and Dir values.
 * Ids: TCP flows first, numbered in order of their first packet, so `f<n>` is tshark's
 * `tcp.stream == n`; UDP flows follow, also in order of their first packet.
 */
export function buildFlows(convs: Conversation[], flowOf: Int32Array, dirOf: Uint8Array): Flow[] {
  const idOf = new Int32Array(convs.length);
  let next = 0;
  for (let c = 0; c < convs.length; c++) if (convs[c].proto === 'tcp') idOf[c] = next++;
  for (let c = 0; c < convs.length; c++) if (convs[c].proto === 'udp') idOf[c] = next++;

  const clientIsB = new Uint8Array(convs.length);
  // One buffer holds every flow's rows; each flow gets a view of its slice.
  const rowStart = new Uint32Array(convs.length);
  let total = 0;
  for (let c = 0; c < convs.length; c++) {
    rowStart[c] = total;
    total += convs[c].packets;
  }
  const allRows = new Uint32Array(total);
  const flows = new Array<Flow>(convs.length);
  for (let c = 0; c < convs.length; c++) {
    const conv = convs[c];
    const cs = clientSide(conv);
    clientIsB[c] = cs;
    const client = conv.dirs[cs];
    const server = conv.dirs[1 - cs];
    flows[idOf[c]] = {
      id: idOf[c],
      proto: conv.proto,
      clientAddr: cs === 0 ? conv.addrA : conv.addrB,
      clientPort: cs === 0 ? conv.portA : conv.portB,
      serverAddr: cs === 0 ? conv.addrB : conv.addrA,
      serverPort: cs === 0 ? conv.portB : conv.portA,
      rolesFromHandshake: conv.synSender >= 0 || conv.synAckSender >= 0,
      firstRow: conv.firstRow,
      lastRow: conv.lastRow,
      packets: conv.packets,
      state: conv.proto === 'tcp' ? flowState(client, server) : 'open',
      dirs: [summarize(client, server), summarize(server, client)],
      initialRtt: conv.tsFirstRtt,
      rows: allRows.subarray(rowStart[c], rowStart[c] + conv.packets),
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

function flowState(client: DirectionState, server: DirectionState): FlowState {
  if (client.sawSyn && server.sawRst && !server.sawSyn && !server.sawSynAck && server.payloadBytes === 0) return 'refused';
  if (client.sawRst || server.sawRst) return 'reset';
  if (client.sawFin && server.sawFin) return 'closed';
  return 'open';
}

function summarize(d: DirectionState, peer: DirectionState): DirectionSummary {
  const handshakeSeen = (d.sawSyn || d.sawSynAck) && (peer.sawSyn || peer.sawSynAck);
  const shift = d.winScale;
  return {
    isn: d.baseSeq,
    isnFromSyn: d.baseFromSyn,
    windowScale: shift,
    mss: d.mssOption,
    sackPermitted: d.offeredSack && peer.offeredSack,
    timestamps: handshakeSeen ? d.offeredTimestamps && peer.offeredTimestamps : d.usedTimestamps,
    packets: d.packets,
    payloadBytes: d.payloadBytes,
    wireBytes: d.wireBytes,
    highestSeq: d.highestRel,
    lastAck: peer.baseSeqSet ? seqSub(d.lastack, peer.baseSeq) : 0,
    lastWindow: Math.max(0, d.lastWindowRaw),
    lastWindowBytes: shift === WSCALE_UNKNOWN || d.lastWindowRaw < 0 ? -1 : d.lastWindowRaw * 2 ** Math.max(0, shift),
    sawFin: d.sawFin,
    sawRst: d.sawRst,
  };
}
