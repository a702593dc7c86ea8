// Flow ids and analysis flags against tshark 4.0.17 over the whole shared corpus: the peer
// captures (their stored oracle) and the real-kernel recordings (tshark run once per file).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ackRttAt } from '../../src/core/flows';
import { CORPUS, HAS_SHARED, hasTool, requireOrSkip } from '../support/shared';
import { agreement, formatTally, readAndAnalyze, streamMismatches, tallyFlags, type Compared } from './corpusAgreement';
import { oracleReadCleanly, readOracle, runTshark } from './tsharkTruth';

const ORACLE = path.join(CORPUS, 'peer', 'tshark-oracle');
const REAL = path.join(CORPUS, 'real');

function oracleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...oracleFiles(p));
    else if (name.endsWith('.tcp.tsv')) out.push(p);
  }
  return out.sort();
}

export function realScenarios(): string[] {
  return readdirSync(REAL)
    .filter((d) => statSync(path.join(REAL, d)).isDirectory())
    .sort();
}

/**
 * tshark reassembles IP fragments and shows the TCP segment at the last fragment (frame 11 of
 * frag_http_req.pcap); Sockscope does no IP reassembly and reads the TCP header in the first
 * fragment (frame 1). Same conversation, same id, different frame: the named case below.
 */
const FRAGMENT_CASE = 'samples/pcapplusplus/frag_http_req.pcap';
function ipFragmentFrame(c: Compared, frame: number): boolean {
  return c.name === FRAGMENT_CASE && (frame === 1 || frame === 11);
}

const enabled = HAS_SHARED && requireOrSkip('tshark', hasTool('tshark'));

describe.runIf(enabled)('the shared corpus, compared with tshark', () => {
  const peer: Compared[] = [];
  const real: Compared[] = [];
  const unreadable: string[] = [];

  beforeAll(async () => {
    for (const tsv of oracleFiles(ORACLE)) {
      if (!oracleReadCleanly(tsv)) continue;
      const truth = readOracle(tsv);
      // Captures without TCP say nothing about flow numbering or TCP analysis.
      if (truth.length === 0) continue;
      const name = path.relative(ORACLE, tsv).replace(/\.tcp\.tsv$/, '');
      const capture = path.join(CORPUS, 'peer', name);
      try {
        peer.push({ name, ...readAndAnalyze(capture), truth });
      } catch (e) {
        unreadable.push(`${name}: ${(e as Error).message}`);
      }
    }
    const scenarios = realScenarios();
    const truths = await Promise.all(scenarios.map((s) => runTshark(path.join(REAL, s, 'capture.pcap'))));
    scenarios.forEach((s, k) => real.push({ name: `real/${s}`, ...readAndAnalyze(path.join(REAL, s, 'capture.pcap')), truth: truths[k] }));
  });

  it('reads every capture tshark reads cleanly', () => {
    expect(unreadable).toEqual([]);
    expect(peer.length).toBeGreaterThanOrEqual(80);
    expect(real.length).toBeGreaterThanOrEqual(11);
  });

  it('numbers TCP flows exactly as tshark numbers tcp.stream', () => {
    const mismatches = [...peer, ...real].flatMap((c) => streamMismatches(c, ipFragmentFrame));
    expect(mismatches.slice(0, 20)).toEqual([]);
    const tcpRows = [...peer, ...real].reduce((n, c) => n + c.truth.length, 0);
    expect(tcpRows).toBeGreaterThan(30_000);
  });

  it('agrees with tshark on at least 95% of the packets either flags, for every flag', () => {
    const tally = tallyFlags([...peer, ...real]);
    console.log(`analysis flags over ${peer.length + real.length} captures:\n${formatTally(tally)}`);
    for (const [name, t] of tally) {
      expect({ name, agreement: agreement(t) >= 0.95, examples: t.examples }).toEqual({
        name,
        agreement: true,
        examples: expect.any(Array),
      });
    }
  });

  it('names the same original transmission (rto_frame) and duplicate-ACK count as tshark on the recordings', () => {
    const wrong: string[] = [];
    for (const c of real) {
      for (const row of c.truth) {
        const i = row.frame - 1;
        if (row.rtoFrame !== c.analysis.rtoFrame[i]) wrong.push(`${c.name}#${row.frame} rto_frame ${row.rtoFrame} vs ${c.analysis.rtoFrame[i]}`);
        if (row.dupAckNum !== c.analysis.dupAckNum[i]) wrong.push(`${c.name}#${row.frame} dup ${row.dupAckNum} vs ${c.analysis.dupAckNum[i]}`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('measures RTTs and bytes in flight as tshark does on the recordings (no RTT sample from a resent segment: Karn)', () => {
    const wrong: string[] = [];
    let samples = 0;
    let karn = 0;
    for (const c of real) {
      for (const row of c.truth) {
        const i = row.frame - 1;
        const a = c.analysis;
        const bif = Number.isNaN(row.bytesInFlight) ? 0 : row.bytesInFlight;
        if (bif !== a.bytesInFlight[i]) wrong.push(`${c.name}#${row.frame} bytes_in_flight ${bif} vs ${a.bytesInFlight[i]}`);
        const ackRtt = ackRttAt(c.table, a, i);
        if (!Number.isNaN(ackRtt)) {
          samples++;
          if (!(Math.abs(ackRtt - row.ackRtt) < 2e-6)) wrong.push(`${c.name}#${row.frame} ack_rtt ${row.ackRtt} vs ${ackRtt}`);
        } else if (!Number.isNaN(row.ackRtt)) {
          karn++;
        }
        const flow = a.flows[a.flowOf[i]];
        if (!Number.isNaN(row.initialRtt) && !(Math.abs(flow.initialRtt - row.initialRtt) < 2e-6))
          wrong.push(`${c.name}#${row.frame} initial_rtt ${row.initialRtt} vs ${flow.initialRtt}`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(samples).toBeGreaterThan(5000);
    // tshark 4.0 still prints an RTT for ACKs of resent data; those are the ones Sockscope omits.
    expect(karn).toBeLessThan(samples / 20);
  });

  it('an IP-fragmented segment: tshark dissects it at the last fragment, Sockscope at the first (same flow id)', () => {
    const c = peer.find((p) => p.name === FRAGMENT_CASE);
    expect(c).toBeDefined();
    if (!c) return;
    expect(c.truth.map((r) => [r.frame, r.stream])[0]).toEqual([11, '0']);
    expect(c.analysis.flowOf[0]).toBe(0);
    expect(c.analysis.flowOf[10]).toBe(-1);
  });
});
