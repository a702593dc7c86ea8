// SOCKSCOPE_THREADS (and SOCKSCOPE_TOUCH_PAGES) choose the CLI's path; all give the same output. Forcing two threads on a
// small capture goes through the flow thread (dist/captureWorker.js), which the default keeps
// for inputs of 80 MiB or more.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

// Without the bundle the CLI would quietly stay on one thread and the comparison prove nothing.
const WORKER = path.join(REPO_ROOT, 'dist', 'captureWorker.js');
if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build before the tests`);

async function diagnoseJson(file: string, threads: string | undefined, env: Record<string, string> = {}): Promise<string> {
  let out = '';
  const code = await runCli(['diagnose', file, '--format', 'json'], {
    out: (t) => (out += t),
    err: () => undefined,
    env: threads ? { ...env, SOCKSCOPE_THREADS: threads } : env,
    cwd: process.cwd(),
  });
  expect(code).toBe(0);
  return out;
}

describe.skipIf(!HAS_SHARED)('SOCKSCOPE_THREADS', () => {
  it('gives the same diagnosis on one and on two threads', async () => {
    const file = path.join(CORPUS, 'real/zero-window-sndbuf-full/capture.pcap');
    const one = await diagnoseJson(file, '1');
    expect(JSON.parse(one).findings.length).toBeGreaterThan(0);
    expect(await diagnoseJson(file, '2')).toBe(one);
    expect(await diagnoseJson(file, undefined)).toBe(one);
  });

  it('gives the same diagnosis for many short flows, split between the threads', async () => {
    // tcpdump's afs.pcap: dozens of short conversations with findings on both roles; each
    // thread diagnoses some of them, and the merged findings must still come sorted.
    const file = path.join(CORPUS, 'peer/tcpdump/afs.pcap');
    const one = await diagnoseJson(file, '1');
    expect(JSON.parse(one).findings.length).toBeGreaterThan(1);
    expect(await diagnoseJson(file, '2')).toBe(one);
  });

  it('gives the same diagnosis with the page-touching helper forced on', async () => {
    const file = path.join(CORPUS, 'real/zero-window-sndbuf-full/capture.pcap');
    const plain = await diagnoseJson(file, '1', { SOCKSCOPE_TOUCH_PAGES: '0' });
    expect(JSON.parse(plain).findings.length).toBeGreaterThan(0);
    expect(await diagnoseJson(file, '1', { SOCKSCOPE_TOUCH_PAGES: '1' })).toBe(plain);
  });
});
