// A digest of everything `analyzeFlows` returns (every per-row column and every flow record,
// rows included), so a change to the flow stage that must not change its results can be
// checked in one line per capture, before against after:
//   npx esbuild bench/flowsDigest.ts --bundle --platform=node --outfile=dist/flowsDigest.js && node dist/flowsDigest.js FILE...
import { createHash } from 'node:crypto';
import { readCaptureFile } from '../src/io/readCaptureFile';
import { AnalysisFlag, analyzeFlows, FlowAnalyzer } from '../src/core/flows/index';
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
  try {
    const table = readCaptureFile(file);
    analysis = chunk > 0 ? analyzeInSteps(table, chunk) : analyzeFlows(table);
  } catch (err) {
    // Captures the reader rejects stay in the list so the two runs' lines still pair up.
    process.stdout.write(`${file} unreadable: ${err instanceof Error ? err.message : String(err)}\n`);
    continue;
  }
  const parts: string[] = [];
  for (const [name, column] of Object.entries(analysis)) {
    if (!ArrayBuffer.isView(column)) continue;
    const value = name === 'rto' ? rtoOnRetransmissions(analysis.rto, analysis.flags) : column;
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    parts.push(`${name}=${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`);
  }
  const flows = createHash('sha256');
  for (const flow of analysis.flows) flows.update(JSON.stringify({ ...flow, rows: Array.from(flow.rows) }));
  parts.push(`flows=${flows.digest('hex').slice(0, 12)}`);
  process.stdout.write(`${file} ${parts.join(' ')}\n`);
}

/** rto where it is defined (rows flagged Retransmission), NaN elsewhere, whatever the column holds there. */
function rtoOnRetransmissions(rto: Float64Array, flags: Uint32Array): Float64Array {
  const out = new Float64Array(rto.length);
  for (let i = 0; i < rto.length; i++) out[i] = flags[i] & AnalysisFlag.Retransmission ? rto[i] : NaN;
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
