// Healthy traffic stays quiet, and the field report's excerpts read as the report describes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture/index';
import { diagnose } from '../../src/core/diagnosis/index';
import { analyzeFlows } from '../../src/core/flows/index';
import { CORPUS, HAS_SHARED } from '../support/shared';

function run(p: string) {
  const table = readCaptureBytes(new Uint8Array(readFileSync(p)), path.basename(p));
  const analysis = analyzeFlows(table);
  return { table, analysis, findings: diagnose(table, analysis) };
}

describe.skipIf(!HAS_SHARED)('clean captures raise nothing above low confidence', () => {
  // `tshark -q -z expert` on these shows only handshake/FIN chatter, HTTP request/response notes
  // and (tcp_teardown) a non-zero Ethernet trailer: no TCP anomaly, so no stall may be reported.
  const peer = path.join(CORPUS, 'peer/samples/chrissanders-packets');
  const files = [
    path.join(CORPUS, 'real/nagle-delayed-ack-nodelay/capture.pcap'),
    path.join(peer, 'tcp_handshake.pcapng'),
    path.join(peer, 'tcp_teardown.pcapng'),
    path.join(peer, 'http_ip4and6.pcapng'),
    path.join(peer, 'udp_dnsrequest.pcapng'),
  ];
  for (const f of files) {
    it(path.basename(path.dirname(f)) + '/' + path.basename(f), () => {
      const { findings } = run(f);
      const loud = findings.filter((x) => x.confidence !== 'low');
      expect(loud.map((x) => `${x.stage} ${x.flow}: ${x.summary}`)).toEqual([]);
    });
  }
});

describe.skipIf(!HAS_SHARED)('the field report (tcpdump 3.x text, Linux 2.6.9)', () => {
  it('tc2-stuck-after-outage: the port-3003 attempt is refused, tc2 goes silent (low: no outage visible)', () => {
    const { table, analysis, findings } = run(path.join(CORPUS, 'seed/tc2-stuck-after-outage.txt'));
    expect(table.dateKnown).toBe(false);
    const refused = findings.filter((f) => f.stage === 'connection_refused');
    expect(refused).toHaveLength(1);
    const rf = analysis.flows[Number(refused[0].flow.slice(1))];
    expect(rf.serverPort).toBe(3003);
    expect(refused[0].confidence).toBe('high');
    const stalled = findings.filter((f) => f.stage === 'stalled_direction');
    expect(stalled).toHaveLength(1);
    const sf = analysis.flows[Number(stalled[0].flow.slice(1))];
    const silent = stalled[0].side === 'client' ? sf.clientAddr : sf.serverAddr;
    expect(table.addrs[silent]).toBe('tc2.corp.com');
    expect(stalled[0].confidence).toBe('low');
  });

  it('tc2-recovers-without-nodelay: both directions flow, no stalled direction', () => {
    const { findings } = run(path.join(CORPUS, 'seed/tc2-recovers-without-nodelay.txt'));
    expect(findings.filter((f) => f.stage === 'stalled_direction')).toEqual([]);
  });

  it('the real stuck-direction recording (15 s of silence after an outage) is high confidence', () => {
    const { findings } = run(path.join(CORPUS, 'real/stuck-direction-after-outage/capture.pcap'));
    const stalled = findings.filter((f) => f.stage === 'stalled_direction' && f.confidence !== 'low');
    expect(stalled).toHaveLength(1);
    expect(stalled[0].confidence).toBe('high');
    expect(stalled[0].side).toBe('server');
    expect(stalled[0].end - stalled[0].start).toBeGreaterThan(15);
  });
});
