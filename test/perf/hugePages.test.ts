// When the CLI starts itself again with huge pages for malloc: only for a large capture on Linux
// with glibc 2.35+ and the kernel's transparent huge pages in madvise mode, and never twice.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUGE_PAGE_MIN_INPUT_BYTES, SMALL_YOUNG_GENERATION, TUNABLE, machineProbe, wantsHugePageRelaunch, type HugePageProbe } from '../../src/cli/hugePages';

const BIN = path.resolve(__dirname, '../../bin/sockscope.cjs');

const BIG = HUGE_PAGE_MIN_INPUT_BYTES;

function probe(over: Partial<HugePageProbe> = {}): HugePageProbe {
  return {
    platform: 'linux',
    fileSize: (p) => (p === 'big.pcap' ? BIG : p === 'small.pcap' ? BIG - 1 : undefined),
    thpMode: () => 'madvise',
    glibcVersion: () => '2.36',
    ...over,
  };
}

describe('huge-page relaunch', () => {
  it('relaunches diagnose, packets, flows and report on a large capture', () => {
    for (const command of ['diagnose', 'packets', 'flows', 'report']) {
      expect(wantsHugePageRelaunch([command, 'big.pcap', '--format', 'json'], {}, probe())).toBe(true);
    }
    expect(wantsHugePageRelaunch(['report', '-o', 'out.html', 'big.pcap'], {}, probe())).toBe(true);
  });

  it('runs in place for a small capture, a missing file or a command that reads no capture', () => {
    expect(wantsHugePageRelaunch(['diagnose', 'small.pcap'], {}, probe())).toBe(false);
    expect(wantsHugePageRelaunch(['diagnose', 'missing.pcap'], {}, probe())).toBe(false);
    expect(wantsHugePageRelaunch(['excerpt', 'big.pcap'], {}, probe())).toBe(false);
    expect(wantsHugePageRelaunch([], {}, probe())).toBe(false);
  });

  it('never relaunches twice, and the user can opt out with the tunable', () => {
    expect(wantsHugePageRelaunch(['diagnose', 'big.pcap'], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, probe())).toBe(false);
    expect(wantsHugePageRelaunch(['diagnose', 'big.pcap'], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, probe())).toBe(false);
    expect(wantsHugePageRelaunch(['diagnose', 'big.pcap'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, probe())).toBe(true);
  });

  it('needs Linux, glibc 2.35 or later and transparent huge pages on request (madvise)', () => {
    const argv = ['diagnose', 'big.pcap'];
    expect(wantsHugePageRelaunch(argv, {}, probe({ platform: 'darwin' }))).toBe(false);
    expect(wantsHugePageRelaunch(argv, {}, probe({ thpMode: () => 'always' }))).toBe(false);
    expect(wantsHugePageRelaunch(argv, {}, probe({ thpMode: () => 'never' }))).toBe(false);
    expect(wantsHugePageRelaunch(argv, {}, probe({ glibcVersion: () => undefined }))).toBe(false);
    expect(wantsHugePageRelaunch(argv, {}, probe({ glibcVersion: () => '2.34' }))).toBe(false);
    expect(wantsHugePageRelaunch(argv, {}, probe({ glibcVersion: () => '2.35' }))).toBe(true);
  });

  it('reads this machine: a THP mode the kernel names, and glibc on Linux', () => {
    const mode = machineProbe.thpMode();
    if (mode !== undefined) expect(['always', 'madvise', 'never']).toContain(mode);
    if (process.platform === 'linux') expect(machineProbe.glibcVersion() ?? 'musl').toMatch(/^(\d+\.\d+|musl)$/);
  });

  it('the sockscope command starts Node with the tunable and young generation the relaunch would set', () => {
    const shebang = readFileSync(BIN, 'utf8').split('\n')[0];
    // `env` before the tunable: npm's cmd-shim, which writes the Windows shims from this line,
    // takes the first word that is not NAME=value (the tunable's value holds a second '=') for
    // the program to run, and must find a program there.
    expect(shebang).toBe(`#!/usr/bin/env -S env GLIBC_TUNABLES=${TUNABLE} node ${SMALL_YOUNG_GENERATION}`);
    // Started as a shell starts it, so the platform's env must accept the line.
    if (process.platform === 'win32' || !existsSync(path.resolve(__dirname, '../../dist/cli.js'))) return;
    const run = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^sockscope \d+\.\d+\.\d+/);
    // With the tunable already set, the CLI never starts a second Node.
    expect(wantsHugePageRelaunch(['diagnose', 'big.pcap'], { GLIBC_TUNABLES: TUNABLE }, probe())).toBe(false);
  });
});
