// Measures the read path alone (wall clock and CPU time, since a shared machine skews the wall clock): `node dist/readSpeed.js FILE` (built by the command in README's
// Performance section) reads FILE with readCaptureFile and prints packets per second and peak RSS.
// With `--make SIZE_MB` it first synthesises FILE with the benchmark's bulk generator.
import { statSync } from 'node:fs';
import { readCaptureFile } from '../src/io/readCaptureFile';
import { generateBulk } from './genCapture';

const args = process.argv.slice(2);
const file = args[0];
if (!file) {
  process.stderr.write('usage: node readSpeed.js FILE [--make SIZE_MB]\n');
  process.exit(2);
}
const make = args.indexOf('--make');
if (make >= 0) {
  const megabytes = Number(args[make + 1] ?? 200);
  const made = generateBulk(file, megabytes * 1_000_000);
  process.stderr.write(`generated ${file}: ${made.packets} packets, ${made.bytes} bytes\n`);
}
const size = statSync(file).size;
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const table = readCaptureFile(file);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakMiB = process.resourceUsage().maxRSS / 1024;
const line = {
  file,
  bytes: size,
  packets: table.count,
  seconds: Number(seconds.toFixed(3)),
  cpuSeconds: Number(cpuSeconds.toFixed(3)),
  packetsPerSecond: Math.round(table.count / seconds),
  packetsPerCpuSecond: Math.round(table.count / cpuSeconds),
  megabytesPerSecond: Number((size / 1e6 / seconds).toFixed(1)),
  peakRssMiB: Math.round(peakMiB),
  warnings: table.warnings.length,
};
process.stdout.write(`${JSON.stringify(line)}\n`);
