// The two-thread path of the CLI (decoding on this thread + flow analysis on another as rows arrive + diagnosis split
// between the threads) must give exactly what one thread gives: same table, same flows and
// per-row columns, same findings in the same order, same errors.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES, type PacketTable } from '../../src/core/capture/packetTable';
import { diagnose } from '../../src/core/diagnosis/index';
import { analyzeFlows } from '../../src/core/flows/index';
import type { FlowAnalysis } from '../../src/core/flows/types';
import { analyseCaptureFile, type CaptureAnalysis } from '../../src/io/analyseCaptureFile';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { plainFlow } from '../support/plainFlow';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';
import { rawIpPcap } from '../support/rawIpPcap';

const WORKER = path.join(REPO_ROOT, 'dist', 'captureWorker.js');
if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build before the tests`);

/** Every hand-over is small (4 KiB of file), so the flow pass is fed many partial tables. */
const twoThreads = (file: string): Promise<CaptureAnalysis> =>
  analyseCaptureFile(file, { workerScript: WORKER, diagnose: true, minParallelBytes: 0, chunkBytes: 4096 });

function oneThread(file: string): CaptureAnalysis {
  const table = readCaptureFile(file);
  const analysis = analyzeFlows(table);
  return { table, analysis, findings: diagnose(table, analysis) };
}

function plainTable(t: PacketTable) {
  const { warnings, addrs, sack, interfaces, format, dateKnown, timePrecision, bytes, count } = t;
  const columns = Object.fromEntries(COLUMN_NAMES.map((name) => [name, Array.from(t[name])]));
  return { warnings, addrs, sack, interfaces, format, dateKnown, timePrecision, bytes, count, columns };
}

function plainAnalysis(a: FlowAnalysis) {
  const columns = Object.fromEntries(
    Object.entries(a)
      .filter(([, v]) => ArrayBuffer.isView(v))
      .map(([k, v]) => [k, Array.from(v as Uint32Array)]),
  );
  return { columns, flows: a.flows.map((f) => ({ ...plainFlow(f), rows: Array.from(f.rows) })) };
}

async function expectSameAsOneThread(file: string): Promise<number> {
  const one = oneThread(file);
  const two = await twoThreads(file);
  expect(plainTable(two.table), file).toEqual(plainTable(one.table));
  expect(plainAnalysis(two.analysis), file).toEqual(plainAnalysis(one.analysis));
  expect(two.findings, file).toEqual(one.findings);
  return one.findings.length;
}

describe('analyseCaptureFile on two threads', () => {
  it.skipIf(!HAS_SHARED)('matches one thread on every real recording (pcap, pcapng and text)', async () => {
    const real = path.join(CORPUS, 'real');
    let files = 0;
    let findings = 0;
    for (const scenario of readdirSync(real)) {
      for (const name of ['capture.pcap', 'capture.pcapng', 'capture.txt']) {
        const file = path.join(real, scenario, name);
        if (!existsSync(file)) continue;
        findings += await expectSameAsOneThread(file);
        files++;
      }
    }
    expect(files).toBeGreaterThanOrEqual(30);
    // The comparison means something only if the recordings produce findings.
    expect(findings).toBeGreaterThan(20);
  }, 120_000);

  it('matches one thread on the lab recordings in the repository', async () => {
    const lab = path.join(REPO_ROOT, 'test/fixtures/lab');
    let findings = 0;
    for (const scenario of readdirSync(lab)) {
      const file = path.join(lab, scenario, 'capture.pcap');
      if (existsSync(file)) findings += await expectSameAsOneThread(file);
    }
    expect(findings).toBeGreaterThan(5);
  }, 120_000);

  it('follows the table as it grows past the size guessed from the file', async () => {
    // Records of 56 bytes (raw IPv4 + TCP, no link header) are fewer bytes than the reader's
    // guess of one row per 64, so the shared columns are replaced while the flow pass runs.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sockscope-')), 'small-records.pcap');
    writeFileSync(file, rawIpPcap(20_000));
    const two = await twoThreads(file);
    expect(two.table.count).toBe(20_000);
    expect(two.analysis.flows.length).toBe(1);
    await expectSameAsOneThread(file);
  });

  it('reports unreadable input exactly as one thread does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-'));
    const garbage = path.join(dir, 'garbage.pcap');
    writeFileSync(garbage, Buffer.alloc(10_000, 0x41));
    for (const file of [path.join(dir, 'missing.pcap'), dir, garbage]) {
      let expected: unknown;
      try {
        oneThread(file);
      } catch (e) {
        expected = e;
      }
      expect(expected, file).toBeInstanceOf(Error);
      await expect(twoThreads(file), file).rejects.toThrow((expected as Error).message);
      await expect(twoThreads(file), file).rejects.toBeInstanceOf((expected as Error).constructor);
    }
  });

  it('keeps what came before the damage of a truncated capture, with the same warning', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sockscope-')), 'cut.pcap');
    const whole = rawIpPcap(3000);
    writeFileSync(file, whole.subarray(0, whole.length - 30));
    await expectSameAsOneThread(file);
    const two = await twoThreads(file);
    expect(two.table.count).toBe(2999);
    expect(two.table.warnings.map((w) => w.offset)).toEqual([whole.length - 56]);
  });
});

/** A pcap (LINKTYPE_RAW) of one TCP connection's data segments, `n` records of 56 bytes. */
