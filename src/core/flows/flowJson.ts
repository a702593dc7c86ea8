// How a flow is named and printed wherever it is shown: `f<id>`, `addr:port`, and its times as
// the CLI's JSON gives them. The JSON's flows themselves are written as bytes by the CLI
// (src/cli/commands/flowsJsonArray.ts, shape in design/CLI.md).
import type { PacketTable } from '../capture/packetTable';

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

/** `addr:port`, with IPv6 addresses in brackets so the port stays readable. */
export function endpointText(addr: string, port: number): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
