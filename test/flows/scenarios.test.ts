// Hand-built captures, one per behaviour, checked against Wireshark's flag definitions
// (design/tcp-analysis.md). Frames are 1-based in the comments; rows are frame - 1.
import { describe, expect, it } from 'vitest';
import { ackRttAt, analyzeFlows, analysisFlagList, AnalysisFlag, Dir, rtoAt } from '../../src/core/flows';
import { endpointText } from '../../src/core/flows/flowJson';
import { flowsToJson } from '../support/flowJson';
import { writeFlowsTable } from '../../src/cli/commands/flowsTextTable';
import { clientSideByPorts } from '../../src/core/flows/roles';
import { HANDSHAKE, ScenarioBuilder, type Segment } from './buildTable';

function run(segs: Segment[]) {
  const table = new ScenarioBuilder().tcp(segs).build();
  const a = analyzeFlows(table);
  const names = Array.from(a.flags, (bits) => analysisFlagList(bits));
  return { table, a, names };
}

describe('a clean connection: handshake, data and ACKs', () => {
  const { table, a, names } = run([
    ...HANDSHAKE,
    { t: 0.03, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
    { t: 0.04, from: 's', flags: 'A', seq: 5001, ack: 1101 },
    { t: 0.05, from: 'c', flags: 'FA', seq: 1101, ack: 5001 },
    { t: 0.06, from: 's', flags: 'FA', seq: 5001, ack: 1102 },
    { t: 0.07, from: 'c', flags: 'A', seq: 1102, ack: 5002 },
  ]);
  it('raises no analysis flag', () => expect(names.every((n) => n === '')).toBe(true));
  it('makes one flow with the SYN sender as client', () => {
    expect(a.flows).toHaveLength(1);
    const f = a.flows[0];
    expect(table.addrs[f.clientAddr]).toBe('10.0.0.1');
    expect(f.clientPort).toBe(40000);
    expect(f.serverPort).toBe(80);
    expect(f.rolesFromHandshake).toBe(true);
    expect(f.state).toBe('closed');
    expect(Array.from(a.dirOf)).toEqual([0, 1, 0, 0, 1, 0, 1, 0]);
    expect(Array.from(f.rows)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it('times the handshake and the data ACK', () => {
    expect(a.flows[0].initialRtt).toBeCloseTo(0.02, 9);
    expect(ackRttAt(table, a, 1)).toBeCloseTo(0.01, 9);
    expect(ackRttAt(table, a, 4)).toBeCloseTo(0.01, 9);
    expect(a.bytesInFlight[3]).toBe(100);
  });
  it('summarises each direction relative to its ISN', () => {
    const [toServer, toClient] = a.flows[0].dirs;
    expect(toServer.isn).toBe(1000);
    expect(toServer.isnFromSyn).toBe(true);
    expect(toServer.mss).toBe(1460);
    expect(toServer.sackPermitted).toBe(true);
    expect(toServer.windowScale).toBe(-2);
    expect(toServer.payloadBytes).toBe(100);
    expect(toServer.highestSeq).toBe(102);
    expect(toServer.lastAck).toBe(2);
    expect(toClient.highestSeq).toBe(2);
    expect(toClient.lastWindowBytes).toBe(1000);
  });
  it('shapes the flow as the CLI prints it', async () => {
    const [j] = flowsToJson(table, a.flows);
    expect(j).toMatchObject({
      id: 'f0',
      proto: 'tcp',
      client: { addr: '10.0.0.1', port: 40000 },
      server: { addr: '10.0.0.2', port: 80 },
      packets: 8,
      firstFrame: 1,
      lastFrame: 8,
      bytes: { toServer: 100, toClient: 0 },
      state: 'closed',
    });
    expect(j.end - j.start).toBeCloseTo(0.07, 6);
    const pieces: string[] = [];
    await writeFlowsTable({ out: (t) => void pieces.push(t) }, table, a.flows);
    const text = pieces.join('').split('\n');
    expect(text[0]).toMatch(/^id\s+proto\s+client\s+server/);
    expect(text[1]).toMatch(/^f0\s+tcp\s+10\.0\.0\.1:40000\s+10\.0\.0\.2:80\s+closed/);
  });
  it('writes an IPv6 endpoint with its address in brackets, so the port stands apart', () => {
    expect(endpointText('2001:db8::1', 443)).toBe('[2001:db8::1]:443');
    expect(endpointText('10.0.0.1', 40000)).toBe('10.0.0.1:40000');
  });
});

describe('a segment resent after the retransmission timeout', () => {
  const { table, a, names } = run([
    ...HANDSHAKE,
    { t: 0.03, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
    { t: 0.25, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
    { t: 0.26, from: 's', flags: 'A', seq: 5001, ack: 1101 },
  ]);
  it('is a retransmission of frame 4, sent 0.22 s later', () => {
    expect(names[4]).toBe('retransmission');
    expect(a.rtoFrame[4]).toBe(4);
    expect(rtoAt(table, a, 4)).toBeCloseTo(0.22, 9);
    expect(Number.isNaN(rtoAt(table, a, 3))).toBe(true);
  });
  it('gives no RTT sample for the ambiguous ACK (Karn)', () => {
    expect(a.ackedFrame[5]).toBe(0);
    expect(Number.isNaN(ackRttAt(table, a, 5))).toBe(true);
  });
});

describe('fast retransmission after three duplicate ACKs', () => {
  const { a, names } = run([
    ...HANDSHAKE,
    { t: 0.03, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
    { t: 0.0301, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 },
    { t: 0.0302, from: 'c', flags: 'PA', seq: 1201, ack: 5001, len: 100 },
    { t: 0.0303, from: 'c', flags: 'PA', seq: 1301, ack: 5001, len: 100 },
    { t: 0.05, from: 's', flags: 'A', seq: 5001, ack: 1101 },
    { t: 0.051, from: 's', flags: 'A', seq: 5001, ack: 1101 },
    { t: 0.052, from: 's', flags: 'A', seq: 5001, ack: 1101 },
    { t: 0.053, from: 's', flags: 'A', seq: 5001, ack: 1101 },
    { t: 0.054, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 },
  ]);
  it('counts the duplicate ACKs', () => {
    expect(names.slice(7, 11)).toEqual(['', 'duplicate_ack', 'duplicate_ack', 'duplicate_ack']);
    expect(Array.from(a.dupAckNum.slice(7, 11))).toEqual([0, 1, 2, 3]);
  });
  it('flags the resent segment as a fast retransmission', () => expect(names[11]).toBe('fast_retransmission'));
});

describe('a segment overtaken by the next one', () => {
  const { names } = run([
    { t: 0, from: 'c', flags: 'S', seq: 1000, mss: 1460 },
    { t: 0.05, from: 's', flags: 'SA', seq: 5000, ack: 1001, mss: 1460 },
    { t: 0.1, from: 'c', flags: 'A', seq: 1001, ack: 5001 },
    { t: 0.11, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 },
    { t: 0.111, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
  ]);
  it('marks the gap, then the late segment as out of order (within the handshake RTT)', () => {
    expect(names[3]).toBe('lost_segment');
    expect(names[4]).toBe('out_of_order');
  });
});

describe('a receiver that closes its window', () => {
  const { names } = run([
    ...HANDSHAKE,
    { t: 0.03, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 1000 },
    { t: 0.04, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 0 },
    // Linux probes with an empty segment one below the acknowledged point.
    { t: 0.3, from: 'c', flags: 'A', seq: 2000, ack: 5001 },
    { t: 0.31, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 0 },
    // Other stacks probe with one new byte.
    { t: 0.8, from: 'c', flags: 'PA', seq: 2001, ack: 5001, len: 1 },
    { t: 0.81, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 0 },
    { t: 1.0, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 1000 },
    { t: 1.01, from: 'c', flags: 'PA', seq: 2001, ack: 5001, len: 500 },
  ]);
  it('flags the full window, the zero window and the probes with Wireshark’s names', () => {
    expect(names.slice(3)).toEqual([
      'window_full',
      'zero_window',
      'keep_alive', // Wireshark's name for a Linux zero-window probe
      'zero_window',
      'zero_window_probe',
      'zero_window,zero_window_probe_ack',
      'window_update',
      '',
    ]);
  });
});

describe('an idle connection kept alive', () => {
  const { names } = run([
    ...HANDSHAKE,
    { t: 0.03, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 10 },
    { t: 0.04, from: 's', flags: 'A', seq: 5001, ack: 1011 },
    { t: 60, from: 'c', flags: 'A', seq: 1010, ack: 5001 },
    { t: 60.01, from: 's', flags: 'A', seq: 5001, ack: 1011 },
  ]);
  it('flags the probe and its answer', () => expect(names.slice(5)).toEqual(['keep_alive', 'keep_alive_ack']));
});

describe('data resent after it was acknowledged', () => {
  const { names } = run([
    ...HANDSHAKE,
    { t: 0.03, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
    { t: 0.04, from: 's', flags: 'A', seq: 5001, ack: 1101 },
    { t: 0.3, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
  ]);
  it('is a spurious retransmission', () => expect(names[5]).toBe('spurious_retransmission'));
});

describe('an ACK for data the capture never saw', () => {
  const { names } = run([...HANDSHAKE, { t: 0.03, from: 's', flags: 'A', seq: 5001, ack: 1501 }]);
  it('is ack_lost_segment', () => expect(names[3]).toBe('ack_lost_segment'));
});

describe('ports reused by a new connection', () => {
  const { a, names } = run([
    ...HANDSHAKE,
    { t: 0.03, from: 'c', flags: 'FA', seq: 1001, ack: 5001 },
    { t: 0.04, from: 's', flags: 'FA', seq: 5001, ack: 1002 },
    { t: 0.05, from: 'c', flags: 'A', seq: 1002, ack: 5002 },
    { t: 1, from: 'c', flags: 'S', seq: 90000 },
    { t: 1.01, from: 's', flags: 'SA', seq: 70000, ack: 90001 },
    { t: 1.02, from: 'c', flags: 'A', seq: 90001, ack: 70001 },
  ]);
  it('starts a second flow at the SYN with a new ISN, flagged reused_ports', () => {
    expect(a.flows).toHaveLength(2);
    expect(Array.from(a.flowOf)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(names[6]).toBe('reused_ports');
    expect(a.flows[1].dirs[Dir.ToServer].isn).toBe(90000);
    expect(a.flows[1].initialRtt).toBeCloseTo(0.02, 9);
  });
  it('keeps a repeated SYN with the same ISN in its flow, as a retransmission', () => {
    const r = run([
      { t: 0, from: 'c', flags: 'S', seq: 1000 },
      { t: 1, from: 'c', flags: 'S', seq: 1000 },
    ]);
    expect(r.a.flows).toHaveLength(1);
    expect(r.names[1]).toBe('retransmission');
  });
});

describe('a connection refused', () => {
  const { a } = run([
    { t: 0, from: 'c', flags: 'S', seq: 1000 },
    { t: 0.001, from: 's', flags: 'RA', seq: 0, ack: 1001, win: 0 },
  ]);
  it('has state refused', () => expect(a.flows[0].state).toBe('refused'));
});

describe('a flow picked up mid-stream', () => {
  const table = new ScenarioBuilder()
    .udp(0, ['10.0.0.9', 5353], ['10.0.0.1', 53], 40)
    .tcp(
      [
        { t: 0.1, from: 's', flags: 'PA', seq: 777, ack: 333, len: 50 },
        { t: 0.2, from: 'c', flags: 'A', seq: 333, ack: 827 },
      ],
      { client: ['10.0.0.1', 51000], server: ['10.0.0.2', 443] },
    )
    .build();
  const a = analyzeFlows(table);
  it('takes the ephemeral-port side as client and leaves window scaling unknown', () => {
    const tcp = a.flows[0];
    expect(tcp.proto).toBe('tcp');
    expect(tcp.rolesFromHandshake).toBe(false);
    expect(table.addrs[tcp.clientAddr]).toBe('10.0.0.1');
    expect(tcp.clientPort).toBe(51000);
    expect(tcp.dirs[Dir.ToServer].windowScale).toBe(-1);
    expect(tcp.dirs[Dir.ToClient].isn).toBe(776);
    expect(tcp.state).toBe('open');
    expect(a.dirOf[1]).toBe(Dir.ToClient);
  });
  it('numbers TCP flows first (tcp.stream order) and UDP flows after them', () => {
    expect(Array.from(a.flowOf)).toEqual([1, 0, 0]);
    expect(a.flows[1].proto).toBe('udp');
    expect(a.flows[1].serverPort).toBe(53);
    expect(flowsToJson(table, a.flows)[1].datagrams).toBe(1);
  });
  it('sets no flag bit outside the defined ones', () => {
    const all = Array.from(a.flags).reduce((x, y) => x | y, 0);
    expect(all & ~((AnalysisFlag.ReusedPorts << 1) - 1)).toBe(0);
  });
});

describe('client and server without a handshake, by port', () => {
  it('takes a well-known port as the server, else the lower port', () => {
    expect(clientSideByPorts(51000, 443)).toBe(0);
    expect(clientSideByPorts(443, 51000)).toBe(1);
    expect(clientSideByPorts(1023, 80)).toBe(0); // both well-known: the lower one serves
    expect(clientSideByPorts(40204, 5002)).toBe(0);
    expect(clientSideByPorts(5002, 40204)).toBe(1);
    expect(clientSideByPorts(700, 3306)).toBe(1); // a well-known port beats a registered one
    expect(clientSideByPorts(5000, 5000)).toBe(0); // equal: the first packet's sender
  });
  it('takes the receiver of a SYN+ACK as the client when the SYN is missing', () => {
    const { table, a } = run([
      { t: 0, from: 's', flags: 'SA', seq: 5000, ack: 1001 },
      { t: 0.01, from: 'c', flags: 'A', seq: 1001, ack: 5001 },
    ]);
    expect(a.flows[0].rolesFromHandshake).toBe(true);
    expect(table.addrs[a.flows[0].clientAddr]).toBe('10.0.0.1');
    // A SYN+ACK without the option means no scaling either way (RFC 7323 §2.2), as Wireshark decides.
    expect(a.flows[0].dirs[Dir.ToServer].windowScale).toBe(-2);
  });
});
