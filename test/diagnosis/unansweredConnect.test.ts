// A connect() into a dead path: the SYN resent with the same ISN each time the SYN_SENT socket's
// retransmit timer expires (1 s initial RTO since Linux 3.1, 3 s before; a linear phase on 6.6+;
// then doubling), never answered, until tcp_syn_retries is spent and connect() fails with
// ETIMEDOUT. Synthetic traces pin the rules; two real-kernel recordings and tshark pin the facts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Proto, type PacketTable } from '../../src/core/capture/packetTable';
import { readCaptureBytes } from '../../src/core/capture/index';
import { diagnose } from '../../src/core/diagnosis/index';
import type { Finding } from '../../src/core/diagnosis/finding';
import { analyzeFlows } from '../../src/core/flows/index';
import { setLocale } from '../../src/core/i18n/index';
import { localizedSummary } from '../../src/core/i18n/summaries/index';
import { ScenarioBuilder, type Endpoints, type Segment } from '../flows/buildTable';
import { hasTool, REPO_ROOT, requireOrSkip } from '../support/shared';
import { loadTruth } from './support/truth';

afterEach(() => setLocale('en'));

const ENDS: Endpoints = { client: ['192.168.7.20', 51234], server: ['172.16.40.9', 8443] };
const ISN = 0x9a3f1200;

const syn = (t: number): Segment => ({ t, from: 'c', flags: 'S', seq: ISN, win: 64240, mss: 1460, ws: 7, sackOk: true });

/** SYNs at `start` plus the running sums of `gaps`. */
function synsAt(start: number, gaps: number[]): Segment[] {
  const out = [syn(start)];
  let t = start;
  for (const g of gaps) out.push(syn((t += g)));
  return out;
}

interface Extra {
  /** A UDP datagram at this time on another flow: the capture is still running then. */
  markerAt?: number;
  /** An ICMP host-unreachable quoting the SYN at this time. */
  icmpAt?: number;
}

function build(segs: Segment[], extra: Extra = {}): PacketTable {
  const sb = new ScenarioBuilder().tcp(segs, ENDS);
  if (extra.icmpAt !== undefined) {
    const b = sb.b;
    const i = b.row();
    const c = b.cols;
    const whole = Math.floor(extra.icmpAt);
    c.secs[i] = 1_700_000_000 + whole;
    c.nanos[i] = Math.round((extra.icmpAt - whole) * 1e9);
    c.proto[i] = Proto.IcmpQuote;
    c.src[i] = b.internAddr(ENDS.client[0]);
    c.dst[i] = b.internAddr(ENDS.server[0]);
    c.sport[i] = ENDS.client[1];
    c.dport[i] = ENDS.server[1];
    c.seq[i] = ISN;
    c.wireLen[i] = 70;
  }
  if (extra.markerAt !== undefined) sb.udp(extra.markerAt, ['192.168.7.20', 40001], ['192.168.7.1', 53], 30);
  return sb.build();
}

function findingsOf(segs: Segment[], extra: Extra = {}): Finding[] {
  const table = build(segs, extra);
  return diagnose(table, analyzeFlows(table));
}

const counted = (fs: Finding[]) => fs.filter((f) => f.confidence !== 'low').map((f) => `${f.stage}/${f.side}/${f.confidence}`);

describe('a connect() whose SYNs go unanswered', () => {
  it('Linux since 3.1: SYNs at 1, 2, 4 s gaps and nothing after, the capture running on → backoff and timeout, both high', () => {
    const fs = findingsOf(synsAt(100, [1.004, 2.011, 4.032]), { markerAt: 130 });
    expect(counted(fs)).toEqual(['rto_backoff/client/high', 'connection_timeout/client/high']);
    const [backoff, timeout] = fs;
    expect(backoff.facts).toMatchObject({ segment: 'SYN', retransmissions: 3, doublings: 2, linearGaps: 0, recovered: false, icmpErrors: 0 });
    expect(backoff.facts.intervalsS).toEqual([1.004, 2.011, 4.032]);
    expect(backoff.frames).toEqual([1, 2, 3, 4]);
    expect(backoff.summary).toContain('192.168.7.20:51234 resent its SYN to 172.16.40.9:8443 3 times');
    expect(backoff.summary).toContain('no SYN-ACK or RST in the capture');
    expect(timeout.facts).toMatchObject({ segment: 'SYN', retransmissions: 3, observedPastDue: true });
    // The timer's last expiry (two last gaps after the last SYN) is where the socket was dropped.
    expect(timeout.end - timeout.start).toBeCloseTo(7.047 + 2 * 4.032, 3);
    expect(timeout.summary).toMatch(/gave up connecting to 172\.16\.40\.9:8443 after 3 unanswered SYN retransmissions.*ETIMEDOUT/);
    expect(timeout.kernel.map((k) => k.function)).toContain('tcp_write_timeout');
  });

  it('an older kernel with a 3 s initial RTO reads the same: no initial RTO is assumed', () => {
    const fs = findingsOf(synsAt(5000.25, [3.01, 6.02, 12.05]), { markerAt: 5050 });
    expect(counted(fs)).toEqual(['rto_backoff/client/high', 'connection_timeout/client/high']);
    expect(fs[0].facts).toMatchObject({ initialRtoS: 3.01, doublings: 2 });
  });

  it('Linux 6.6+ linear phase (tcp_syn_linear_timeouts): equal 1 s gaps then doubling are still the timer', () => {
    const fs = findingsOf(synsAt(10, [1.01, 1.02, 1.02, 1.02, 1.02, 2.03, 4.1]), { markerAt: 40 });
    expect(counted(fs)).toEqual(['rto_backoff/client/high', 'connection_timeout/client/high']);
    expect(fs[0].facts).toMatchObject({ retransmissions: 7, linearGaps: 5, doublings: 2 });
    expect(fs[0].summary).toContain('5 at the initial timeout, then doubling');
  });

  it('a capture that stops right after the last SYN cannot show the timeout: backoff only', () => {
    const fs = findingsOf(synsAt(0, [1, 2, 4]));
    expect(counted(fs)).toEqual(['rto_backoff/client/high']);
  });

  it('a capture that stops between one and two last gaps later: timeout at medium confidence', () => {
    const fs = findingsOf(synsAt(0, [1, 2, 4]), { markerAt: 7 + 5 });
    expect(counted(fs)).toEqual(['rto_backoff/client/high', 'connection_timeout/client/medium']);
    expect(fs[1].facts.observedPastDue).toBe(false);
  });

  it('a SYN-ACK that finally arrives: backoff only, saying when the handshake recovered', () => {
    const segs = [
      ...synsAt(0, [1, 2, 4]),
      { t: 7.02, from: 's', flags: 'SA', seq: 777, ack: ISN + 1, mss: 1460, ws: 7, sackOk: true },
      { t: 7.021, from: 'c', flags: 'A', seq: ISN + 1, ack: 778 },
    ] satisfies Segment[];
    const fs = findingsOf(segs, { markerAt: 60 });
    expect(counted(fs)).toEqual(['rto_backoff/client/high']);
    expect(fs[0].facts).toMatchObject({ recovered: true, recoveredAfterS: 7.02 });
    expect(fs[0].frames).toContain(5);
    expect(fs[0].summary).toContain('answered by frame 5, 7.02 s after the first SYN');
  });

  it('a RST answer is connection_refused, not a backoff', () => {
    const segs = [...synsAt(0, [1, 2]), { t: 3.01, from: 's', flags: 'RA', seq: 0, ack: ISN + 1 }] satisfies Segment[];
    const fs = findingsOf(segs, { markerAt: 60 });
    expect(counted(fs)).toEqual(['connection_refused/server/high']);
  });

  it('an ICMP host-unreachable quoting the SYN ends the attempt: backoff with the ICMP in its facts, no timeout', () => {
    const fs = findingsOf(synsAt(0, [1, 2]), { icmpAt: 3.0001, markerAt: 60 });
    expect(counted(fs)).toEqual(['rto_backoff/client/medium']);
    expect(fs[0].facts).toMatchObject({ icmpErrors: 1, icmpFrames: [4] });
    expect(fs[0].frames).toContain(4);
    expect(fs[0].summary).toContain('an ICMP error quoting the SYN (frame 4) ended the attempt');
  });

  it('one lost SYN is a hint only (low), and SYNs faster than any retransmit timer are no backoff', () => {
    const once = findingsOf([...synsAt(0, [1.003]), { t: 1.01, from: 's', flags: 'SA', seq: 777, ack: ISN + 1 }]);
    expect(counted(once)).toEqual([]);
    expect(once.map((f) => `${f.stage}/${f.confidence}`)).toEqual(['rto_backoff/low']);
    expect(findingsOf(synsAt(0, [0.01, 0.01, 0.01]), { markerAt: 60 })).toEqual([]);
  });

  it("the server's SYN-ACK resent by its own timer when the client's ACKs are lost", () => {
    const synAck = (t: number): Segment => ({ t, from: 's', flags: 'SA', seq: 777, ack: ISN + 1, mss: 1460 });
    const ack = (t: number): Segment => ({ t, from: 'c', flags: 'A', seq: ISN + 1, ack: 778 });
    const fs = findingsOf(
      [syn(0), synAck(0.01), ack(0.011), synAck(1.02), ack(1.021), synAck(3.04), ack(3.041), synAck(7.08), ack(7.081),
        { t: 7.2, from: 's', flags: 'PA', seq: 778, ack: ISN + 1, len: 20 }],
      { markerAt: 20 },
    );
    expect(counted(fs)).toEqual(['rto_backoff/server/high']);
    expect(fs[0].facts).toMatchObject({ segment: 'SYN-ACK', retransmissions: 3, recovered: true });
    expect(fs[0].summary).toContain("resent its SYN-ACK to 192.168.7.20:51234 3 times");
  });

  it('the summaries read in Chinese too', () => {
    const fs = findingsOf(synsAt(0, [1, 2, 4]), { markerAt: 40 });
    setLocale('zh-cn');
    expect(localizedSummary(fs[0])).toContain('重发了 3 次 SYN');
    expect(localizedSummary(fs[1])).toContain('ETIMEDOUT');
  });
});

describe('real-kernel recordings (test/fixtures/lab)', () => {
  const dir = (name: string) => path.join(REPO_ROOT, 'test/fixtures/lab', name);
  const run = (p: string) => {
    const table = readCaptureBytes(new Uint8Array(readFileSync(p)), path.basename(p));
    const analysis = analyzeFlows(table);
    return { table, analysis, findings: diagnose(table, analysis) };
  };

  for (const file of ['capture.pcap', 'capture.txt']) {
    it(`syn-unanswered-blackhole/${file}: each attempt's SYN count and outcome as the applications saw them`, () => {
      const truth = loadTruth(path.join(dir('syn-unanswered-blackhole'), 'truth.json'));
      const { table, analysis, findings } = run(path.join(dir('syn-unanswered-blackhole'), file));
      // An empty truth file would check nothing.
      expect(truth.flows.length).toBeGreaterThan(0);
      truth.flows.forEach((tf, n) => {
        const flow = analysis.flows.find((f) => f.proto === 'tcp' && f.clientPort === tf.client.port);
        expect(flow, `flow of port ${tf.client.port}`).toBeDefined();
        const mine = findings.filter((f) => f.flow === `f${flow?.id}` && f.confidence !== 'low');
        const backoff = mine.find((f) => f.stage === 'rto_backoff');
        const event = truth.events.find((e) => e.flow === n && e.label === 'rto_backoff') as unknown as { evidence: { retransmissions: number; outcome: string } };
        expect(backoff?.facts.retransmissions, `${tf.client.port} retransmissions`).toBe(event.evidence.retransmissions);
        const timedOut = truth.events.some((e) => e.flow === n && e.label === 'connection_timeout');
        expect(mine.some((f) => f.stage === 'connection_timeout'), `${tf.client.port} timeout`).toBe(timedOut);
        expect(backoff?.facts.recovered).toBe(event.evidence.outcome === 'connected');
      });
      // The icmp attempt: EHOSTUNREACH from the peer's reject rule, quoted right after the third SYN.
      const icmpFlow = analysis.flows.find((f) => f.clientPort === 41011);
      const icmpBackoff = findings.find((f) => f.flow === `f${icmpFlow?.id}` && f.stage === 'rto_backoff');
      if (table.format !== 'tcpdump-text') expect(icmpBackoff?.facts.icmpErrors).toBe(1);
    });
  }

  it('syn-unanswered-linear-killed: 9 retransmissions, linear then doubling; the client was killed before its timeout, so none is claimed', () => {
    const { findings } = run(path.join(dir('syn-unanswered-linear-killed'), 'capture.pcap'));
    expect(counted(findings)).toEqual(['rto_backoff/client/high']);
    expect(findings[0].facts).toMatchObject({ retransmissions: 9, linearGaps: 5, doublings: 4, recovered: false });
  });

  it('tshark marks the same SYNs as retransmissions', () => {
    if (!requireOrSkip('tshark', hasTool('tshark'))) return;
    for (const name of ['syn-unanswered-blackhole', 'syn-unanswered-linear-killed']) {
      const p = path.join(dir(name), 'capture.pcap');
      const out = execFileSync('tshark', ['-r', p, '-Y', 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.analysis.retransmission', '-T', 'fields', '-e', 'frame.number'], {
        encoding: 'utf8',
      });
      const tsharkFrames = out.split('\n').filter(Boolean).map(Number).sort((a, b) => a - b);
      // Both recordings resend SYNs: two empty lists would agree without proving anything.
      expect(tsharkFrames.length, name).toBeGreaterThan(0);
      const { findings } = run(p);
      const ours = findings
        .filter((f) => f.stage === 'rto_backoff' && f.facts.segment === 'SYN')
        .flatMap((f) => f.frames.slice(1, 1 + Number(f.facts.retransmissions)))
        .sort((a, b) => a - b);
      expect(ours, name).toEqual(tsharkFrames);
    }
  });
});
