// `sockscope flows` on the real-kernel recordings: the conversations must be the ones each
// recording's truth.json lists (who connected to whom, how many packets, which frames).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { FlowJson } from '../../src/core/flows/flowJson';
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
