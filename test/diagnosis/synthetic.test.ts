// Stages the real-kernel corpus has no recording of, on traces built segment by segment from what
// Linux puts on the wire: keep-alive probes (tcp_keepalive_timer → tcp_write_wakeup: an empty ACK
// at snd_una − 1, and an active reset when the peer stays silent), a reset from a host that lost
// the connection (tcp_v4_send_reset: a bare RST at the ACK number of the segment it answers), and
// a window-limited sender that does or does not wait for its application.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnosis/index';
import type { Finding } from '../../src/core/diagnosis/finding';
import { analyzeFlows } from '../../src/core/flows/index';
import { HANDSHAKE, ScenarioBuilder, type Segment } from '../flows/buildTable';

function findingsOf(segs: Segment[]): Finding[] {
  const table = new ScenarioBuilder().tcp(segs).build();
  return diagnose(table, analyzeFlows(table));
}

const stages = (fs: Finding[]) => fs.filter((f) => f.confidence !== 'low').map((f) => `${f.stage}/${f.side}`);

// Client ISN 1000, server ISN 5000 (HANDSHAKE): a 100-byte request and a 100-byte answer, after
// which the client's snd_una is 1101 and the server's 5101.
const EXCHANGE: Segment[] = [
  ...HANDSHAKE,
  { t: 0.03, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
  { t: 0.04, from: 's', flags: 'A', seq: 5001, ack: 1101 },
  { t: 0.041, from: 's', flags: 'PA', seq: 5001, ack: 1101, len: 100 },
  { t: 0.042, from: 'c', flags: 'A', seq: 1101, ack: 5101 },
];

/** A client keep-alive probe at time t: seq one below what the server has acknowledged. */
const probe = (t: number, seq = 1100): Segment => ({ t, from: 'c', flags: 'A', seq, ack: 5101 });
const probeAnswer = (t: number): Segment => ({ t, from: 's', flags: 'A', seq: 5101, ack: 1101 });

describe('keepalive', () => {
  it('probes on an idle connection that the peer answers: one finding, all answered, connection kept', () => {
    const fs = findingsOf([...EXCHANGE, probe(2.042), probeAnswer(2.052), probe(4.052), probeAnswer(4.062)]);
    expect(stages(fs)).toEqual(['keepalive/client']);
    const ka = fs[0];
    expect(ka.confidence).toBe('medium');
    expect(ka.facts).toMatchObject({ probes: 2, unanswered: 0, connectionDropped: false, resetSent: false });
    expect(ka.facts.idleBeforeS).toBeCloseTo(2, 2);
  });

  it('a dead peer: unanswered probes one interval apart, then the timer gives up with an RST', () => {
    const fs = findingsOf([
      ...EXCHANGE,
      probe(2.042),
      probeAnswer(2.052),
      probe(4.052),
      probe(5.052),
      probe(6.052),
      { t: 7.052, from: 'c', flags: 'RA', seq: 1101, ack: 5101 },
    ]);
    // The reset is the keep-alive timer's, not a close() over unread data.
    expect(stages(fs)).toEqual(['keepalive/client']);
    const ka = fs[0];
    expect(ka.confidence).toBe('high');
    expect(ka.facts).toMatchObject({ probes: 4, unanswered: 3, connectionDropped: true, resetSent: true });
    expect(ka.facts.intervalsS).toEqual([2.01, 1, 1]);
    expect(ka.frames).toContain(13); // the RST
  });

  it('a log that prints no sequence number for an empty ACK (tcpdump text): the repeated ACK after idle is the probe', () => {
    const fs = findingsOf([...EXCHANGE, probe(2.042, 1101), probeAnswer(2.052), probe(4.052, 1101), probe(5.052, 1101), probe(6.052, 1101)]);
    expect(stages(fs)).toEqual(['keepalive/client']);
    expect(fs[0].facts).toMatchObject({ probes: 4, unanswered: 3, connectionDropped: true });
  });

  it('a window update after idle (same ACK, larger window) is no probe', () => {
    const fs = findingsOf([...EXCHANGE, { t: 3.042, from: 'c', flags: 'A', seq: 1101, ack: 5101, win: 3000 }]);
    expect(fs.filter((f) => f.stage === 'keepalive')).toEqual([]);
  });

  it("an ACK answering the peer's data at once is no probe, however long the silence before", () => {
    const fs = findingsOf([
      ...EXCHANGE,
      { t: 5.0, from: 's', flags: 'PA', seq: 5101, ack: 1101, len: 50 },
      { t: 5.001, from: 'c', flags: 'A', seq: 1101, ack: 5151 },
    ]);
    expect(fs.filter((f) => f.stage === 'keepalive')).toEqual([]);
  });
});

describe('half_open_rst', () => {
  it("data to a peer that restarted is answered by a bare RST at the data's ACK number", () => {
    const fs = findingsOf([...EXCHANGE, { t: 3.0, from: 'c', flags: 'PA', seq: 1101, ack: 5101, len: 100 }, { t: 3.01, from: 's', flags: 'R', seq: 5101 }]);
    expect(stages(fs)).toEqual(['half_open_rst/server']);
    const h = fs[0];
    expect(h.confidence).toBe('high');
    expect(h.frames).toEqual([8, 9]);
    expect(h.facts).toMatchObject({ answeredBytes: 100 });
    expect(h.facts.replyAfterS).toBeCloseTo(0.01, 3);
    expect(h.facts.silentBeforeS).toBeCloseTo(2.959, 3);
  });

  it('a keep-alive probe to a restarted peer gets the same reset', () => {
    const fs = findingsOf([...EXCHANGE, probe(2.042), { t: 2.052, from: 's', flags: 'R', seq: 5101 }]);
    expect(fs.map((f) => f.stage)).toContain('half_open_rst');
    expect(fs.find((f) => f.stage === 'half_open_rst')?.side).toBe('server');
  });

  it('a RST that does not sit at the ACK number it answers is not from a forgotten connection', () => {
    const fs = findingsOf([...EXCHANGE, { t: 3.0, from: 'c', flags: 'PA', seq: 1101, ack: 5101, len: 100 }, { t: 3.01, from: 's', flags: 'R', seq: 9999 }]);
    expect(fs.filter((f) => f.stage === 'half_open_rst')).toEqual([]);
  });

  it('an active reset (RST|ACK) and a refused SYN are other stages', () => {
    const reset = findingsOf([...EXCHANGE, { t: 3.0, from: 's', flags: 'RA', seq: 5101, ack: 1101 }]);
    expect(reset.filter((f) => f.stage === 'half_open_rst')).toEqual([]);
    const refused = findingsOf([HANDSHAKE[0], { t: 0.01, from: 's', flags: 'RA', seq: 0, ack: 1001 }]);
    expect(refused.map((f) => f.stage)).toEqual(['connection_refused']);
  });
});

describe('send_buffer_full on a window-limited stream', () => {
  const MSS = 1460;
  const WINDOW = 3 * MSS;
  const RTT = 0.01;

  /** The receiver opens a 3-segment window every round trip; `lateRound(r)`: the application writes 30 ms late. */
  function stream(rounds: number, lateRound: (r: number) => boolean): Segment[] {
    const segs: Segment[] = [
      { t: 0, from: 'c', flags: 'S', seq: 1000, win: 64000, mss: MSS },
      { t: RTT, from: 's', flags: 'SA', seq: 5000, ack: 1001, win: WINDOW, mss: MSS },
      { t: RTT + 0.0001, from: 'c', flags: 'A', seq: 1001, ack: 5001, win: 64000 },
    ];
    let next = 1001;
    let t = RTT + 0.0002;
    for (let r = 0; r < rounds; r++) {
      if (r > 0) {
        segs.push({ t, from: 's', flags: 'A', seq: 5001, ack: next, win: WINDOW });
        t += lateRound(r) ? 0.03 : 0.0001;
      }
      for (let j = 0; j < 3; j++) {
        segs.push({ t, from: 'c', flags: 'PA', seq: next, ack: 5001, len: MSS, win: 64000 });
        next += MSS;
        t += 0.00001;
      }
      t += RTT;
    }
    return segs;
  }

  it('a writer that fills every opening at once, for far more than a buffer holds: the buffer was full', () => {
    const fs = findingsOf(stream(200, () => false));
    expect(stages(fs).sort()).toEqual(['send_buffer_full/client', 'window_full/client']);
    expect(fs.find((f) => f.stage === 'send_buffer_full')?.facts.evidence).toBe('window_limited');
  });

  it('the same stream from an application that writes late every other round trip: window full, buffer not', () => {
    const fs = findingsOf(stream(200, (r) => r % 2 === 1));
    expect(stages(fs)).toEqual(['window_full/client']);
  });

  it('a stream that carries only a few buffers of data (written at once) is window-limited only', () => {
    const fs = findingsOf(stream(30, () => false));
    expect(stages(fs)).toEqual(['window_full/client']);
  });
});
