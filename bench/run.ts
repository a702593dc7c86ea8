// `npm run bench`: Sockscope side by side with tshark, tcpdump and the npm `pcap-parser` on the
// same files, in one run, alternating tools per round. Prints medians, packets per second, ratios
// against each peer and peak RSS (from GNU time), and writes bench/results/latest.{json,md}.
//
//   npm run bench                 20 MB + 200 MB bulk captures and a 20,000-connection capture
//   npm run bench -- --big        also the 2 GB capture (sockscope, tcpdump and pcap-parser only)
//   npm run bench -- --lab        make the bulk captures with ../shared/tools/capture-lab/big-capture.sh (root)
//   npm run bench -- --runs 5     rounds per tool (default 3; tshark runs once on 200 MB)
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateBulk, generateMany } from './genCapture';

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, 'bench', 'data');
const RESULTS = path.join(ROOT, 'bench', 'results');
const LAB = path.resolve(ROOT, '../shared/tools/capture-lab/big-capture.sh');
const GNU_TIME = '/usr/bin/time';

interface Input {
  name: string;
  file: string;
  packets: number;
  bytes: number;
  /** tshark holds several GB per GB of capture: it only runs on the smaller files. */
  withTshark: boolean;
}

interface Tool {
  name: string;
  argv(file: string): string[];
  applies(input: Input): boolean;
}

interface Sample {
  seconds: number;
  rssMb: number;
}

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const wantBig = args.includes('--big');
const useLab = args.includes('--lab');

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

function makeBulk(name: string, megabytes: number): Input {
  const file = path.join(DATA, `${name}.pcap`);
  if (!existsSync(file)) {
    if (useLab) {
      console.error(`recording ${file} with big-capture.sh ${megabytes} (network namespaces, root)…`);
      execFileSync('bash', [LAB, String(megabytes), file], { stdio: 'inherit' });
    } else {
      console.error(`synthesising ${file} (${megabytes} MB)…`);
      generateBulk(file, megabytes * 1_000_000);
    }
  }
  return { name, file, packets: countPackets(file), bytes: statSync(file).size, withTshark: megabytes <= 200 };
}

function makeMany(name: string, connections: number): Input {
  const file = path.join(DATA, `${name}.pcap`);
  if (!existsSync(file)) {
    console.error(`synthesising ${file} (${connections} connections)…`);
    generateMany(file, connections);
  }
  return { name, file, packets: countPackets(file), bytes: statSync(file).size, withTshark: true };
}

const sockscope = path.join(ROOT, 'bin/sockscope.cjs');
const TOOLS: Tool[] = [
  { name: 'sockscope diagnose', argv: (f) => ['node', sockscope, 'diagnose', f, '--format', 'json'], applies: () => true },
  { name: 'sockscope packets', argv: (f) => ['node', sockscope, 'packets', f, '--format', 'tsv'], applies: () => true },
  { name: 'tshark', argv: (f) => ['tshark', '-n', '-r', f, '-T', 'fields', '-e', 'tcp.stream', '-e', 'tcp.analysis.flags'], applies: (i) => i.withTshark && have('tshark') },
  { name: 'tcpdump', argv: (f) => ['tcpdump', '-nn', '-r', f], applies: () => have('tcpdump') },
  { name: 'pcap-parser', argv: (f) => ['node', path.join(ROOT, 'bench', 'pcapParserCount.cjs'), f], applies: () => true },
];

/** Runs one command with stdout discarded, returning wall seconds and peak RSS in MB. */
function measure(argv: string[]): Sample {
  const started = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', '%M', ...argv], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = r.stderr.toString().trim().split('\n');
  const rssKb = Number(stderr[stderr.length - 1]);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${stderr.slice(-3).join(' | ')}`);
  return { seconds, rssMb: rssKb / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function main(): void {
  if (!existsSync(GNU_TIME)) throw new Error('GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time');
  if (!existsSync(sockscope) || !existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('run npm run build first');
  mkdirSync(DATA, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  const inputs = [makeBulk('bulk-20mb', 20), makeBulk('bulk-200mb', 200), makeMany('many-20k-conns', 20_000)];
  if (wantBig) inputs.push(makeBulk('bulk-2gb', 2000));

  const rows: { input: string; tool: string; packets: number; seconds: number; pps: number; rssMb: number }[] = [];
  for (const input of inputs) {
    const tools = TOOLS.filter((t) => t.applies(input));
    const samples = new Map<string, Sample[]>(tools.map((t) => [t.name, []]));
    for (let round = 0; round < runs; round++) {
      for (const tool of tools) {
        // tshark takes minutes on the 200 MB file: one run is enough to place it.
        if (tool.name === 'tshark' && input.bytes > 50e6 && round > 0) continue;
        const s = measure(tool.argv(input.file));
        samples.get(tool.name)!.push(s);
        console.error(`${input.name} ${tool.name} round ${round + 1}: ${s.seconds.toFixed(2)} s, ${s.rssMb.toFixed(0)} MB`);
      }
    }
    for (const tool of tools) {
      const ss = samples.get(tool.name)!;
      const seconds = median(ss.map((s) => s.seconds));
      rows.push({ input: input.name, tool: tool.name, packets: input.packets, seconds, pps: input.packets / seconds, rssMb: Math.max(...ss.map((s) => s.rssMb)) });
    }
  }

  const lines = ['| input | packets | tool | median s | packets/s | peak RSS MB | diagnose is × faster |', '|---|---:|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    const ours = rows.find((x) => x.input === r.input && x.tool === 'sockscope diagnose')!;
    const ratio = r.tool === 'sockscope diagnose' ? '—' : (r.seconds / ours.seconds).toFixed(1);
    lines.push(`| ${r.input} | ${r.packets.toLocaleString('en')} | ${r.tool} | ${r.seconds.toFixed(2)} | ${Math.round(r.pps).toLocaleString('en')} | ${r.rssMb.toFixed(0)} | ${ratio} |`);
  }
  const table = lines.join('\n');
  console.log(table);
  writeFileSync(path.join(RESULTS, 'latest.md'), table + '\n');
  writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), runs, rows }, null, 2));
}

main();
