// Figures in running text, shared by every locale: durations keep SI unit symbols (s, ms, µs),
// which Chinese technical writing uses as they are.

/** Seconds for people: 5.88 s, 43 ms, 120 µs. */
export function seconds(s: number): string {
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 0.001) return `${(s * 1000).toFixed(s >= 0.01 ? 0 : 1)} ms`;
  return `${Math.round(s * 1e6)} µs`;
}

/** English count with its noun: 1 probe, 4 probes. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
