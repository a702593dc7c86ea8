// Number and time formatting shared by the flow list, the ladder and the findings panel.
// IPv6 addresses get brackets so the port stays readable; the core prints endpoints the same way everywhere.
export { endpointText } from '../src/core/flows/flowJson';

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const a = Math.abs(s);
  if (a >= 100) return `${s.toFixed(1)} s`;
  if (a >= 1) return `${s.toFixed(2)} s`;
  if (a >= 0.001) return `${(s * 1000).toFixed(1)} ms`;
  return `${(s * 1e6).toFixed(0)} µs`;
}

/** Relative time in the ladder's time column: six decimals, like Wireshark's default. */
export function formatRelTime(s: number): string {
  return s.toFixed(6);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

