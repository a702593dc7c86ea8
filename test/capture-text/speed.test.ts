// Throughput on a big log: a real recording's tcpdump text repeated to some 300 000 lines, read
// in 1 MiB chunks by the reader bundled with esbuild and run by plain node, as the CLI and the
// extension run it (vitest's module runner is several times slower than shipped code). The figure
// is printed; the assertion is a floor well below it, since the test machines are shared.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

const BENCH = `
import { readFileSync } from 'node:fs';
import { PacketTableBuilder } from ${JSON.stringify(path.join(REPO_ROOT, 'src/core/capture/packetTable'))};
import { TcpdumpTextReader } from ${JSON.stringify(path.join(REPO_ROOT, 'src/core/capture/text/tcpdumpText'))};
const one = readFileSync(process.argv[2]);
let linesInOne = 0;
for (const c of one) if (c === 10) linesInOne++;
const copies = Math.ceil(300000 / linesInOne);
const big = new Uint8Array(one.length * copies);
for (let k = 0; k < copies; k++) big.set(one, k * one.length);
const lines = linesInOne * copies;
const rounds = [];
for (let round = 0; round < 4; round++) {
  const builder = new PacketTableBuilder('tcpdump-text');
  const reader = new TcpdumpTextReader(builder);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let o = 0; o < big.length; o += 1 << 20) reader.push(big.subarray(o, o + (1 << 20)));
  reader.end();
  const wallMs = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  rounds.push({ rows: builder.count, warnings: builder.warnings.length, cpuMs: (used.user + used.system) / 1000, wallMs });
}
console.log(JSON.stringify({ lines, bytes: big.length, rounds }));
`;

interface Round {
  rows: number;
  warnings: number;
  cpuMs: number;
  wallMs: number;
}

describe.skipIf(!HAS_SHARED)('speed', () => {
  it('reads a large log at hundreds of thousands of lines per CPU-second or more', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-speed-'));
    try {
      writeFileSync(path.join(dir, 'bench.ts'), BENCH);
      await build({ entryPoints: [path.join(dir, 'bench.ts')], bundle: true, platform: 'node', outfile: path.join(dir, 'bench.cjs'), logLevel: 'warning' });
      const log = path.join(CORPUS, 'real/nodelay-outage-recovery/capture.txt');
      const out = JSON.parse(execFileSync('node', [path.join(dir, 'bench.cjs'), log], { encoding: 'utf8' })) as { lines: number; bytes: number; rounds: Round[] };
      let best = 0;
      for (const r of out.rounds) {
        expect(r.rows).toBe(out.lines);
        expect(r.warnings).toBe(0);
        const rate = out.lines / (r.cpuMs / 1000);
        best = Math.max(best, rate);
        console.log(
          `[capture-text] ${out.lines} lines (${(out.bytes / 1e6).toFixed(0)} MB): ${r.cpuMs.toFixed(0)} ms CPU, ${r.wallMs.toFixed(0)} ms wall → ` +
            `${(rate / 1e6).toFixed(2)} M lines per CPU-second, ${(out.lines / r.wallMs / 1e3).toFixed(2)} M lines/s wall`,
        );
      }
      expect(best).toBeGreaterThan(300_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
