// AsciiBatch writes numbers digit by digit into a byte buffer (`sockscope packets`' TSV): the digits
// must be what String() gives, and the bytes it hands to a byte output must be the UTF-8 of the
// text it hands to a text output, batch boundaries and non-ASCII addresses included.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsciiBatch } from '../../src/cli/commands/asciiBatch';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cliIo';
import { rawIpPcap } from '../support/rawIpPcap';
import { REPO_ROOT } from '../support/shared';

function textOf(write: (b: AsciiBatch) => void): string {
  let text = '';
  const batch = new AsciiBatch({ out: (t) => (text += t) });
  write(batch);
  batch.flush();
  return text;
}

describe('AsciiBatch', () => {
  it('writes integers as String() does, around every power of ten and 2^31, 2^32 and 2^53', () => {
    const values = [0, 7, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 1_796_218_302, -5, -1_000_000_000];
    for (let p = 1; p <= 15; p++) values.push(10 ** p - 1, 10 ** p, 10 ** p + 1);
    // Fixed pseudo-random values of every bit length, so a failure can be run again.
    let seed = 12345;
    for (let k = 0; k < 2000; k++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      values.push(Math.floor((seed / 2 ** 32) * 2 ** (1 + (k % 52))));
    }
    for (const v of values) expect(textOf((b) => b.uint(v)), String(v)).toBe(String(v));
  });

  it('writes spaces across batch boundaries, from any position (one exactly at the room it keeps)', () => {
    const room = (1 << 20) - 4096;
    for (const before of [0, room - 1, room, room + 1, 5_000_000])
      for (const n of [1, 10, 4096, 3 << 20]) {
        const text = textOf((b) => {
          b.bytes(new Uint8Array(before).fill(0x78));
          b.spaces(n);
          b.byte(0x79);
        });
        expect(text.length).toBe(before + n + 1);
        expect(text.slice(before)).toBe(`${' '.repeat(n)}y`);
      }
  });

  it('writes the leading digits of a zero-padded fraction', () => {
    for (const nanos of [0, 5, 999_999_999, 123_456_789, 100_000_000, 1_000, 60_000]) {
      const padded = String(nanos).padStart(9, '0');
      for (const count of [1, 3, 6, 9]) expect(textOf((b) => b.fraction(nanos, 9, count))).toBe(padded.slice(0, count));
    }
    expect(textOf((b) => b.fraction(999_999, 6, 3))).toBe('999');
  });

  it('hands a byte output the UTF-8 of what it hands a text output, over many batches', () => {
    const write = (b: AsciiBatch): void => {
      const host = b.encode('hôte-ünïcode.example');
      for (let row = 0; row < 100_000; row++) {
        b.startRow();
        b.uint(row * 4_294_967);
        b.byte(0x09);
        b.bytes(host);
        b.byte(0x0a);
      }
      b.flush();
    };
    let text = '';
    write(new AsciiBatch({ out: (t) => (text += t) }));
    const chunks: Uint8Array[] = [];
    write(new AsciiBatch({ out: () => expect.unreachable('a byte output gets bytes'), outBytes: (bytes) => void chunks.push(bytes) }));
    expect(chunks.length).toBeGreaterThan(2);
    expect(Buffer.concat(chunks).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
});

describe('AsciiBatch and the output that takes its bytes', () => {
  function batchesWith(done: boolean): { buffers: Set<ArrayBufferLike>; given: Uint8Array[] } {
    const buffers = new Set<ArrayBufferLike>();
    const given: Uint8Array[] = [];
    const batch = new AsciiBatch({
      out: () => expect.unreachable('a byte output gets bytes'),
      outBytes: (bytes) => {
        buffers.add(bytes.buffer);
        given.push(bytes);
        return done;
      },
    });
    for (let row = 0; row < 300_000; row++) {
      batch.startRow();
      batch.uint(row);
      batch.byte(0x0a);
    }
    batch.flush();
    return { buffers, given };
  }

  it('writes the next batch over the last when the output is done with it, and never over bytes the output keeps', () => {
    const reused = batchesWith(true);
    const kept = batchesWith(false);
    expect(reused.given.length).toBeGreaterThan(1);
    expect(reused.buffers.size).toBe(1);
    expect(kept.buffers.size).toBe(kept.given.length);
    // Read only now: what a keeping output holds is still what it was given, nothing written over it.
    expect(Buffer.concat(kept.given).toString('latin1')).toBe(Array.from({ length: 300_000 }, (_, k) => `${k}\n`).join(''));
  });
});

describe('AsciiBatch with long byte strings', () => {
  it('writes byte strings of any length whole, and the numbers after them intact', () => {
    for (const length of [10, 3000, 1 << 20, 3 << 20]) {
      const long = new Uint8Array(length).fill(0x61);
      const expected: string[] = [];
      const text = textOf((b) => {
        for (let row = 0; row < 6; row++) {
          b.startRow();
          b.bytes(long);
          b.byte(0x09);
          b.uint(4_000_000_000 + row);
          b.byte(0x0a);
          expected.push(`${'a'.repeat(length)}\t${4_000_000_000 + row}\n`);
        }
      });
      expect(text.length, String(length)).toBe(expected.join('').length);
      expect(text === expected.join(''), String(length)).toBe(true);
    }
  });
});

describe('sockscope packets with a byte output', () => {
  async function packets(file: string, bytes: boolean): Promise<Buffer> {
    let text = '';
    const chunks: Uint8Array[] = [];
    const io: CliIo = { out: (t) => void (text += t), err: () => undefined, env: {}, cwd: REPO_ROOT };
    if (bytes) io.outBytes = (b) => void chunks.push(b);
    expect(await runCli(['packets', file], io)).toBe(0);
    return bytes ? Buffer.concat(chunks) : Buffer.from(text, 'utf8');
  }

  it('prints the same bytes as through text, on the lab recordings and a text log with a non-ASCII host name', async () => {
    const lab = path.join(REPO_ROOT, 'test/fixtures/lab');
    const files = readdirSync(lab).map((s) => path.join(lab, s, 'capture.pcap')).filter((f) => !f.includes('README'));
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'sockscope-')), 'hosts.txt');
    writeFileSync(log, '12:00:00.000001 IP café.example.42000 > 10.0.0.2.80: Flags [S], seq 4009389430, win 64240, length 0\n');
    files.push(log);
    for (const file of files) {
      const viaBytes = await packets(file, true);
      expect(viaBytes.equals(await packets(file, false)), file).toBe(true);
      expect(viaBytes.length, file).toBeGreaterThan(100);
    }
    expect((await packets(log, true)).toString('utf8')).toContain('\tcafé.example\t42000\t');
  });

  it('waits for the output to drain between batches, in TSV and in JSON', async () => {
    // Rows enough for several batches.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sockscope-')), 'rows.pcap');
    writeFileSync(file, rawIpPcap(30_000));
    for (const format of ['tsv', 'json']) {
      let waiting = false;
      let drains = 0;
      let bytes = 0;
      const io: CliIo = {
        out: (t) => {
          expect(waiting, 'output while waiting for the previous to drain').toBe(false);
          bytes += t.length;
        },
        outBytes: (b) => {
          expect(waiting, 'output while waiting for the previous to drain').toBe(false);
          bytes += b.length;
        },
        err: () => undefined,
        env: {},
        cwd: REPO_ROOT,
        drain: async () => {
          waiting = true;
          drains++;
          await new Promise((resolve) => setTimeout(resolve, 0));
          waiting = false;
        },
      };
      expect(await runCli(['packets', file, '--format', format], io)).toBe(0);
      expect(drains, format).toBeGreaterThan(1);
      expect(bytes, format).toBeGreaterThan(100_000);
    }
  });

  it('writes JSON rows that parse back to the host names of a text log, quotes and backslashes included', async () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'sockscope-')), 'names.txt');
    const odd = 'we"ird\\\\host.example';
    writeFileSync(log, `12:00:00.000001 IP ${odd}.42000 > ${'h'.repeat(5000)}.example.80: Flags [S], seq 4009389430, win 64240, length 0\n`);
    for (const bytes of [true, false]) {
      let text = '';
      const chunks: Uint8Array[] = [];
      const io: CliIo = { out: (t) => void (text += t), err: () => undefined, env: {}, cwd: REPO_ROOT };
      if (bytes) io.outBytes = (b) => void chunks.push(b);
      expect(await runCli(['packets', log, '--format', 'json'], io)).toBe(0);
      // Text and bytes interleave in order: the opening and closing as text, the rows as bytes.
      const doc = JSON.parse(bytes ? text.replace('"packets":[', () => `"packets":[${Buffer.concat(chunks).toString('utf8')}`) : text) as {
        packets: { src: string; dst: string; seq_raw: number }[];
      };
      expect(doc.packets[0].src).toBe('we"ird\\\\host.example');
      expect(doc.packets[0].dst).toBe(`${'h'.repeat(5000)}.example`);
      expect(doc.packets[0].seq_raw).toBe(4009389430);
    }
  });
});

