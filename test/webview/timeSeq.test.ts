// The time-sequence graph in Chromium, fed by the stand-in host with the host's own series
// builder: the zero-window period of a real recording is drawn where truth.json puts it, a click
// on a point selects that packet in the ladder, and a 500,000-segment flow draws and zooms
// inside a frame's budget.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { flowSeries, type FlowSeries } from '../../src/view/flowSeries';
import type { RenderedMessage, TimeSeqRendered, WebviewToHost } from '../../src/protocol';
import { CORPUS, HAS_SHARED, requireOrSkip } from '../support/shared';
import { ARTIFACTS, CHROMIUM, startHarness, type Harness } from './browserHarness';
import { captureFixture, fixtureJson, modelOf, type CaptureFixture } from './fixtures';
import type { SeriesJson } from './harness/standInHost';

const RECORDING = path.join(CORPUS, 'real/zero-window-sndbuf-full');
const SEGMENTS = 500_000;
const chromium = requireOrSkip('chromium', existsSync(CHROMIUM));

interface Truth {
  capture: { first_ts: number };
  events: { label: string; t_start: number; t_end: number; evidence: Record<string, unknown> }[];
}

function seriesJson(s: FlowSeries): SeriesJson {
  const out = {} as SeriesJson;
  for (const key of Object.keys(s) as (keyof FlowSeries)[]) out[key] = Array.from(s[key]);
  return out;
}

type TimeSeqRenderedMessage = RenderedMessage & { timeSeq: TimeSeqRendered };

async function waitTimeSeq(page: Page, pred: (t: TimeSeqRendered) => boolean, after = 0): Promise<TimeSeqRendered> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const log = (await page.evaluate(() => window.sockscopeHarness.log)) as WebviewToHost[];
    const hits = log.slice(after).filter((m): m is TimeSeqRenderedMessage => m.type === 'rendered' && m.timeSeq !== undefined);
    const hit = hits.reverse().find((m) => pred(m.timeSeq));
    if (hit) return hit.timeSeq;
    if (Date.now() > deadline) throw new Error(`no matching time-sequence 'rendered' message; last: ${JSON.stringify(hits[0]?.timeSeq)}`);
    await page.waitForTimeout(50);
  }
}

async function logLength(page: Page): Promise<number> {
  return page.evaluate(() => window.sockscopeHarness.log.length);
}

/** RGB of one CSS pixel of the graph's canvas. */
async function canvasPixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([px, py]) => {
      const c = document.querySelector('.ts-canvas') as HTMLCanvasElement;
      const dpr = c.width / c.clientWidth;
      const d = c.getContext('2d')?.getImageData(Math.round(px * dpr), Math.round(py * dpr), 1, 1).data;
      return d ? [d[0], d[1], d[2]] : [];
    },
    [x, y] as const,
  );
}

describe.skipIf(!chromium)('time-sequence graph', () => {
  let harness: Harness;
  let fixture: CaptureFixture | undefined;

  beforeAll(async () => {
    const fixtures = new Map<string, string>();
    if (HAS_SHARED) {
      const bytes = new Uint8Array(readFileSync(path.join(RECORDING, 'capture.pcap')));
      fixture = await captureFixture(bytes, 'capture.pcap');
      const model = modelOf(bytes, 'capture.pcap');
      const series: Record<string, SeriesJson> = {};
      for (const f of model.analysis.flows) series[String(f.id)] = seriesJson(flowSeries(model, f.id));
      fixtures.set('zero-window.json', fixtureJson({ ...fixture, series }));
    }
    harness = await startHarness(fixtures);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it.skipIf(!HAS_SHARED)('draws the zero-window period where truth.json has it; a click selects the packet in the ladder', async () => {
    const truth = JSON.parse(readFileSync(path.join(RECORDING, 'truth.json'), 'utf8')) as Truth;
    const zw = truth.events.find((e) => e.label === 'zero_window');
    const retrans = truth.events.find((e) => e.label === 'retransmission');
    const probes = truth.events.find((e) => e.label === 'zero_window_probe')?.evidence.probes as { no: number }[] | undefined;
    if (!zw || !retrans || !probes || !fixture) throw new Error('truth.json lacks the zero-window, retransmission or probe events');
    const zwStart = zw.t_start - truth.capture.first_ts;
    const zwEnd = zw.t_end - truth.capture.first_ts;
    const rows = fixture.rows['0'];

    const { page, problems } = await harness.page();
    await page.goto(harness.url({ fixture: '/fixtures/zero-window.json', theme: 'dark' }));
    await page.waitForSelector('.flow-table tbody tr.flow-row');
    // Select the zero-window finding so its band is emphasised, then switch to the graph.
    const finding = fixture.summary.findings.find((f) => f.stage === 'zero_window');
    if (finding) await page.click(`.finding[data-finding="${finding.index}"] header`);
    let n = await logLength(page);
    await page.click('.view-tab[data-view="timeseq"]');
    const ts = await waitTimeSeq(page, (t) => t.exact && t.dataPoints > 0, n);

    // The client sent all the payload: it is the direction plotted by default.
    expect(ts.dir).toBe(0);
    // The zero-window period: from the first zero-window ACK to the window update (truth.json, ±1 ms).
    expect(ts.zeroWindows.length).toBe(1);
    expect(ts.zeroWindows[0][0]).toBeCloseTo(zwStart, 3);
    expect(ts.zeroWindows[0][1]).toBeCloseTo(zwEnd, 3);
    // The diagnosis' stall band covers it.
    expect(ts.bands.some((b) => b.start <= zwStart + 1e-3 && b.end >= zwEnd - 1e-3)).toBe(true);
    // And on the canvas: the orange strip along the bottom of the plot spans those times.
    const x = (t: number): number => ts.plot.left + ((t - ts.t0) / (ts.t1 - ts.t0)) * ts.plot.width;
    const stripY = ts.plot.top + ts.plot.height - 2.5;
    const orange = (px: number[]): boolean => px[0] > 150 && px[0] > px[1] + 40 && px[1] > px[2] + 40;
    expect(orange(await canvasPixel(page, (x(zwStart) + x(zwEnd)) / 2, stripY)), 'inside the period').toBe(true);
    expect(orange(await canvasPixel(page, x(zwStart) + 3, stripY)), 'just after it starts').toBe(true);
    expect(orange(await canvasPixel(page, x(zwEnd) - 3, stripY)), 'just before it ends').toBe(true);
    expect(orange(await canvasPixel(page, x(zwStart) - 4, stripY)), 'before it').toBe(false);
    expect(orange(await canvasPixel(page, x(zwEnd) + 4, stripY)), 'after it').toBe(false);
    // The persist probes are plotted as points.
    for (const p of probes) expect(await page.evaluate((i) => window.sockscopeTimeSeq?.pixelOf(i) !== undefined, rows.frame.indexOf(p.no)), `probe ${p.no}`).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeseq-zero-window-dark.png') });
    await page.evaluate(() => window.sockscopeHarness.setTheme('light'));
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeseq-zero-window-light.png') });

    // Zoom with a box drawn around the retransmission, then click it: the ladder's cursor lands on it.
    const target = (retrans.evidence.packets as { no: number }[])[0].no;
    const index = rows.frame.indexOf(target);
    const canvas = await page.locator('.ts-canvas').boundingBox();
    const at = await page.evaluate((i) => window.sockscopeTimeSeq?.pixelOf(i), index);
    if (!canvas || !at) throw new Error('no canvas or no point for the retransmission');
    n = await logLength(page);
    await page.mouse.move(canvas.x + at[0] - 25, canvas.y + at[1] - 25);
    await page.mouse.down();
    await page.mouse.move(canvas.x + at[0], canvas.y + at[1], { steps: 4 });
    await page.mouse.move(canvas.x + at[0] + 25, canvas.y + at[1] + 25, { steps: 4 });
    await page.mouse.up();
    const zoomed = await waitTimeSeq(page, (t) => t.t1 - t.t0 < (ts.t1 - ts.t0) / 5, n);
    expect(zoomed.t0).toBeLessThan(retrans.t_start - truth.capture.first_ts);
    expect(zoomed.t1).toBeGreaterThan(retrans.t_start - truth.capture.first_ts);
    const near = await page.evaluate((i) => window.sockscopeTimeSeq?.pixelOf(i), index);
    if (!near) throw new Error('the retransmission left the zoomed window');
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeseq-zoomed-light.png') });
    await page.mouse.click(canvas.x + near[0], canvas.y + near[1]);
    await page.waitForFunction(
      ([i]) => (window.sockscopeHarness.state() as { cursor?: number } | undefined)?.cursor === i,
      [index] as const,
    );
    // Both views at once: the ladder shows the selected packet.
    n = await logLength(page);
    await page.click('.view-tab[data-view="split"]');
    await page.waitForFunction(
      ([after, i]) =>
        window.sockscopeHarness.log.slice(after).some((m) => m.type === 'rendered' && m.view === 'split' && m.visible !== undefined && m.visible[0] <= i && m.visible[1] >= i),
      [n, index] as const,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeseq-split-light.png') });
    // The view, direction and zoom survive a reload (setState).
    await page.keyboard.press('d');
    await page.waitForTimeout(150);
    const before = (await page.evaluate(() => window.sockscopeHarness.state())) as { view: string; timeSeqDir: number | null };
    expect(before).toMatchObject({ view: 'split', timeSeqDir: 1 });
    await page.reload();
    const again = await waitTimeSeq(page, (t) => t.dataPoints >= 0);
    expect(again.dir).toBe(1);
    expect(await page.getAttribute('.view-tab[data-view="split"]', 'aria-selected')).toBe('true');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws and zooms a 500,000-segment flow within a frame budget', async () => {
    const { page, problems } = await harness.page();
    await page.goto(harness.url({ synthetic: String(SEGMENTS), theme: 'dark' }));
    await page.waitForFunction(() => (window.sockscopeLadderStats?.frames ?? 0) > 0);
    const n = await logLength(page);
    await page.keyboard.press('t');
    const first = await waitTimeSeq(page, (t) => t.dataPoints > 0, n);
    expect(first.exact).toBe(false);
    // Decimated per pixel column: a few points per column, not 500,000.
    expect(first.dataPoints + first.ackPoints).toBeLessThan(first.plot.width * 10);
    const initial = await page.evaluate(() => ({ ...window.sockscopeTimeSeq?.stats }));

    const canvas = await page.locator('.ts-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    await page.mouse.move(canvas.x + canvas.width * 0.6, canvas.y + canvas.height * 0.45);
    await page.evaluate(() => {
      const s = window.sockscopeTimeSeq?.stats;
      if (s) {
        s.maxDrawMs = 0;
        s.totalDrawMs = 0;
        s.draws = 0;
      }
    });
    const t0 = Date.now();
    for (let i = 0; i < 25; i++) {
      await page.mouse.wheel(0, -120);
      await page.waitForTimeout(16);
    }
    // Wait for the points of the final zoom (asked for again at the new resolution), then pan with the keyboard.
    await page.waitForFunction(() => (window.sockscopeTimeSeq?.stats.fetches ?? 0) >= 2);
    const afterZoom = await waitTimeSeq(page, (t) => t.t1 - t.t0 < (first.t1 - first.t0) / 50 && t.dataPoints !== first.dataPoints, n);
    const zoomMs = Date.now() - t0;
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    const stats = await page.evaluate(() => ({ ...window.sockscopeTimeSeq?.stats }));
    console.log(
      `[time-seq] ${SEGMENTS} segments: first series ${initial.lastFetchMs?.toFixed(1)} ms, first draw ${initial.lastDrawMs?.toFixed(2)} ms ` +
        `(${first.dataPoints} data + ${first.ackPoints} ACK points); 25 wheel steps + 2 pans: mean draw ${((stats.totalDrawMs ?? 0) / Math.max(1, stats.draws ?? 0)).toFixed(2)} ms, worst ${stats.maxDrawMs?.toFixed(2)} ms, ` +
        `${stats.draws} draws, ${stats.fetches} series requests, last ${stats.lastFetchMs?.toFixed(1)} ms; zoomed to ${(afterZoom.t1 - afterZoom.t0).toFixed(3)} s ` +
        `(${afterZoom.exact ? 'exact' : 'decimated'}, ${afterZoom.dataPoints} points) in ${zoomMs} ms`,
    );
    // One frame at 60 Hz is 16.7 ms: redraws while zooming and panning fit in it. Measured 2-3 ms
    // alone on a loaded 2-core machine and 9 ms with every browser test running beside it, so the
    // bound is the frame itself; the worst single draw is printed, not asserted, since a garbage
    // collection or a busy core can land in any one frame.
    expect((stats.totalDrawMs ?? Infinity) / Math.max(1, stats.draws ?? 0)).toBeLessThan(16);
    expect(initial.lastFetchMs ?? Infinity).toBeLessThan(1000);
    expect(afterZoom.exact || afterZoom.dataPoints < afterZoom.plot.width * 10).toBe(true);
    // The sequence axis followed the data into the zoomed time window.
    const panned = await waitTimeSeq(page, (t) => t.t0 > afterZoom.t0, n);
    expect(afterZoom.dataInView).toBeGreaterThan(0);
    expect(panned.dataInView).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeseq-synthetic-dark.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
