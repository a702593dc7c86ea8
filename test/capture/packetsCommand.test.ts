// `sockscope packets` prints the rows tshark prints for the same file, with the capture's own
// time precision, flow ids and analysis flags; bad input is exit 1 with one line naming the file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cliIo';
import { CORPUS, HAS_SHARED, hasTool, REPO_ROOT, requireOrSkip } from '../support/shared';
import { tsharkTcpRows } from './support/corpusFiles';

async function packets(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, cwd: REPO_ROOT };
  const code = await runCli(['packets', ...args], io);
  return { code, out, err };
}

const HEADER = 'frame\ttime\tflow\tproto\tsrc\tsport\tdst\tdport\tflags\tseq_raw\tack_raw\twin\tlen\tanalysis';

describe.runIf(HAS_SHARED && requireOrSkip('tshark', hasTool('tshark')))('sockscope packets', () => {
  const file = path.join(CORPUS, 'real/zero-window-sndbuf-full/capture.pcapng');

  it('prints the header and rows that agree with tshark, in nanoseconds for a nanosecond file', async () => {
    const { code, out, err } = await packets([file, '--format', 'tsv']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(HEADER);
    const tshark = await tsharkTcpRows(file);
    expect(lines.length - 1).toBe(tshark.length);
    for (const k of [0, 1, 2, 3, 100, tshark.length - 1]) {
      const [frame, time, flow, proto, src, sport, dst, dport, flags, seq, ack, win, len] = lines[k + 1].split('\t');
      const o = tshark[k];
      expect([frame, time, src, sport, dst, dport, flags, seq, ack, win, len]).toEqual([
        o[0], o[1], o[2], o[4], o[5], o[7], o[8], o[9], o[10], o[11], o[12],
      ]);
      expect(proto).toBe('tcp');
      expect(flow).toBe('f0');
    }
    // The receiver's zero window is flagged, as tshark's tcp.analysis.zero_window.
    expect(lines.some((l) => l.split('\t')[13]?.split(',').includes('zero_window'))).toBe(true);
  });

  it('prints microseconds for a microsecond pcap and JSON rows with the same fields', async () => {
    const { code, out } = await packets([file.replace(/\.pcapng$/, '.pcap'), '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { input: { format: string; packets: number }; packets: Record<string, unknown>[] };
    expect(doc.input.format).toBe('pcap');
    expect(doc.packets).toHaveLength(doc.input.packets);
    expect(doc.packets[1]).toMatchObject({ frame: 2, flow: 'f0', proto: 'tcp', flags: '0x0012', sport: 5002 });
    expect(doc.packets[1].time).toMatch(/^\d{10}\.\d{6}$/);
  });

  it('prints the same fields in TSV and JSON, for TCP, UDP, ICMP errors, ARP and IPv6 alike', async () => {
    for (const rel of ['peer/samples/derived/live-loopback-any-sll2.pcap', 'peer/samples/chrissanders-packets/http_ip4and6.pcapng',
      'peer/tcpdump/geneve.pcap', 'peer/samples/chrissanders-packets/icmp_traceroute.pcapng']) {
      const f = path.join(CORPUS, rel);
      const tsv = (await packets([f])).out.split('\n').slice(0, -1);
      const json = JSON.parse((await packets([f, '--format', 'json'])).out) as { packets: Record<string, unknown>[] };
      const columns = tsv[0].split('\t');
      expect(json.packets.map((p) => columns.map((c) => p[c] ?? '').join('\t'))).toEqual(tsv.slice(1));
    }
  });

  it('reports warnings on stderr with their byte offset, and keeps the rows before the damage', async () => {
    const cut = path.join(CORPUS, 'peer/samples/derived/ssh-truncated-mid-packet.pcap');
    const { code, out, err } = await packets([cut]);
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n')).toHaveLength(1 + 9);
    expect(err).toBe(`sockscope: ${cut}: warning at offset 2682: truncated record: the file ends after 43 of its 70 bytes\n`);
  });

  it('exits 1 with one line naming a file that is missing or not a capture, and 2 on bad usage', async () => {
    const missing = await packets(['/nonexistent/x.pcap']);
    expect(missing).toEqual({ code: 1, out: '', err: 'sockscope: /nonexistent/x.pcap: no such file\n' });
    const notCapture = await packets([path.join(REPO_ROOT, 'package.json')]);
    expect(notCapture.code).toBe(1);
    expect(notCapture.err).toBe(`sockscope: ${path.join(REPO_ROOT, 'package.json')}: not a pcap, pcapng or tcpdump text file\n`);
    expect((await packets([file, '--format', 'xml'])).code).toBe(2);
    expect((await packets([])).code).toBe(2);
  });
});
