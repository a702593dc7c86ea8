// FILE `-` reads the capture from standard input (`tcpdump -w - | sockscope diagnose -`, a text
// log pasted into a pipe), gzip-compressed or not: the same output as the file gives.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cliIo';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

/** `bytes` as standard input delivers them: in pieces, the first one byte long (gzip's magic is two). */
async function* piecesOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const size of [1, 7, 1000, 4093]) {
    yield bytes.subarray(at, Math.min(bytes.length, at + size));
    at += size;
  }
  for (; at < bytes.length; at += 65536) yield bytes.subarray(at, Math.min(bytes.length, at + 65536));
}

async function run(args: string[], stdin?: Uint8Array): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, cwd: REPO_ROOT };
  if (stdin) io.stdin = piecesOf(stdin);
  return { code: await runCli(args, io), out, err };
}

/** A JSON document of the CLI without the name of its input. */
function withoutPath(json: string): unknown {
  const doc = JSON.parse(json) as { input: { path?: string } };
  delete doc.input.path;
  return doc;
}

const lab = path.join(REPO_ROOT, 'test/fixtures/lab');
const fixture = path.join(lab, readdirSync(lab).filter((s) => !s.includes('README'))[0], 'capture.pcap');

describe('FILE - (standard input)', () => {
  it('gives what the file gives, plain and gzip-compressed, for every command', async () => {
    const bytes = readFileSync(fixture);
    for (const input of [bytes, gzipSync(bytes)]) {
      for (const command of ['diagnose', 'flows', 'packets']) {
        const fromFile = await run([command, fixture, '--format', 'json']);
        const fromStdin = await run([command, '-', '--format', 'json'], input);
        expect(fromStdin.code, command).toBe(0);
        expect(withoutPath(fromStdin.out), command).toEqual(withoutPath(fromFile.out));
      }
    }
  });

  it.skipIf(!HAS_SHARED)('reads a tcpdump text log and a pcapng capture piped in', async () => {
    for (const name of ['capture.txt', 'capture.pcapng']) {
      const file = path.join(CORPUS, 'real/zero-window-sndbuf-full', name);
      const fromStdin = await run(['diagnose', '-', '--format', 'json'], readFileSync(file));
      expect(withoutPath(fromStdin.out), name).toEqual(withoutPath((await run(['diagnose', file, '--format', 'json'])).out));
      expect((JSON.parse(fromStdin.out) as { findings: unknown[] }).findings.length, name).toBeGreaterThan(0);
    }
  });

  it('is unreadable when empty: exit 1', async () => {
    const { code, err } = await run(['diagnose', '-'], new Uint8Array(0));
    expect(code).toBe(1);
    expect(err).toContain('-: empty file');
  });

  it('is the process standard input in the built command', () => {
    const bin = path.join(REPO_ROOT, 'bin/sockscope.cjs');
    const piped = spawnSync(process.execPath, [bin, 'flows', '-', '--format', 'json'], { input: gzipSync(readFileSync(fixture)), encoding: 'utf8' });
    expect(piped.status, piped.stderr).toBe(0);
    const direct = spawnSync(process.execPath, [bin, 'flows', fixture, '--format', 'json'], { encoding: 'utf8' });
    expect(withoutPath(piped.stdout)).toEqual(withoutPath(direct.stdout));
  });
});
