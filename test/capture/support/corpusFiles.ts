// Finds the corpus captures and reads the outside truth about them: the tshark oracle's TSV
// files, tshark itself (run once per file and cached), and libpcap's verdicts.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CORPUS } from '../../support/shared';

export const PEER = path.join(CORPUS, 'peer');
export const ORACLE = path.join(PEER, 'tshark-oracle');

/** Capture files under a corpus folder, as paths relative to PEER. */
export function peerCaptures(under: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.pcap(ng)?$/.test(name)) out.push(path.relative(PEER, p));
    }
  };
  walk(path.join(PEER, under));
  return out;
}

export function realCaptures(): string[] {
  const real = path.join(CORPUS, 'real');
  return readdirSync(real)
    .filter((d) => statSync(path.join(real, d)).isDirectory())
    .flatMap((d) => ['capture.pcap', 'capture.pcapng'].map((f) => path.join(real, d, f)))
    .filter((p) => existsSync(p));
}

/** tshark's exit code for the oracle's `-Y tcp` run of a peer capture. */
export function oracleExit(rel: string): number {
  const text = readFileSync(path.join(ORACLE, `${rel}.stderr.txt`), 'utf8');
  const m = /# tcp: exit=(\d+)/.exec(text);
  if (!m) throw new Error(`no tcp exit code in the oracle's stderr for ${rel}`);
  return Number(m[1]);
}

/** The fields compared, in the oracle's column order (its first 13 columns). */
export const TSHARK_FIELDS = [
  'frame.number', 'frame.time_epoch', 'ip.src', 'ipv6.src', 'tcp.srcport', 'ip.dst', 'ipv6.dst', 'tcp.dstport',
  'tcp.flags', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.window_size_value', 'tcp.len',
] as const;

/** Rows of the oracle's TCP TSV, each cut to the compared fields. */
export function oracleTcpRows(rel: string): string[][] {
  const text = readFileSync(path.join(ORACLE, `${rel}.tcp.tsv`), 'utf8');
  return parseFieldRows(text, true);
}

function parseFieldRows(text: string, header: boolean): string[][] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  return lines.slice(header ? 1 : 0).map((l) => l.split('\t').slice(0, TSHARK_FIELDS.length));
}

const run = promisify(execFile);
const tsharkCache = new Map<string, Promise<string[][]>>();

/** tshark's TCP rows of a file, with the oracle's options; run once per file per test run. */
export function tsharkTcpRows(file: string): Promise<string[][]> {
  let rows = tsharkCache.get(file);
  if (!rows) {
    const args = ['-n', '-r', file, '-Y', 'tcp', '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
    for (const f of TSHARK_FIELDS) args.push('-e', f);
    rows = run('tshark', args, { maxBuffer: 256 * 1024 * 1024 }).then((r) => parseFieldRows(r.stdout, false));
    tsharkCache.set(file, rows);
  }
  return rows;
}
