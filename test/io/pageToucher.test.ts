// The page toucher writes ahead into memory another thread is filling: it must make pages
// resident and never change a value, whatever the order of the two threads' writes.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnosis/index';
import { analyzeFlows } from '../../src/core/flows/index';
import { analyseCaptureFile } from '../../src/io/analyseCaptureFile';
import { PageToucher } from '../../src/io/pageToucher';
import { readCaptureFile } from '../../src/io/readCaptureFile';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

const MB = 1024 * 1024;

describe('PageToucher', () => {
  it('leaves every value written before or during the touch as it was', async () => {
    const toucher = new PageToucher();
    try {
      const memory = new SharedArrayBuffer(16 * MB);
      const words = new Int32Array(memory);
      // Odd words everywhere, so a store of 0 on any page start would show.
      for (let i = 0; i < words.length; i++) words[i] = i | 1;
      toucher.touch(memory, 0, memory.byteLength);
      // And rows of several columns, as the reader hands them over, touched while being written.
      toucher.touchRows({ a: new Int32Array(memory, 0, 1024 * 1024), b: new Uint8Array(memory, 8 * MB, 4 * MB) }, 0, 1024 * 1024);
      for (let i = 0; i < words.length; i += 997) words[i] = -(i | 1);
      await toucher.settled();
      let changed = 0;
      for (let i = 0; i < words.length; i++) if (words[i] !== (i % 997 === 0 ? -(i | 1) : i | 1)) changed++;
      expect(changed).toBe(0);
    } finally {
      toucher.close();
    }
  });

  it('makes the pages of fresh memory resident on its own thread', async () => {
    const toucher = new PageToucher();
    try {
      const rss = process.memoryUsage().rss;
      const memory = new SharedArrayBuffer(64 * MB);
      toucher.touch(memory, 0, memory.byteLength);
      await toucher.settled();
      expect(process.memoryUsage().rss - rss).toBeGreaterThan(48 * MB);
      expect(new Uint8Array(memory).every((b) => b === 0)).toBe(true);
    } finally {
      toucher.close();
    }
  });

  it.skipIf(!HAS_SHARED)('gives the one-thread result on every real recording when it runs ahead of the reader', async () => {
    const files = readdirSync(path.join(CORPUS, 'real'))
      .flatMap((s) => ['capture.pcap', 'capture.pcapng', 'capture.txt'].map((n) => path.join(CORPUS, 'real', s, n)))
      .concat([path.join(REPO_ROOT, 'samples', 'zero-window-sndbuf-full.pcap')])
      .filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const file of files) {
      const table = readCaptureFile(file);
      const analysis = analyzeFlows(table);
      const touched = await analyseCaptureFile(file, { diagnose: true, touchPagesFromBytes: 0 });
      expect(touched.table.count, file).toBe(table.count);
      expect(touched.table.secs.buffer, file).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(touched.analysis.flags), file).toEqual(Array.from(analysis.flags));
      expect(Array.from(touched.table.seq), file).toEqual(Array.from(table.seq));
      expect(touched.findings, file).toEqual(diagnose(table, analysis));
    }
  }, 120_000);
});
