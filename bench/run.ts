// `npm run bench`: Sockscope side by side with tshark, tcpdump and the npm `pcap-parser` on the
// same files, in one run, alternating the tools round by round so that a change in the machine's
// load hits every tool alike. Prints medians of wall and CPU time (user + system, from GNU time),
// packets per second by both, the ratio of each peer to `sockscope diagnose`, peak RSS and the
// size of diagnose's JSON, and writes bench/results/latest.{json,md}.
//
//   npm run bench                 20 MB + 200 MB bulk captures and a 20,000-connection capture
//   npm run bench -- --big        also a 2 GB capture (sockscope, tcpdump and pcap-parser only)
//   npm run bench -- --hostile    also a SYN flood: a million one-packet flows from random sources
//   npm run bench -- --lab        record the bulk captures with ../shared/tools/capture-lab/big-capture.sh
//                                 (root, network namespaces: real-kernel traffic) instead of synthesising them
//   npm run bench -- --runs 5     rounds per tool (default 3; tshark runs once on files over 50 MB)
//   npm run bench -- --only NAME  inputs whose name contains NAME
//   npm run bench -- --cli FILE   the CLI bundle to measure under node (default: bin/sockscope.cjs run as a shell runs it); copy
//                                 dist/captureWorker.js beside a snapshot, or it runs on one thread
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { generateBulk, generateMany, generateSynFlood } from './genCapture';

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const runs = Math.max(1, Number(option('--runs')) || 3);
const wantBig = args.includes('--big');
const wantHostile = args.includes('--hostile');
const useLab = args.includes('--lab');
const only = option('--only');

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, 'bench', 'data');
const RESULTS = path.join(ROOT, 'bench', 'results');
const LAB = path.resolve(ROOT, '../shared/tools/capture-lab/big-capture.sh');
const GNU_TIME = '/usr/bin/time';
/** `--cli PATH`: measure another build of the CLI (a snapshot, while the tree's dist/ keeps changing). */
const SOCKSCOPE = path.resolve(option('--cli') ?? path.join(ROOT, 'bin/sockscope.cjs'));
/**
 * How a shell runs `sockscope`: the bin itself, so its shebang's Node options and huge-page
 * tunable apply as they do for a user; a `--cli` bundle runs under `node`.
 */
const RUN_SOCKSCOPE = option('--cli') ? ['node', SOCKSCOPE] : [SOCKSCOPE];
const OURS = 'sockscope diagnose';
/** tshark holds GBs and takes minutes per 200 MB: it runs once on larger files and never on the 2 GB one. */
const TSHARK_MAX_BYTES = 250e6;
const TSHARK_ONCE_BYTES = 50e6;

interface Input {
  name: string;
  file: string;
  packets: number;
  bytes: number;
}

interface Tool {
  name: string;
  argv(file: string): string[];
  applies(input: Input): boolean;
}

interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
}

interface Row {
  input: string;
  tool: string;
  packets: number;
  runs: number;
  wallS: number;
  cpuS: number;
  ppsWall: number;
  ppsCpu: number;
  rssMb: number;
}


function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Counts the records of a classic pcap file by walking its record headers. */
function countPackets(file: string): number {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(24);
  readSync(fd, head, 0, 24, 0);
  const le = head.readUInt32LE(0) === 0xa1b2c3d4 || head.readUInt32LE(0) === 0xa1b23c4d;
  const rec = Buffer.alloc(16);
  let offset = 24;
  let n = 0;
  while (readSync(fd, rec, 0, 16, offset) === 16) {
    offset += 16 + (le ? rec.readUInt32LE(8) : rec.readUInt32BE(8));
    n++;
  }
  closeSync(fd);
  return n;
}

function describe(name: string, file: string): Input {
  return { name, file, packets: countPackets(file), bytes: statSync(file).size };
}

const bulkName = (label: string): string => `${useLab ? 'lab' : 'bulk'}-${label}`;
const manyName = (connections: number): string => `many-${connections / 1000}k-conns`;
const synFloodName = (packets: number): string => `synflood-${packets / 1_000_000}m`;

function makeBulk(megabytes: number, label: string): Input {
  const name = bulkName(label);
  const file = path.join(DATA, `${name}.pcap`);
  if (!existsSync(file)) {
    if (useLab) {
      // What big-capture.sh runs; a fresh Debian machine lacks the last two (packages ethtool, nftables).
      const missing = ['ip', 'tc', 'tcpdump', 'ethtool', 'nft'].filter((tool) => !have(tool));
      if (missing.length) throw new Error(`--lab records with ${LAB}, which needs ${missing.join(', ')} (Debian: apt-get install iproute2 tcpdump ethtool nftables)`);
      console.error(`recording ${file} with big-capture.sh ${megabytes} (network namespaces, root)…`);
      execFileSync('bash', [LAB, String(megabytes), file], { stdio: ['ignore', 'ignore', 'inherit'] });
    } else {
      console.error(`synthesising ${file} (${megabytes} MB)…`);
      generateBulk(file, megabytes * 1_000_000);
    }
  }
  return describe(name, file);
}

function makeMany(connections: number): Input {
  const name = manyName(connections);
  const file = path.join(DATA, `${name}.pcap`);
  if (!existsSync(file)) {
    console.error(`synthesising ${file} (${connections} connections)…`);
    generateMany(file, connections);
  }
  return describe(name, file);
}

function makeSynFlood(packets: number): Input {
  const name = synFloodName(packets);
  const file = path.join(DATA, `${name}.pcap`);
  if (!existsSync(file)) {
    console.error(`synthesising ${file} (${packets} SYNs from random sources)…`);
    generateSynFlood(file, packets);
  }
  return describe(name, file);
}

const TOOLS: Tool[] = [
  { name: OURS, argv: (f) => [...RUN_SOCKSCOPE, 'diagnose', f, '--format', 'json'], applies: () => true },
  // The same work with the reader thread (SOCKSCOPE_THREADS=2): what the second core adds.
  {
    name: 'sockscope diagnose, 2 threads',
    argv: (f) => ['env', 'SOCKSCOPE_THREADS=2', ...RUN_SOCKSCOPE, 'diagnose', f, '--format', 'json'],
    applies: () => true,
  },
  // diagnose as it was until it stopped running Wireshark's per-segment analysis, which nothing it
  // prints reads (SOCKSCOPE_SEQUENCE_ANALYSIS=1): what that analysis costs on top.
  {
    name: "sockscope diagnose + Wireshark's analysis",
    argv: (f) => ['env', 'SOCKSCOPE_SEQUENCE_ANALYSIS=1', ...RUN_SOCKSCOPE, 'diagnose', f, '--format', 'json'],
    applies: () => true,
  },
  { name: 'sockscope packets', argv: (f) => [...RUN_SOCKSCOPE, 'packets', f, '--format', 'tsv'], applies: () => true },
  {
    name: 'tshark',
    argv: (f) => ['tshark', '-n', '-r', f, '-T', 'fields', '-e', 'tcp.stream', '-e', 'tcp.analysis.flags'],
    applies: (i) => i.bytes <= TSHARK_MAX_BYTES && have('tshark'),
  },
  { name: 'tcpdump', argv: (f) => ['tcpdump', '-nn', '-r', f], applies: () => have('tcpdump') },
  { name: 'pcap-parser', argv: (f) => ['node', path.join(ROOT, 'bench', 'pcapParserCount.cjs'), f], applies: () => true },
];

/** Runs one command with stdout discarded (or sent to `stdoutFile`): wall and CPU seconds, peak RSS. */
function measure(argv: string[], stdoutFile?: string): Sample {
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  try {
    const r = spawnSync(GNU_TIME, ['-f', '%e %U %S %M', ...argv], { stdio: ['ignore', out, 'pipe'], maxBuffer: 1 << 26 });
    const lines = r.stderr.toString().trim().split('\n');
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${lines.slice(-3).join(' | ')}`);
    const [wall, user, sys, rssKb] = lines[lines.length - 1].split(' ').map(Number);
    return { wall, cpu: user + sys, rssMb: rssKb / 1024 };
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Size of diagnose's JSON on this input: it must stay small however many packets there are. */
function jsonSize(input: Input): number {
  const file = path.join(RESULTS, `diagnose-${input.name}.json`);
  measure(TOOLS[0].argv(input.file), file);
  const size = statSync(file).size;
  unlinkSync(file);
  return size;
}

function fmt(x: number, digits = 2): string {
  return x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(rows: Row[], inputs: Input[], jsonBytes: Map<string, number>): string {
  const lines = [
    '| input | packets | tool | runs | median wall s | median CPU s | packets/s (wall) | packets/s (CPU) | peak RSS MB | × diagnose (wall) | × diagnose (CPU) |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ours = rows.find((x) => x.input === r.input && x.tool === OURS);
    const vs = (a: number, b: number | undefined) => (r.tool === OURS || !b ? '—' : fmt(a / b, 1));
    lines.push(
      `| ${r.input} | ${r.packets.toLocaleString('en')} | ${r.tool} | ${r.runs} | ${fmt(r.wallS)} | ${fmt(r.cpuS)} | ` +
        `${Math.round(r.ppsWall).toLocaleString('en')} | ${Math.round(r.ppsCpu).toLocaleString('en')} | ${fmt(r.rssMb, 0)} | ` +
        `${vs(r.wallS, ours?.wallS)} | ${vs(r.cpuS, ours?.cpuS)} |`,
    );
  }
  lines.push('');
  for (const i of inputs) {
    const ours = rows.find((x) => x.input === i.name && x.tool === OURS);
    const bytesPerPacket = ours ? (ours.rssMb * 2 ** 20) / i.packets : 0;
    lines.push(
      `- ${i.name}: ${(i.bytes / 1e6).toFixed(0)} MB, diagnose JSON ${(jsonBytes.get(i.name)! / 1024).toFixed(0)} KiB, ` +
        `diagnose peak RSS ${bytesPerPacket.toFixed(0)} bytes per packet`,
    );
  }
  return lines.join('\n');
}

function main(): void {
  if (!existsSync(GNU_TIME)) throw new Error('GNU time (/usr/bin/time) is needed for CPU time and peak RSS: apt-get install time');
  if (!existsSync(SOCKSCOPE) || !existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('run npm run build first');
  mkdirSync(DATA, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  const loadBefore = loadavg();
  // Named before they are made, so that `--only` records or synthesises only what it measures.
  const planned: [string, () => Input][] = [
    [bulkName('20mb'), () => makeBulk(20, '20mb')],
    [bulkName('200mb'), () => makeBulk(200, '200mb')],
    [manyName(20_000), () => makeMany(20_000)],
  ];
  if (wantBig) planned.push([bulkName('2gb'), () => makeBulk(2000, '2gb')]);
  if (wantHostile) planned.push([synFloodName(1_000_000), () => makeSynFlood(1_000_000)]);
  const inputs = planned.filter(([name]) => !only || name.includes(only)).map(([, make]) => make());

  const rows: Row[] = [];
  const jsonBytes = new Map<string, number>();
  for (const input of inputs) {
    const tools = TOOLS.filter((t) => t.applies(input));
    const samples = new Map<string, Sample[]>(tools.map((t) => [t.name, []]));
    for (let round = 0; round < runs; round++) {
      for (const tool of tools) {
        if (tool.name === 'tshark' && input.bytes > TSHARK_ONCE_BYTES && round > 0) continue;
        const s = measure(tool.argv(input.file));
        samples.get(tool.name)!.push(s);
        console.error(
          `${input.name} ${tool.name} round ${round + 1}: ${s.wall.toFixed(2)} s wall, ${s.cpu.toFixed(2)} s CPU, ${s.rssMb.toFixed(0)} MB` +
            ` (load ${loadavg()[0].toFixed(1)})`,
        );
      }
    }
    jsonBytes.set(input.name, jsonSize(input));
    for (const tool of tools) {
      const ss = samples.get(tool.name)!;
      const wallS = median(ss.map((s) => s.wall));
      const cpuS = median(ss.map((s) => s.cpu));
      rows.push({
        input: input.name,
        tool: tool.name,
        packets: input.packets,
        runs: ss.length,
        wallS,
        cpuS,
        ppsWall: input.packets / wallS,
        ppsCpu: input.packets / cpuS,
        rssMb: Math.max(...ss.map((s) => s.rssMb)),
      });
    }
    // Written after every input, so a long run that is stopped still leaves its finished inputs.
    write(rows, inputs.slice(0, inputs.indexOf(input) + 1), jsonBytes, loadBefore);
  }
  console.log(readFileSync(path.join(RESULTS, 'latest.md'), 'utf8'));
}

function write(rows: Row[], inputs: Input[], jsonBytes: Map<string, number>, loadBefore: number[]): void {
  const loadAfter = loadavg();
  const load = `load average (1/5/15 min) before ${loadBefore.map((x) => x.toFixed(1)).join('/')}, after ${loadAfter.map((x) => x.toFixed(1)).join('/')}`;
  const text = table(rows, inputs, jsonBytes) + `\n- ${load}; ${runs} rounds; CPU = user + system\n`;
  writeFileSync(path.join(RESULTS, 'latest.md'), text);
  writeFileSync(
    path.join(RESULTS, 'latest.json'),
    JSON.stringify({ date: new Date().toISOString(), runs, loadBefore, loadAfter, inputs, jsonBytes: Object.fromEntries(jsonBytes), rows }, null, 2),
  );
}

main();
