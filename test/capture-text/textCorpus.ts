// Finds the corpus' tcpdump text logs, the capture each was printed from, and that capture's
// TCP packets as tshark decodes them (the oracle TSVs of ../shared, or tshark run once per
// capture). Used by the corpus comparison tests.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CORPUS } from '../support/shared';
import { PacketTableBuilder, type PacketTable } from '../../src/core/capture/packetTable';
import { TcpdumpTextReader } from '../../src/core/capture/text/tcpdumpText';

export const PEER = path.join(CORPUS, 'peer');
export const TEXT_ROOT = path.join(PEER, 'tcpdump-text');

/** Reads a text file through the reader in chunks of `chunk` bytes (odd sizes split lines). */
export function readText(bytes: Uint8Array, chunk = 65536): PacketTable {
  const b = new PacketTableBuilder('tcpdump-text');
  const r = new TcpdumpTextReader(b);
  for (let o = 0; o < bytes.length; o += chunk) r.push(bytes.subarray(o, o + chunk));
  r.end();
  return b.finish();
}

export function readTextFile(file: string, chunk?: number): PacketTable {
  return readText(readFileSync(file), chunk);
}

export interface TruthRow {
  frame: number;
  time: number;
  /** Comma-joined when tshark saw nested IP headers (tunnels, ICMP quotes). */
  ipSrc: string;
  sport: number;
  dport: number;
  flags: number;
  seq: number;
  ack: number;
  win: number;
  len: number;
}

const truthCache = new Map<string, TruthRow[]>();

function parseTsv(text: string, cols: string[]): TruthRow[] {
  const lines = text.split('\n');
  const header = lines[0].split('\t');
  const at = (name: string): number => {
    const k = header.indexOf(name);
    if (k < 0) throw new Error(`oracle column ${name} missing`);
    return k;
  };
  const [fFrame, fTime, fSrc, fSrc6, fSport, fDport, fFlags, fSeq, fAck, fWin, fLen] = cols.map(at);
  const rows: TruthRow[] = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const v = line.split('\t');
    rows.push({
      frame: Number(v[fFrame]),
      time: Number(v[fTime]),
      ipSrc: v[fSrc] || v[fSrc6],
      sport: Number(v[fSport].split(',')[0]),
      dport: Number(v[fDport].split(',')[0]),
      flags: Number(v[fFlags].split(',')[0]),
      seq: Number(v[fSeq].split(',')[0]),
      ack: Number(v[fAck].split(',')[0]),
      win: Number(v[fWin].split(',')[0]),
      len: Number(v[fLen].split(',')[0]),
    });
  }
  return rows;
}

const FIELDS = [
  'frame.number',
  'frame.time_epoch',
  'ip.src',
  'ipv6.src',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.window_size_value',
  'tcp.len',
];

/** TCP rows of a capture: the oracle TSV when there is one, else tshark (cached per run). */
export function tcpTruth(capture: string): TruthRow[] {
  const cached = truthCache.get(capture);
  if (cached) return cached;
  const rel = path.relative(PEER, capture);
  const oracle = path.join(PEER, 'tshark-oracle', rel + '.tcp.tsv');
  let rows: TruthRow[];
  if (!rel.startsWith('..') && existsSync(oracle)) {
    const text = readFileSync(oracle, 'utf8');
    rows = text.trim() ? parseTsv(text, FIELDS) : [];
  } else {
    rows = runTshark(capture);
  }
  truthCache.set(capture, rows);
  return rows;
}

function runTshark(capture: string): TruthRow[] {
  const args = ['-n', '-r', capture, '-Y', 'tcp', '-T', 'fields', '-E', 'header=y', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const f of FIELDS) args.push('-e', f);
  let out: string;
  try {
    out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // A damaged capture makes tshark exit non-zero after printing what it could read.
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  return out.trim() ? parseTsv(out, FIELDS) : [];
}

/** Records in a classic pcap file (either byte order), counted from the record headers. */
function pcapRecords(file: string): number {
  const b = readFileSync(file);
  const magic = b.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  let n = 0;
  for (let o = 24; o + 16 <= b.length; n++) o += 16 + (le ? b.readUInt32LE(o + 8) : b.readUInt32BE(o + 8));
  return n;
}

/**
 * tshark costs seconds to start on a loaded machine, so the recordings' captures (not in the
 * oracle) are concatenated with mergecap and decoded in one run, then split by frame ranges.
 */
export function preloadTruth(captures: string[]): void {
  const todo = [...new Set(captures)].filter((c) => !truthCache.has(c));
  if (todo.length === 0) return;
  const merged = path.join(mkdtempSync(path.join(tmpdir(), 'sockscope-text-')), 'merged.pcap');
  execFileSync('mergecap', ['-a', '-F', 'pcap', '-w', merged, ...todo], { stdio: 'ignore' });
  const all = runTshark(merged);
  rmSync(path.dirname(merged), { recursive: true, force: true });
  let first = 0;
  let k = 0;
  for (const capture of todo) {
    const count = pcapRecords(capture);
    const rows: TruthRow[] = [];
    while (k < all.length && all[k].frame <= first + count) rows.push({ ...all[k++], frame: all[k - 1].frame - first });
    truthCache.set(capture, rows);
    first += count;
  }
}

export interface TextLog {
  /** Path of the text file. */
  text: string;
  /** The capture it was printed from. */
  capture: string;
  /** Short name for messages. */
  name: string;
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** Capture basenames → paths under peer/tcpdump and peer/samples. */
function captureIndex(): Map<string, string> {
  const files: string[] = [];
  walk(path.join(PEER, 'tcpdump'), files);
  walk(path.join(PEER, 'samples'), files);
  const index = new Map<string, string>();
  for (const f of files) if (/\.(pcap|pcapng|cap)$/.test(f)) index.set(path.basename(f), f);
  return index;
}

const HISTORICAL_CAPTURE: Record<string, string> = {
  'print-x': 'print-flags.pcap',
  'print-A': 'print-flags.pcap',
  'print-capX': 'print-flags.pcap',
  bgp_vpn_attrset: 'bgp_vpn_attrset.pcap',
};

/** Every text log of the corpus with the capture it came from; `kinds` filters the suffix. */
export function textLogs(): TextLog[] {
  const index = captureIndex();
  const logs: TextLog[] = [];
  const mirrored: string[] = [];
  walk(path.join(TEXT_ROOT, 'tcpdump'), mirrored);
  walk(path.join(TEXT_ROOT, 'samples'), mirrored);
  for (const f of mirrored) {
    const m = /^(.*)\.(nn|nn-tttt|nn-v)\.txt$/.exec(f);
    if (!m) continue;
    const capture = path.join(PEER, path.relative(TEXT_ROOT, m[1]));
    logs.push({ text: f, capture, name: path.relative(TEXT_ROOT, f) });
  }
  for (const f of readdirSync(path.join(TEXT_ROOT, 'variants'))) {
    const m = /^(.*\.(?:pcap|pcapng))\.([\w-]+)\.txt$/.exec(f);
    if (!m || !index.has(m[1])) continue;
    logs.push({ text: path.join(TEXT_ROOT, 'variants', f), capture: index.get(m[1]) as string, name: `variants/${f}` });
  }
  for (const f of readdirSync(path.join(TEXT_ROOT, 'historical'))) {
    const m = /^tcpdump-[\d.]+\.(.*)\.out$/.exec(f);
    if (!m || !HISTORICAL_CAPTURE[m[1]]) continue;
    logs.push({
      text: path.join(TEXT_ROOT, 'historical', f),
      capture: index.get(HISTORICAL_CAPTURE[m[1]]) as string,
      name: `historical/${f}`,
    });
  }
  // The live terminal transcript was captured alongside samples/derived/live-loopback-lo.pcap (live/README.md).
  logs.push({
    text: path.join(TEXT_ROOT, 'live', 'live-lo-terminal-transcript.txt'),
    capture: path.join(PEER, 'samples', 'derived', 'live-loopback-lo.pcap'),
    name: 'live/live-lo-terminal-transcript.txt',
  });
  const real = path.join(CORPUS, 'real');
  for (const scenario of readdirSync(real)) {
    const dir = path.join(real, scenario);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) {
      if (/^capture.*\.txt$/.test(f)) {
        logs.push({ text: path.join(dir, f), capture: path.join(dir, 'capture.pcap'), name: `real/${scenario}/${f}` });
      }
    }
  }
  return logs.sort((a, b) => a.name.localeCompare(b.name));
}

export interface Mismatch {
  frame: number;
  field: string;
  text: number | string;
  truth: number | string;
}

export interface Comparison {
  truthRows: number;
  compared: number;
  /** Frames tshark saw as TCP inside another IP header (tunnel, ICMP quote): tcpdump's line is the outer packet. */
  nested: number;
  /** Pure ACKs whose seq tcpdump did not print, and how many the reader inferred right. */
  seqInferred: number;
  seqInferredRight: number;
  /** Time compared (only for logs whose text carries dates). */
  timesCompared: number;
  mismatches: Mismatch[];
  rows: number;
}

/** Whether tcpdump printed this row's seq (4.x: data, SYN, FIN or RST; old style: the same). */
function seqPrinted(t: PacketTable, i: number, verbose2: boolean): boolean {
  return verbose2 || t.len[i] > 0 || (t.tcpFlags[i] & 0x7) !== 0;
}

/**
 * Compares a text log's rows with the capture's TCP rows by frame number. `noSeq`: a log whose
 * printer omits seq entirely (tcpdump 4.0.0). `compareTime`: the log carries dates.
 */
export interface CompareOptions {
  /** -vv: seq printed on every segment. */
  verbose2?: boolean;
  /** The printer never shows seq (tcpdump 4.0.0). */
  noSeq?: boolean;
  /** The log carries dates (-tt, -tttt): compare absolute times. */
  compareTime?: boolean;
  /** The log carries deltas (-ttt, -ttttt): compare times since the first TCP packet. */
  compareElapsed?: boolean;
  /** -q: ports and length only. */
  quiet?: boolean;
  /** The capture starts mid-connection with a pure ACK: seq compared up to a constant, ack not. */
  unanchored?: boolean;
  /** tcpdump stopped reading here (libpcap refused the rest of the file). */
  lastFrame?: number;
  /** Frames tcpdump's text does not show as TCP, for a reason the caller lists. */
  skipFrames?: number[];
}

export function compareLog(t: PacketTable, truth: TruthRow[], opts: CompareOptions): Comparison {
  const c: Comparison = { truthRows: truth.length, compared: 0, nested: 0, seqInferred: 0, seqInferredRight: 0, timesCompared: 0, mismatches: [], rows: t.count };
  const offsets = new Map<string, number>();
  const miss = (frame: number, field: string, text: number | string, want: number | string): void => {
    c.mismatches.push({ frame, field, text, truth: want });
  };
  for (const r of truth) {
    if (opts.lastFrame !== undefined && r.frame > opts.lastFrame) continue;
    if (opts.skipFrames?.includes(r.frame)) continue;
    if (r.ipSrc.includes(',')) {
      c.nested++;
      continue;
    }
    const i = r.frame - 1;
    if (i >= t.count) {
      miss(r.frame, 'row', 'absent', 'tcp');
      continue;
    }
    c.compared++;
    if (t.proto[i] !== 1) {
      miss(r.frame, 'proto', t.proto[i], 'tcp');
      continue;
    }
    if (opts.quiet) {
      // -q prints ports and payload length only.
      if (t.sport[i] !== r.sport) miss(r.frame, 'sport', t.sport[i], r.sport);
      if (t.dport[i] !== r.dport) miss(r.frame, 'dport', t.dport[i], r.dport);
      if (t.len[i] !== r.len) miss(r.frame, 'len', t.len[i], r.len);
      continue;
    }
    const fields: [string, number, number][] = [
      ['sport', t.sport[i], r.sport],
      ['dport', t.dport[i], r.dport],
      // tcpdump 4.99 has no letter for the AE (ex-NS) bit: only the low 8 flags are in the text.
      ['flags', t.tcpFlags[i] & 0xff, r.flags & 0xff],
      ['win', t.win[i], r.win],
      ['len', t.len[i], r.len],
    ];
    if ((r.flags & 0x10) !== 0 && !opts.unanchored) fields.push(['ack', t.ack[i], r.ack]);
    for (const [name, got, want] of fields) if (got !== want) miss(r.frame, name, got, want);
    if (!opts.noSeq && seqPrinted(t, i, opts.verbose2 ?? false)) {
      if (opts.unanchored) {
        // Both values are relative to a seq tcpdump never printed: only their offset per direction must hold.
        const key = `${t.src[i]}:${t.sport[i]}`;
        const offset = (r.seq - t.seq[i]) >>> 0;
        const known = offsets.get(key);
        if (known === undefined) offsets.set(key, offset);
        else if (known !== offset) miss(r.frame, 'seq offset', offset, known);
      } else if (t.seq[i] !== r.seq) miss(r.frame, 'seq', t.seq[i], r.seq);
    } else {
      c.seqInferred++;
      if (t.seq[i] === r.seq) c.seqInferredRight++;
    }
    if (opts.compareTime || opts.compareElapsed) {
      c.timesCompared++;
      let got = t.secs[i] + t.nanos[i] * 1e-9;
      if (opts.compareElapsed) got += truth[0].time - (t.secs[truth[0].frame - 1] + t.nanos[truth[0].frame - 1] * 1e-9);
      // tcpdump truncates the fraction to the digits it prints (deltas: each one, so two steps apart at most).
      const unit = 10 ** -t.timePrecision;
      const lag = r.time - got;
      const ok = opts.compareElapsed ? Math.abs(lag) <= 2 * unit + 2e-7 : lag >= -2e-7 && lag <= unit + 2e-7;
      if (!ok) miss(r.frame, 'time', got, r.time);
    }
  }
  const truthFrames = new Set(truth.map((r) => r.frame));
  for (let i = 0; i < t.count; i++) {
    if (opts.skipFrames?.includes(i + 1)) continue;
    if (t.proto[i] === 1 && !truthFrames.has(i + 1) && (opts.lastFrame === undefined || i < opts.lastFrame)) {
      miss(i + 1, 'proto', 'tcp', 'not tcp');
    }
  }
  return c;
}
