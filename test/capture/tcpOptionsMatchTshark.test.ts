// TCP options decoded from every peer-corpus capture agree with tshark's option fields: MSS,
// window-scale shift, timestamps, and the number of SACK blocks (tshark shows SACK edges relative
// to the ISN, so only their count is compared; the raw edges are checked in linkLayers.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { sackOf, TcpOpt } from '../../src/core/capture/packetTable';
import { HAS_SHARED } from '../support/shared';
import { ORACLE, oracleExit, PEER, peerCaptures } from './support/corpusFiles';

const MSS = 26;
const WSCALE = 27;
const SACK_LE = 28;
const TSVAL = 30;
const TSECR = 31;
/** Files whose TCP rows differ for reasons listed in tcpRowsMatchTshark.test.ts. */
const SKIP = new Set(['samples/pcapplusplus/frag_http_req.pcap']);

describe.runIf(HAS_SHARED)('TCP options match tshark', () => {
  it('on every peer-corpus capture tshark reads cleanly', () => {
    let compared = 0;
    const problems: string[] = [];
    for (const rel of [...peerCaptures('tcpdump'), ...peerCaptures('samples')]) {
      if (rel.startsWith('samples/libpcap-malformed/') || SKIP.has(rel) || oracleExit(rel) !== 0) continue;
      const lines = readFileSync(path.join(ORACLE, `${rel}.tcp.tsv`), 'utf8').split('\n').slice(1).filter(Boolean);
      if (lines.length === 0) continue;
      const t = readCaptureFile(path.join(PEER, rel));
      for (const line of lines) {
        const o = line.split('\t');
        const i = Number(o[0]) - 1;
        const first = (s: string): string => s.split(',')[0];
        const check = (what: string, has: boolean, got: number, want: string): void => {
          if (want === '') {
            if (has) problems.push(`${rel} frame ${i + 1}: ${what} ${got}, tshark none`);
          } else if (!has || String(got) !== first(want)) problems.push(`${rel} frame ${i + 1}: ${what} ${has ? got : 'none'} vs ${want}`);
        };
        const opts = t.opts[i];
        check('mss', (opts & TcpOpt.Mss) !== 0, t.mss[i], o[MSS]);
        check('wscale', (opts & TcpOpt.WindowScale) !== 0, t.wscale[i], o[WSCALE]);
        check('tsval', (opts & TcpOpt.Timestamps) !== 0, t.tsval[i], o[TSVAL]);
        check('tsecr', (opts & TcpOpt.Timestamps) !== 0, t.tsecr[i], o[TSECR]);
        const blocks = o[SACK_LE] === '' ? 0 : o[SACK_LE].split(',').length;
        if (sackOf(t, i).length / 2 !== blocks) problems.push(`${rel} frame ${i + 1}: ${sackOf(t, i).length / 2} SACK blocks vs ${blocks}`);
        compared++;
      }
    }
    console.log(`[tshark oracle] TCP options of ${compared} rows compared`);
    expect(problems.slice(0, 15)).toEqual([]);
    expect(compared).toBeGreaterThan(3800);
  });
});
