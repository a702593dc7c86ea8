// The webview in a real browser, fed by a stand-in host from real recordings: what it lists and
// highlights is checked against truth.json and tshark, and it must stay inert to hostile text.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RenderedMessage, WebviewToHost } from '../../src/protocol';
import { CORPUS, HAS_SHARED, hasTool, requireOrSkip } from '../support/shared';
import { ARTIFACTS, CHROMIUM, startHarness, type Harness } from './browserHarness';
import { KERNEL_TREE, captureFixture, captureFixtureFromFile, fixtureFlow, fixtureJson, type CaptureFixture } from './fixtures';

const REAL = path.join(CORPUS, 'real');
const SCENARIOS = ['zero-window-sndbuf-full', 'nodelay-outage-recovery', 'stuck-direction-after-outage'] as const;
const HOSTILE = '<img src=x onerror=alert(1)>';

const ready = HAS_SHARED && requireOrSkip('chromium', existsSync(CHROMIUM)) && requireOrSkip('tshark', hasTool('tshark'));

interface TruthFlow {
  proto: string;
  client: { ip: string; port: number };
  server: { ip: string; port: number };
}

/** Frames tshark flags, per analysis field, read once per capture. */
function tsharkFlags(pcap: string): Record<string, number[]> {
  const fields = ['tcp.analysis.zero_window', 'tcp.analysis.retransmission', 'tcp.analysis.window_full'];
  const out = execFileSync('tshark', ['-r', pcap, '-T', 'fields', '-E', 'separator=/t', '-e', 'frame.number', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const res: Record<string, number[]> = Object.fromEntries(fields.map((f) => [f, [] as number[]]));
  for (const line of out.split('\n')) {
    const cols = line.split('\t');
    fields.forEach((f, j) => {
      if (cols[j + 1]) res[f].push(Number(cols[0]));
    });
  }
  return res;
}

describe.skipIf(!ready)('webview in Chromium', () => {
  let harness: Harness;
  const fixtures = new Map<string, string>();
  const parsed = new Map<string, CaptureFixture>();

  beforeAll(async () => {
    for (const s of SCENARIOS) {
      const f = await captureFixtureFromFile(path.join(REAL, s, 'capture.pcap'));
      parsed.set(s, f);
      fixtures.set(`${s}.json`, fixtureJson(f));
    }
    // A text log whose server host name is markup: it must be shown as text, never parsed.
    const text = readFileSync(path.join(REAL, 'zero-window-sndbuf-full/capture.txt'), 'utf8')
      .split('\n')
      .slice(0, 200)
      .join('\n')
      .replaceAll('10.99.0.2', HOSTILE);
    for (const s of ['connection-refused', 'udp-msg-more-cork']) fixtures.set(`${s}.json`, fixtureJson(await captureFixtureFromFile(path.join(REAL, s, 'capture.pcap'))));
    // A damaged capture's thousand warnings, the last one saying where reading stopped.
    const damaged = parsed.get('zero-window-sndbuf-full') as CaptureFixture;
    const warnings = Array.from({ length: 1000 }, (_, k) => ({ message: `truncated frame ${k + 1}`, frame: k + 1 }));
    const ending = { message: 'the packet table is full at 1409 packets; the rest of the file is not read', offset: 188936, frame: 1410, endsReading: true };
    fixtures.set('many-warnings.json', fixtureJson({ ...damaged, summary: { ...damaged.summary, warnings: [...warnings, ending] } }));
    const hostile = await captureFixture(new TextEncoder().encode(text), 'hostile.txt');
    parsed.set('hostile', hostile);
    fixtures.set('hostile.json', fixtureJson(hostile));
    harness = await startHarness(fixtures);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function open(fixture: string, theme = 'dark'): Promise<{ page: Page; problems: string[] }> {
    const opened = await harness.page();
    await opened.page.goto(harness.url({ fixture: `/fixtures/${fixture}`, theme }));
    await waitRendered(opened.page, (r) => r.selectedFlow !== undefined && r.visible !== undefined);
    return opened;
  }

  function hostLog(page: Page): Promise<WebviewToHost[]> {
    return page.evaluate(() => window.sockscopeHarness.log);
  }

  async function waitRendered(page: Page, pred: (r: RenderedMessage) => boolean, after = 0): Promise<RenderedMessage> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const log = await hostLog(page);
      const hits = log.slice(after).filter((m): m is RenderedMessage => m.type === 'rendered');
      const hit = hits.reverse().find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching 'rendered' message; last: ${JSON.stringify(hits[0])}`);
      await page.waitForTimeout(50);
    }
  }

  async function cursorFrame(page: Page, fixture: CaptureFixture): Promise<number> {
    await page.waitForTimeout(120);
    const state = (await page.evaluate(() => window.sockscopeHarness.state())) as { selectedFlow: number; cursor: number };
    return fixture.rows[String(state.selectedFlow)].frame[state.cursor];
  }

  it('lists the recorded flows with the endpoints truth.json names', async () => {
    for (const s of SCENARIOS) {
      const truth = JSON.parse(readFileSync(path.join(REAL, s, 'truth.json'), 'utf8')) as { flows: TruthFlow[] };
      const { page, problems } = await open(`${s}.json`);
      const rows = await page.$$eval('.flow-table tbody tr.flow-row', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
      expect(rows.length, s).toBe(truth.flows.length);
      for (const f of truth.flows) {
        const row = rows.find((r) => r[1] === `${f.client.ip}:${f.client.port}`);
        expect(row, `${s}: ${f.client.ip}:${f.client.port}`).toBeDefined();
        expect(row?.[2]).toBe(`${f.server.ip}:${f.server.port}`);
        expect(row?.[3]).toBe(f.proto.toUpperCase());
      }
      // Every finding the core made appears as a card.
      const cards = await page.$$eval('.finding', (els) => els.length);
      expect(cards).toBe(parsed.get(s)?.summary.findings.length);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('clicking a finding highlights its evidence frames in the ladder', async () => {
    const fixture = parsed.get('zero-window-sndbuf-full');
    const zw = fixture?.summary.findings.find((f) => f.stage === 'zero_window');
    expect(zw, 'the core finds the zero window of zero-window-sndbuf-full').toBeDefined();
    if (!fixture || !zw) return;
    const { page, problems } = await open('zero-window-sndbuf-full.json');
    const before = (await hostLog(page)).length;
    await page.click(`.finding[data-finding="${zw.index}"] header`);
    // The highlight is reported as soon as it is set; the scroll follows in a later frame.
    const first = zw.frameIndex[0];
    const r = await waitRendered(page, (m) => (m.highlighted?.length ?? 0) > 0 && m.visible !== undefined && m.visible[0] <= first && m.visible[1] >= first, before);
    expect(r.highlighted).toEqual(zw.frames);
    // The ladder scrolled to the first evidence packet.
    expect(r.visible?.[0]).toBeLessThanOrEqual(zw.frameIndex[0]);
    expect(r.visible?.[1]).toBeGreaterThanOrEqual(zw.frameIndex[0]);
    expect(await cursorFrame(page, fixture)).toBe(zw.frames[0]);
    // An evidence chip further down moves the ladder there.
    const last = zw.frames[Math.min(zw.frames.length, 24) - 1];
    const n = (await hostLog(page)).length;
    await page.click(`.finding[data-finding="${zw.index}"] .frame-chip[data-frame="${last}"]`);
    const r2 = await waitRendered(page, (m) => m.visible !== undefined && m.visible[0] <= zw.frameIndex[zw.frames.indexOf(last)] && m.visible[1] >= zw.frameIndex[zw.frames.indexOf(last)], n);
    expect(r2.highlighted).toEqual(zw.frames);
    expect(await cursorFrame(page, fixture)).toBe(last);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keyboard: j/k step packets, / searches, n jumps between findings (against tshark)', async () => {
    const pcap = path.join(REAL, 'zero-window-sndbuf-full/capture.pcap');
    const flags = tsharkFlags(pcap);
    const fixture = parsed.get('zero-window-sndbuf-full');
    if (!fixture) throw new Error('fixture missing');
    const { page, problems } = await open('zero-window-sndbuf-full.json');
    await page.click('.ladder-scroller', { position: { x: 300, y: 10 } });
    const start = await cursorFrame(page, fixture);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await cursorFrame(page, fixture)).toBe(start + 2);
    // Search for the first zero window from the top: tshark names the same frame.
    await page.keyboard.press('Home');
    await page.keyboard.press('/');
    await page.keyboard.type('zero_window');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.ladder-status')?.textContent !== 'searching…');
    const zeroWindows = flags['tcp.analysis.zero_window'];
    expect(zeroWindows.length).toBeGreaterThan(0);
    expect(await cursorFrame(page, fixture)).toBe(zeroWindows[0]);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.ladder-status')?.textContent !== 'searching…');
    expect(await cursorFrame(page, fixture)).toBe(zeroWindows[1]);
    // Retransmissions: the first one tshark reports.
    await page.fill('.search-input', 'retrans');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    await page.keyboard.press('/');
    await page.keyboard.type('retransmission');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.ladder-status')?.textContent !== 'searching…');
    expect(await cursorFrame(page, fixture)).toBe(flags['tcp.analysis.retransmission'][0]);
    await page.keyboard.press('Escape');
    // n selects findings in order.
    const order = [...fixture.summary.findings].sort((a, b) => a.flow - b.flow || a.start - b.start || a.index - b.index);
    await page.keyboard.press('n');
    await page.waitForTimeout(150);
    let state = (await page.evaluate(() => window.sockscopeHarness.state())) as { selectedFinding: number };
    expect(state.selectedFinding).toBe(order[0].index);
    if (order.length > 1) {
      await page.keyboard.press('n');
      await page.waitForTimeout(150);
      state = (await page.evaluate(() => window.sockscopeHarness.state())) as { selectedFinding: number };
      expect(state.selectedFinding).toBe(order[1].index);
    }
    expect(await cursorFrame(page, fixture)).toBe(order[Math.min(1, order.length - 1)].frames[0]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters and sorts the flow list; selecting a flow draws its ladder', async () => {
    const truth = JSON.parse(readFileSync(path.join(REAL, 'connection-refused/truth.json'), 'utf8')) as { flows: TruthFlow[] };
    const ports = truth.flows.map((f) => f.client.port).sort((a, b) => a - b);
    const { page, problems } = await open('connection-refused.json');
    const clients = (): Promise<string[]> => page.$$eval('.flow-table tbody td.endpoint:nth-child(2)', (tds) => tds.map((td) => td.textContent ?? ''));
    expect((await clients()).length).toBe(truth.flows.length);
    await page.fill('.flow-filter', String(ports[1]));
    expect(await clients()).toEqual([`10.99.0.1:${ports[1]}`]);
    await page.fill('.flow-filter', '');
    await page.click('.flow-table th:nth-child(2)');
    expect(await clients()).toEqual(ports.map((p) => `10.99.0.1:${p}`));
    await page.click('.flow-table th:nth-child(2)');
    expect(await clients()).toEqual(ports.map((p) => `10.99.0.1:${p}`).reverse());
    // Select the flow of the second attempt: the ladder's lifelines name it, and its last
    // packet is the server's RST (the refusal truth.json records).
    const n = (await hostLog(page)).length;
    await page.click(`.flow-table tbody tr.flow-row:has-text("${ports[1]}")`);
    const r = await waitRendered(page, (m) => m.selectedFlow !== undefined, n);
    expect(await page.textContent('.lane-client')).toBe(`client 10.99.0.1:${ports[1]}`);
    const box = await page.locator('.ladder-scroller').boundingBox();
    if (box) await page.mouse.move(box.x + 300, box.y + 22 * 1.5);
    await page.waitForSelector('.ladder-tooltip:not([hidden])');
    const tip = await page.textContent('.ladder-tooltip');
    expect(tip).toContain('RST');
    expect(tip).toContain('server 10.99.0.2:5006');
    expect(r.selectedFlow).toBeDefined();
    expect(problems).toEqual([]);
    await page.close();
    // A UDP flow lists and draws too.
    const udp = await open('udp-msg-more-cork.json');
    expect(await udp.page.$$eval('.flow-table tbody td:nth-child(4)', (tds) => tds.map((td) => td.textContent))).toEqual(['UDP']);
    expect(udp.problems).toEqual([]);
    await udp.page.close();
  });

  it('shows the flow list while the diagnosis runs, then the findings and badges when they arrive', async () => {
    const fixture = parsed.get('zero-window-sndbuf-full');
    if (!fixture) throw new Error('fixture missing');
    for (const lang of ['en', 'zh-cn'] as const) {
      const { page, problems } = await harness.page();
      await page.goto(harness.url({ fixture: '/fixtures/zero-window-sndbuf-full.json', theme: 'dark', diagnosing: '1', lang }));
      // The flow list and the ladder of its first flow, without findings: the panel is busy and says why.
      const busy = await waitRendered(page, (r) => r.diagnosing === true && r.visible !== undefined);
      expect(busy.flows).toBe(fixture.summary.flows.count);
      expect(busy.findings).toBe(0);
      expect(await page.$$eval('.flow-table tbody tr.flow-row', (trs) => trs.length)).toBe(fixture.summary.flows.count);
      expect(await page.getAttribute('section.findings', 'aria-busy')).toBe('true');
      expect(await page.$$eval('.flow-table .badge', (b) => b.length)).toBe(0);
      expect(await page.$$eval('.finding', (c) => c.length)).toBe(0);
      const note = (await page.textContent('.findings .diagnosing-note')) ?? '';
      const info = (await page.textContent('.capture-info')) ?? '';
      if (lang === 'en') {
        expect(note).toContain('Diagnosing…');
        expect(info).toContain('diagnosing…');
      } else {
        expect(note).toContain('正在诊断');
        expect(info).toContain('正在诊断');
      }
      // The host's `diagnosing` progress adds nothing to the header once the flows are shown.
      await page.evaluate(() => window.sockscopeHarness.send({ type: 'progress', phase: 'diagnosing', done: 1, total: 1 }));
      await page.waitForTimeout(300);
      expect(await page.textContent('.topbar .progress')).toBe('');
      await page.screenshot({ path: path.join(ARTIFACTS, `diagnosing-${lang}.png`) });

      // The findings: cards, badges, a panel that is no longer busy, and a report without `diagnosing`.
      const before = (await hostLog(page)).length;
      await page.evaluate(() => window.sockscopeHarness.finishDiagnosis());
      const done = await waitRendered(page, (r) => r.diagnosing === undefined && r.findings === fixture.summary.findings.length, before);
      expect(done.flows).toBe(fixture.summary.flows.count);
      expect(await page.getAttribute('section.findings', 'aria-busy')).toBeNull();
      expect(await page.$$eval('.finding', (c) => c.length)).toBe(fixture.summary.findings.length);
      const badges = fixture.summary.badges.reduce((n, f) => n + new Set(f.badges.map((b) => b.stage)).size, 0);
      expect(await page.$$eval('.flow-table .badge', (b) => b.length)).toBe(badges);
      expect(await page.$$eval('.findings .diagnosing-note', (n) => n.length)).toBe(0);
      // The flow shown is the list's first row now that the flows with findings sort first.
      const firstRow = await page.getAttribute('.flow-table tbody tr.flow-row', 'data-flow');
      expect(String(done.selectedFlow)).toBe(firstRow);
      // A finding can be selected as usual.
      const zw = fixture.summary.findings.find((f) => f.stage === 'zero_window');
      if (zw) {
        const at = (await hostLog(page)).length;
        await page.click(`.finding[data-finding="${zw.index}"] header`);
        const r = await waitRendered(page, (m) => (m.highlighted?.length ?? 0) > 0, at);
        expect(r.highlighted).toEqual(zw.frames);
      }
      if (lang === 'en') await page.screenshot({ path: path.join(ARTIFACTS, 'diagnosed-en.png') });
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('says so when the diagnosis did not finish, and keeps the flow list', async () => {
    const { page, problems } = await harness.page();
    await page.goto(harness.url({ fixture: '/fixtures/zero-window-sndbuf-full.json', theme: 'light', diagnosing: '1' }));
    await waitRendered(page, (r) => r.diagnosing === true);
    await page.evaluate(() => window.sockscopeHarness.finishDiagnosis('capture.pcap: reading was cancelled'));
    await page.waitForSelector('section.findings:not([aria-busy]) .diagnosis-failed');
    expect(await page.textContent('.diagnosis-failed')).toBe('The diagnosis did not finish: capture.pcap: reading was cancelled');
    expect(await page.$$eval('.flow-table tbody tr.flow-row', (trs) => trs.length)).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('names the warning that stopped reading in the bar and lists it first, then the first others', async () => {
    const { page, problems } = await open('many-warnings.json');
    expect(await page.textContent('.warnings summary')).toBe(' 1,001 warnings · reading stopped at byte 188936');
    await page.click('.warnings summary');
    const items = await page.$$eval('.warnings li', (lis) => lis.map((li) => li.textContent));
    expect(items).toHaveLength(201);
    expect(items[0]).toBe('byte 188936: the packet table is full at 1409 packets; the rest of the file is not read');
    expect(items[1]).toBe('frame 1: truncated frame 1');
    expect(items[199]).toBe('frame 199: truncated frame 199');
    expect(items[200]).toBe('… 801 more …');
    expect(await page.$$eval('.warnings li.ends-reading', (lis) => lis.length)).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'many-warnings.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the host can reveal a frame, and a fatal message replaces the view', async () => {
    const fixture = parsed.get('nodelay-outage-recovery');
    if (!fixture) throw new Error('fixture missing');
    const flow = fixtureFlow(fixture.summary, 0);
    const rows = fixture.rows[String(flow.id)];
    const target = rows.frame[Math.floor(rows.frame.length * 0.8)];
    const { page, problems } = await open('nodelay-outage-recovery.json');
    await page.evaluate(([f, frame]) => window.sockscopeHarness.send({ type: 'reveal', flow: f, frame }), [flow.id, target]);
    await page.waitForFunction(
      ([frame, rowsOfFlow]) => {
        const st = window.sockscopeHarness.state() as { cursor?: number } | undefined;
        return st?.cursor !== undefined && rowsOfFlow[st.cursor] === frame;
      },
      [target, rows.frame] as const,
    );
    expect(await cursorFrame(page, fixture)).toBe(target);
    // A fatal message replaces the view with its text.
    await page.evaluate(() => window.sockscopeHarness.send({ type: 'fatal', message: 'capture.pcap: not a capture file (bad magic at byte 0)' }));
    await page.waitForSelector('.fatal:not([hidden])');
    expect(await page.textContent('.fatal')).toBe('capture.pcap: not a capture file (bad magic at byte 0)');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('layout state survives a reload (setState/getState)', async () => {
    const { page } = await open('stuck-direction-after-outage.json');
    await page.click('.ladder-scroller', { position: { x: 300, y: 10 } });
    await page.keyboard.press('+');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(200);
    const before = (await page.evaluate(() => window.sockscopeHarness.state())) as { zoom: number; cursor: number; selectedFlow: number; topIndex: number };
    expect(before.zoom).toBeCloseTo(1.25);
    await page.reload();
    const r = await waitRendered(page, (m) => m.visible !== undefined);
    expect(r.selectedFlow).toBe(before.selectedFlow);
    const after = (await page.evaluate(() => window.sockscopeHarness.state())) as typeof before;
    expect(after.zoom).toBeCloseTo(before.zoom);
    expect(after.cursor).toBe(before.cursor);
    expect(Math.abs(after.topIndex - before.topIndex)).toBeLessThanOrEqual(1);
    await page.close();
  });

  it('shows a hostile host name from a text log literally and runs nothing', async () => {
    const fixture = parsed.get('hostile');
    expect(fixture && fixtureFlow(fixture.summary, 0).server.addr).toBe(HOSTILE);
    const { page, problems } = await open('hostile.json');
    const cells = await page.$$eval('.flow-table tbody td.endpoint', (tds) => tds.map((td) => td.textContent));
    expect(cells).toContain(`${HOSTILE}:5002`);
    expect(await page.textContent('.lane-server')).toBe(`server ${HOSTILE}:5002`);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    // Findings cards name the side's endpoint with the same text.
    const sides = await page.$$eval('.finding .meta dd', (dds) => dds.map((d) => d.textContent ?? ''));
    if (fixture?.summary.findings.some((f) => f.side === 'server')) expect(sides.some((t) => t.includes(HOSTILE))).toBe(true);
    // Hover a packet: the tooltip names the endpoint as text too.
    const box = await page.locator('.ladder-scroller').boundingBox();
    if (box) await page.mouse.move(box.x + 300, box.y + 60);
    await page.waitForSelector('.ladder-tooltip:not([hidden])');
    expect(await page.textContent('.ladder-tooltip')).toContain(HOSTILE);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    // The SVG export escapes it.
    const n = (await hostLog(page)).length;
    await page.click('button[title="Export the visible ladder as SVG"]');
    const exported = (await hostLog(page)).slice(n).find((m) => m.type === 'exportSvg');
    expect(exported?.type === 'exportSvg' && exported.svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(exported?.type === 'exportSvg' && exported.svg.includes('<img')).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('kernel excerpts carry the real line numbers of the kernel tree', async () => {
    if (!requireOrSkip(`kernel tree ${KERNEL_TREE} (scripts/kernel-source.sh)`, existsSync(KERNEL_TREE))) return;
    const fixture = parsed.get('zero-window-sndbuf-full');
    const f = fixture?.summary.findings.find((x) => fixture.excerpts[String(x.index)]?.excerpts.some((e) => e.lines.length > 0));
    expect(f).toBeDefined();
    if (!fixture || !f) return;
    const { page, problems } = await open('zero-window-sndbuf-full.json');
    await page.click(`.finding[data-finding="${f.index}"] header`);
    await page.waitForSelector(`.finding[data-finding="${f.index}"] .code .line.anchor`);
    const excerpt = fixture.excerpts[String(f.index)].excerpts.find((e) => e.lines.length > 0);
    if (!excerpt) return;
    const source = readFileSync(path.join(KERNEL_TREE, excerpt.file), 'utf8').split('\n');
    const anchor = excerpt.anchors[0];
    const shown = await page.$$eval(`.finding[data-finding="${f.index}"] .excerpt .line.anchor`, (lines) =>
      lines.map((l) => ({
        line: Number((l as HTMLElement).dataset.line),
        src: l.querySelector('.src')?.textContent ?? '',
        note: (l.nextElementSibling as HTMLElement | null)?.querySelector('.note')?.textContent ?? '',
      })),
    );
    const hit = shown.find((s) => s.line === anchor.line);
    expect(hit, `anchor line ${anchor.line} shown`).toBeDefined();
    expect(hit?.src).toBe(source[anchor.line - 1]);
    expect(hit?.note).toContain(anchor.annotation);
    // The button asks the host to open the real file.
    const n = (await hostLog(page)).length;
    await page.click(`.finding[data-finding="${f.index}"] .excerpt-head button`);
    const sent = (await hostLog(page)).slice(n).find((m) => m.type === 'openKernelSource');
    expect(sent).toMatchObject({ type: 'openKernelSource', stage: f.stage, finding: f.index });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('takes screenshots in light and dark themes', async () => {
    for (const s of ['zero-window-sndbuf-full', 'stuck-direction-after-outage']) {
      const fixture = parsed.get(s);
      const { page, problems } = await open(`${s}.json`, 'dark');
      const first = fixture?.summary.findings.find((f) => f.confidence === 'high') ?? fixture?.summary.findings[0];
      if (first) {
        await page.click(`.finding[data-finding="${first.index}"] header`);
        await page.waitForSelector(`.finding[data-finding="${first.index}"] .provider`);
      }
      const box = await page.locator('.ladder-scroller').boundingBox();
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6);
      // Switching the theme while open, as VS Code does: the canvas must follow the variables.
      for (const theme of ['dark', 'light', 'high-contrast'] as const) {
        await page.evaluate((t) => window.sockscopeHarness.setTheme(t), theme);
        await page.waitForTimeout(150);
        await page.screenshot({ path: path.join(ARTIFACTS, `${s}-${theme}.png`) });
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const expected = { light: [255, 255, 255], dark: [31, 31, 31], 'high-contrast': [0, 0, 0] }[theme];
        expect(bg).toBe(`rgb(${expected.join(', ')})`);
        // The canvas repainted with the theme's editor background (top-left pixel is background).
        const pixel = await page.evaluate(() => {
          const c = document.querySelector('.ladder-canvas') as HTMLCanvasElement;
          const d = c.getContext('2d')?.getImageData(2, 2, 1, 1).data;
          return d ? [d[0], d[1], d[2]] : [];
        });
        expect(pixel).toEqual(expected);
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  });
});
