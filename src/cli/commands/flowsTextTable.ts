// `sockscope flows`' text table, like Wireshark's Conversations window: one flow per line, columns
// aligned. Written as bytes straight from the flow columns in two passes, the first for the column
// widths (the lengths of the cells, not the cells), with no object or string per flow but the
// two times: for a SYN flood's million flows the cells as strings, two Flow-shaped objects per
// flow and their collection took 8 s.
import { absTime, type PacketTable } from '../../core/capture/packetTable';
import { flowColumns, PROTOS, STATES, type PackedFlows } from '../../core/flows/packedFlows';
import type { Flow } from '../../core/flows/types';
import type { CliIo } from '../cliIo';
import { AsciiBatch, ROWS_PER_DRAIN, uintLength } from './asciiBatch';

const HEADERS = ['id', 'proto', 'client', 'server', 'state', 'packets', 'frames', 'start', 'duration', 'bytes→srv', 'bytes→cli'] as const;
const enum Col {
  Id,
  Proto,
  Client,
  Server,
  State,
  Packets,
  Frames,
  Start,
  Duration,
  BytesToServer,
  BytesToClient,
}
/** Columns holding numbers are right-aligned. */
const RIGHT_ALIGNED = new Set<number>([Col.Packets, Col.Start, Col.Duration, Col.BytesToServer, Col.BytesToClient]);
const UDP = PROTOS.indexOf('udp');
const GAP = 2;
const TIME_DECIMALS = 6;
const NEWLINE = 0x0a;
const LETTER_F = 0x66;
const DASH = 0x2d;

export async function writeFlowsTable(io: Pick<CliIo, 'out' | 'outBytes' | 'drain'>, table: PacketTable, flows: readonly Flow[]): Promise<void> {
  const p: PackedFlows = flowColumns(flows);
  const t0 = table.count > 0 ? absTime(table, 0) : 0;
  const startText = (id: number): string => (absTime(table, p.firstRow[id]) - t0).toFixed(TIME_DECIMALS);
  const durationText = (id: number): string => (absTime(table, p.lastRow[id]) - absTime(table, p.firstRow[id])).toFixed(TIME_DECIMALS);
  const { addrs } = table;

  const widths = HEADERS.map((h) => h.length);
  const widen = (col: Col, length: number): void => {
    if (length > widths[col]) widths[col] = length;
  };
  for (let id = 0; id < p.count; id++) {
    widen(Col.Id, 1 + uintLength(id));
    widen(Col.Proto, PROTOS[p.proto[id]].length);
    widen(Col.Client, endpointLength(addrs[p.clientAddr[id]], p.clientPort[id]));
    widen(Col.Server, endpointLength(addrs[p.serverAddr[id]], p.serverPort[id]));
    widen(Col.State, p.proto[id] === UDP ? 1 : STATES[p.state[id]].length);
    widen(Col.Packets, uintLength(p.packets[id]));
    widen(Col.Frames, uintLength(p.firstRow[id] + 1) + 1 + uintLength(p.lastRow[id] + 1));
    widen(Col.Start, startText(id).length);
    widen(Col.Duration, durationText(id).length);
    widen(Col.BytesToServer, uintLength(p.payloadBytes[2 * id]));
    widen(Col.BytesToClient, uintLength(p.payloadBytes[2 * id + 1]));
  }

  const out = new AsciiBatch(io);
  out.utf8(HEADERS.map((h, k) => (RIGHT_ALIGNED.has(k) ? h.padStart(widths[k]) : h.padEnd(widths[k]))).join(' '.repeat(GAP)).trimEnd());
  out.byte(NEWLINE);
  const pad = (col: Col, length: number): void => out.spaces(widths[col] - length);
  // After a left-aligned cell: its padding and the gap.
  const after = (col: Col, length: number): void => out.spaces(widths[col] - length + GAP);
  for (let id = 0; id < p.count; id++) {
    if (id % ROWS_PER_DRAIN === 0) await io.drain?.();
    out.startRow();
    out.byte(LETTER_F);
    out.uint(id);
    after(Col.Id, 1 + uintLength(id));
    const proto = PROTOS[p.proto[id]];
    out.utf8(proto);
    after(Col.Proto, proto.length);
    after(Col.Client, writeEndpoint(out, addrs[p.clientAddr[id]], p.clientPort[id]));
    after(Col.Server, writeEndpoint(out, addrs[p.serverAddr[id]], p.serverPort[id]));
    const state = p.proto[id] === UDP ? '-' : STATES[p.state[id]];
    out.utf8(state);
    after(Col.State, state.length);
    pad(Col.Packets, uintLength(p.packets[id]));
    out.uint(p.packets[id]);
    out.spaces(GAP);
    out.uint(p.firstRow[id] + 1);
    out.byte(DASH);
    out.uint(p.lastRow[id] + 1);
    after(Col.Frames, uintLength(p.firstRow[id] + 1) + 1 + uintLength(p.lastRow[id] + 1));
    const start = startText(id);
    pad(Col.Start, start.length);
    out.utf8(start);
    out.spaces(GAP);
    const duration = durationText(id);
    pad(Col.Duration, duration.length);
    out.utf8(duration);
    out.spaces(GAP);
    pad(Col.BytesToServer, uintLength(p.payloadBytes[2 * id]));
    out.uint(p.payloadBytes[2 * id]);
    out.spaces(GAP);
    pad(Col.BytesToClient, uintLength(p.payloadBytes[2 * id + 1]));
    out.uint(p.payloadBytes[2 * id + 1]);
    out.byte(NEWLINE);
  }
  out.flush();
}

/** Length of endpointText(addr, port): `addr:port`, an IPv6 address in brackets. */
function endpointLength(addr: string | undefined, port: number): number {
  const a = addr ?? '';
  return a.length + (a.includes(':') ? 2 : 0) + 1 + uintLength(port);
}

/** Writes endpointText(addr, port) and returns its length in characters. */
function writeEndpoint(out: AsciiBatch, addr: string | undefined, port: number): number {
  const a = addr ?? '';
  const bracketed = a.includes(':');
  if (bracketed) out.byte(0x5b); // [
  out.utf8(a);
  if (bracketed) out.byte(0x5d); // ]
  out.byte(0x3a); // :
  out.uint(port);
  return endpointLength(a, port);
}
