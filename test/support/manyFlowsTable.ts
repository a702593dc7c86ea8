// A packet table of n one-segment TCP connections (a source port and address of their own each),
// grouped: many flows for tests of output written in batches.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PacketTable } from '../../src/core/capture/packetTable';
import { groupFlows } from '../../src/core/flows/index';
import type { Flow } from '../../src/core/flows/types';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { rawIpPcap } from './rawIpPcap';

export function manyFlowsTable(n: number): { table: PacketTable; flows: readonly Flow[] } {
  const pcap = rawIpPcap(n);
  for (let k = 0; k < n; k++) {
    const ip = 24 + k * 56 + 16;
    pcap.writeUInt32BE(0x0a010000 + Math.floor(k / 50_000), ip + 12);
    pcap.writeUInt16BE(1024 + (k % 50_000), ip + 20);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-many-'));
  try {
    const file = path.join(dir, `many-${n}.pcap`);
    writeFileSync(file, pcap);
    const table = readCaptureFile(file);
    return { table, flows: groupFlows(table).flows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
