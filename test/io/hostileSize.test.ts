// A hostile capture: a pcap header followed by 2 GiB of zeros, i.e. 134 million empty records
// (16 bytes of file each, 59 bytes of packet table each). It used to crash both CLI paths: the
// 8 GB table could not be posted to the other thread (V8 clones shared-memory views with 32-bit
// offsets), and the page toucher's shifts overflowed past 2 GiB. It is now read up to the row
// limit for this machine's memory, with a warning at the offset where reading stopped.
// The file is sparse (truncate): it costs no disk.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maxRowsForMemory } from '../../src/core/capture/packetTable';
import { writePcapHeader } from '../support/pcapHeader';
import { REPO_ROOT } from '../support/shared';

const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-hostile-'));
const file = path.join(dir, 'zeros.pcap');
writeFileSync(file, writePcapHeader(Buffer.alloc(24), 1));
truncateSync(file, 2 * 2 ** 30);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const limit = maxRowsForMemory(totalmem());

describe('a 2 GiB capture of empty records', () => {
  // One thread and two take different paths (the page toucher alone; the table posted to the flow thread).
  it.each(['1', '2'])('is read up to the row limit on %s thread(s), with a warning, and exits 0', (threads) => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'sockscope.cjs'), 'diagnose', file, '--format', 'json'], {
      env: { ...process.env, SOCKSCOPE_THREADS: threads },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).not.toMatch(/internal error|Invalid typed array|RangeError/);
    expect(run.status).toBe(0);
    const offset = 24 + 16 * limit;
    const report = JSON.parse(run.stdout) as {
      input: { packets: number };
      flows: unknown[];
      warnings: { message: string; offset?: number; frame?: number }[];
    };
    expect(report.input.packets).toBe(limit);
    expect(report.flows).toHaveLength(0);
    const full = report.warnings.filter((w) => w.message.includes(`packet table is full at ${limit} packets`));
    expect(full).toEqual([expect.objectContaining({ offset, frame: limit + 1 })]);
  }, 120_000);
});
