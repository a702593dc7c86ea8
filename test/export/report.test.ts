// `sockscope report`: one HTML file that opens in Chromium with no network at all and shows the
// same findings as `sockscope diagnose --format json`, drawn by the extension's webview bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { REPORT_DATA_ID, scriptSafeJson, type ReportData } from '../../src/core/export/reportHtml';
import { CORPUS, HAS_SHARED, REPO_ROOT, hasTool, requireOrSkip } from '../support/shared';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, 'test/export/artifacts');
const ZERO_WINDOW = path.join(CORPUS, 'real/zero-window-sndbuf-full/capture.pcap');
const BIG = path.join(CORPUS, 'real/stuck-direction-after-outage/capture.pcap');

interface JsonFinding {
  stage: string;
  flow: string;
  summary: string;
  frames: number[];
}

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s), env: { ...env }, cwd: REPO_ROOT });
  return { code, out, err };
}

function embedded(html: string): ReportData {
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`).exec(html);
  if (!m) throw new Error('no embedded data block');
  return JSON.parse(m[1]) as ReportData;
}

/** The page's scripts come from dist/: build them when this checkout has not yet. */
function ensureBuilt(): void {
  if (!existsSync(path.join(REPO_ROOT, 'dist/webview.js')) || !existsSync(path.join(REPO_ROOT, 'dist/reportHost.js'))) {
    execFileSync('node', ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
}

describe('report data stays inside its block', () => {
  it('markup in the data cannot close the script element', () => {
    const hostile = { name: '</script><script>alert(1)</script><!--', line: '\u2028' };
    const text = scriptSafeJson(hostile);
    expect(text).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(text)).toEqual(hostile);
  });
});

describe.skipIf(!HAS_SHARED)('sockscope report', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-report-'));
  const out = path.join(dir, 'report.html');
  let browser: Browser | undefined;
  let jsonFindings: JsonFinding[] = [];

  beforeAll(async () => {
    ensureBuilt();
    const made = await cli(['report', ZERO_WINDOW, '-o', out]);
    expect(made.code, made.err).toBe(0);
    const diag = await cli(['diagnose', ZERO_WINDOW, '--format', 'json']);
    jsonFindings = (JSON.parse(diag.out) as { findings: JsonFinding[] }).findings;
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one file whose policy allows nothing from outside', () => {
    const html = readFileSync(out, 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[^']+' 'sha256-[^']+';/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    // No element refers to anything by URL: no src=, href=, or url() other than data:.
    const snippets = (re: RegExp): string[] => [...html.matchAll(re)].map((m) => html.slice(m.index, m.index + 80));
    expect(snippets(/<(script|link|img|iframe)[^>]*\s(src|href)=/gi)).toEqual([]);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
    expect(styles).toContain('data:font/ttf;base64,');
    expect([...styles.matchAll(/(?<![\w.-])url\(\s*(?!["']?data:)[^)]{0,60}/g)].map((m) => m[0])).toEqual([]);
    expect(snippets(/sourceMappingURL/g)).toEqual([]);
    const data = embedded(html);
    expect(data.summary.findings.map((f) => f.stage)).toEqual(jsonFindings.map((f) => f.stage));
    expect(Object.keys(data.rows)).toEqual(['0']);
    expect(data.rows['0'].frame).toHaveLength(data.summary.flows.packets[0]);
  });

  it('opens in Chromium without a single network request and shows the CLI findings', async () => {
    if (!requireOrSkip('chromium', existsSync(CHROMIUM) || hasTool('chromium'))) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const url = pathToFileURL(out).href;
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction((n) => document.querySelectorAll('.finding').length === n, jsonFindings.length, { timeout: 20_000 });

    const cards = await page.$$eval('.finding', (els) =>
      els.map((e) => ({ stage: e.getAttribute('data-stage'), summary: e.querySelector('.summary')?.textContent ?? '' })),
    );
    expect(cards.map((c) => c.stage).sort()).toEqual(jsonFindings.map((f) => f.stage).sort());
    for (const f of jsonFindings) expect(cards.find((c) => c.stage === f.stage)?.summary).toBe(f.summary);

    // The ladder draws the flow from the embedded rows, and a finding's kernel excerpt opens.
    const zw = jsonFindings.findIndex((f) => f.stage === 'zero_window');
    await page.click(`.finding[data-finding="${zw}"] header`);
    await page.waitForSelector(`.finding[data-finding="${zw}"] .kernel .excerpt, .finding[data-finding="${zw}"] .kernel li`, { timeout: 20_000 });
    await page.waitForFunction(() => (window.sockscopeLadderStats?.frames ?? 0) > 0 || document.querySelector('canvas') !== null);
    const log = await page.evaluate(() => window.sockscopeReport.log.map((m) => m.type));
    expect(log).toContain('getRows');
    expect(log).toContain('getExcerpts');
    const highlighted = await page.evaluate(() => {
      const r = window.sockscopeReport.log.filter((m) => m.type === 'rendered').pop();
      return r && r.type === 'rendered' ? (r.highlighted ?? []) : [];
    });
    expect(highlighted).toEqual(expect.arrayContaining([jsonFindings[zw].frames[0]]));

    // The time-sequence graph's requests are answered in the page with the host's decimation.
    const series = await page.evaluate(
      () =>
        new Promise<{ data: number; zeroWindows: number }>((resolve) => {
          window.addEventListener('message', (e: MessageEvent<{ type?: string; requestId?: number; data?: { index: number[] }; zeroWindows?: unknown[] }>) => {
            if (e.data.type === 'series' && e.data.requestId === 999_999) resolve({ data: e.data.data?.index.length ?? 0, zeroWindows: e.data.zeroWindows?.length ?? 0 });
          });
          window.acquireVsCodeApi().postMessage({ type: 'getSeries', requestId: 999_999, flow: 0, dir: 0, t0: 1, t1: 0, buckets: 800 });
        }),
    );
    expect(series.data).toBeGreaterThan(100);
    expect(series.zeroWindows).toBeGreaterThanOrEqual(1);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-zero-window.png') });
    expect(requests.filter((u) => u !== url && !u.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('caps a large capture and says so in the report', async () => {
    const capped = path.join(dir, 'capped.html');
    const made = await cli(['report', BIG, '-o', capped, '--max-packets', '2000']);
    expect(made.code, made.err).toBe(0);
    const data = embedded(readFileSync(capped, 'utf8'));
    const embeddedRows = Object.values(data.rows).reduce((n, c) => n + c.frame.length, 0);
    expect(embeddedRows).toBeLessThanOrEqual(2000);
    expect(data.notices.length).toBeGreaterThan(0);
    expect(data.summary.warnings.map((w) => w.message)).toEqual(expect.arrayContaining(data.notices));
    expect(made.err).toMatch(/--max-packets 2000/);
    const flows = data.summary.flows;
    expect(flows.packets).toHaveLength(flows.count);
    flows.packets.forEach((packets, id) => {
      expect(data.rows[String(id)].frame).toHaveLength(packets);
      expect(data.series[String(id)].time).toHaveLength(packets);
    });
    // No folded gap and no badge points past the rows the page has.
    flows.gapFlow.forEach((flow, k) => expect(flows.gapBefore[k]).toBeLessThan(flows.packets[flow]));
    for (const { flow, badges } of data.summary.badges) {
      for (const b of badges) expect(data.summary.findings[b.finding].frameIndex.every((i) => i < flows.packets[flow])).toBe(true);
    }
  });

  it('follows the locale: a zh_CN report has Chinese titles and summaries, English ids', async () => {
    const zh = path.join(dir, 'zh.html');
    const made = await cli(['report', ZERO_WINDOW, '-o', zh], { LANG: 'zh_CN.UTF-8' });
    expect(made.code, made.err).toBe(0);
    const html = readFileSync(zh, 'utf8');
    expect(html).toMatch(/<html lang="zh-CN">/);
    const data = embedded(html);
    expect(data.locale).toBe('zh-cn');
    expect(data.summary.findings.map((f) => f.stage)).toEqual(jsonFindings.map((f) => f.stage));
    expect(data.summary.findings.find((f) => f.stage === 'zero_window')?.title).toBe('接收方通告了零窗口');
    for (const f of data.summary.findings) expect(f.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(data.markdown.finding['0']).toMatch(/```mermaid\nsequenceDiagram/);
  });

  it('bad usage and unreadable input give the documented exit codes', async () => {
    expect((await cli(['report', ZERO_WINDOW])).code).toBe(2);
    expect((await cli(['report', path.join(dir, 'missing.pcap'), '-o', path.join(dir, 'x.html')])).code).toBe(1);
  });
});
