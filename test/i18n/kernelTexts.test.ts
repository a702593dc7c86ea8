// The kernel catalogue's texts in Simplified Chinese: every function role, anchor note, finding
// clause and version note has a translation (and nothing else does), kernel identifiers survive
// translation untouched, and annotations, excerpts and `sockscope excerpt` follow the locale.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { STAGE_IDS, type Finding } from '../../src/core/diagnosis/finding';
import { setLocale } from '../../src/core/i18n/index';
import { KERNEL_TEXTS_ZH_CN, localizeKernelFunction } from '../../src/core/i18n/kernelTexts';
import { STAGE_TEXTS_ZH_CN } from '../../src/core/i18n/stageTexts';
import { annotate, findingSentence } from '../../src/core/kernel/annotate';
import { allKernelFunctions, kernelFunction, stageFunctions, stageInfo } from '../../src/core/kernel/catalogue/index';
import { STAGE_TABLE } from '../../src/core/kernel/catalogue/stages';
import { zeroWindowFinding } from '../support/zeroWindowFinding';

const CJK = /[\u4e00-\u9fff]/;
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * What a translation must keep verbatim: identifiers with an underscore or a digit (tcp_retries2,
 * SO_SNDBUF, __tcp_close), calls (`send()`), paths (net/ipv4/tcp.c), errno-style names
 * (EAGAIN, EPIPE) and quoted upstream commit titles.
 */
function verbatimTerms(english: string): string[] {
  const terms = new Set<string>();
  // Upstream commit titles read "subsystem: what".
  for (const m of english.matchAll(/"([^"]+: [^"]+)"/g)) terms.add(m[1]);
  const bare = english.replace(/"[^"]+"/g, ' ');
  for (const m of bare.matchAll(/(?:[\w-]+\/)+[\w-]+\.[a-z]+/g)) terms.add(m[0]);
  for (const m of bare.matchAll(/[A-Za-z_][\w]*(?:\[\d+\])?(?:\([^()]*\))?/g)) {
    const word = m[0];
    const name = word.replace(/[[(].*$/, '');
    if (/[_\d]/.test(name) || word.includes('(') || /^E[A-Z]{3,}$/.test(name)) terms.add(word);
  }
  return [...terms];
}

afterEach(() => setLocale('en'));

describe('kernel function texts in Chinese', () => {
  const functions = allKernelFunctions();

  it('cover every catalogue function, and no other', () => {
    expect(Object.keys(KERNEL_TEXTS_ZH_CN).sort()).toEqual(functions.map((f) => f.name).sort());
  });

  it('have a role, every anchor (no extra ids), a finding clause exactly where English has one, and every version note', () => {
    for (const fn of functions) {
      const zh = KERNEL_TEXTS_ZH_CN[fn.name];
      expect(zh.role, `${fn.name}.role`).toMatch(CJK);
      expect(Object.keys(zh.anchors).sort(), `${fn.name} anchors`).toEqual(fn.anchors.map((a) => a.id).sort());
      for (const anchor of fn.anchors) {
        const text = zh.anchors[anchor.id];
        const where = `${fn.name}.${anchor.id}`;
        if (anchor.onFinding === undefined) {
          expect(typeof text, `${where} has no finding clause in English`).toBe('string');
          expect(text, where).toMatch(CJK);
        } else {
          expect(Array.isArray(text), `${where} needs [note, onFinding]`).toBe(true);
          expect(text[0], `${where}.note`).toMatch(CJK);
          expect(text[1], `${where}.onFinding`).toMatch(CJK);
        }
      }
      expect(zh.versions.length, `${fn.name} version notes`).toBe(fn.versions.length);
      for (const [i, note] of zh.versions.entries()) expect(note, `${fn.name} version ${fn.versions[i].versions}`).toMatch(CJK);
    }
  });

  it('keep kernel identifiers, calls, paths, errno names and commit titles untranslated', () => {
    const lost: string[] = [];
    let checked = 0;
    for (const fn of functions) {
      const zh = KERNEL_TEXTS_ZH_CN[fn.name];
      const pairs: [string, string, string][] = [[`${fn.name}.role`, fn.role, zh.role]];
      for (const a of fn.anchors) {
        const text = zh.anchors[a.id];
        pairs.push([`${fn.name}.${a.id}`, a.note, typeof text === 'string' ? text : text[0]]);
        if (a.onFinding !== undefined && typeof text !== 'string') pairs.push([`${fn.name}.${a.id}.onFinding`, a.onFinding, text[1]]);
      }
      fn.versions.forEach((v, i) => pairs.push([`${fn.name} ${v.versions}`, v.note, zh.versions[i]]));
      for (const [where, en, translated] of pairs) {
        for (const term of verbatimTerms(en)) {
          checked++;
          if (!translated.includes(term)) lost.push(`${where}: ${term}`);
        }
      }
    }
    expect(lost).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it('are applied by kernelFunction() and stageFunctions() in zh-cn, leaving patterns, files and English alone', () => {
    const en = kernelFunction('__tcp_select_window')!;
    expect(en).toBe(allKernelFunctions().find((f) => f.name === '__tcp_select_window'));
    expect(localizeKernelFunction(en, 'en')).toBe(en);
    setLocale('zh-cn');
    const zh = kernelFunction('__tcp_select_window')!;
    expect(zh.role).toMatch(CJK);
    expect(zh.files).toEqual(en.files);
    expect(zh.searchNames).toEqual(en.searchNames);
    expect(zh.anchors.map((a) => [a.id, a.pattern.source, a.after, a.absentIn])).toEqual(en.anchors.map((a) => [a.id, a.pattern.source, a.after, a.absentIn]));
    expect(zh.versions.map((v) => v.versions)).toEqual(en.versions.map((v) => v.versions));
    for (const id of STAGE_IDS) for (const fn of stageFunctions(id)) for (const a of fn.anchors) expect(a.note, `${fn.name}.${a.id}`).toMatch(CJK);
  });
});

describe('stage finding leads and version notes in Chinese', () => {
  it('every stage has a lead with the English placeholders and every version note', () => {
    for (const id of STAGE_IDS) {
      const zh = STAGE_TEXTS_ZH_CN[id];
      expect(zh.findingLead, `${id}.findingLead`).toMatch(CJK);
      expect(placeholders(zh.findingLead), `${id}.findingLead`).toEqual(placeholders(STAGE_TABLE[id].findingLead));
      expect(zh.versions.length, `${id} version notes`).toBe(STAGE_TABLE[id].versions.length);
      zh.versions.forEach((note, i) => {
        expect(note, id).toMatch(CJK);
        for (const term of verbatimTerms(STAGE_TABLE[id].versions[i].note)) expect(note, `${id} version ${i}`).toContain(term);
      });
    }
  });

  it('stageInfo() in zh-cn keeps the version ranges', () => {
    setLocale('zh-cn');
    const zh = stageInfo('send_buffer_full');
    expect(zh.versions.map((v) => v.versions)).toEqual(STAGE_TABLE.send_buffer_full.versions.map((v) => v.versions));
    for (const v of zh.versions) expect(v.note).toMatch(CJK);
  });
});

describe('annotations follow the locale', () => {
  const zeroWindow: Finding = zeroWindowFinding({ durationS: 5.88, probes: 4, unanswered: false });

  it("put the finding's figures into a Chinese sentence", () => {
    setLocale('zh-cn');
    const tiny = kernelFunction('__tcp_select_window')!.anchors.find((a) => a.id === 'tiny')!;
    expect(annotate(tiny, zeroWindow)).toBe(
      `${tiny.note}——服务端从第 812 帧起通告零窗口，持续 5.88 s（probes 4；unanswered 否）：正是这项检查让窗口变成了零。`,
    );
    expect(annotate(tiny)).toBe(tiny.note);
    expect(findingSentence({ ...zeroWindow, side: 'client', frames: [], facts: {} })).toBe('流 f0：客户端');
  });

  it('stay English by default', () => {
    const tiny = kernelFunction('__tcp_select_window')!.anchors.find((a) => a.id === 'tiny')!;
    expect(annotate(tiny, zeroWindow)).toMatch(/^Free space below one MSS .* — the server advertised a zero window for 5\.88 s from frame 812 \(probes 4; unanswered no\): this is the check that made the window zero\.$/);
  });

  it('sockscope excerpt follows LANG: Chinese labels, notes and roles, English code names', async () => {
    let out = '';
    const env = { LANG: 'zh_CN.UTF-8', SOCKSCOPE_KERNEL_DIRS: '', SOCKSCOPE_KERNEL_CACHE: '/nonexistent/sockscope-cache' };
    const code = await runCli(['excerpt', 'zero_window'], { out: (s) => (out += s), err: () => undefined, env, cwd: '/' });
    expect(code).toBe(0);
    expect(out).toContain('zero_window: 接收方通告了零窗口');
    expect(out).toContain('线上表现：');
    expect(out).toContain('内核源码：无');
    expect(out).toContain('内核 ≤ 6.5：');
    expect(out).toMatch(/── __tcp_select_window — net\/ipv4\/tcp_output\.c：未显示代码/);
    expect(out).toContain(`• [tiny] ${KERNEL_TEXTS_ZH_CN.__tcp_select_window.anchors.tiny[0]}`);
    expect(out).toContain(KERNEL_TEXTS_ZH_CN.tcp_probe_timer.role);
    expect(out).toContain('链接：');
    expect(out).not.toContain('Free space below one MSS');
  });
});
