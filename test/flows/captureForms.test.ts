// The same recording read as pcap, pcapng and tcpdump text must give the same flows and the
// same per-packet analysis: text carries every field the analysis uses (seq/ack, flags, window,
// length, options), and times to the microsecond.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisFlagList } from '../../src/core/flows';
import { CORPUS, HAS_SHARED } from '../support/shared';
import { readAndAnalyze } from './corpusAgreement';

const REAL = path.join(CORPUS, 'real');

function summary(file: string) {
  const { table, analysis } = readAndAnalyze(file);
  return {
    flows: analysis.flows.map((f) => ({
      id: f.id,
      proto: f.proto,
      client: `${table.addrs[f.clientAddr]}:${f.clientPort}`,
      server: `${table.addrs[f.serverAddr]}:${f.serverPort}`,
      packets: f.packets,
      state: f.state,
      first: f.firstRow,
      last: f.lastRow,
    })),
    flowOf: Array.from(analysis.flowOf),
    flags: Array.from(analysis.flags, (b) => analysisFlagList(b)),
  };
}

/**
 * tcpdump prints no sequence number on an empty segment without SYN, FIN or RST (`Flags [.],
 * ack N, win W, length 0`), so the text reader can only assume the sender's next sequence
 * number. Two classes of packets may differ for that reason, each listed frame by frame:
 * - Linux zero-window probes carry seq = snd_una - 1; tshark (and Sockscope on pcap) call them
 *   keep_alive, while in text they look like plain duplicate ACKs.
 * - A pure ACK whose seq jumped past data the capture missed (nodelay-outage-recovery #3514, the
 *   server's segments lost on the wire): pcap shows the gap there (lost_segment); text shows it
 *   at the next data segment (#3521), and the extra duplicate ACK it makes in text turns the
 *   client's out-of-order segment #3534 into a fast retransmission.
 */
const TEXT_CANNOT_CARRY: Record<string, Record<number, string>> = {
  'zero-window-sndbuf-full': {
    543: 'keep_alive → duplicate_ack',
    545: 'keep_alive → duplicate_ack',
    547: 'keep_alive → duplicate_ack',
    549: 'keep_alive → duplicate_ack',
  },
  'nodelay-outage-recovery': {
    3514: 'lost_segment → duplicate_ack',
    3521: ' → lost_segment',
    3534: 'out_of_order → fast_retransmission',
  },
};

describe.runIf(HAS_SHARED)('one recording, three capture forms', () => {
  const scenarios = HAS_SHARED ? readdirSync(REAL).filter((d) => statSync(path.join(REAL, d)).isDirectory()) : [];

  it.each(scenarios)('%s: pcapng gives what pcap gives', (s) => {
    expect(summary(path.join(REAL, s, 'capture.pcapng'))).toEqual(summary(path.join(REAL, s, 'capture.pcap')));
  });

  it.each(scenarios)('%s: tcpdump -nn text gives what pcap gives, but for what text cannot carry', (s) => {
    const text = summary(path.join(REAL, s, 'capture.txt'));
    const pcap = summary(path.join(REAL, s, 'capture.pcap'));
    expect(text.flows).toEqual(pcap.flows);
    expect(text.flowOf).toEqual(pcap.flowOf);
    const differing: Record<number, string> = {};
    pcap.flags.forEach((f, i) => {
      if (text.flags[i] !== f) differing[i + 1] = `${f} → ${text.flags[i]}`;
    });
    // Every difference must be one listed below (the text reader may recover some of them).
    const allowed = TEXT_CANNOT_CARRY[s] ?? {};
    const unexplained = Object.fromEntries(Object.entries(differing).filter(([frame, d]) => allowed[Number(frame)] !== d));
    expect(unexplained).toEqual({});
  });
});
