// Every tcpdump text log of the corpus against the capture it was printed from: the TCP rows
// the reader builds must be the packets tshark decodes from the binary (ports, flags, absolute
// seq and ack, raw window, payload length, frame order), and for logs with dates the times.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, hasTool, requireOrSkip } from '../support/shared';
import { compareLog, preloadTruth, readTextFile, tcpTruth, textLogs, type CompareOptions, type TextLog } from './textCorpus';

/** Frames where tcpdump's text does not show the TCP segment tshark decodes, with the reason. */
const SKIPPED_FRAMES: { log: RegExp; frames: number[]; reason: string }[] = [
  {
    log: /(bigtcp-ipv4|ipv4_tcp_http_xml_tso)\.pcap/,
    frames: [1],
    reason: 'IP total length 0 (TSO / BIG TCP): tcpdump 4.99.3 prints `IP bad-len 0` and no TCP',
  },
  {
    log: /frag_http_req\.pcap/,
    frames: [1, 11],
    reason: 'IP fragments: tcpdump decodes TCP in the first fragment (frame 1), tshark in the reassembled last one (frame 11)',
  },
  {
    log: /bigtcp-ipv6\.pcap/,
    frames: [1],
    reason: 'IPv6 jumbogram without its hop-by-hop option: tcpdump decodes the TCP header, tshark does not',
  },
];

/** Logs whose times are not compared, with the reason. */
const NO_TIME: { log: RegExp; reason: string }[] = [
  { log: /timestamp_invalid_(micro|nano)\.pcap/, reason: 'fractions of a second ≥ 1 s in the capture: tcpdump prints them verbatim, tshark normalises' },
  { log: /pcapng-example\.pcapng/, reason: 'timestamps past 2038: tcpdump 4.99.3 prints `[Error converting time]`' },
];

/** Where the capture starts mid-connection with a pure ACK, tcpdump's numbers of one side are relative to a seq it never printed. */
const UNANCHORED = /chrissanders-packets\/tcp_(dupack|zerowindowrecovery)\.pcapng|pcapplusplus\/raw_ip\.pcap/;

/** tcpdump's exit status and its last packet, from the `.stderr.txt` kept beside a mirrored log. */
function tcpdumpStopped(log: TextLog, rows: number): number | undefined {
  const stderr = log.text.replace(/\.(nn|nn-tttt|nn-v)\.txt$/, '.stderr.txt');
  if (stderr === log.text || !existsSync(stderr)) return undefined;
  return /# exit=[1-9]/.test(readFileSync(stderr, 'utf8')) ? rows : undefined;
}

function optionsFor(log: TextLog, rows: number): CompareOptions {
  const n = log.name;
  return {
    verbose2: /\.nn-vv\.txt$/.test(n),
    quiet: /\.nn-q\.txt$/.test(n),
    // tcpdump 4.0.0's printer had no seq field (historical/README.md).
    noSeq: /tcpdump-4\.0\.0\./.test(n),
    compareTime: /(-tttt|-tt|nano-tttt)(-v)?\.txt$/.test(n) && !NO_TIME.some((x) => x.log.test(n)),
    compareElapsed: /-(ttt|ttttt)\.txt$/.test(n),
    unanchored: UNANCHORED.test(n),
    lastFrame: tcpdumpStopped(log, rows),
    skipFrames: SKIPPED_FRAMES.filter((x) => x.log.test(n)).flatMap((x) => x.frames),
  };
}

function compareAll(logs: TextLog[], chunk: number) {
  let rows = 0;
  let compared = 0;
  let logsWithTcp = 0;
  let inferred = 0;
  let inferredRight = 0;
  let times = 0;
  const stopped: string[] = [];
  const failures: string[] = [];
  for (const log of logs) {
    const truth = tcpTruth(log.capture);
    const t = readTextFile(log.text, chunk);
    rows += t.count;
    const opts = optionsFor(log, t.count);
    const lastTcp = truth.length ? truth[truth.length - 1].frame : 0;
    if (opts.lastFrame !== undefined && lastTcp > opts.lastFrame) stopped.push(`${log.name} (after frame ${opts.lastFrame})`);
    const c = compareLog(t, truth, opts);
    if (c.compared > 0) logsWithTcp++;
    compared += c.compared;
    inferred += c.seqInferred;
    inferredRight += c.seqInferredRight;
    times += c.timesCompared;
    for (const m of c.mismatches.slice(0, 3)) failures.push(`${log.name} frame ${m.frame}: ${m.field} ${m.text} ≠ ${m.truth}`);
    // tcpdump's own output has no unreadable line (its -A payload included).
    for (const w of t.warnings) if (/not a tcpdump|unknown service/.test(w.message)) failures.push(`${log.name} line ${w.line}: ${w.message}`);
  }
  return { rows, compared, logsWithTcp, inferred, inferredRight, times, stopped, failures };
}

const ready = HAS_SHARED && requireOrSkip('tshark', hasTool('tshark')) && requireOrSkip('mergecap', hasTool('mergecap'));

describe.skipIf(!ready)('tcpdump text logs equal their captures', () => {
  it('nn, nn-tttt, nn-v logs, historical outputs and the recordings carry the capture’s TCP packets', () => {
    const logs = textLogs().filter((l) => !l.name.startsWith('variants/'));
    preloadTruth(logs.filter((l) => l.name.startsWith('real/')).map((l) => l.capture));
    const r = compareAll(logs, 65536);
    console.log(
      `[capture-text] ${logs.length} logs read (${r.rows} rows); ${r.logsWithTcp} with TCP: ${r.compared} TCP rows compared, ` +
        `${r.times} times; seq of pure ACKs (not printed) inferred right ${r.inferredRight}/${r.inferred}`,
    );
    console.log(`[capture-text] logs where tcpdump stopped early (exit 1: libpcap refused the rest), compared up to its last packet: ${r.stopped.join('; ')}`);
    for (const x of [...SKIPPED_FRAMES, ...NO_TIME]) console.log(`[capture-text] excluded ${x.log.source}: ${x.reason}`);
    expect(r.failures).toEqual([]);
    expect(r.logsWithTcp).toBeGreaterThan(150);
    expect(r.compared).toBeGreaterThan(50000);
    expect(r.inferredRight / r.inferred).toBeGreaterThan(0.99);
  }, 120_000);

  it('every tcpdump flag variant (-S, -e, -t … -ttttt, --nano, -q, -vv, -#, -x/-X/-A, host names) reads the same packets', () => {
    const logs = textLogs().filter((l) => l.name.startsWith('variants/'));
    // An odd chunk size splits lines across chunks everywhere.
    const r = compareAll(logs, 4093);
    console.log(`[capture-text] ${logs.length} variant logs: ${r.compared} TCP rows compared, ${r.times} times`);
    expect(r.failures).toEqual([]);
    expect(r.compared).toBeGreaterThan(1000);
  }, 120_000);
});
