// `sockscope excerpt` in Simplified Chinese leaves no English sentence behind: every stage, with
// no kernel source, with the Debian tree (as --kernel and as a distribution tree, whose links
// point at exact lines) and with a made-up tree where anchors and functions are not found. What
// may stay English is what a reader searches for as it is: code lines, paths, URLs, kernel
// identifiers, sysctl/errno names, calls, and a short list of names and terms (ALLOWED_WORDS).
// The checker is shown to catch the English output and an English sentence slipped into Chinese.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cliIo';
import { runCli } from '../../src/cli/main';
import { STAGE_IDS, type StageId } from '../../src/core/diagnosis/finding';
import { setLocale, t } from '../../src/core/i18n/index';
import { KERNEL_TEXTS_ZH_CN } from '../../src/core/i18n/kernelTexts';
import { STAGE_TEXTS_ZH_CN } from '../../src/core/i18n/stageTexts';
import { allKernelFunctions, stageInfo } from '../../src/core/kernel/catalogue/index';
import { STAGE_TABLE } from '../../src/core/kernel/catalogue/stages';
import { KERNEL_TREE, kernelTreeReady } from '../kernel/kernelTree';

const CJK = /[\u4e00-\u9fff]/;

/**
 * Plain words (no digit, underscore, dot, inner capital or call parentheses) kept in English on
 * purpose inside Chinese sentences: proper names, and kernel terms the Chinese texts give in
 * English so they can be searched for (each is also an identifier or flag name in the code).
 */
const ALLOWED_WORDS = new Set([
  'Nagle', // the algorithm's name
  'Elixir', // the cross-referencer the links open
  'Debian', // the distribution in a source tree's label, e.g. "(Debian linux 6.1.192-2)"
  'linux', // the Debian source package's name in that label
  'Wireshark', // the analyser whose flag names are quoted
  'persist', // "持续（persist）定时器": the timer's kernel name, given once beside the Chinese
  'cork', // as in UDP_CORK / TCP_CORK / MSG_MORE, "自动 cork"
  'epoll',
  'poll',
  'pingpong', // the kernel's name for interactive mode (icsk_ack.pingpong)
  'qdisc',
  'Linux',
  'nstat', // the counter tool
  'linger', // SO_LINGER's behaviour, named as the option is
  'wake', // __sk_stream_memory_free's parameter
]);

/** Plain English words of four or more letters outside code, paths, URLs and identifiers. */
export function leftoverEnglish(output: string, known: readonly RegExp[] = []): string[] {
  const found: string[] = [];
  for (const raw of output.split('\n')) {
    // A numbered code line: only its annotations (after ◀) are prose.
    let line = /^[> ] +\d+ │ /.test(raw) || /^ +◀ /.test(raw) ? raw.split('◀').slice(1).join(' ') : raw;
    for (const re of known) line = line.replace(re, ' ');
    line = line
      .replace(/https?:\/\/\S+/g, ' ') // URLs
      .replace(/(^|\s)--[a-z][\w-]*/g, ' ') // command-line options (--allow-network)
      .replace(/[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]*\/[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]*/g, ' ') // paths
      .replace(/\[\w+\]|（锚点 \w+：|\(anchor \w+:/g, ' '); // anchor ids
    for (const m of line.matchAll(/[A-Za-z][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*(?:\(\))?/g)) {
      const word = m[0];
      const call = /\(\)$/.test(word) || line[m.index! + word.length] === '('; // send(), connect(AF_UNSPEC)
      const identifier = call || /[0-9_.]/.test(word) || /.[A-Z]/.test(word) || /^[A-Z]+$/.test(word) || STAGE_IDS.includes(word as StageId);
      if (identifier || word.length < 4 || ALLOWED_WORDS.has(word)) continue;
      found.push(word);
    }
  }
  return found;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'sockscope-zh-excerpt-'));
/** No distribution trees, an empty mirror cache, a working directory that is no kernel tree. */
const isolated = { SOCKSCOPE_KERNEL_DIRS: '', SOCKSCOPE_KERNEL_CACHE: path.join(scratch, 'cache') };

/** A made-up tree: tcp.c defines an empty tcp_close and nothing else (not kernel source text). */
const fakeTree = path.join(scratch, 'fake-tree');
mkdirSync(path.join(fakeTree, 'net/ipv4'), { recursive: true });
writeFileSync(path.join(fakeTree, 'net/ipv4/tcp.c'), 'void tcp_close(struct sock *sk, long timeout)\n{\n}\n');

async function excerpt(stage: StageId, lang: string, extraArgs: string[] = [], env: Record<string, string> = isolated): Promise<string> {
  let out = '';
  const io: CliIo = { out: (s) => (out += s), err: () => undefined, env: { ...env, LANG: lang }, cwd: scratch };
  expect(await runCli(['excerpt', stage, ...extraArgs], io)).toBe(0);
  return out;
}

afterEach(() => setLocale('en'));

describe('the leftover-English check', () => {
  it('flags the English output of every stage, and an English sentence slipped into Chinese', async () => {
    for (const stage of STAGE_IDS) {
      const en = await excerpt(stage, 'C');
      expect(leftoverEnglish(en).length, stage).toBeGreaterThan(20);
      // Among them the very texts this task translated.
      expect(leftoverEnglish(en)).toEqual(expect.arrayContaining(['kernel', 'source', 'available', 'definitions']));
    }
    const zh = await excerpt('zero_window', 'zh_CN.UTF-8');
    expect(leftoverEnglish(zh)).toEqual([]);
    expect(leftoverEnglish(`${zh}  注意：the window stayed closed\n`)).toEqual(['window', 'stayed', 'closed']);
    expect(leftoverEnglish('  net.ipv4.tcp_retries2 (probe limit)')).toEqual(['probe', 'limit']);
    expect(leftoverEnglish('  (anchor oom: pattern not found in this version of the function)')).toEqual(['pattern', 'found', 'this', 'version', 'function']);
    expect(leftoverEnglish('  （锚点 purge：purge is absent）')).toEqual(['purge', 'absent']);
    // Annotations beside code are prose; the code itself is not.
    expect(leftoverEnglish('> 12 │ \tif (!sk_stream_memory_free(sk))       ◀ [memfree_check] the room check')).toEqual(['room', 'check']);
    expect(leftoverEnglish('  12 │ \treturn wait_for_space;')).toEqual([]);
    expect(leftoverEnglish('  异常断开（connect(AF_UNSPEC)、close()）；close it (soon)')).toEqual(['close', 'soon']);
  });
});

describe('sockscope excerpt in zh-cn', () => {
  it.each(STAGE_IDS)('%s without kernel source has no English sentence', async (stage) => {
    const out = await excerpt(stage, 'zh_CN.UTF-8');
    expect(out).toContain('内核源码：无');
    expect(out).toContain('没有包含这些文件的内核源码');
    expect(out).toContain('的定义与引用（Elixir）');
    expect(leftoverEnglish(out)).toEqual([]);
  });

  it('with a tree where functions and anchors are missing, says why in Chinese', async () => {
    const out = await excerpt('rst_on_close_unread_data', 'zh_CN.UTF-8', ['--kernel', fakeTree]);
    expect(out).toContain('内核源码：指定路径下的内核源码树');
    expect(out).toContain('（锚点 oom：在这个版本的函数中找不到与之匹配的行）');
    expect(out).toMatch(/── tcp_disconnect — net\/ipv4\/tcp\.c：未显示代码（找到的内核源码中，net\/ipv4\/tcp\.c 里没有这个函数的定义）/);
    expect(leftoverEnglish(out)).toEqual([]);
    const en = await excerpt('rst_on_close_unread_data', 'C', ['--kernel', fakeTree]);
    expect(en).toContain('(anchor oom: pattern not found in this version of the function)');
    expect(en).toContain('tcp_disconnect — net/ipv4/tcp.c: code not shown (not defined in net/ipv4/tcp.c of the kernel sources found)');
  });

  it('the mirror says in Chinese that it may not use the network', async () => {
    const out = await excerpt('keepalive', 'zh_CN.UTF-8');
    expect(out).toMatch(/注意：公共镜像（[\w.-]+ 上的 v6\.12）：不允许访问网络（加上 --allow-network 才会从 [\w.-]+ 获取 v6\.12）/);
    expect(leftoverEnglish(out)).toEqual([]);
  });

  describe.runIf(kernelTreeReady())('with the Debian 6.1.192-2 tree', () => {
    it.each(STAGE_IDS)('%s, as --kernel and as a distribution tree, has no English sentence', async (stage) => {
      const asPath = await excerpt(stage, 'zh_CN.UTF-8', ['--kernel', KERNEL_TREE]);
      expect(asPath).toContain('内核源码：指定路径下的内核源码树');
      expect(asPath).toMatch(/^> +\d+ │ /m);
      expect(leftoverEnglish(asPath)).toEqual([]);
      const asDistribution = await excerpt(stage, 'zh_CN.UTF-8', [], { ...isolated, SOCKSCOPE_KERNEL_DIRS: path.dirname(KERNEL_TREE) });
      expect(asDistribution).toContain('内核源码：发行版的内核源码包');
      expect(leftoverEnglish(asDistribution)).toEqual([]);
    });

    it('says which anchors this version lacks in Chinese', async () => {
      const out = await excerpt('send_buffer_full', 'zh_CN.UTF-8', ['--kernel', KERNEL_TREE]);
      expect(out).toContain('（锚点 label_wait_memory：5.10 及以后的版本中没有这一行）');
    });
  });
});

describe('stage knobs and anchor version ranges in Chinese', () => {
  it('every knob with a bracketed note has a Chinese entry with the same name, and no other', () => {
    for (const id of STAGE_IDS) {
      const noted = STAGE_TABLE[id].sysctls.filter((s) => / \(/.test(s));
      const zh = STAGE_TEXTS_ZH_CN[id].sysctls ?? {};
      expect(Object.keys(zh).sort(), id).toEqual([...noted].sort());
      for (const s of noted) {
        const name = s.slice(0, s.indexOf(' ('));
        expect(zh[s].startsWith(`${name}（`), s).toBe(true);
        expect(zh[s].slice(name.length), s).toMatch(CJK);
        expect(zh[s].endsWith('）'), s).toBe(true);
      }
    }
  });

  it('stageInfo() in zh-cn shows the Chinese notes, names unchanged, same order', () => {
    setLocale('zh-cn');
    const zh = stageInfo('zero_window').sysctls;
    expect(zh).toHaveLength(STAGE_TABLE.zero_window.sysctls.length);
    expect(zh).toContain('net.ipv4.tcp_retries2（探测次数上限）');
    expect(zh.filter((s) => !CJK.test(s))).toEqual(STAGE_TABLE.zero_window.sysctls.filter((s) => !s.includes(' (')));
  });

  it('every anchor with an absentIn range has a Chinese one keeping its version numbers', () => {
    let count = 0;
    for (const fn of allKernelFunctions()) {
      const overlay = KERNEL_TEXTS_ZH_CN[fn.name];
      const ranges = overlay.absentIn ?? {};
      const want = fn.anchors.filter((a) => a.absentIn !== undefined);
      expect(Object.keys(ranges).sort(), fn.name).toEqual(want.map((a) => a.id).sort());
      for (const a of want) {
        count++;
        expect(ranges[a.id], `${fn.name}/${a.id}`).toMatch(CJK);
        for (const v of a.absentIn!.match(/[\d.x]*\d[\d.x]*/g) ?? []) expect(ranges[a.id], `${fn.name}/${a.id}`).toContain(v);
      }
    }
    expect(count).toBeGreaterThan(3);
  });
});

describe('the webview code table label', () => {
  it('names the function in either language', () => {
    expect(t('webview.codeTable', { function: 'tcp_close' }, 'en')).toBe('tcp_close source');
    expect(t('webview.codeTable', { function: 'tcp_close' }, 'zh-cn')).toBe('tcp_close 的源代码');
  });
});
