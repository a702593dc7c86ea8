// Seconds since the capture's first packet, computed where it is used. Passed to a function V8
// does not inline, a double is boxed into a heap object, once per packet and argument: on the
// 200 MB capture the flow pass's two such arguments were ~60 scavenges of the young generation.
import type { PacketTable } from '../capture/packetTable';

/** Seconds from row 0 to row `i`. Row 0 never changes as a table grows, so neither does this. */
export function secondsSinceFirst(t: PacketTable, i: number): number {
  return t.secs[i] - t.secs[0] + (t.nanos[i] - t.nanos[0]) * 1e-9;
}
