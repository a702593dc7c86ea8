// The flows array written as bytes must be exactly what JSON.stringify makes of flowsToJson's
// objects, in both indents the CLI uses, whether the output takes bytes or only text.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PacketTable } from '../../src/core/capture/packetTable';
import { flowsToJson } from '../support/flowJson';
import { groupFlows } from '../../src/core/flows/index';
import type { Flow } from '../../src/core/flows/types';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { FlowsJsonArray } from '../../src/cli/commands/flowsJsonArray';
import { writeJson } from '../../src/cli/jsonWriter';
import { manyFlowsTable } from '../support/manyFlowsTable';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

interface Written {
  text: string;
  drains: number;
}

/** Writes {head, flows, tail} through writeJson, the flows as FlowsJsonArray, to an output that takes bytes or not. */
async function written(table: PacketTable, flows: readonly Flow[], indent: number, takesBytes: boolean): Promise<Written> {
  const parts: string[] = [];
  const decoder = new TextDecoder();
  let drains = 0;
  const io = {
    out: (text: string) => void parts.push(text),
    // The batch buffer is the writer's again once this returns true.
    outBytes: takesBytes ? (bytes: Uint8Array) => (parts.push(decoder.decode(bytes)), true) : undefined,
    drain: async () => void drains++,
  };
  await writeJson(io.out, { head: { packets: table.count }, flows: new FlowsJsonArray(io, table, flows), tail: [1, 'two'] }, indent, io.drain);
  return { text: parts.join(''), drains };
}

function expected(table: PacketTable, flows: readonly Flow[], indent: number): string {
  return JSON.stringify({ head: { packets: table.count }, flows: flowsToJson(table, flows), tail: [1, 'two'] }, null, indent);
}

async function expectSame(table: PacketTable): Promise<void> {
  const { flows } = groupFlows(table);
  for (const indent of [1, 2])
    for (const takesBytes of [true, false]) expect((await written(table, flows, indent, takesBytes)).text).toBe(expected(table, flows, indent));
}

const FIXTURES = [
  'samples/zero-window-sndbuf-full.pcap',
  'samples/zero-window-sndbuf-full.txt',
  'test/fixtures/lab/keepalive-dead-peer-sll2/capture.pcap',
  'test/fixtures/lab/half-open-after-peer-restart/capture-tttt.txt',
].map((f) => path.join(REPO_ROOT, f));

describe('FlowsJsonArray', () => {
  it.each(FIXTURES)('writes what JSON.stringify writes for %s', async (file) => {
    const table = readCaptureFile(file);
    expect(groupFlows(table).flows.length).toBeGreaterThan(0);
    await expectSame(table);
  });

  // UDP flows (their `datagrams`), pcapng's nanosecond times, text logs without a date.
  it.skipIf(!HAS_SHARED)('writes what JSON.stringify writes for the real recordings', async () => {
    let udp = 0;
    for (const scenario of ['udp-msg-more-cork', 'nagle-delayed-ack', 'connection-refused'])
      for (const name of ['capture.pcap', 'capture.pcapng', 'capture.txt', 'capture-tttt.txt']) {
        const table = readCaptureFile(path.join(CORPUS, 'real', scenario, name));
        udp += groupFlows(table).flows.filter((f) => f.proto === 'udp').length;
        await expectSame(table);
      }
    expect(udp).toBeGreaterThan(0);
  });

  it('escapes addresses as JSON.stringify does', async () => {
    const table = readCaptureFile(FIXTURES[0]);
    const used = new Set(groupFlows(table).flows.flatMap((f) => [f.clientAddr, f.serverAddr]));
    expect(used.size).toBeGreaterThanOrEqual(2);
    for (const odd of ['a "quoted" host', 'back\\slash', 'café.example', 'tab\there\u2028', 'del\u007f', 'x'.repeat(300)]) {
      for (const id of used) table.addrs[id] = `${odd}${id}`;
      await expectSame(table);
    }
  });

  it('writes no flows as an empty array', async () => {
    const table = readCaptureFile(FIXTURES[0]);
    const { text } = await written(table, [], 2, true);
    expect(text).toBe(expected(table, [], 2));
    expect(text).toContain('"flows": []');
  });

  describe('with more flows than go out between two drains', () => {
    function manyFlows(n: number): { table: PacketTable; flows: readonly Flow[] } {
      const many = manyFlowsTable(n);
      expect(many.flows.length).toBe(n);
      return many;
    }

    it('waits for the output between batches and still writes every flow', async () => {
      const { table, flows } = manyFlows(20_000);
      const { text, drains } = await written(table, flows, 2, true);
      expect(text).toBe(expected(table, flows, 2));
      expect(drains).toBeGreaterThanOrEqual(2);
    });

    // The times are written without toFixed and String where that gives the same text; every
    // other time goes the way flowsToJson goes.
    it('writes times as roundTime and JSON.stringify do', async () => {
      const { table, flows } = manyFlows(10_000);
      let seed = 7;
      const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const edges: [number, number][] = [[0, 0], [0, 1000], [2 ** 32 - 1, 999_999_000], [2 ** 32, 5000], [1_790_000_000, 100_000_000], [86_399, 10_000], [-3, 250_000_000], [2 ** 40, 1000], [1.5, 1000], [12, 1]];
      for (let i = 0; i < table.count; i++) {
        const [secs, nanos] = edges[i] ?? [Math.floor(random() * 2 ** 32), i % 3 === 0 ? Math.floor(random() * 1e9) : Math.floor(random() * 1e6) * 1000];
        table.secs[i] = secs;
        table.nanos[i] = nanos;
      }
      for (const precision of [6, 9, 3]) {
        table.timePrecision = precision;
        expect((await written(table, flows, 2, true)).text).toBe(expected(table, flows, 2));
      }
    });
  });
});
