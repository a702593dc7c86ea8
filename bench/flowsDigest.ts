// A digest of everything `analyzeFlows` returns (every per-row column and every flow record,
// rows included), so a change to the flow stage that must not change its results can be
// checked in one line per capture, before against after:
//   npx esbuild bench/flowsDigest.ts --bundle --platform=node --outfile=dist/flowsDigest.js && node dist/flowsDigest.js FILE...
import { createHash } from 'node:crypto';
import { readCaptureFile } from '../src/io/readCaptureFile';
import { AnalysisFlag, analyzeFlows } from '../src/core/flows/index';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node flowsDigest.js FILE...\n');
  process.exit(2);
}

for (const file of files) {
  let analysis;
  try {
    analysis = analyzeFlows(readCaptureFile(file));
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
