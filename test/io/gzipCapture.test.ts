// The CLI reads gzip-compressed captures (`*.pcap.gz`) as tshark does: the same output as the
// uncompressed file, and damaged compressed data handled like a damaged capture (what came
// before it kept, a warning at its compressed offset; exit 1 when nothing could be read).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cliIo';
import { REPO_ROOT } from '../support/shared';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), env: { SOCKSCOPE_THREADS: '1' }, cwd: REPO_ROOT };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** A JSON document of the CLI without the name of its input, which differs by the `.gz`. */
function withoutPath(json: string): unknown {
  const doc = JSON.parse(json) as { input: { path?: string } };
  delete doc.input.path;
  return doc;
}

const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-gzip-'));
const lab = path.join(REPO_ROOT, 'test/fixtures/lab');
const captures = readdirSync(lab)
  .filter((s) => !s.includes('README'))
  .map((s) => path.join(lab, s, 'capture.pcap'));

function gzipped(file: string, name: string, cut?: number): string {
  const whole = gzipSync(readFileSync(file));
  const out = path.join(dir, name);
  writeFileSync(out, cut === undefined ? whole : whole.subarray(0, cut));
  return out;
}

describe('gzip-compressed captures on the command line', () => {
  it('give what the uncompressed capture gives: diagnose, flows and packets', async () => {
    let findings = 0;
    for (const [k, file] of captures.entries()) {
      const gz = gzipped(file, `c${k}.pcap.gz`);
      for (const args of [['diagnose', '--format', 'json'], ['flows', '--format', 'json'], ['packets', '--format', 'json']]) {
        const plain = await run([args[0], file, ...args.slice(1)]);
        const compressed = await run([args[0], gz, ...args.slice(1)]);
        expect(compressed.code, `${args[0]} ${gz}`).toBe(0);
        expect(withoutPath(compressed.out), `${args[0]} ${gz}`).toEqual(withoutPath(plain.out));
      }
      findings += (JSON.parse((await run(['diagnose', gz, '--format', 'json'])).out) as { findings: unknown[] }).findings.length;
      const tsv = await run(['packets', gz]);
      expect(tsv.out).toBe((await run(['packets', file])).out);
    }
    expect(findings).toBeGreaterThan(5);
  });

  it('keep the packets before compressed data that ends early, with a warning at its compressed offset', async () => {
    const file = captures[0];
    const cut = Math.floor(gzipSync(readFileSync(file)).length / 2);
    const gz = gzipped(file, 'cut.pcap.gz', cut);
    const { code, out } = await run(['packets', gz, '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { warnings: { message: string; offset: number; endsReading?: boolean }[]; packets: unknown[] };
    const whole = JSON.parse((await run(['packets', file, '--format', 'json'])).out) as { packets: unknown[] };
    expect(doc.packets.length).toBeGreaterThan(0);
    expect(doc.packets.length).toBeLessThan(whole.packets.length);
    expect(doc.packets).toEqual(whole.packets.slice(0, doc.packets.length));
    const last = doc.warnings[doc.warnings.length - 1];
    expect(last).toMatchObject({ offset: cut, endsReading: true });
    expect(last.message).toMatch(/gzip data ends early or is corrupt after \d+ compressed bytes/);
    // The inflated bytes end inside a record: the reader's warning counts bytes of the
    // decompressed capture, and says so.
    expect(doc.warnings.length).toBeGreaterThan(1);
    for (const w of doc.warnings.slice(0, -1)) expect(w.message).toMatch(/offset in the decompressed capture/);
  });

  it('are unreadable, exit 1 naming the file, when nothing could be decompressed', async () => {
    const gz = path.join(dir, 'broken.pcap.gz');
    writeFileSync(gz, Buffer.concat([gzipSync(readFileSync(captures[0])).subarray(0, 12), Buffer.alloc(3000, 0xff)]));
    const { code, err } = await run(['diagnose', gz]);
    expect(code).toBe(1);
    expect(err).toContain(`${gz}: gzip-compressed capture: gzip data ends early or is corrupt`);
  });
});
