// The host's side of the editor without VS Code: the parse pipeline over chunks (plain and
// gzip-compressed), the summary and the row windows the webview asks for, checked against
// tshark on the real-kernel recording of a zero-window stall.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CaptureModel } from '../../src/view/captureModel';
import { parseChunks } from '../../src/host/parseCapture';
import { rowWindow } from '../../src/view/rowWindow';
import { diagnosisMessage, summaryMessage, withDiagnosis } from '../../src/view/summaryView';
import { CORPUS, HAS_SHARED, hasTool, requireOrSkip } from '../support/shared';

const SCENARIO = path.join(CORPUS, 'real', 'zero-window-sndbuf-full');
const PCAP = path.join(SCENARIO, 'capture.pcap');
const ready = requireOrSkip('../shared corpus', HAS_SHARED) && requireOrSkip('tshark', hasTool('tshark'));

/** Feeds `bytes` in pieces of `size` bytes, as the file-access seam does. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function parse(bytes: Uint8Array, name: string, size = 997): Promise<CaptureModel> {
  return parseChunks(name, pieces(bytes, size), { total: bytes.length, onProgress: () => undefined });
}

interface TsharkRow {
  frame: number;
  seq: number;
  ack: number;
  win: number;
  len: number;
  ackFlag: boolean;
}

describe.runIf(ready)('host tables of zero-window-sndbuf-full against tshark', () => {
  let tshark: TsharkRow[];
  let model: CaptureModel;
  const bytes = ready ? new Uint8Array(readFileSync(PCAP)) : new Uint8Array(0);

  beforeAll(async () => {
    const out = execFileSync(
      'tshark',
      ['-r', PCAP, '-T', 'fields', '-e', 'frame.number', '-e', 'tcp.seq', '-e', 'tcp.ack', '-e', 'tcp.window_size', '-e', 'tcp.len', '-e', 'tcp.flags.ack'],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    tshark = out
      .trim()
      .split('\n')
      .map((line) => {
        const [frame, seq, ack, win, len, ackFlag] = line.split('\t');
        return { frame: +frame, seq: +seq, ack: +ack, win: +win, len: +len, ackFlag: ackFlag === '1' || ackFlag === 'True' };
      });
    model = await parse(bytes, 'capture.pcap');
  });

  test('every packet arrives through 997-byte chunks, in one flow', () => {
    expect(model.table.count).toBe(tshark.length);
    expect(model.table.warnings).toEqual([]);
    expect(model.analysis.flows).toHaveLength(1);
  });

  test("a row window gives tshark's relative seq, ack, scaled window and length for every packet", () => {
    const w = rowWindow(model, 0, 0, 5000);
    expect(w.total).toBe(tshark.length);
    expect(w.cols.frame).toEqual(tshark.map((r) => r.frame));
    expect(w.cols.seq).toEqual(tshark.map((r) => r.seq));
    expect(w.cols.ack).toEqual(tshark.map((r) => (r.ackFlag ? r.ack : 0)));
    expect(w.cols.win).toEqual(tshark.map((r) => r.win));
    expect(w.cols.len).toEqual(tshark.map((r) => r.len));
  });

  test('windows in the middle and past the end are clipped, never larger than asked', () => {
    const mid = rowWindow(model, 0, 800, 25);
    expect(mid.from).toBe(800);
    expect(mid.cols.frame).toEqual(tshark.slice(800, 825).map((r) => r.frame));
    const tail = rowWindow(model, 0, tshark.length - 3, 100);
    expect(tail.cols.frame).toHaveLength(3);
    expect(() => rowWindow(model, 7, 0, 10)).toThrow(/no flow 7/);
  });

  test('a summary sent while diagnosing, completed with the diagnosis, is the whole summary', () => {
    const whole = summaryMessage(model, 'capture.pcap');
    expect(whole.findings.length).toBeGreaterThan(0);
    expect(withDiagnosis(summaryMessage(model, 'capture.pcap', true), diagnosisMessage(model))).toEqual(whole);
  });

  test('the summary points every finding at its evidence rows within the flow', () => {
    const summary = summaryMessage(model, 'capture.pcap');
    expect(summary.capture.packets).toBe(tshark.length);
    expect(summary.flows.packets[0]).toBe(tshark.length);
    expect(summary.findings.map((f) => f.stage)).toContain('zero_window');
    for (const f of summary.findings) {
      expect(f.frameIndex.every((i, k) => model.analysis.flows[f.flow].rows[i] === f.frames[k] - 1)).toBe(true);
    }
  });

  test('a gzip-compressed copy gives the same table', async () => {
    const gz = await parse(new Uint8Array(gzipSync(bytes)), 'capture.pcap.gz', 4096);
    expect(gz.table.count).toBe(tshark.length);
    expect(gz.table.warnings).toEqual([]);
    expect(Array.from(gz.table.seq)).toEqual(Array.from(model.table.seq));
  });

  test('a gzip file cut short keeps the packets before the cut and says where the damage is', async () => {
    const whole = gzipSync(bytes);
    const cut = new Uint8Array(whole.subarray(0, whole.length >> 1));
    const damaged = await parse(cut, 'cut.pcap.gz', 4096);
    expect(damaged.table.count).toBeGreaterThan(100);
    expect(damaged.table.count).toBeLessThan(tshark.length);
    const gzipWarning = damaged.table.warnings.find((w) => /gzip/.test(w.message));
    expect(gzipWarning?.offset).toBe(cut.length);
  });
});
