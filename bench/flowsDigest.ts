// A digest of everything `analyzeFlows` returns (every per-row column and every flow record,
// rows included), so a change to the flow stage that must not change its results can be
// checked in one line per capture, before against after:
//   npx esbuild bench/flowsDigest.ts --bundle --platform=node --outfile=dist/flowsDigest.js && node dist/flowsDigest.js FILE...
import { createHash } from 'node:crypto';
import { readCaptureFile } from '../src/io/readCaptureFile';
import { ackRttAt, analyzeFlows, FlowAnalyzer, rtoAt } from '../src/core/flows/index';
import type { PacketTable } from '../src/core/capture/packetTable';

// `--chunk N` feeds the analyzer N rows at a time, as the CLI's reader thread does: the digest
// must be the same as in one step.
const args = process.argv.slice(2);
const chunkAt = args.indexOf('--chunk');
const chunk = chunkAt >= 0 ? Number(args.splice(chunkAt, 2)[1]) : 0;
const files = args;
if (files.length === 0) {
  process.stderr.write('usage: node flowsDigest.js FILE...\n');
  process.exit(2);
}

for (const file of files) {
  let analysis;
  let table: PacketTable;
  try {
    table = readCaptureFile(file);
    analysis = chunk > 0 ? analyzeInSteps(table, chunk) : analyzeFlows(table);
  } catch (err) {
    // Captures the reader rejects stay in the list so the two runs' lines still pair up.
    process.stdout.write(`${file} unreadable: ${err instanceof Error ? err.message : String(err)}\n`);
    continue;
  }
  // The per-row columns in the order of the analysis before it kept frames instead of delays, with
  // rto and ack_rtt as their values, so digests compare across that change.
  const columns: [string, ArrayBufferView][] = [
    ['flowOf', analysis.flowOf],
    ['dirOf', analysis.dirOf],
    ['flags', analysis.flags],
    ['dupAckNum', analysis.dupAckNum],
    ['rtoFrame', analysis.rtoFrame],
    ['rto', perRow(table.count, (i) => rtoAt(table, analysis, i))],
    ['ackRtt', perRow(table.count, (i) => ackRttAt(table, analysis, i))],
    ['bytesInFlight', analysis.bytesInFlight],
  ];
  const parts: string[] = [];
  for (const [name, value] of columns) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    parts.push(`${name}=${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`);
  }
  const flows = createHash('sha256');
  for (const flow of analysis.flows) flows.update(JSON.stringify({ ...flow, rows: Array.from(flow.rows) }));
  parts.push(`flows=${flows.digest('hex').slice(0, 12)}`);
  process.stdout.write(`${file} ${parts.join(' ')}\n`);
}

function perRow(count: number, value: (row: number) => number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = value(i);
  return out;
}

function analyzeInSteps(table: PacketTable, step: number) {
  const analyzer = new FlowAnalyzer(Math.min(table.count, step));
  for (let upTo = Math.min(step, table.count); ; upTo = Math.min(upTo + step, table.count)) {
    analyzer.advance(table, upTo);
    if (upTo === table.count) break;
  }
  return analyzer.finish();
}
