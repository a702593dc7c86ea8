// tshark's view of a capture, per TCP frame: tcp.stream and the analysis flags. From the peer
// corpus's stored oracle (tshark 4.0.17) or by running tshark once per file, cached for the run.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ANALYSIS_FLAG_NAMES } from '../../src/core/flows';

const run = promisify(execFile);

export interface TsharkRow {
  frame: number;
  /** tcp.stream as printed; several comma-joined values when a frame carries several TCP headers. */
  stream: string;
  /** One boolean per ANALYSIS_FLAG_NAMES entry, as tshark's per-flag fields report them. */
  flags: boolean[];
  dupAckNum: number;
  rtoFrame: number;
  /** tcp.analysis.bytes_in_flight, ack_rtt and initial_rtt; NaN where tshark prints none. */
  bytesInFlight: number;
  ackRtt: number;
  initialRtt: number;
}

const FLAG_FIELDS = ANALYSIS_FLAG_NAMES.map((n) => (n === 'duplicate_ack' ? 'tcp.analysis.duplicate_ack_num' : `tcp.analysis.${n}`));

function numberOrNaN(text: string | undefined): number {
  return text === undefined || text === '' ? NaN : Number(text.split(',')[0]);
}

function parseRows(text: string, col: (name: string) => number): TsharkRow[] {
  const rows: TsharkRow[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const c = line.split('\t');
    const frame = Number(c[col('frame.number')]);
    if (!Number.isFinite(frame)) continue;
    const dup = c[col('tcp.analysis.duplicate_ack_num')] ?? '';
    const rto = col('tcp.analysis.rto_frame') >= 0 ? (c[col('tcp.analysis.rto_frame')] ?? '') : '';
    rows.push({
      frame,
      stream: c[col('tcp.stream')] ?? '',
      flags: FLAG_FIELDS.map((f) => (c[col(f)] ?? '') !== ''),
      dupAckNum: dup === '' ? 0 : Number(dup.split(',')[0]),
      rtoFrame: rto === '' ? 0 : Number(rto),
      bytesInFlight: numberOrNaN(c[col('tcp.analysis.bytes_in_flight')]),
      ackRtt: numberOrNaN(c[col('tcp.analysis.ack_rtt')]),
      initialRtt: numberOrNaN(c[col('tcp.analysis.initial_rtt')]),
    });
  }
  return rows;
}

/** The stored oracle `<capture>.tcp.tsv` (header row names the columns). */
export function readOracle(tsvPath: string): TsharkRow[] {
  const text = readFileSync(tsvPath, 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split('\t');
  return parseRows(text.slice(text.indexOf('\n') + 1), (name) => header.indexOf(name));
}

/** tshark exited 0 on the capture when the oracle was made (its `.stderr.txt`). */
export function oracleReadCleanly(tsvPath: string): boolean {
  const stderr = tsvPath.replace(/\.tcp\.tsv$/, '.stderr.txt');
  return existsSync(stderr) && /# tcp: exit=0\b/.test(readFileSync(stderr, 'utf8'));
}

const LIVE_FIELDS = [
  'frame.number',
  'tcp.stream',
  ...FLAG_FIELDS,
  'tcp.analysis.rto_frame',
  'tcp.analysis.bytes_in_flight',
  'tcp.analysis.ack_rtt',
  'tcp.analysis.initial_rtt',
];
const cache = new Map<string, Promise<TsharkRow[]>>();

/** Runs tshark with sequence analysis on, once per file per test run. */
export function runTshark(capture: string): Promise<TsharkRow[]> {
  let rows = cache.get(capture);
  if (!rows) {
    const args = ['-n', '-r', capture, '-o', 'tcp.analyze_sequence_numbers:TRUE', '-Y', 'tcp', '-T', 'fields'];
    for (const f of LIVE_FIELDS) args.push('-e', f);
    args.push('-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,');
    rows = run('tshark', args, { maxBuffer: 256 * 1024 * 1024 }).then(({ stdout }) =>
      parseRows(stdout, (name) => LIVE_FIELDS.indexOf(name)),
    );
    cache.set(capture, rows);
  }
  return rows;
}
