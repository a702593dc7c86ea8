// The published shape of a flow (design/CLI.md: `diagnose`'s `flows` array, plus `state` and,
// for UDP, `datagrams`). Pure, so exports and tests share it; the CLI writes the same shape as
// bytes (src/cli/commands/flowsJsonArray.ts) and the text table beside it (flowsTextTable.ts).
import { absTime, type PacketTable } from '../capture/packetTable';
import { Dir, type Flow, type FlowState } from './types';

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

/** `f<id>`, the flow name used across the CLI, findings and views. */
export function flowName(id: number): string {
  return `f${id}`;
}

/** `f12` → 12, the inverse of flowName; -1 for a label it did not make. */
export function flowIdOf(label: string): number {
  const n = Number.parseInt(label.replace(/^f/, ''), 10);
  return Number.isFinite(n) ? n : -1;
}

/** A time as the JSON gives it: rounded to the capture's precision (at most nanoseconds). */
export function roundTime(t: PacketTable, seconds: number): number {
  return Number(seconds.toFixed(Math.min(9, Math.max(0, t.timePrecision))));
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

/** `addr:port`, with IPv6 addresses in brackets so the port stays readable. */
export function endpointText(addr: string, port: number): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
