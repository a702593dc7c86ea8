// The time-sequence graph of a flow (tcptrace/Stevens style): sequence number over time for the
// data segments of one direction, the ACK line and the receive-window line of the other, SACK
// blocks, retransmissions, zero-window periods and the diagnosis' stall bands. Drawn on one
// canvas from points the host decimates per pixel column, asked again after each zoom or pan.
import { analysisBit as bit, DIR_TO_SERVER, type FindingView, type FlowSummaryView, type SeriesMessage, type TimeSeqRendered } from '../../src/protocol';
import { button, el } from '../dom';
import { endpointText, formatSeconds } from '../format';
import { readPalette, watchPalette, type Palette } from '../ladder/palette';
import { niceTicks, seqTickLabel, timeTickLabel } from './ticks';
import { Viewport, paddedRange, type Range } from './viewport';
import { t } from '../i18n';
import { oncePerFrame } from '../oncePerFrame';

export type FetchSeries = (flow: number, dir: number, t0: number, t1: number, buckets: number) => Promise<SeriesMessage>;

export interface TimeSeqCallbacks {
  fetch: FetchSeries;
  /** A point was clicked: the packet index within the flow. */
  onSelect(index: number): void;
  /** Direction or window changed (for setState); dir null = the default direction. */
  onViewChange(dir: number | null, range: Range | null): void;
  /** A drawing with current data is on screen. */
  onRendered(): void;
  onError(e: unknown): void;
}

export interface TimeSeqStats {
  draws: number;
  lastDrawMs: number;
  maxDrawMs: number;
  totalDrawMs: number;
  fetches: number;
  lastFetchMs: number;
  /** Points in the data set drawn last. */
  points: number;
}

const RETRANSMISSION = bit('retransmission') | bit('fast_retransmission') | bit('spurious_retransmission');
const PROBE = bit('zero_window_probe') | bit('keep_alive');
const OUT_OF_ORDER = bit('out_of_order') | bit('lost_segment');

const MARGIN = { left: 64, right: 12, top: 22, bottom: 24 };
/** Pixels a press may move and still count as a click. */
const CLICK_SLOP = 4;
/** Points nearer than this (pixels) to a click select it. */
const HIT_RADIUS = 9;

interface Band {
  label: string;
  start: number;
  end: number;
  selected: boolean;
  quiet: boolean;
}

type Drag = { kind: 'box' | 'pan'; x0: number; y0: number; x: number; y: number; moved: boolean };

export class TimeSeqView {
  readonly root: HTMLElement;
  readonly stats: TimeSeqStats = { draws: 0, lastDrawMs: 0, maxDrawMs: 0, totalDrawMs: 0, fetches: 0, lastFetchMs: 0, points: 0 };
  private readonly body: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly dirButton: HTMLButtonElement;
  private readonly readout: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly vp = new Viewport();
  private palette: Palette;
  private flow: FlowSummaryView | null = null;
  private bands: Band[] = [];
  private dir = DIR_TO_SERVER;
  private dirChosen = false;
  private rangeChosen = false;
  /** The sequence axis follows the data in the time window until the user sets it (box zoom, Shift+wheel, ↑/↓). */
  private yAuto = true;
  private dataInView = 0;
  private data: SeriesMessage | null = null;
  /** Time columns the host decimated `data` into. */
  private dataBuckets = 1;
  private requestNo = 0;
  private pending = false;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  private renderedTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly scheduleDraw = oncePerFrame(() => this.draw());
  private width = 0;
  private height = 0;
  private dpr = 1;
  private cursor = -1;
  private cursorTime = NaN;
  private drag: Drag | null = null;
  private drawnZeroWindows: [number, number][] = [];
  private shown = false;

  constructor(private readonly callbacks: TimeSeqCallbacks) {
    this.dirButton = button('', 'arrow-swap', () => this.toggleDirection(), t('webview.ts.otherDir'));
    this.dirButton.classList.add('ts-dir');
    this.dirButton.appendChild(el('span', { className: 'ts-dir-label' }));
    this.readout = el('span', { className: 'ts-readout', attrs: { 'aria-live': 'polite' } });
    const legend = el('span', { className: 'ts-legend' }, [
      legendItem('ts-data', t('webview.ts.data')),
      legendItem('ts-retrans', t('webview.ts.retrans')),
      legendItem('ts-ack', t('webview.ts.ack')),
      legendItem('ts-window', t('webview.ts.window')),
      legendItem('ts-sack', t('webview.ts.sack')),
      legendItem('ts-zero', t('webview.ts.zero')),
      legendItem('ts-stall', t('webview.ts.stall')),
    ]);
    const bar = el('div', { className: 'ts-bar' }, [
      this.dirButton,
      button('', 'zoom-out', () => this.zoomBy(1.25), t('webview.tb.zoomOut')),
      button('', 'zoom-in', () => this.zoomBy(0.8), t('webview.tb.zoomIn')),
      button('', 'screen-full', () => this.resetZoom(), t('webview.ts.showAll')),
      legend,
    ]);
    this.canvas = el('canvas', {
      className: 'ts-canvas',
      attrs: {
        tabindex: '0',
        role: 'img',
        'aria-label': t('webview.ts.aria'),
      },
    });
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2D context unavailable');
    this.ctx = ctx;
    this.empty = el('div', { className: 'ladder-empty', text: t('webview.ts.empty') });
    this.body = el('div', { className: 'ts-body' }, [this.canvas, this.readout, this.empty]);
    this.root = el('section', { className: 'timeseq', attrs: { 'aria-label': 'Time-sequence graph' } }, [bar, this.body]);
    this.palette = readPalette();

    this.canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.canvas.addEventListener('pointercancel', () => {
      this.drag = null;
      this.scheduleDraw();
    });
    this.canvas.addEventListener('dblclick', () => this.resetZoom());
    this.canvas.addEventListener('pointerleave', () => (this.readout.textContent = ''));
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.resize()).observe(this.body);
    watchPalette((palette) => {
      this.palette = palette;
      this.scheduleDraw();
    });
  }

  get focusTarget(): HTMLElement {
    return this.canvas;
  }

  get direction(): number {
    return this.dir;
  }

  /** Shows a flow; `dir` null picks the direction that carried more payload. */
  setFlow(flow: FlowSummaryView | null, findings: FindingView[], opts: { dir?: number | null; range?: Range | null } = {}): void {
    this.flow = flow && flow.proto === 'tcp' ? flow : null;
    this.empty.hidden = this.flow !== null;
    this.data = null;
    this.cursor = -1;
    this.cursorTime = NaN;
    this.requestNo++;
    this.bands = [];
    if (!this.flow) {
      this.scheduleDraw();
      return;
    }
    this.bands = this.bandsOf(this.flow, findings);
    this.dirChosen = opts.dir === 0 || opts.dir === 1;
    this.dir = this.dirChosen ? (opts.dir as number) : this.flow.bytesToClient > this.flow.bytesToServer ? 1 : 0;
    this.rangeChosen = !!opts.range;
    this.yAuto = !opts.range;
    if (opts.range) this.vp.range = { ...opts.range };
    this.updateDirLabel();
    this.requestSoon(0);
  }

  /** The findings arrived after the flow was shown (the diagnosis ran on): draws their stall bands. */
  setFindings(findings: FindingView[]): void {
    if (!this.flow) return;
    this.bands = this.bandsOf(this.flow, findings);
    this.scheduleDraw();
  }

  private bandsOf(flow: FlowSummaryView, findings: FindingView[]): Band[] {
    const bands: Band[] = [];
    for (const f of findings) {
      if (f.flow !== flow.id) continue;
      for (const p of f.phases) bands.push({ label: p.label, start: p.start, end: p.end, selected: false, quiet: f.confidence === 'low' });
    }
    return bands;
  }

  /** Emphasises the bands of the selected finding. */
  setHighlight(finding: FindingView | null): void {
    for (const b of this.bands) b.selected = !!finding && finding.phases.some((p) => p.label === b.label && p.start === b.start && p.end === b.end);
    this.scheduleDraw();
  }

  /** The ladder's cursor: packet index and, when known, its time. */
  setCursor(index: number, time: number | undefined): void {
    this.cursor = index;
    this.cursorTime = time ?? this.timeOfIndex(index);
    this.scheduleDraw();
  }

  /** Called when the view becomes visible or hidden (a hidden canvas has no size to draw at). */
  setShown(shown: boolean): void {
    this.shown = shown;
    if (shown) {
      this.resize();
      if (this.flow && !this.data) this.requestSoon(0);
    }
  }

  toggleDirection(): void {
    if (!this.flow) return;
    this.dir ^= 1;
    this.dirChosen = true;
    this.rangeChosen = false;
    this.data = null;
    this.updateDirLabel();
    this.callbacks.onViewChange(this.dir, null);
    this.requestSoon(0);
  }

  zoomBy(factor: number): void {
    const p = this.vp.plot;
    this.vp.zoomAround(p.left + p.width / 2, p.top + p.height / 2, factor, this.yAuto ? 1 : factor);
    this.viewChanged();
  }

  resetZoom(): void {
    this.rangeChosen = false;
    this.yAuto = true;
    if (this.data) {
      const e = this.data.extent;
      this.vp.range = paddedRange(e.t0, e.t1, e.seq0, e.seq1);
    }
    this.callbacks.onViewChange(this.dirChosen ? this.dir : null, null);
    this.scheduleDraw();
    this.requestSoon(0);
  }

  /** What the last drawing showed (for the `rendered` message). */
  get rendered(): TimeSeqRendered | undefined {
    if (!this.flow || !this.data || this.width === 0) return undefined;
    const r = this.vp.range;
    const p = this.vp.plot;
    return {
      dir: this.dir,
      t0: r.t0,
      t1: r.t1,
      seq0: r.s0,
      seq1: r.s1,
      plot: { left: p.left, top: p.top, width: p.width, height: p.height },
      dataPoints: this.data.data.index.length,
      dataInView: this.dataInView,
      ackPoints: this.data.acks.index.length,
      sackBlocks: this.data.sacks.index.length,
      exact: this.data.exact,
      zeroWindows: this.drawnZeroWindows.map((z) => [z[0], z[1]]),
      bands: this.bands.filter((b) => b.end >= r.t0 && b.start <= r.t1).map((b) => ({ label: b.label, start: b.start, end: b.end })),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Data

  private updateDirLabel(): void {
    const f = this.flow;
    const label = this.dirButton.querySelector('.ts-dir-label');
    if (!label || !f) return;
    const from = this.dir === DIR_TO_SERVER ? f.client : f.server;
    const to = this.dir === DIR_TO_SERVER ? f.server : f.client;
    label.textContent = ` ${endpointText(from.addr, from.port)} → ${endpointText(to.addr, to.port)}`;
  }

  private viewChanged(): void {
    this.rangeChosen = true;
    if (this.yAuto) this.fitSeqAxis();
    this.callbacks.onViewChange(this.dirChosen ? this.dir : null, { ...this.vp.range });
    this.scheduleDraw();
    if (this.needsData()) this.requestSoon(90);
  }

  /** True when the points at hand do not cover the window at the resolution it needs. */
  private needsData(): boolean {
    const d = this.data;
    if (!d) return true;
    const r = this.vp.range;
    if (r.t0 < d.t0 && d.t0 > d.extent.t0) return true;
    if (r.t1 > d.t1 && d.t1 < d.extent.t1) return true;
    if (d.exact) return false;
    // Decimated columns wider than two pixels of the current window look blocky: ask again.
    const columnSeconds = (d.t1 - d.t0) / this.dataBuckets;
    const pixelSeconds = (r.t1 - r.t0) / Math.max(1, this.vp.plot.width);
    return columnSeconds > pixelSeconds * 2 || columnSeconds < pixelSeconds / 4;
  }

  private bucketsFor(span: number): number {
    const r = this.vp.range;
    const pixels = Math.max(200, this.vp.plot.width);
    return Math.round((span / Math.max(1e-9, r.t1 - r.t0)) * pixels);
  }

  private requestSoon(delay: number): void {
    if (this.fetchTimer !== undefined) clearTimeout(this.fetchTimer);
    this.fetchTimer = setTimeout(() => {
      this.fetchTimer = undefined;
      void this.request();
    }, delay);
  }

  private async request(): Promise<void> {
    const flow = this.flow;
    if (!flow || !this.shown) return;
    const no = ++this.requestNo;
    let t0 = 1;
    let t1 = 0;
    let buckets = Math.max(200, this.vp.plot.width);
    if (this.rangeChosen) {
      // One window's width of margin each side, so panning has points at hand.
      const r = this.vp.range;
      const span = r.t1 - r.t0;
      t0 = r.t0 - span;
      t1 = r.t1 + span;
      buckets = this.bucketsFor(t1 - t0);
    }
    this.pending = true;
    const started = performance.now();
    try {
      const reply = await this.callbacks.fetch(flow.id, this.dir, t0, t1, buckets);
      if (no !== this.requestNo || this.flow !== flow) return;
      this.stats.fetches++;
      this.stats.lastFetchMs = performance.now() - started;
      this.data = reply;
      this.dataBuckets = Math.max(1, buckets);
      if (!this.rangeChosen) {
        const e = reply.extent;
        this.vp.range = paddedRange(e.t0, e.t1, e.seq0, e.seq1);
      } else if (this.yAuto) {
        this.fitSeqAxis();
      }
      this.pending = false;
      this.draw();
    } catch (e) {
      if (no === this.requestNo) {
        this.pending = false;
        this.callbacks.onError(e);
      }
    }
  }

  /** Fits the sequence axis to the points inside the time window (and the ACK in force at its start). */
  private fitSeqAxis(): void {
    const d = this.data;
    if (!d) return;
    const r = this.vp.range;
    let lo = Infinity;
    let hi = -Infinity;
    const take = (seq: number, edge: number): void => {
      if (seq < lo) lo = seq;
      if (edge > hi) hi = edge;
    };
    for (const pts of [d.data, d.acks]) {
      let before = -1;
      for (let k = 0; k < pts.time.length; k++) {
        const t = pts.time[k];
        if (t < r.t0) before = k;
        else if (t <= r.t1) take(pts.seq[k], pts.edge[k]);
      }
      if (pts === d.acks && before >= 0) take(pts.seq[before], pts.edge[before]);
    }
    if (!(hi >= lo)) return;
    const span = Math.max(hi - lo, 1);
    this.vp.range = { ...r, s0: lo - span * 0.04, s1: hi + span * 0.06 };
  }

  private timeOfIndex(index: number): number {
    const d = this.data;
    if (!d) return NaN;
    for (const pts of [d.data, d.acks]) {
      const k = pts.index.indexOf(index);
      if (k >= 0) return pts.time[k];
    }
    return NaN;
  }

  // -------------------------------------------------------------------------------------------
  // Drawing

  private resize(): void {
    const rect = this.body.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.width = Math.floor(rect.width);
    this.height = Math.floor(rect.height);
    this.canvas.width = Math.max(1, Math.floor(this.width * this.dpr));
    this.canvas.height = Math.max(1, Math.floor(this.height * this.dpr));
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.vp.plot = {
      left: MARGIN.left,
      top: MARGIN.top,
      width: Math.max(1, this.width - MARGIN.left - MARGIN.right),
      height: Math.max(1, this.height - MARGIN.top - MARGIN.bottom),
    };
    this.draw();
  }

  private draw(): void {
    if (this.width === 0 || this.height === 0) return;
    const t0 = performance.now();
    const ctx = this.ctx;
    const p = this.palette;
    const vp = this.vp;
    const plot = vp.plot;
    const r = vp.range;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, this.width, this.height);
    this.drawnZeroWindows = [];
    const d = this.data;
    if (!this.flow || !d) return;

    ctx.font = `11px ${p.font}`;
    this.drawGrid();
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top - MARGIN.top + 2, plot.width, plot.height + MARGIN.top - 2);
    ctx.clip();

    // Stall bands from the diagnosis, under everything, labelled in the strip above the plot.
    // Only the selected finding's bands are shaded: findings of one flow often overlap, and
    // stacked shading would hide the zero-window marks; the others get a bar under their label.
    for (const b of this.bands) {
      if (b.end < r.t0 || b.start > r.t1) continue;
      const x0 = Math.max(plot.left, vp.x(b.start));
      const x1 = Math.min(plot.left + plot.width, Math.max(vp.x(b.end), x0 + 2));
      ctx.fillStyle = p.blue;
      if (b.selected) {
        ctx.globalAlpha = 0.14;
        ctx.fillRect(x0, plot.top, x1 - x0, plot.height);
      }
      ctx.globalAlpha = b.selected ? 1 : b.quiet ? 0.3 : 0.6;
      ctx.fillRect(x0, plot.top - 3, x1 - x0, 3);
      ctx.globalAlpha = 1;
    }
    // Zero-window periods: hatched (so a stall band under them keeps its colour) and underlined in orange.
    for (const z of d.zeroWindows) {
      if (z.end < r.t0 || z.start > r.t1) continue;
      const x0 = Math.max(plot.left, vp.x(z.start));
      const x1 = Math.min(plot.left + plot.width, Math.max(vp.x(z.end), x0 + 2));
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, plot.top, x1 - x0, plot.height);
      ctx.clip();
      ctx.strokeStyle = p.orange;
      ctx.globalAlpha = 0.45;
      ctx.lineWidth = 1.25;
      ctx.beginPath();
      for (let x = x0 - plot.height; x < x1; x += 9) {
        ctx.moveTo(x, plot.top + plot.height);
        ctx.lineTo(x + plot.height, plot.top);
      }
      ctx.stroke();
      ctx.restore();
      ctx.fillStyle = p.orange;
      ctx.fillRect(x0, plot.top + plot.height - 5, x1 - x0, 5);
      this.drawnZeroWindows.push([z.start, z.end]);
    }
    this.drawBandLabels();

    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    this.drawSteps(d.acks.time, d.acks.edge, p.yellow, 1.5);
    this.drawSteps(d.acks.time, d.acks.seq, p.green, 1.5);
    this.drawSacks(d);
    this.drawData(d);
    this.drawCursor(d);
    ctx.restore();

    this.drawAxes();
    if (this.drag?.kind === 'box' && this.drag.moved) {
      const g = this.drag;
      ctx.strokeStyle = p.focusBorder;
      ctx.fillStyle = p.focusBorder;
      ctx.globalAlpha = 0.12;
      ctx.fillRect(Math.min(g.x0, g.x), Math.min(g.y0, g.y), Math.abs(g.x - g.x0), Math.abs(g.y - g.y0));
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1;
      ctx.strokeRect(Math.min(g.x0, g.x) + 0.5, Math.min(g.y0, g.y) + 0.5, Math.abs(g.x - g.x0), Math.abs(g.y - g.y0));
    }

    const ms = performance.now() - t0;
    this.stats.draws++;
    this.stats.lastDrawMs = ms;
    this.stats.maxDrawMs = Math.max(this.stats.maxDrawMs, ms);
    this.stats.totalDrawMs += ms;
    this.stats.points = d.data.index.length + d.acks.index.length + d.sacks.index.length;
    if (this.renderedTimer !== undefined) clearTimeout(this.renderedTimer);
    if (!this.pending && !this.drag) this.renderedTimer = setTimeout(() => this.callbacks.onRendered(), 60);
  }

  private drawGrid(): void {
    const ctx = this.ctx;
    const vp = this.vp;
    const plot = vp.plot;
    const r = vp.range;
    ctx.strokeStyle = this.palette.lane;
    ctx.globalAlpha = 0.22;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const v of niceTicks(r.t0, r.t1, plot.width / 110).values) {
      const x = Math.round(vp.x(v)) + 0.5;
      ctx.moveTo(x, plot.top);
      ctx.lineTo(x, plot.top + plot.height);
    }
    for (const v of niceTicks(r.s0, r.s1, plot.height / 48).values) {
      const y = Math.round(vp.y(v)) + 0.5;
      ctx.moveTo(plot.left, y);
      ctx.lineTo(plot.left + plot.width, y);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  private drawAxes(): void {
    const ctx = this.ctx;
    const p = this.palette;
    const vp = this.vp;
    const plot = vp.plot;
    const r = vp.range;
    ctx.strokeStyle = p.lane;
    ctx.lineWidth = 1;
    ctx.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.width - 1, plot.height - 1);
    ctx.fillStyle = p.dim;
    ctx.font = `11px ${p.font}`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    const tt = niceTicks(r.t0, r.t1, plot.width / 110);
    for (const v of tt.values) ctx.fillText(timeTickLabel(v, tt.step), vp.x(v), plot.top + plot.height + 5);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    const st = niceTicks(r.s0, r.s1, plot.height / 48);
    for (const v of st.values) ctx.fillText(seqTickLabel(v, st.step), plot.left - 6, vp.y(v));
    ctx.textBaseline = 'alphabetic';
  }

  private drawBandLabels(): void {
    const ctx = this.ctx;
    const p = this.palette;
    const vp = this.vp;
    const plot = vp.plot;
    const r = vp.range;
    ctx.font = `bold 11px ${p.font}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    // Selected findings' labels first, so they win the strip when labels collide.
    const order = [...this.bands].sort((a, b) => Number(b.selected) - Number(a.selected) || a.start - b.start);
    const placed: [number, number][] = [];
    for (const b of order) {
      if (b.end < r.t0 || b.start > r.t1) continue;
      const x0 = Math.max(plot.left, vp.x(b.start)) + 3;
      const x1 = Math.min(plot.left + plot.width, vp.x(b.end));
      const w = Math.min(ctx.measureText(b.label).width, Math.max(40, x1 - x0 - 4));
      if (placed.some(([a, z]) => x0 < z && x0 + w > a)) continue;
      placed.push([x0, x0 + w + 6]);
      ctx.fillStyle = p.blue;
      ctx.globalAlpha = b.selected ? 1 : 0.8;
      ctx.fillText(b.label, x0, plot.top - MARGIN.top / 2 - 1, w);
      ctx.globalAlpha = 1;
    }
    ctx.textBaseline = 'alphabetic';
  }

  /** A step line through (time, value): each value holds until the next point's time. */
  private drawSteps(time: number[], value: number[], color: string, width: number): void {
    const n = time.length;
    if (n === 0) return;
    const ctx = this.ctx;
    const vp = this.vp;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    let y = vp.y(value[0]);
    ctx.moveTo(vp.x(time[0]), y);
    for (let k = 1; k < n; k++) {
      const x = vp.x(time[k]);
      ctx.lineTo(x, y);
      y = vp.y(value[k]);
      ctx.lineTo(x, y);
    }
    // The last value holds to the end of what was fetched.
    ctx.lineTo(Math.min(vp.x(this.data?.t1 ?? time[n - 1]), vp.plot.left + vp.plot.width), y);
    ctx.stroke();
  }

  private drawSacks(d: SeriesMessage): void {
    const s = d.sacks;
    if (s.index.length === 0) return;
    const ctx = this.ctx;
    const vp = this.vp;
    ctx.strokeStyle = this.palette.purple;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (let k = 0; k < s.index.length; k++) {
      const x = Math.round(vp.x(s.time[k])) + 0.5;
      const y0 = vp.y(s.seq[k]);
      const y1 = Math.min(y0 - 1, vp.y(s.edge[k]));
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
    }
    ctx.stroke();
  }

  /** Each segment as an I-beam from its first to its last byte; flagged ones on top, marked. */
  private drawData(d: SeriesMessage): void {
    const pts = d.data;
    const n = pts.index.length;
    const ctx = this.ctx;
    const p = this.palette;
    const vp = this.vp;
    const left = vp.plot.left - 8;
    const right = vp.plot.left + vp.plot.width + 8;
    const top = vp.plot.top;
    const bottom = vp.plot.top + vp.plot.height;
    ctx.strokeStyle = p.foreground;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    let inView = 0;
    for (let k = 0; k < n; k++) {
      const x = vp.x(pts.time[k]);
      if (x < left || x > right) continue;
      const y0 = vp.y(pts.seq[k]);
      const y1 = Math.min(y0 - 1.5, vp.y(pts.edge[k]));
      if (y1 <= bottom && y0 >= top) inView++;
      const xs = Math.round(x) + 0.5;
      ctx.moveTo(xs, y0);
      ctx.lineTo(xs, y1);
      if (y0 - y1 >= 5) {
        // Serifs when there is room, as tcptrace draws them.
        ctx.moveTo(xs - 2, y0);
        ctx.lineTo(xs + 2, y0);
        ctx.moveTo(xs - 2, y1);
        ctx.lineTo(xs + 2, y1);
      }
    }
    ctx.stroke();
    this.dataInView = inView;
    for (let k = 0; k < n; k++) {
      const a = pts.analysis[k];
      if (!(a & (RETRANSMISSION | PROBE | OUT_OF_ORDER))) continue;
      const x = vp.x(pts.time[k]);
      if (x < left || x > right) continue;
      const y0 = vp.y(pts.seq[k]);
      const y1 = Math.min(y0 - 1.5, vp.y(pts.edge[k]));
      const color = a & RETRANSMISSION ? p.red : a & PROBE ? p.orange : p.purple;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
      ctx.stroke();
      const ym = (y0 + y1) / 2;
      ctx.beginPath();
      if (a & RETRANSMISSION) {
        // R for retransmission, as tcptrace labels them, beside a dot.
        ctx.arc(x, ym, 3, 0, Math.PI * 2);
        ctx.fill();
        ctx.font = `bold 10px ${p.font}`;
        ctx.textAlign = 'left';
        ctx.fillText('R', x + 4, ym - 3);
      } else {
        ctx.moveTo(x, ym - 4);
        ctx.lineTo(x + 4, ym);
        ctx.lineTo(x, ym + 4);
        ctx.lineTo(x - 4, ym);
        ctx.closePath();
        ctx.fill();
      }
    }
  }

  private drawCursor(d: SeriesMessage): void {
    if (this.cursor < 0) return;
    const ctx = this.ctx;
    const p = this.palette;
    const vp = this.vp;
    const time = Number.isFinite(this.cursorTime) ? this.cursorTime : this.timeOfIndex(this.cursor);
    if (!Number.isFinite(time)) return;
    const x = Math.round(vp.x(time)) + 0.5;
    ctx.strokeStyle = p.focusBorder;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x, vp.plot.top);
    ctx.lineTo(x, vp.plot.top + vp.plot.height);
    ctx.stroke();
    ctx.setLineDash([]);
    for (const pts of [d.data, d.acks]) {
      const k = pts.index.indexOf(this.cursor);
      if (k < 0) continue;
      const y = pts === d.data ? (vp.y(pts.seq[k]) + vp.y(pts.edge[k])) / 2 : vp.y(pts.seq[k]);
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(vp.x(pts.time[k]), y, 6, 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Interaction

  private localPoint(e: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private onWheel(e: WheelEvent): void {
    if (!this.data) return;
    e.preventDefault();
    const [x, y] = this.localPoint(e);
    const delta = e.deltaY !== 0 ? e.deltaY : e.deltaX;
    const f = delta < 0 ? 1 / 1.2 : 1.2;
    // Plain wheel zooms time around the pointer (the sequence axis follows the data); Shift
    // zooms both axes around the pointer, Alt the sequence axis only.
    if (e.shiftKey || e.altKey) this.yAuto = false;
    this.vp.zoomAround(x, y, e.altKey ? 1 : f, e.shiftKey || e.altKey ? f : 1);
    this.viewChanged();
    this.showReadout(x, y);
  }

  private onPointerDown(e: PointerEvent): void {
    if (!this.data || (e.button !== 0 && e.button !== 1)) return;
    const [x, y] = this.localPoint(e);
    this.drag = { kind: e.shiftKey || e.button === 1 ? 'pan' : 'box', x0: x, y0: y, x, y, moved: false };
    this.canvas.setPointerCapture(e.pointerId);
    this.canvas.focus();
    e.preventDefault();
  }

  private onPointerMove(e: PointerEvent): void {
    const [x, y] = this.localPoint(e);
    const g = this.drag;
    if (!g) {
      this.showReadout(x, y);
      return;
    }
    if (Math.abs(x - g.x0) > CLICK_SLOP || Math.abs(y - g.y0) > CLICK_SLOP) g.moved = true;
    if (g.kind === 'pan' && g.moved) {
      this.vp.panPixels(x - g.x, this.yAuto ? 0 : y - g.y);
      this.rangeChosen = true;
    }
    g.x = x;
    g.y = y;
    this.scheduleDraw();
  }

  private onPointerUp(e: PointerEvent): void {
    const g = this.drag;
    this.drag = null;
    if (!g) return;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    const [x, y] = this.localPoint(e);
    if (!g.moved) {
      this.clickAt(x, y);
      this.scheduleDraw();
      return;
    }
    if (g.kind === 'box') this.vp.zoomToBox(g.x0, g.y0, x, y);
    this.yAuto = false;
    this.viewChanged();
  }

  private clickAt(x: number, y: number): void {
    const hit = this.pointAt(x, y);
    if (hit < 0) return;
    this.cursor = hit;
    this.cursorTime = this.timeOfIndex(hit);
    this.callbacks.onSelect(hit);
  }

  /** The packet index of the data point (else ACK) nearest to a pixel, -1 when none is close. */
  pointAt(x: number, y: number): number {
    const d = this.data;
    if (!d) return -1;
    const vp = this.vp;
    let best = -1;
    let bestDist = HIT_RADIUS;
    const pts = d.data;
    for (let k = 0; k < pts.index.length; k++) {
      const dx = Math.abs(vp.x(pts.time[k]) - x);
      if (dx > bestDist) continue;
      const y0 = vp.y(pts.seq[k]);
      const y1 = vp.y(pts.edge[k]);
      const dy = y > y0 ? y - y0 : y < y1 ? y1 - y : 0;
      const dist = Math.hypot(dx, dy);
      if (dist < bestDist) {
        bestDist = dist;
        best = pts.index[k];
      }
    }
    if (best >= 0) return best;
    const acks = d.acks;
    for (let k = 0; k < acks.index.length; k++) {
      const dist = Math.hypot(vp.x(acks.time[k]) - x, vp.y(acks.seq[k]) - y);
      if (dist < bestDist) {
        bestDist = dist;
        best = acks.index[k];
      }
    }
    return best;
  }

  /** Pixel position of packet `index` when it is among the points at hand (for tests and the cursor). */
  pixelOf(index: number): [number, number] | undefined {
    const d = this.data;
    if (!d) return undefined;
    const k = d.data.index.indexOf(index);
    if (k >= 0) return [this.vp.x(d.data.time[k]), (this.vp.y(d.data.seq[k]) + this.vp.y(d.data.edge[k])) / 2];
    const j = d.acks.index.indexOf(index);
    return j >= 0 ? [this.vp.x(d.acks.time[j]), this.vp.y(d.acks.seq[j])] : undefined;
  }

  private showReadout(x: number, y: number): void {
    const plot = this.vp.plot;
    if (!this.data || x < plot.left || x > plot.left + plot.width || y < plot.top || y > plot.top + plot.height) {
      this.readout.textContent = '';
      return;
    }
    const time = this.vp.timeAt(x);
    const seq = this.vp.seqAt(y);
    this.readout.textContent = t('webview.ts.readout', { time: formatSeconds(time), seq: Math.round(seq).toLocaleString('en-US') });
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey || !this.data) return;
    const plot = this.vp.plot;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
        this.vp.panPixels(plot.width / 8, 0);
        break;
      case 'ArrowRight':
        this.vp.panPixels(-plot.width / 8, 0);
        break;
      case 'ArrowUp':
        this.yAuto = false;
        this.vp.panPixels(0, plot.height / 8);
        break;
      case 'ArrowDown':
        this.yAuto = false;
        this.vp.panPixels(0, -plot.height / 8);
        break;
      case '+':
      case '=':
        this.zoomBy(0.8);
        e.preventDefault();
        e.stopPropagation();
        return;
      case '-':
        this.zoomBy(1.25);
        e.preventDefault();
        e.stopPropagation();
        return;
      case '0':
        this.resetZoom();
        e.preventDefault();
        e.stopPropagation();
        return;
      case 'd':
        this.toggleDirection();
        e.preventDefault();
        e.stopPropagation();
        return;
      default:
        handled = false;
    }
    if (!handled) return;
    e.preventDefault();
    e.stopPropagation();
    this.viewChanged();
  }
}

function legendItem(className: string, text: string): HTMLElement {
  return el('span', { className: `ts-key ${className}` }, [el('span', { className: 'ts-swatch', attrs: { 'aria-hidden': 'true' } }), el('span', { text })]);
}
