// English and Simplified Chinese say the same things: every message, stage text, finding summary,
// manifest string and host runtime string exists in both, with the same placeholders, and the
// CLI switches language from the POSIX locale variables while ids and JSON keys stay English.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { readCaptureBytes } from '../../src/core/capture/index';
import { diagnose } from '../../src/core/diagnosis/index';
import { STAGE_IDS } from '../../src/core/diagnosis/finding';
import { analyzeFlows } from '../../src/core/flows/index';
import { flowIdOf } from '../../src/core/flows/flowJson';
import { localeFromEnv, messageTables, normalizeLocale, setLocale } from '../../src/core/i18n/index';
import { STAGE_TEXTS_ZH_CN } from '../../src/core/i18n/stageTexts';
import { localizedSummary, renderSummary } from '../../src/core/i18n/summaries/index';
import { stageInfo } from '../../src/core/kernel/catalogue/index';
import { STAGE_TABLE } from '../../src/core/kernel/catalogue/stages';
import { CORPUS, HAS_SHARED, REPO_ROOT } from '../support/shared';

const CJK = /[\u4e00-\u9fff]/;
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => setLocale('en'));

describe('locale detection', () => {
  it('maps VS Code, BCP 47 and POSIX tags', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh_CN.utf8@pinyin', 'zh-Hans', 'zh-Hans-CN', 'zh', 'zh_SG']) expect(normalizeLocale(tag), tag).toBe('zh-cn');
    for (const tag of ['en', 'en_US.UTF-8', 'C', 'POSIX', 'de-DE', 'zh-tw', 'zh_TW.UTF-8', 'zh-Hant', 'zh_HK', '', undefined]) expect(normalizeLocale(tag), String(tag)).toBe('en');
  });

  it('follows POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(localeFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-cn');
    expect(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(localeFromEnv({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' })).toBe('zh-cn');
    expect(localeFromEnv({ LC_ALL: '', LANG: 'zh_CN.UTF-8' })).toBe('zh-cn');
    expect(localeFromEnv({})).toBe('en');
  });
});

describe('message tables', () => {
  const tables = messageTables();
  it('have the same keys and placeholders in English and Chinese', () => {
    expect(Object.keys(tables['zh-cn']).sort()).toEqual(Object.keys(tables.en).sort());
    for (const [key, en] of Object.entries(tables.en)) {
      const zh = tables['zh-cn'][key];
      expect(placeholders(zh), key).toEqual(placeholders(en));
      if (/[a-z]{3}/i.test(en.replace(/\{\w+\}|sockscope excerpt STAGE|`[^`]*`|--max-packets|VS Code|RTT|UTC/g, ''))) {
        expect(zh, `${key} is translated`).toMatch(CJK);
      }
    }
  });
});

describe('stage texts', () => {
  it('every stage has a Chinese title, side, explanation, wire signature and application list', () => {
    for (const id of STAGE_IDS) {
      const zh = STAGE_TEXTS_ZH_CN[id];
      for (const field of ['title', 'side', 'whatHappens', 'wireSignature'] as const) expect(zh[field], `${id}.${field}`).toMatch(CJK);
      expect(zh.application.length, `${id}.application`).toBe(STAGE_TABLE[id].application.length);
      for (const a of zh.application) expect(`${a.call} ${a.result}`, `${id} application`).toMatch(CJK);
    }
  });

  it('stageInfo() follows the locale and keeps ids, functions and sysctl names', () => {
    setLocale('zh-cn');
    const zh = stageInfo('zero_window');
    expect(zh.title).toBe('接收方通告了零窗口');
    expect(zh.functions).toEqual(STAGE_TABLE.zero_window.functions);
    // The names stay; only a bracketed note is translated (test/i18n/excerptChinese.test.ts).
    expect(zh.sysctls.map((s) => s.split(/ \(|（/)[0])).toEqual(STAGE_TABLE.zero_window.sysctls.map((s) => s.split(' (')[0]));
    setLocale('en');
    expect(stageInfo('zero_window')).toBe(STAGE_TABLE.zero_window);
  });
});

describe.skipIf(!HAS_SHARED)('finding summaries of the real recordings', () => {
  const files: string[] = [];
  if (HAS_SHARED) {
    for (const dir of readdirSync(path.join(CORPUS, 'real'))) {
      const p = path.join(CORPUS, 'real', dir, 'capture.pcap');
      try {
        if (statSync(p).isFile()) files.push(p);
      } catch {
        // a scenario without a pcap
      }
    }
  }

  it('render in both languages from the same facts', () => {
    let count = 0;
    for (const file of files) {
      const table = readCaptureBytes(new Uint8Array(readFileSync(file)), path.basename(file));
      const analysis = analyzeFlows(table);
      for (const f of diagnose(table, analysis)) {
        count++;
        expect(f.summaryArgs?.stage).toBe(f.stage);
        expect(localizedSummary(f, 'en')).toBe(f.summary);
        const zh = localizedSummary(f, 'zh-cn');
        expect(zh, `${f.stage} in ${file}`).toMatch(CJK);
        // The figures a reader checks against the capture survive translation.
        const flow = analysis.flows[flowIdOf(f.flow)];
        for (const addr of [flow.clientAddr, flow.serverAddr]) {
          if (f.summary.includes(table.addrs[addr])) expect(zh).toContain(table.addrs[addr]);
        }
        for (const n of f.summary.match(/\b\d+(\.\d+)? (s|ms|µs)\b/g) ?? []) expect(zh, `${f.stage}: ${n}`).toContain(n);
        for (const frame of f.summary.match(/frame (\d+)/g) ?? []) expect(zh).toContain(frame.slice(6));
      }
    }
    expect(count).toBeGreaterThan(10);
  });

  it('a summary cannot be rendered for the wrong stage', () => {
    expect(renderSummary({ stage: 'udp_cork', sender: '192.0.2.1:5000', datagramBytes: 300, parts: [100, 200] }, 'zh-cn')).toContain('100 + 200');
  });
});

describe('extension manifest and runtime strings', () => {
  const read = (p: string): Record<string, string> => JSON.parse(readFileSync(path.join(REPO_ROOT, p), 'utf8')) as Record<string, string>;

  it('package.nls.zh-cn.json translates every key of package.nls.json', () => {
    const en = read('package.nls.json');
    const zh = read('package.nls.zh-cn.json');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      if (key === 'configuration.title') continue; // the product name
      if (key.endsWith('.media')) continue; // a walkthrough page's path: checked below
      expect(zh[key], key).toMatch(CJK);
      expect([...zh[key].matchAll(/\(command:[^)]+\)/g)].map((m) => m[0]), key).toEqual([...en[key].matchAll(/\(command:[^)]+\)/g)].map((m) => m[0]));
    }
  });

  it('every walkthrough page has a Chinese twin that says the same things', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: { steps: { id: string; media: { markdown?: string } }[] }[] };
    };
    const en = read('package.nls.json');
    const zh = read('package.nls.zh-cn.json');
    const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
    expect(steps.length).toBeGreaterThan(0);
    /** Inline code and the commands of code blocks: what a reader types or looks for, never translated. */
    const verbatim = (md: string): string[] => {
      const blocks = [...md.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]);
      const commands = blocks.flatMap((b) => b.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean));
      const inline = [...md.replace(/```[\s\S]*?```/g, '').matchAll(/`[^`]+`/g)].map((m) => m[0]);
      return [...commands, ...inline].sort();
    };
    const shape = (md: string): string => md.split('\n').map((line) => (/^(#+ |- |\d+\. |> )/.exec(line)?.[1] ?? '')).filter(Boolean).join('');
    for (const step of steps) {
      // Localised through package.nls*.json like every other manifest string (VS Code's
      // localizeManifest replaces each "%key%" string of the manifest, media paths included).
      const key = /^%([\w.]+)%$/.exec(step.media.markdown ?? '')?.[1];
      expect(key, `step ${step.id}: media.markdown is a %key%`).toBeDefined();
      const enPage = en[key!];
      const zhPage = zh[key!];
      expect(zhPage, key).toBe(enPage.replace(/\.md$/, '.zh-cn.md'));
      const enText = readFileSync(path.join(REPO_ROOT, enPage), 'utf8');
      const zhText = readFileSync(path.join(REPO_ROOT, zhPage), 'utf8');
      expect(enText, enPage).not.toMatch(CJK);
      expect(zhText.replace(/`[^`]*`|```[\s\S]*?```/g, ''), zhPage).toMatch(CJK);
      expect(verbatim(zhText), zhPage).toEqual(verbatim(enText));
      expect(shape(zhText), `${zhPage}: headings, lists and quotes`).toBe(shape(enText));
    }
  });

  it('.vscodeignore ships the walkthrough pages in both languages', () => {
    const ignore = readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignore).toContain('!media/**');
    expect(readdirSync(path.join(REPO_ROOT, 'media/walkthrough')).filter((n) => n.endsWith('.zh-cn.md')).length).toBe(4);
  });

  it('every %key% the manifest uses exists in both languages', () => {
    const manifest = readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8');
    const used = [...new Set([...manifest.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]))];
    expect(used.length).toBeGreaterThan(5);
    for (const key of used) {
      expect(read('package.nls.json'), key).toHaveProperty([key]);
      expect(read('package.nls.zh-cn.json'), key).toHaveProperty([key]);
    }
  });

  it('l10n/bundle.l10n.zh-cn.json translates every vscode.l10n.t() string of the host', () => {
    const bundle = read('l10n/bundle.l10n.zh-cn.json');
    const dir = path.join(REPO_ROOT, 'src/host');
    const used = new Set<string>();
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      for (const m of text.matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) used.add(m[2].replace(/\\(.)/g, '$1'));
    }
    expect(used.size).toBeGreaterThan(0);
    for (const s of used) {
      expect(bundle, `l10n/bundle.l10n.zh-cn.json lacks: ${s}`).toHaveProperty([s]);
      expect(placeholders(bundle[s]), s).toEqual(placeholders(s));
    }
  });
});

describe.skipIf(!HAS_SHARED)('the CLI in Chinese', () => {
  const capture = path.join(CORPUS, 'real/zero-window-sndbuf-full/capture.pcap');
  async function cli(args: string[], env: Record<string, string>): Promise<string> {
    let out = '';
    const code = await runCli(args, { out: (s) => (out += s), err: () => undefined, env, cwd: REPO_ROOT });
    expect(code).toBe(0);
    return out;
  }

  it('LANG=zh_CN.UTF-8 sockscope diagnose prints Chinese titles and summaries', async () => {
    const text = await cli(['diagnose', capture], { LANG: 'zh_CN.UTF-8' });
    expect(text).toContain('■ 接收方通告了零窗口 [zero_window');
    expect(text).toContain('通告零窗口 5.88 s');
    expect(text).toContain('3 项发现');
    const english = await cli(['diagnose', capture], { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' });
    expect(english).toContain('■ Receiver advertised a zero window [zero_window, high confidence]');
    expect(english).not.toMatch(CJK);
  });

  it('JSON keeps its keys and stage ids; summary follows the locale', async () => {
    const zh = JSON.parse(await cli(['diagnose', capture, '--format', 'json'], { LANG: 'zh_CN.UTF-8' })) as { findings: Record<string, unknown>[] };
    const en = JSON.parse(await cli(['diagnose', capture, '--format', 'json'], {})) as { findings: Record<string, unknown>[] };
    expect(zh.findings.map((f) => Object.keys(f))).toEqual(en.findings.map((f) => Object.keys(f)));
    expect(zh.findings.map((f) => f.stage)).toEqual(en.findings.map((f) => f.stage));
    expect(zh.findings.map((f) => f.facts)).toEqual(en.findings.map((f) => f.facts));
    for (const f of zh.findings) expect(String(f.summary)).toMatch(CJK);
    expect(Object.keys(en.findings[0])).not.toContain('summaryArgs');
  });

  it('Markdown in Chinese', async () => {
    const md = await cli(['diagnose', capture, '--format', 'markdown'], { LC_MESSAGES: 'zh_CN.UTF-8' });
    expect(md).toContain('## Sockscope 对');
    expect(md).toContain('### 接收方通告了零窗口');
    expect(md).toContain('相关的内核代码');
  });
});
