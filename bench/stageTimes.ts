// CPU time of each stage of `sockscope diagnose` on one file (read, flows, diagnosis, JSON), so a
// profile's picture can be checked without the profiler's own overhead. CPU time, not wall time,
// because the benchmark machine is shared. `diagnose` groups the packets without Wireshark's
// per-segment analysis; the full flow pass the views and `packets` run is timed last, on its own
// (`flowsWithAnalysis`, not in the total):
//   npx esbuild bench/stageTimes.ts --bundle --platform=node --outfile=dist/stageTimes.js && node dist/stageTimes.js FILE
import { readCaptureFile } from '../src/io/readCaptureFile';
import { analyzeFlows, groupFlows } from '../src/core/flows/index';
import { diagnose } from '../src/core/diagnosis/index';
import { FlowsJsonArray } from '../src/cli/commands/flowsJsonArray';
import { writeJson } from '../src/cli/jsonWriter';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node stageTimes.js FILE\n');
  process.exit(2);
}

// Minor page faults are counted too: on a VM whose host backs guest memory lazily, first-touch
// faults of fresh memory can cost more than the computation itself.
const faults: Record<string, number> = {};
let last = process.cpuUsage();
let lastFaults = process.resourceUsage().minorPageFault;
function lap(stage: string): number {
  const now = process.cpuUsage(last);
  last = process.cpuUsage();
  const f = process.resourceUsage().minorPageFault;
  faults[stage] = f - lastFaults;
  lastFaults = f;
  return (now.user + now.system) / 1e6;
}

async function main(): Promise<void> {
  const table = readCaptureFile(file);
  const read = lap('read');
  const analysis = groupFlows(table);
  const flows = lap('flows');
  const findings = diagnose(table, analysis);
  const diagnosis = lap('diagnosis');
  // As `diagnose --format json` writes it, into a sink that only counts the bytes.
  let jsonBytes = 0;
  const sink = { out: (text: string) => void (jsonBytes += Buffer.byteLength(text)), outBytes: (bytes: Uint8Array) => ((jsonBytes += bytes.length), true) };
  await writeJson(sink.out, { flows: new FlowsJsonArray(sink, table, analysis.flows), findings }, 2);
  const output = lap('json');
  analyzeFlows(table);
  const flowsWithAnalysis = lap('flowsWithAnalysis');
  const mib = (x: number) => Math.round(x / 2 ** 20);
  // What one row of the packet table costs: the element sizes of its typed-array columns.
  let tableBytesPerPacket = 0;
  for (const value of Object.values(table)) if (ArrayBuffer.isView(value) && !(value instanceof DataView)) tableBytesPerPacket += (value as Uint8Array).BYTES_PER_ELEMENT;
  process.stdout.write(
    JSON.stringify({
      file,
      packets: table.count,
      cpuSeconds: { read, flows, diagnosis, json: output, total: read + flows + diagnosis + output, flowsWithAnalysis },
      pageFaults: faults,
      tableBytesPerPacket,
      jsonBytes,
      findings: findings.length,
      peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    }) + '\n',
  );
}

void main();
