// `sockscope excerpt` as users run it: JSON and text from the Debian 6.1 tree (lines checked
// against anchors.json), and with no kernel source at all (provider none, links only).
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cliIo';
import { runCli } from '../../src/cli/main';
import { STAGE_IDS } from '../../src/core/diagnosis/finding';
import { requireOrSkip } from '../support/shared';
import { HAS_ANCHORS, KERNEL_TREE, kernelTreeReady, readAnchors, TREE_KEY } from './kernelTree';

interface Run {
  code: number;
  out: string;
  err: string;
}

const empty = mkdtempSync(path.join(os.tmpdir(), 'sockscope-excerpt-'));
/** No distribution trees, an empty mirror cache, and a working directory that is no kernel tree. */
const isolatedEnv = { SOCKSCOPE_KERNEL_DIRS: '', SOCKSCOPE_KERNEL_CACHE: path.join(empty, 'cache') };

async function run(args: string[], env: Record<string, string> = isolatedEnv): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), env, cwd: empty };
  const code = await runCli(['excerpt', ...args], io);
  return { code, out, err };
}

interface ExcerptJson {
  stage: string;
  provider: string;
  excerpts: { function: string; catalogueName: string; file: string; startLine: number; endLine: number; anchors: { id: string; line: number; annotation: string }[] }[];
  links: { function: string; url: string }[];
  notices: string[];
}

describe('sockscope excerpt without any kernel source', () => {
  it('answers with provider none, the links for every function and a note why', async () => {
    const r = await run(['rto_backoff', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as ExcerptJson;
    expect(json.stage).toBe('rto_backoff');
    expect(json.provider).toBe('none');
    expect(json.excerpts).toEqual([]);
    expect(json.links.map((l) => l.function)).toEqual(expect.arrayContaining(['tcp_retransmit_timer', 'tcp_write_timeout']));
    expect(json.links.every((l) => l.url.startsWith('https://elixir.bootlin.com/linux/v6.12/'))).toBe(true);
    expect(r.err).toMatch(/network access is not allowed.*--allow-network/);
    // The explanation survives without source: every function keeps its annotations.
    const missing = (JSON.parse(r.out) as { missing: { function: string; anchors: { id: string; annotation: string }[] }[] }).missing;
    expect(missing.find((m) => m.function === 'tcp_retransmit_timer')?.anchors.map((a) => a.id)).toContain('rto_double');
  });

  it("in text, shows each function's annotations and links, and says why there is no code", async () => {
    const r = await run(['rto_backoff']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Kernel source: none');
    expect(r.out).toMatch(/tcp_retransmit_timer — net\/ipv4\/tcp_timer\.c: code not shown/);
    expect(r.out).toMatch(/• \[rto_double\] .+/);
    expect(r.out).toContain('https://elixir.bootlin.com/linux/v6.12/A/ident/tcp_retransmit_timer');
    expect(r.out).toMatch(/note: mirror .*--allow-network/);
  });

  it('uses the version asked for in its links', async () => {
    const r = await run(['keepalive', '--format', 'json', '--version', '5.10']);
    const json = JSON.parse(r.out) as ExcerptJson;
    expect(json.links[0].url).toContain('/linux/v5.10/source/net/ipv4/tcp_timer.c');
  });

  it('rejects an unknown stage with exit 2, listing the valid ones', async () => {
    const r = await run(['stuck']);
    expect(r.code).toBe(2);
    for (const id of STAGE_IDS) expect(r.err).toContain(id);
  });

  it('rejects a malformed version and an unknown format with exit 2', async () => {
    expect((await run(['keepalive', '--version', 'latest'])).code).toBe(2);
    expect((await run(['keepalive', '--format', 'yaml'])).code).toBe(2);
  });
});

const ready = kernelTreeReady() && requireOrSkip('../shared/design/kernel/anchors.json', HAS_ANCHORS);

describe.runIf(ready)('sockscope excerpt --kernel on the Debian 6.1.192-2 tree', () => {
  const truth = ready ? readAnchors() : [];
  const recorded = (fn: string) => truth.find((e) => e.function === fn)?.versions[TREE_KEY];

  it.each(STAGE_IDS)('%s: JSON excerpts start and end where anchors.json says, anchors at their recorded lines', async (stage) => {
    const r = await run([stage, '--kernel', KERNEL_TREE, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as ExcerptJson;
    expect(json.provider).toBe('path');
    expect(json.excerpts.length).toBeGreaterThan(0);
    for (const ex of json.excerpts) {
      const want = recorded(ex.catalogueName)!;
      expect(ex.file).toBe(want.file);
      expect(ex.startLine).toBe(want.funcLine);
      expect(ex.endLine).toBe(want.endLine);
      for (const a of ex.anchors) {
        const w = want.anchors.find((x) => x.id === a.id)!;
        expect(a.line, `${ex.function}/${a.id}`).toBe(w.line);
        expect(a.annotation.length).toBeGreaterThan(10);
      }
    }
  });

  it('text output shows numbered code with the anchor lines marked and annotated', async () => {
    const r = await run(['send_buffer_full', '--kernel', KERNEL_TREE]);
    expect(r.code).toBe(0);
    const want = recorded('tcp_sendmsg_locked')!;
    const label = want.anchors.find((a) => a.id === 'label_wait')!.line!;
    expect(r.out).toContain(`── tcp_sendmsg_locked — net/ipv4/tcp.c:${want.funcLine}-${want.endLine}`);
    const marked = r.out.split('\n').find((l) => l.startsWith(`> ${label} │ `));
    expect(marked).toBeDefined();
    expect(marked).toMatch(/wait_for_space:.*◀ \[label_wait\]/);
    expect(r.out).toContain('⋮');
    expect(r.out).toContain('(anchor label_wait_memory: not present in 5.10 and later)');
  });

  it('finds the tree by itself as a distribution tree, and as the workspace', async () => {
    const asDistribution = await run(['connection_refused', '--format', 'json'], {
      ...isolatedEnv,
      SOCKSCOPE_KERNEL_DIRS: path.dirname(KERNEL_TREE),
    });
    const distJson = JSON.parse(asDistribution.out) as ExcerptJson;
    expect(distJson.provider).toBe('distribution');
    // The tree is a known Debian package version, so the links point at the very line there.
    const rcv = recorded('tcp_v4_rcv')!;
    if (existsSync(path.join(KERNEL_TREE, '.sockscope-unpacked')))
      expect(distJson.links.map((l) => l.url)).toContain(`https://sources.debian.org/src/linux/6.1.192-2/${rcv.file}/#L${rcv.funcLine}`);

    let out = '';
    const io: CliIo = { out: (t) => (out += t), err: () => undefined, env: isolatedEnv, cwd: KERNEL_TREE };
    expect(await runCli(['excerpt', 'connection_refused', '--format', 'json'], io)).toBe(0);
    expect((JSON.parse(out) as ExcerptJson).provider).toBe('workspace');
  });
});
