// The published shape of a flow in the CLI's JSON (design/CLI.md: `diagnose`'s `flows` array,
// plus `state` and, for UDP, `datagrams`) built the plain way, one object per flow: the reference
// the CLI's byte writers (flowsJsonArray.ts, flowsTextTable.ts) are compared with, and the type
// tests read the CLI's output as.
import { absTime, type PacketTable } from '../../src/core/capture/packetTable';
import { roundTime, flowName } from '../../src/core/flows/flowJson';
import { Dir, type Flow, type FlowState } from '../../src/core/flows/types';

export interface FlowEndpointJson {
  addr: string;
  port: number;
}

export interface FlowJson {
  id: string;
  proto: 'tcp' | 'udp';
  client: FlowEndpointJson;
  server: FlowEndpointJson;
  packets: number;
  firstFrame: number;
  lastFrame: number;
  /** Seconds since the epoch (since midnight when the input has no date). */
  start: number;
  end: number;
  /** Payload bytes each way (TCP or UDP payload, retransmissions included). */
  bytes: { toServer: number; toClient: number };
  state: FlowState;
  /** UDP only: datagrams (= packets), named as users expect for UDP. */
  datagrams?: number;
}

export function flowToJson(t: PacketTable, f: Flow): FlowJson {
  const dirs = f.dirs;
  const json: FlowJson = {
    id: flowName(f.id),
    proto: f.proto,
    client: { addr: t.addrs[f.clientAddr] ?? '', port: f.clientPort },
    server: { addr: t.addrs[f.serverAddr] ?? '', port: f.serverPort },
    packets: f.packets,
    firstFrame: f.firstRow + 1,
    lastFrame: f.lastRow + 1,
    start: roundTime(t, absTime(t, f.firstRow)),
    end: roundTime(t, absTime(t, f.lastRow)),
    bytes: { toServer: dirs[Dir.ToServer].payloadBytes, toClient: dirs[Dir.ToClient].payloadBytes },
    state: f.state,
  };
  if (f.proto === 'udp') json.datagrams = f.packets;
  return json;
}

export function flowsToJson(t: PacketTable, flows: readonly Flow[]): FlowJson[] {
  return flows.map((f) => flowToJson(t, f));
}
