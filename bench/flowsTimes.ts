// CPU time and page faults of the flow stage (`analyzeFlows`) alone, run several times on one
// packet table so a change to src/core/flows can be measured on a shared machine: the first run
// touches fresh memory as `sockscope diagnose` does, the later ones show the warm cost, and the
// minimum of those is the least disturbed by other processes.
//   npx esbuild bench/flowsTimes.ts --bundle --platform=node --outfile=dist/flowsTimes.js && node dist/flowsTimes.js FILE [RUNS]
import { readCaptureFile } from '../src/io/readCaptureFile';
import { analyzeFlows } from '../src/core/flows/index';

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
if (!file || !(runs >= 1)) {
  process.stderr.write('usage: node flowsTimes.js FILE [RUNS]\n');
  process.exit(2);
}

const table = readCaptureFile(file);
const cpu: number[] = [];
const faults: number[] = [];
let flows = 0;
for (let k = 0; k < runs; k++) {
  const faults0 = process.resourceUsage().minorPageFault;
  const start = process.cpuUsage();
  // Keeping the result alive until the measurement ends, as the CLI does.
  flows = analyzeFlows(table).flows.length;
  const used = process.cpuUsage(start);
  cpu.push((used.user + used.system) / 1e6);
  faults.push(process.resourceUsage().minorPageFault - faults0);
}
const warm = cpu.slice(1);
process.stdout.write(
  JSON.stringify({
    file,
    packets: table.count,
    flows,
    firstCpuSeconds: cpu[0],
    firstPageFaults: faults[0],
    warmMinCpuSeconds: warm.length > 0 ? Math.min(...warm) : null,
    cpuSeconds: cpu,
    pageFaults: faults,
  }) + '\n',
);
