// The flow list with 300,000 flows: only the rows on screen are in the page, yet every flow can be
// reached by scrolling and by keyboard, and sorting and filtering work on all of them. Timings are
// printed, not asserted (bench/README.md has the measured figures).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RenderedMessage } from '../../src/protocol';
import { requireOrSkip } from '../support/shared';
import { ARTIFACTS, CHROMIUM, startHarness, type Harness } from './browserHarness';

const FLOWS = 300_000;
const ready = requireOrSkip('chromium', existsSync(CHROMIUM));

/** The flow ids of the rows in the page, top to bottom. */
function listedIds(page: Page): Promise<number[]> {
  return page.$$eval('.flow-table tbody tr.flow-row', (trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.flow)));
}

/** The host's last `rendered` report. */
function lastRendered(page: Page): Promise<RenderedMessage | undefined> {
  return page.evaluate(() => window.sockscopeHarness.log.filter((m): m is RenderedMessage => m.type === 'rendered').at(-1));
}

describe.skipIf(!ready)(`flow list of ${FLOWS.toLocaleString('en-US')} flows`, () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(new Map());
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('keeps a screenful of rows in the page and reaches every flow by scrolling, keyboard, sort and filter', async () => {
    const { page, problems } = await harness.page();
    const t0 = Date.now();
    await page.goto(harness.url({ flows: String(FLOWS), theme: 'dark' }));
    await page.waitForSelector('.flow-table tbody tr.flow-row');
    const firstRowMs = Date.now() - t0;
    const info = (await page.textContent('.capture-info')) ?? '';
    expect(info).toContain('300,000 flows');

    // Flows with findings first (every 1000th has one), the rest by id; a screenful in the page.
    const top = await listedIds(page);
    expect(top.length).toBeGreaterThan(3);
    expect(top.length).toBeLessThan(40);
    expect(top.slice(0, 3)).toEqual([0, 1000, 2000]);
    expect((await lastRendered(page))?.flows).toBe(FLOWS);

    // Scrolling to the middle and to the end shows the rows there.
    const scrollTo = (fraction: number): Promise<void> =>
      page.evaluate((f) => {
        const s = document.querySelector('.flow-scroll') as HTMLElement;
        s.scrollTop = f * (s.scrollHeight - s.clientHeight);
      }, fraction);
    await scrollTo(1);
    // The rows are drawn on the next animation frame after the scroll.
    await page.waitForFunction((last) => document.querySelector(`.flow-table tr.flow-row[data-flow="${last}"]`) !== null, FLOWS - 1);
    expect((await listedIds(page)).at(-1)).toBe(FLOWS - 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'many-flows-end.png') });

    // Sorting by client is numeric (10.0.0.9 before 10.0.0.10) and keeps the scroll at the top.
    let t = Date.now();
    await page.click('.flow-table th:nth-child(2)');
    const sortMs = Date.now() - t;
    await scrollTo(0);
    await page.waitForFunction(() => (document.querySelector('.flow-table tr.flow-row') as HTMLElement | null)?.dataset.flow === '0');
    expect((await listedIds(page)).slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const clients = await page.$$eval('.flow-table tbody tr.flow-row td.endpoint:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    expect(clients.slice(9, 11)).toEqual(['10.0.0.9:1033', '10.0.0.10:1034']);

    // The keyboard: a row, then End, PageUp, Home and Enter.
    await page.click('.flow-table tbody tr.flow-row[data-flow="3"]');
    await page.keyboard.press('End');
    await page.waitForTimeout(50);
    const focusedFlow = (): Promise<number> => page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.flow));
    expect(await focusedFlow()).toBe(FLOWS - 1);
    await page.keyboard.press('PageUp');
    const pagedTo = await focusedFlow();
    expect(pagedTo).toBeLessThan(FLOWS - 1);
    expect(pagedTo).toBeGreaterThan(FLOWS - 40);
    await page.keyboard.press('ArrowDown');
    expect(await focusedFlow()).toBe(pagedTo + 1);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector(`.flow-table tr.selected[data-flow="${id}"]`) !== null, pagedTo + 1);
    expect((await lastRendered(page))?.selectedFlow).toBe(pagedTo + 1);
    await page.keyboard.press('Home');
    expect(await focusedFlow()).toBe(0);

    // A filter narrows the list to the matching flows and says how many.
    t = Date.now();
    await page.fill('.flow-filter', '10.0.1.');
    await page.waitForFunction(() => (document.querySelector('.flow-note')?.textContent ?? '') !== '');
    const filterMs = Date.now() - t;
    expect(await page.textContent('.flow-note')).toBe(`256 of ${FLOWS.toLocaleString('en-US')} flows match the filter.`);
    expect((await lastRendered(page))?.flows).toBe(256);
    expect((await listedIds(page)).slice(0, 3)).toEqual([256, 257, 258]);
    await page.fill('.flow-filter', 'refused');
    await page.waitForFunction(() => (document.querySelector('.flow-note')?.textContent ?? '').startsWith('300 of'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'many-flows-filtered.png') });

    console.log(`[flows] ${FLOWS} flows: first row ${firstRowMs} ms after load, sort ${sortMs} ms, filter ${filterMs} ms`);
    expect(problems).toEqual([]);
  });
});
