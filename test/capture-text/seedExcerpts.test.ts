// The field report's two tcpdump 3.x excerpts (../shared/corpus/seed): old-style TCP bodies,
// resolved host names, times of day without a date.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, HAS_SHARED } from '../support/shared';
import { Proto, TcpFlag } from '../../src/core/capture/packetTable';
import { readTextFile } from './textCorpus';

const SEED = path.join(CORPUS, 'seed');

describe.skipIf(!HAS_SHARED)('the seed excerpts', () => {
  it('the stuck server: a refused connection, then relative numbers made absolute again', () => {
    const t = readTextFile(path.join(SEED, 'tc2-stuck-after-outage.txt'));
    expect(t.warnings).toEqual([]);
    expect(t.count).toBe(17);
    expect(t.dateKnown).toBe(false);
    expect(t.timePrecision).toBe(6);
    expect([...new Set(t.addrs)].sort()).toEqual(['tc1.corp.com', 'tc2.corp.com']);
    const host = (id: number) => t.addrs[id];
    // 12:08:21.020291 IP tc1.corp.com.42171 > tc2.corp.com.3003: S 4009389430:4009389430(0) win 5840
    expect([host(t.src[0]), t.sport[0], host(t.dst[0]), t.dport[0]]).toEqual(['tc1.corp.com', 42171, 'tc2.corp.com', 3003]);
    expect(t.tcpFlags[0]).toBe(TcpFlag.Syn);
    expect(t.seq[0]).toBe(4009389430);
    expect(t.win[0]).toBe(5840);
    expect(t.secs[0] + t.nanos[0] * 1e-9).toBeCloseTo(12 * 3600 + 8 * 60 + 21.020291, 6);
    // R 0:0(0) ack 4009389431 win 0: the refusal.
    expect(t.tcpFlags[1]).toBe(TcpFlag.Rst | TcpFlag.Ack);
    expect(t.ack[1]).toBe(4009389431);
    expect(t.win[1]).toBe(0);
    // P 2398055392:2398056153(761) ack 2538876742 win 724 — first ACK-bearing segment: absolute.
    expect([t.seq[2], t.ack[2], t.len[2], t.win[2]]).toEqual([2398055392, 2538876742, 761, 724]);
    // . ack 2165 win 13756 — relative to the server's base from the line above.
    expect(t.ack[3]).toBe(2398055392 + 2165);
    expect(t.len[3]).toBe(0);
    // P 1:763(762) ack 2165 win 13756 — the client's data, relative to ack-1 of the first segment.
    expect([t.seq[4], t.len[4], t.win[4]]).toEqual([2538876741 + 1, 762, 13756]);
    for (let i = 0; i < t.count; i++) expect(t.proto[i]).toBe(Proto.Tcp);
  });

  it('the recovering server: long host names, a backlog sent at once', () => {
    const t = readTextFile(path.join(SEED, 'tc2-recovers-without-nodelay.txt'));
    expect(t.warnings).toEqual([]);
    expect(t.count).toBe(23);
    expect([...new Set(t.addrs)].sort()).toEqual(['tc1.corp.alimama.com', 'tc2.corp.alimama.com']);
    expect([t.addrs[t.src[0]], t.sport[0], t.addrs[t.dst[0]], t.dport[0]]).toEqual(['tc2.corp.alimama.com', 3903, 'tc1.corp.alimama.com', 3904]);
    // `. 3783:5231(1448) ack 1 win 26064`: data with no flag letter but ACK.
    expect(t.tcpFlags[2]).toBe(TcpFlag.Ack);
    expect([t.len[2], t.win[2]]).toEqual([1448, 26064]);
    // The excerpt starts mid-connection: consecutive segments stay contiguous.
    expect(t.seq[3] - t.seq[2]).toBe(1448);
    for (let i = 0; i < t.count; i++) expect(t.proto[i]).toBe(Proto.Tcp);
  });
});
