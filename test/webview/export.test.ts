// Ladder exports in Chromium: the SVG opens as a page of its own, carries the frame labels the
// screen shows as selectable text, and does not change with the editor's theme; the PNG is the
// same picture at twice the size; a typed frame range exports exactly those frames.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExportPngMessage, ExportSvgMessage, RenderedMessage, WebviewToHost } from '../../src/protocol';
import { CORPUS, HAS_SHARED, requireOrSkip } from '../support/shared';
import { ARTIFACTS, CHROMIUM, startHarness, type Harness } from './browserHarness';
import { captureFixtureFromFile, fixtureFlow, fixtureJson, type CaptureFixture } from './fixtures';

const RECORDING = path.join(CORPUS, 'real/zero-window-sndbuf-full/capture.pcap');
const ready = HAS_SHARED && requireOrSkip('chromium', existsSync(CHROMIUM));

async function hostLog(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => window.sockscopeHarness.log);
}

async function waitFor<T extends WebviewToHost>(page: Page, type: T['type'], after: number): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const hit = (await hostLog(page)).slice(after).find((m) => m.type === type);
    if (hit) return hit as T;
    if (Date.now() > deadline) throw new Error(`no '${type}' message`);
    await page.waitForTimeout(50);
  }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.skipIf(!ready)('ladder export', () => {
  let harness: Harness;
  let fixture: CaptureFixture;

  beforeAll(async () => {
    fixture = await captureFixtureFromFile(RECORDING);
    harness = await startHarness(new Map([['zero-window.json', fixtureJson(fixture)]]));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('exports the visible ladder as SVG and PNG that match the screen', async () => {
    const { page, problems } = await harness.page();
    await page.goto(harness.url({ fixture: '/fixtures/zero-window.json', theme: 'light' }));
    await page.waitForSelector('.flow-table tbody tr.flow-row');
    const zw = fixture.summary.findings.find((f) => f.stage === 'zero_window');
    if (!zw) throw new Error('the core finds no zero window in the recording');
    await page.click(`.finding[data-finding="${zw.index}"] header`);
    const rendered = async (): Promise<RenderedMessage> => {
      await page.waitForTimeout(250);
      const all = (await hostLog(page)).filter((m): m is RenderedMessage => m.type === 'rendered' && m.visible !== undefined);
      return all[all.length - 1];
    };
    const shown = await rendered();
    if (!shown.visible) throw new Error('nothing visible');
    const rows = fixture.rows['0'];
    const framesOnScreen = rows.frame.slice(shown.visible[0], shown.visible[1] + 1).map(String);
    await page.mouse.move(5, 5);
    await page.locator('.ladder').screenshot({ path: path.join(ARTIFACTS, 'export-ladder-onscreen-light.png') });

    let n = (await hostLog(page)).length;
    await page.click('button[title="Export the visible ladder as SVG"]');
    const svg = (await waitFor<ExportSvgMessage>(page, 'exportSvg', n)).svg;
    const svgFile = path.join(ARTIFACTS, 'export-ladder.svg');
    writeFileSync(svgFile, svg);

    // The same export from a dark editor is the same file: the export has its own fixed palette.
    await page.evaluate(() => window.sockscopeHarness.setTheme('dark'));
    await page.waitForTimeout(150);
    n = (await hostLog(page)).length;
    await page.keyboard.press('e');
    expect((await waitFor<ExportSvgMessage>(page, 'exportSvg', n)).svg).toBe(svg);

    // PNG: the SVG rendered at twice its size.
    n = (await hostLog(page)).length;
    await page.keyboard.press('E');
    const png = Buffer.from((await waitFor<ExportPngMessage>(page, 'exportPng', n)).base64, 'base64');
    writeFileSync(path.join(ARTIFACTS, 'export-ladder.png'), png);

    // The SVG opens in Chromium as a document of its own.
    const viewer = await harness.page();
    await viewer.page.goto(pathToFileURL(svgFile).href);
    const size = await viewer.page.evaluate(() => {
      const root = document.documentElement as unknown as SVGSVGElement;
      return { tag: root.tagName, width: root.width.baseVal.value, height: root.height.baseVal.value };
    });
    expect(size.tag).toBe('svg');
    expect(pngSize(png)).toEqual({ width: size.width * 2, height: size.height * 2 });
    // Its frame labels are the ones on screen, as text.
    const frames = await viewer.page.$$eval('text.frame', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(frames).toEqual(framesOnScreen);
    const texts = await viewer.page.$$eval('text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(texts).toContain('client 10.99.0.1:40204');
    expect(texts).toContain('server 10.99.0.2:5002');
    expect(texts.some((t) => t === 'Zero window')).toBe(true);
    expect(texts.some((t) => zw.phases.some((p) => p.label === t))).toBe(true);
    // Selectable: a text selection over the document includes them.
    const selected = await viewer.page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.documentElement);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      return sel?.toString() ?? '';
    });
    expect(selected).toContain(framesOnScreen[0]);
    await viewer.page.setViewportSize({ width: Math.ceil(size.width), height: Math.min(2000, Math.ceil(size.height)) });
    await viewer.page.evaluate(() => window.getSelection()?.removeAllRanges());
    await viewer.page.screenshot({ path: path.join(ARTIFACTS, 'export-ladder-svg-in-chromium.png') });
    expect(viewer.problems).toEqual([]);
    await viewer.page.close();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('exports a typed frame range', async () => {
    const { page, problems } = await harness.page();
    await page.goto(harness.url({ fixture: '/fixtures/zero-window.json', theme: 'dark' }));
    await page.waitForSelector('.flow-table tbody tr.flow-row');
    await page.click('button[title="Export a frame range as SVG or PNG"]');
    await page.fill('.export-frame[aria-label="First frame to export"]', '530');
    await page.fill('.export-frame[aria-label="Last frame to export"]', '1130');
    const n = (await hostLog(page)).length;
    await page.click('.export-bar button[title^="Export these frames as SVG"]');
    const svg = (await waitFor<ExportSvgMessage>(page, 'exportSvg', n)).svg;
    const frames = [...svg.matchAll(/<text class="frame"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    const rows = fixture.rows['0'].frame;
    expect(frames).toEqual(rows.filter((f) => f >= 530 && f <= 1130));
    // Idle gaps inside the range are folded as on screen.
    expect((svg.match(/<g class="fold">/g) ?? []).length).toBe(fixtureFlow(fixture.summary, 0).idleGaps?.filter((g) => g.before >= rows.indexOf(530) && g.before <= rows.indexOf(1130)).length);
    // A frame outside the flow is refused with a message, not exported.
    await page.fill('.export-frame[aria-label="Last frame to export"]', '99999');
    const m = (await hostLog(page)).length;
    await page.click('.export-bar button[title^="Export these frames as SVG"]');
    await page.waitForFunction(() => document.querySelector('.ladder-status')?.textContent?.includes('99999'));
    expect((await hostLog(page)).slice(m).some((x) => x.type === 'exportSvg')).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });
});
