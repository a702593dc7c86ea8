// `sockscope flows` on the real-kernel recordings: the conversations must be the ones each
// recording's truth.json lists (who connected to whom, how many packets, which frames).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { FlowJson } from '../support/flowJson';
import { writePcapHeader } from '../support/pcapHeader';
import { CORPUS, HAS_SHARED } from '../support/shared';

const REAL = path.join(CORPUS, 'real');

interface TruthFlow {
  proto: 'tcp' | 'udp';
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  packets_in_capture: number;
  first_packet?: number;
  last_packet?: number;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s), env: {}, cwd: process.cwd() });
  return { code, out, err };
}

describe.runIf(HAS_SHARED)('sockscope flows on the real recordings', () => {
  const scenarios = HAS_SHARED ? readdirSync(REAL).filter((d) => statSync(path.join(REAL, d)).isDirectory()) : [];

  it.each(scenarios)('%s: the conversations of truth.json', async (scenario) => {
    const truth = JSON.parse(readFileSync(path.join(REAL, scenario, 'truth.json'), 'utf8')) as { flows: TruthFlow[] };
    const { code, out } = await cli(['flows', path.join(REAL, scenario, 'capture.pcap'), '--format', 'json']);
    expect(code).toBe(0);
    const flows = (JSON.parse(out) as { flows: FlowJson[] }).flows;
    expect(flows.map((f) => [f.proto, f.client, f.server, f.packets])).toEqual(
      truth.flows.map((t) => [t.proto, { addr: t.client.ip, port: t.client.port }, { addr: t.server.ip, port: t.server.port }, t.packets_in_capture]),
    );
    truth.flows.forEach((t, k) => {
      if (t.first_packet !== undefined) expect(flows[k].firstFrame).toBe(t.first_packet);
      if (t.last_packet !== undefined) expect(flows[k].lastFrame).toBe(t.last_packet);
      expect(flows[k].end).toBeGreaterThanOrEqual(flows[k].start);
    });
  });

  it('reports refused and reset connections by their state, and counts UDP datagrams', async () => {
    const state = async (s: string) =>
      (JSON.parse((await cli(['flows', path.join(REAL, s, 'capture.pcap'), '--format=json'])).out) as { flows: FlowJson[] }).flows;
    expect((await state('connection-refused')).map((f) => f.state)).toEqual(['refused', 'refused']);
    expect((await state('close-with-unread-data-rst')).map((f) => f.state)).toEqual(['reset']);
    const udp = await state('udp-msg-more-cork');
    expect(udp[0]).toMatchObject({ proto: 'udp', datagrams: 6, packets: 6 });
  });

  it('prints an aligned text table', async () => {
    const { code, out } = await cli(['flows', path.join(REAL, 'connection-refused', 'capture.pcap')]);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^f0\s+tcp\s+10\.99\.0\.1:37354\s+10\.99\.0\.2:5006\s+refused\s+2\s+1-2\s/);
    const stateColumn = lines[0].indexOf('state');
    expect(lines.slice(1).every((l) => l.slice(stateColumn).startsWith('refused'))).toBe(true);
  });
});

describe('sockscope flows usage', () => {
  it('exits 2 on bad usage and 1 on an unreadable file', async () => {
    expect((await cli(['flows'])).code).toBe(2);
    expect((await cli(['flows', 'x.pcap', '--format', 'csv'])).code).toBe(2);
    const missing = await cli(['flows', '/nonexistent/capture.pcap']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('/nonexistent/capture.pcap');
  });
});

describe('sockscope flows and diagnose with 150,000 flows', () => {
  // A scan: one SYN from each of 150,000 sources. The text table's column widths once came from
  // Math.max(...) over every row, which overflowed the stack past ~120,000 flows.
  const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-scan-'));
  const file = path.join(dir, 'scan.pcap');
  const frameLen = 54;
  const n = 150_000;
  const bytes = writePcapHeader(Buffer.alloc(24 + n * (16 + frameLen)), 1);
  for (let k = 0; k < n; k++) {
    const at = 24 + k * (16 + frameLen);
    bytes.writeUInt32LE(1_700_000_000, at);
    bytes.writeUInt32LE(k, at + 4);
    bytes.writeUInt32LE(frameLen, at + 8);
    bytes.writeUInt32LE(frameLen, at + 12);
    const f = at + 16;
    bytes.writeUInt16BE(0x0800, f + 12);
    bytes.writeUInt8(0x45, f + 14);
    bytes.writeUInt16BE(40, f + 16);
    bytes.writeUInt8(64, f + 22);
    bytes.writeUInt8(6, f + 23);
    bytes.writeUInt32BE(0x0b000000 + k, f + 26);
    bytes.writeUInt32BE(0x0a000002, f + 30);
    bytes.writeUInt16BE(40000, f + 34);
    bytes.writeUInt16BE(80, f + 36);
    bytes.writeUInt32BE(1, f + 38);
    bytes.writeUInt16BE(0x5002, f + 46);
    bytes.writeUInt16BE(64240, f + 48);
  }
  writeFileSync(file, bytes);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one aligned line per flow', async () => {
    const { code, out } = await cli(['flows', file]);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(n + 1);
    expect(lines[n]).toMatch(/^f149999\s+tcp\s+11\.2\.73\.239:40000\s+10\.0\.0\.2:80\s+open\s+1\s/);
    expect(new Set(lines.map((l) => l.indexOf('tcp') < 0 ? l.indexOf('proto') : l.indexOf('tcp'))).size).toBe(1);
  }, 60_000);

  it('diagnose --format json lists every flow', async () => {
    const { code, out } = await cli(['diagnose', file, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { flows: FlowJson[] };
    expect(report.flows).toHaveLength(n);
    expect(report.flows[n - 1].client).toEqual({ addr: '11.2.73.239', port: 40000 });
  }, 60_000);
});
