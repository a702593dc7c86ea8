// `flows`' text table, written as bytes from the flow columns, against the table made the plain
// way: one row of cells per flow (flowsToJson's values), padded to the widest cell of its column.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { absTime, type PacketTable } from '../../src/core/capture/packetTable';
import { endpointText } from '../../src/core/flows/flowJson';
import { flowsToJson } from '../support/flowJson';
import { groupFlows } from '../../src/core/flows/index';
import type { Flow } from '../../src/core/flows/types';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { writeFlowsTable } from '../../src/cli/commands/flowsTextTable';
import { manyFlowsTable } from '../support/manyFlowsTable';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

const HEADERS = ['id', 'proto', 'client', 'server', 'state', 'packets', 'frames', 'start', 'duration', 'bytes→srv', 'bytes→cli'];
const RIGHT = new Set(['packets', 'start', 'duration', 'bytes→srv', 'bytes→cli']);

function plainTable(t: PacketTable, flows: readonly Flow[]): string {
  const t0 = t.count > 0 ? absTime(t, 0) : 0;
  const rows = flowsToJson(t, flows).map((j, k) => {
    const f = flows[k];
    return [
      j.id,
      j.proto,
      endpointText(j.client.addr, j.client.port),
      endpointText(j.server.addr, j.server.port),
      j.proto === 'udp' ? '-' : j.state,
      String(j.packets),
      `${j.firstFrame}-${j.lastFrame}`,
      (absTime(t, f.firstRow) - t0).toFixed(6),
      (absTime(t, f.lastRow) - absTime(t, f.firstRow)).toFixed(6),
      String(j.bytes.toServer),
      String(j.bytes.toClient),
    ];
  });
  const widths = HEADERS.map((h, k) => rows.reduce((w, r) => Math.max(w, r[k].length), h.length));
  const line = (cells: string[]): string =>
    cells.map((c, k) => (RIGHT.has(HEADERS[k]) ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join('  ').trimEnd();
  return [HEADERS, ...rows].map(line).join('\n') + '\n';
}

async function written(table: PacketTable, flows: readonly Flow[]): Promise<{ text: string; drains: number }> {
  const parts: Uint8Array[] = [];
  let drains = 0;
  await writeFlowsTable(
    { out: (s) => void parts.push(new TextEncoder().encode(s)), outBytes: (b) => void parts.push(b.slice()), drain: async () => void drains++ },
    table,
    flows,
  );
  return { text: Buffer.concat(parts).toString('utf8'), drains };
}

async function expectPlain(table: PacketTable): Promise<void> {
  const { flows } = groupFlows(table);
  expect(flows.length).toBeGreaterThan(0);
  expect((await written(table, flows)).text).toBe(plainTable(table, flows));
}

describe('writeFlowsTable', () => {
  it.each(['samples/zero-window-sndbuf-full.pcap', 'samples/zero-window-sndbuf-full.txt', 'test/fixtures/lab/keepalive-dead-peer-sll2/capture.pcap'])(
    'writes the plain table for %s',
    async (file) => expectPlain(readCaptureFile(path.join(REPO_ROOT, file))),
  );

  it.skipIf(!HAS_SHARED)('writes the plain table for the real recordings, UDP among them', async () => {
    for (const scenario of ['udp-msg-more-cork', 'nagle-delayed-ack', 'connection-refused'])
      for (const name of ['capture.pcap', 'capture.pcapng', 'capture-tttt.txt']) await expectPlain(readCaptureFile(path.join(CORPUS, 'real', scenario, name)));
  });

  it('pads by characters whatever the addresses are: IPv6, non-ASCII, long', async () => {
    const table = readCaptureFile(path.join(REPO_ROOT, 'samples/zero-window-sndbuf-full.pcap'));
    const used = [...new Set(groupFlows(table).flows.flatMap((f) => [f.clientAddr, f.serverAddr]))];
    for (const odd of ['2001:db8::', 'hôte-café.example', 'x'.repeat(5000)]) {
      used.forEach((id, k) => (table.addrs[id] = `${odd}${k}`));
      await expectPlain(table);
    }
  });

  it('waits for the output between batches of lines and still writes every flow', async () => {
    const { table, flows } = manyFlowsTable(20_000);
    expect(flows.length).toBe(20_000);
    const { text, drains } = await written(table, flows);
    expect(text).toBe(plainTable(table, flows));
    expect(drains).toBeGreaterThanOrEqual(2);
  });
});
