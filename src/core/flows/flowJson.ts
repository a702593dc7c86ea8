// The published shape of a flow (design/CLI.md: `diagnose`'s `flows` array, plus `state` and,
// for UDP, `datagrams`), and its text table. Pure, so `flows`, `diagnose` and exports share it.
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

const COLUMNS = ['id', 'proto', 'client', 'server', 'state', 'packets', 'frames', 'start', 'duration', 'bytes→srv', 'bytes→cli'] as const;
/** Columns holding numbers are right-aligned. */
const NUMERIC = new Set<string>(['packets', 'start', 'duration', 'bytes→srv', 'bytes→cli']);

/** `addr:port`, with IPv6 addresses in brackets so the port stays readable. */
export function endpointText(addr: string, port: number): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/** Lines per piece of flowsTextPieces. */
const LINES_PER_PIECE = 4096;

/**
 * An aligned table like Wireshark's Conversations window, one flow per line, in pieces of a few
 * thousand lines: for a million flows all of it can outgrow one string. Two passes over the
 * flows, the first for the column widths, so no more than one piece's cells are held at a time.
 */
export function* flowsTextPieces(t: PacketTable, flows: readonly Flow[]): Generator<string> {
  const t0 = t.count > 0 ? absTime(t, 0) : 0;
  const cellsOf = (f: Flow): string[] => {
    const j = flowToJson(t, f);
    return [
      j.id,
      j.proto,
      endpointText(j.client.addr, j.client.port),
      endpointText(j.server.addr, j.server.port),
      f.proto === 'udp' ? '-' : j.state,
      String(j.packets),
      `${j.firstFrame}-${j.lastFrame}`,
      (absTime(t, f.firstRow) - t0).toFixed(6),
      (absTime(t, f.lastRow) - absTime(t, f.firstRow)).toFixed(6),
      String(j.bytes.toServer),
      String(j.bytes.toClient),
    ];
  };
  // A loop, not Math.max(...): spreading 120,000 arguments overflowed the stack.
  const widths = COLUMNS.map((c) => c.length);
  for (const f of flows) {
    const cells = cellsOf(f);
    for (let k = 0; k < cells.length; k++) widths[k] = Math.max(widths[k], cells[k].length);
  }
  const line = (r: readonly string[]): string =>
    r
      .map((cell, k) => (NUMERIC.has(COLUMNS[k]) ? cell.padStart(widths[k]) : cell.padEnd(widths[k])))
      .join('  ')
      .trimEnd();
  let lines = [line(COLUMNS)];
  for (const f of flows) {
    lines.push(line(cellsOf(f)));
    if (lines.length === LINES_PER_PIECE) {
      yield lines.join('\n').concat('\n');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n').concat('\n');
}
