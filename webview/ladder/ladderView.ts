// The ladder diagram: client lifeline left, server right, one arrow per segment, time running
// downward. Drawn on a canvas that covers only the viewport; a spacer element gives the native
// scrollbar its length, and rows are fetched from the host in blocks around what is visible.
import { DIR_TO_SERVER, IDLE_FOLD_SECONDS, type FindingView, type FlowSummaryView } from '../../src/protocol';
import { el } from '../dom';
import { endpointText, formatRelTime, formatSeconds } from '../format';
import { analysisLabel, segmentLabel } from '../tcpText';
import { FOLD_HEIGHT, LadderGeometry } from './geometry';
import { readPalette, watchPalette, type Palette } from './palette';
import { BLOCK_SHIFT, BLOCK_SIZE, RowCache, type FetchRows, type RowBlock } from './rowCache';
import { compileQuery } from './search';
import { Mark, segmentStyle, type SegmentStyle } from './segmentStyle';
import { renderTooltip } from './tooltip';
import { MAX_EXPORT_ROWS, ladderSvg, type ExportBand } from './svgExport';
import { t } from '../i18n';
import { oncePerFrame } from '../oncePerFrame';

/** Browsers stop honouring element heights somewhere above 16M px; stay well below. */
const MAX_SPACER = 8_000_000;
const FRAME_RIGHT = 56;
const TIME_RIGHT = 136;
const LEFT_LANE = 176;
const ANALYSIS_WIDTH = 190;

export interface LadderCallbacks {
  fetch: FetchRows;
  onRendered(visible: [number, number]): void;
  onCursor(index: number): void;
  onError(e: unknown): void;
  onStatus(text: string): void;
}

type Band = ExportBand;

/** Gutter bars of unselected findings: at most this many side by side. */
const BAND_SLOTS = 4;

export interface LadderStats {
  frames: number;
  lastDrawMs: number;
  maxDrawMs: number;
  totalDrawMs: number;
  missingRows: number;
  requests: number;
  cachedBlocks: number;
}

export class LadderView {
  readonly root: HTMLElement;
  private readonly wrapper: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly clientLabel: HTMLElement;
  private readonly serverLabel: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly empty: HTMLElement;

  private flow: FlowSummaryView | null = null;
  private cache: RowCache | null = null;
  private geom = new LadderGeometry(0, 1, undefined);
  private bands: Band[] = [];
  private highlighted = new Set<number>();
  private cursor = -1;
  private zoom = 1;
  private palette: Palette;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private readonly scheduleDraw = oncePerFrame(() => this.draw());
  private renderedTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverIndex = -1;
  private visible: [number, number] = [0, -1];
  private readonly style: SegmentStyle = { color: '', width: 1, mark: Mark.None, dashed: false };
  readonly stats: LadderStats = { frames: 0, lastDrawMs: 0, maxDrawMs: 0, totalDrawMs: 0, missingRows: 0, requests: 0, cachedBlocks: 0 };

  constructor(private readonly callbacks: LadderCallbacks) {
    this.clientLabel = el('div', { className: 'lane-label lane-client' });
    this.serverLabel = el('div', { className: 'lane-label lane-server' });
    const header = el('div', { className: 'ladder-header' }, [this.clientLabel, this.serverLabel]);
    this.canvas = el('canvas', { className: 'ladder-canvas' });
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2D context unavailable');
    this.ctx = ctx;
    this.spacer = el('div', { className: 'ladder-spacer' });
    this.scroller = el('div', { className: 'ladder-scroller', attrs: { tabindex: '0', role: 'grid', 'aria-label': t('webview.ladder.aria') } }, [this.spacer]);
    this.tooltip = el('div', { className: 'ladder-tooltip', attrs: { role: 'tooltip' } });
    this.tooltip.hidden = true;
    this.empty = el('div', { className: 'ladder-empty', text: t('webview.ladder.empty') });
    this.wrapper = el('div', { className: 'ladder-body' }, [this.canvas, this.scroller, this.tooltip, this.empty]);
    this.root = el('section', { className: 'ladder', attrs: { 'aria-label': t('webview.ladder.region') } }, [header, this.wrapper]);
    this.palette = readPalette();

    this.scroller.addEventListener('scroll', () => this.scheduleDraw(), { passive: true });
    this.scroller.addEventListener('mousemove', (e) => this.onHover(e));
    this.scroller.addEventListener('mouseleave', () => this.hideTooltip());
    this.scroller.addEventListener('click', (e) => this.onClick(e));
    this.scroller.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey) return;
        e.preventDefault();
        this.setZoom(this.zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15));
      },
      { passive: false },
    );
    new ResizeObserver(() => this.resize()).observe(this.wrapper);
    watchPalette((palette) => {
      this.palette = palette;
      this.scheduleDraw();
    });
  }

  get focusTarget(): HTMLElement {
    return this.scroller;
  }

  get currentFlow(): FlowSummaryView | null {
    return this.flow;
  }

  get cursorIndex(): number {
    return this.cursor;
  }

  get zoomLevel(): number {
    return this.zoom;
  }

  /** First and last packet index on screen. */
  get visibleRange(): [number, number] {
    return this.visible;
  }

  setFlow(flow: FlowSummaryView | null, findings: FindingView[], opts: { topIndex?: number; cursor?: number; zoom?: number } = {}): void {
    this.cache?.dispose();
    this.flow = flow;
    this.highlighted.clear();
    this.hideTooltip();
    if (opts.zoom !== undefined) this.zoom = opts.zoom;
    this.empty.hidden = flow !== null;
    if (!flow) {
      this.cache = null;
      this.geom = new LadderGeometry(0, this.zoom, undefined);
      this.bands = [];
      this.clientLabel.textContent = '';
      this.serverLabel.textContent = '';
      this.layout();
      return;
    }
    this.cache = new RowCache(
      flow.id,
      flow.packets,
      this.callbacks.fetch,
      () => this.scheduleDraw(),
      (e) => this.callbacks.onError(e),
    );
    this.clientLabel.textContent = t('webview.lane.client', { endpoint: endpointText(flow.client.addr, flow.client.port) });
    this.serverLabel.textContent = t('webview.lane.server', { endpoint: endpointText(flow.server.addr, flow.server.port) });
    this.bands = this.bandsOf(flow, findings);
    this.cursor = Math.min(opts.cursor ?? -1, flow.packets - 1);
    this.geom = new LadderGeometry(flow.packets, this.zoom, flow.idleGaps);
    this.layout();
    this.scrollToIndex(opts.topIndex ?? 0, false);
    this.scheduleDraw();
  }

  /** The findings arrived after the flow was shown (the diagnosis ran on): draws their stall bands. */
  setFindings(findings: FindingView[]): void {
    if (!this.flow) return;
    this.bands = this.bandsOf(this.flow, findings);
    this.scheduleDraw();
  }

  private bandsOf(flow: FlowSummaryView, findings: FindingView[]): Band[] {
    const bands: Band[] = [];
    let slot = 0;
    for (const f of findings) {
      if (f.flow !== flow.id) continue;
      for (const p of f.phases)
        bands.push({ label: p.label, fromIndex: p.fromIndex, toIndex: p.toIndex, selected: false, quiet: f.confidence === 'low', slot: slot % BAND_SLOTS });
      slot++;
    }
    return bands;
  }

  /** Highlights the evidence frames of a finding and marks its bands as selected. */
  setHighlight(frames: number[], finding: FindingView | null): void {
    this.highlighted = new Set(frames);
    for (const b of this.bands) b.selected = false;
    if (finding) {
      for (const b of this.bands)
        if (finding.phases.some((p) => p.fromIndex === b.fromIndex && p.toIndex === b.toIndex && p.label === b.label)) b.selected = true;
    }
    this.scheduleDraw();
  }

  get highlightedFrames(): number[] {
    return [...this.highlighted].sort((a, b) => a - b);
  }

  setZoom(zoom: number): void {
    const z = Math.min(3, Math.max(0.5, zoom));
    if (Math.abs(z - this.zoom) < 1e-3) return;
    const anchor = this.cursor >= 0 && this.cursor >= this.visible[0] && this.cursor <= this.visible[1] ? this.cursor : this.visible[0];
    this.zoom = z;
    this.geom = new LadderGeometry(this.flow?.packets ?? 0, z, this.flow?.idleGaps);
    this.layout();
    this.scrollToIndex(anchor, anchor === this.cursor);
    this.scheduleDraw();
  }

  /** Moves the keyboard cursor by delta packets and keeps it on screen. */
  moveCursor(delta: number): void {
    if (!this.flow) return;
    const base = this.cursor < 0 ? this.visible[0] : this.cursor;
    this.setCursor(Math.min(this.flow.packets - 1, Math.max(0, base + delta)));
  }

  setCursor(index: number, center = false): void {
    if (!this.flow || this.flow.packets === 0) return;
    this.cursor = Math.min(this.flow.packets - 1, Math.max(0, index));
    const [first, last] = this.visible;
    if (center || this.cursor <= first || this.cursor >= last) this.scrollToIndex(this.cursor, center || this.cursor < first - 1 || this.cursor > last + 1);
    this.callbacks.onCursor(this.cursor);
    this.scheduleDraw();
  }

  get pageRows(): number {
    return Math.max(1, Math.floor(this.height / this.geom.rowHeight) - 1);
  }

  /** Scrolls so packet `index` is at the top, or in the middle when `center`. */
  scrollToIndex(index: number, center: boolean): void {
    let y = this.geom.rowTop(Math.max(0, index));
    if (center) y -= this.height / 2 - this.geom.rowHeight / 2;
    else y -= this.geom.rowHeight;
    this.scroller.scrollTop = this.contentToScroll(Math.max(0, y));
    this.scheduleDraw();
  }

  /** Finds the packet index of a 1-based frame in the current flow (-1 when absent). */
  async locateFrame(frame: number): Promise<number> {
    const cache = this.cache;
    if (!cache) return -1;
    const blocks = Math.ceil(cache.total / BLOCK_SIZE);
    let lo = 0;
    let hi = blocks - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = await cache.get(mid);
      if (!b || b.count === 0) return -1;
      if (frame < b.cols.frame[0]) hi = mid - 1;
      else if (frame > b.cols.frame[b.count - 1]) lo = mid + 1;
      else {
        const k = b.cols.frame.indexOf(frame);
        return k < 0 ? -1 : b.from + k;
      }
    }
    return -1;
  }

  /** Moves the cursor to the next (or previous) packet matching `query`; resolves to an error text or ''. */
  async search(query: string, backward: boolean): Promise<string> {
    const cache = this.cache;
    if (!cache || !this.flow) return t('webview.search.noFlow');
    const pred = compileQuery(query);
    if (typeof pred === 'string') return pred;
    const step = backward ? -1 : 1;
    let i = (this.cursor < 0 ? this.visible[0] - step : this.cursor) + step;
    let block: RowBlock | undefined;
    while (i >= 0 && i < cache.total) {
      const blockNo = i >> BLOCK_SHIFT;
      if (!block || block.from !== blockNo << BLOCK_SHIFT) block = await cache.get(blockNo);
      if (!block) return t('webview.search.noRows');
      const k = i - block.from;
      if (k >= block.count) break;
      if (pred(block.cols, k)) {
        this.setCursor(i, true);
        return '';
      }
      i += step;
    }
    return t(backward ? 'webview.search.noEarlier' : 'webview.search.noLater', { query });
  }

  /**
   * SVG of what is on screen, or of packets first..last (indices, at most MAX_EXPORT_ROWS), for
   * the host to save. Rows not in the cache are fetched first.
   */
  async exportSvg(range?: [number, number]): Promise<string> {
    const flow = this.flow;
    const cache = this.cache;
    if (!flow || !cache || flow.packets === 0) return '';
    const first = Math.max(0, Math.min(flow.packets - 1, range ? range[0] : this.visible[0]));
    const last = Math.min(flow.packets - 1, first + MAX_EXPORT_ROWS - 1, Math.max(first, range ? range[1] : this.visible[1]));
    const held = new Map<number, RowBlock>();
    for (let b = first >> BLOCK_SHIFT; b <= last >> BLOCK_SHIFT; b++) {
      const block = await cache.get(b);
      if (block) held.set(b, block);
    }
    if (this.cache !== cache) return '';
    return ladderSvg({
      flow,
      geom: this.geom,
      first,
      last,
      width: Math.max(640, this.width),
      lanes: this.lanes(),
      columns: { frameRight: FRAME_RIGHT, timeRight: TIME_RIGHT, analysisWidth: ANALYSIS_WIDTH },
      row: (i) => {
        const block = held.get(i >> BLOCK_SHIFT);
        const k = block ? i - block.from : -1;
        return block && k >= 0 && k < block.count ? { block, k } : undefined;
      },
      bands: this.bands,
      highlighted: this.highlighted,
    });
  }

  /** Frame number of packet `index` when its row is loaded. */
  frameOf(index: number): number | undefined {
    const hit = this.cache?.peek(index);
    return hit ? hit.block.cols.frame[hit.k] : undefined;
  }

  /** Time of packet `index` when its row is loaded. */
  timeOf(index: number): number | undefined {
    const hit = this.cache?.peek(index);
    return hit ? hit.block.cols.time[hit.k] : undefined;
  }

  private lanes(): [number, number] {
    const right = Math.max(LEFT_LANE + 260, this.width - ANALYSIS_WIDTH);
    return [LEFT_LANE, right];
  }

  private resize(): void {
    const rect = this.wrapper.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.width = Math.floor(rect.width);
    this.height = Math.floor(rect.height);
    this.canvas.width = Math.max(1, Math.floor(this.width * this.dpr));
    this.canvas.height = Math.max(1, Math.floor(this.height * this.dpr));
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.layout();
    this.draw();
  }

  private layout(): void {
    const h = Math.min(this.geom.contentHeight, MAX_SPACER);
    this.spacer.style.height = `${Math.ceil(h)}px`;
    const [l, r] = this.lanes();
    this.clientLabel.style.left = `${l}px`;
    this.serverLabel.style.left = `${r}px`;
  }

  private contentToScroll(y: number): number {
    const content = this.geom.contentHeight;
    const spacer = Math.min(content, MAX_SPACER);
    if (content <= MAX_SPACER || spacer <= this.height) return y;
    return (y * (spacer - this.height)) / (content - this.height);
  }

  private scrollToContent(s: number): number {
    const content = this.geom.contentHeight;
    const spacer = Math.min(content, MAX_SPACER);
    if (content <= MAX_SPACER || spacer <= this.height) return s;
    return (s * (content - this.height)) / (spacer - this.height);
  }

  private draw(): void {
    const t0 = performance.now();
    const ctx = this.ctx;
    const p = this.palette;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, this.width, this.height);
    const flow = this.flow;
    const cache = this.cache;
    if (!flow || !cache || flow.packets === 0) {
      this.visible = [0, -1];
      return;
    }
    const g = this.geom;
    const top = this.scrollToContent(this.scroller.scrollTop);
    const bottom = top + this.height;
    const first = g.indexAt(top);
    const last = g.indexAt(bottom);
    this.visible = [first, last];
    const span = last - first + 1;
    cache.ensure(first - span, last + span);

    const [xl, xr] = this.lanes();
    const h = g.rowHeight;
    const showText = h >= 15;
    const fontSize = Math.min(12, Math.max(9, Math.round(h * 0.5)));
    ctx.font = `${fontSize}px ${p.monoFont}`;
    ctx.textBaseline = 'alphabetic';

    // Stall phases go underneath everything: the selected finding's as shaded bands, the
    // others as thin bars in the gutter left of the client lifeline.
    for (const b of this.bands) {
      if (b.toIndex < first || b.fromIndex > last) continue;
      const y0 = g.rowTop(b.fromIndex) - top;
      const y1 = g.rowTop(b.toIndex) + h - top;
      ctx.fillStyle = p.blue;
      if (b.selected) {
        ctx.globalAlpha = 0.13;
        ctx.fillRect(xl - 30, y0, xr - xl + 60, y1 - y0);
        ctx.globalAlpha = 1;
        ctx.fillRect(xl - 30, y0, 3, y1 - y0);
      } else {
        ctx.globalAlpha = b.quiet ? 0.3 : 0.65;
        ctx.fillRect(xl - 30 + b.slot * 5, y0, 3, y1 - y0);
        ctx.globalAlpha = 1;
      }
    }

    // Lifelines.
    ctx.strokeStyle = p.lane;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(xl + 0.5, 0);
    ctx.lineTo(xl + 0.5, this.height);
    ctx.moveTo(xr + 0.5, 0);
    ctx.lineTo(xr + 0.5, this.height);
    ctx.stroke();

    let missing = 0;
    let block: RowBlock | undefined;
    let prevTime = NaN;
    const inlineGaps = !flow.idleGaps;
    for (let i = first; i <= last; i++) {
      const y = g.rowTop(i) - top;
      if (!block || i < block.from || i >= block.from + block.count) block = cache.block(i >> BLOCK_SHIFT);
      if (!block || i - block.from >= block.count) {
        missing++;
        block = undefined;
        if (showText) {
          ctx.fillStyle = p.dim;
          ctx.textAlign = 'right';
          ctx.fillText('…', FRAME_RIGHT, y + h * 0.7);
        }
        prevTime = NaN;
        continue;
      }
      const c = block.cols;
      const k = i - block.from;
      const frame = c.frame[k];
      if (this.highlighted.has(frame)) {
        ctx.fillStyle = p.highlight;
        ctx.fillRect(0, y, this.width, h);
        ctx.strokeStyle = p.highlightBorder;
        ctx.lineWidth = 1;
        ctx.strokeRect(0.5, y + 0.5, this.width - 1, h - 1);
      }
      if (i === this.cursor) {
        ctx.fillStyle = p.selection;
        ctx.fillRect(0, y, this.width, h);
        ctx.strokeStyle = p.focusBorder;
        ctx.lineWidth = 1;
        ctx.strokeRect(0.5, y + 0.5, this.width - 1, h - 1);
      }
      const time = c.time[k];
      if (showText) {
        ctx.textAlign = 'right';
        ctx.fillStyle = p.dim;
        ctx.fillText(String(frame), FRAME_RIGHT, y + h * 0.68);
        ctx.fillText(formatRelTime(time), TIME_RIGHT, y + h * 0.68);
      }
      if (inlineGaps && time - prevTime >= IDLE_FOLD_SECONDS) {
        this.drawGapMarker(y, time - prevTime, fontSize, showText);
      }
      prevTime = time;
      this.drawSegment(c.dir[k] === DIR_TO_SERVER, xl, xr, y, h, c.flags[k], c.analysis[k], c.len[k], fontSize, showText, c.seq[k], c.ack[k], c.win[k]);
    }

    for (const k of g.foldsBetween(top, bottom)) this.drawFold(g.foldTop(k) - top, g.foldSeconds[k], fontSize);
    if (showText) this.drawBandLabels(first, last, top, fontSize);

    const ms = performance.now() - t0;
    this.stats.frames++;
    this.stats.lastDrawMs = ms;
    this.stats.maxDrawMs = Math.max(this.stats.maxDrawMs, ms);
    this.stats.totalDrawMs += ms;
    this.stats.missingRows = missing;
    this.stats.requests = cache.requestsSent;
    this.stats.cachedBlocks = cache.cachedBlocks;
    if (this.renderedTimer !== undefined) clearTimeout(this.renderedTimer);
    if (missing === 0) this.renderedTimer = setTimeout(() => this.callbacks.onRendered(this.visible), 60);
  }

  private drawSegment(
    toServer: boolean,
    xl: number,
    xr: number,
    y: number,
    h: number,
    flags: number,
    analysis: number,
    len: number,
    fontSize: number,
    showText: boolean,
    seq: number,
    ack: number,
    win: number,
  ): void {
    const ctx = this.ctx;
    const s = segmentStyle(flags, analysis, len, this.palette, this.style);
    const xa = toServer ? xl : xr;
    const xb = toServer ? xr : xl;
    const y0 = y + h * 0.58;
    const y1 = y + h * 0.9;
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.setLineDash(s.dashed ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(xa, y0);
    ctx.lineTo(xb, y1);
    ctx.stroke();
    ctx.setLineDash([]);
    // Arrowhead along the segment's direction.
    const dir = toServer ? 1 : -1;
    const head = Math.min(8, h * 0.4);
    ctx.beginPath();
    ctx.moveTo(xb, y1);
    ctx.lineTo(xb - dir * head, y1 - head * 0.45);
    ctx.lineTo(xb - dir * head, y1 + head * 0.25);
    ctx.closePath();
    ctx.fill();
    this.drawMark(s.mark, toServer ? xa + 7 : xa - 7, y0, Math.max(3, h * 0.18));
    if (!showText) return;
    const label = segmentLabel(flags, seq, ack, win, len);
    ctx.textAlign = 'center';
    ctx.fillStyle = s.color === this.palette.dim ? this.palette.dim : this.palette.foreground;
    ctx.fillText(label, (xl + xr) / 2, y + h * 0.5, xr - xl - 20);
    if (analysis !== 0 || flags & 0x004) {
      ctx.textAlign = 'left';
      ctx.fillStyle = s.color;
      const text = analysis !== 0 ? analysisLabel(analysis) : 'Reset';
      ctx.font = `bold ${fontSize}px ${this.palette.font}`;
      ctx.fillText(text, xr + 12, y + h * 0.72, ANALYSIS_WIDTH - 16);
      ctx.font = `${fontSize}px ${this.palette.monoFont}`;
    }
  }

  /** Labels of the selected phases, pinned to the top of the band or of the screen. */
  private drawBandLabels(first: number, last: number, top: number, fontSize: number): void {
    const ctx = this.ctx;
    const p = this.palette;
    // Inside the band, just right of the client lifeline: arrow labels are centred, so the
    // pill rarely covers one, and it never hides the analysis column.
    const [xl, xr] = this.lanes();
    const x = xl + 8;
    const maxW = Math.max(80, (xr - xl) / 2 - 60);
    ctx.font = `bold ${fontSize}px ${p.font}`;
    ctx.textAlign = 'left';
    let stack = 0;
    for (const b of this.bands) {
      if (!b.selected || b.toIndex < first || b.fromIndex > last) continue;
      const bandTop = this.geom.rowTop(b.fromIndex) - top;
      const bandBottom = this.geom.rowTop(b.toIndex) + this.geom.rowHeight - top;
      const y = Math.min(Math.max(bandTop, 0) + stack * (fontSize + 8), bandBottom - fontSize - 6);
      const w = Math.min(maxW, ctx.measureText(b.label).width + 12);
      ctx.fillStyle = p.background;
      ctx.fillRect(x, y + 1, w, fontSize + 6);
      ctx.strokeStyle = p.blue;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 1.5, w - 1, fontSize + 5);
      ctx.fillStyle = p.blue;
      ctx.fillText(b.label, x + 6, y + fontSize + 2, w - 12);
      stack++;
    }
    ctx.font = `${fontSize}px ${p.monoFont}`;
  }

  private drawMark(mark: Mark, x: number, y: number, r: number): void {
    const ctx = this.ctx;
    switch (mark) {
      case Mark.None:
        return;
      case Mark.Cross:
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x - r, y - r);
        ctx.lineTo(x + r, y + r);
        ctx.moveTo(x + r, y - r);
        ctx.lineTo(x - r, y + r);
        ctx.stroke();
        return;
      case Mark.Dot:
        ctx.beginPath();
        ctx.arc(x, y, r, 0, Math.PI * 2);
        ctx.fill();
        return;
      case Mark.Diamond:
        ctx.beginPath();
        ctx.moveTo(x, y - r);
        ctx.lineTo(x + r, y);
        ctx.lineTo(x, y + r);
        ctx.lineTo(x - r, y);
        ctx.closePath();
        ctx.fill();
        return;
      case Mark.Square:
        ctx.fillRect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6);
        return;
    }
  }

  private drawFold(y: number, seconds: number, fontSize: number): void {
    const ctx = this.ctx;
    const p = this.palette;
    const [xl, xr] = this.lanes();
    const mid = y + FOLD_HEIGHT / 2;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, y, this.width, FOLD_HEIGHT);
    ctx.strokeStyle = p.dim;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    ctx.moveTo(8, mid);
    ctx.lineTo(this.width - 8, mid);
    ctx.stroke();
    ctx.setLineDash([]);
    // Break marks on both lifelines: the idle time is folded, not drawn to scale.
    for (const x of [xl, xr]) {
      ctx.beginPath();
      ctx.moveTo(x - 5, mid + 3);
      ctx.lineTo(x + 5, mid - 3);
      ctx.stroke();
    }
    const label = ` ${t('webview.fold', { duration: formatSeconds(seconds) })} `;
    ctx.font = `${fontSize}px ${p.font}`;
    const w = ctx.measureText(label).width;
    const cx = (xl + xr) / 2;
    ctx.fillStyle = p.background;
    ctx.fillRect(cx - w / 2, y + 1, w, FOLD_HEIGHT - 2);
    ctx.fillStyle = p.dim;
    ctx.textAlign = 'center';
    ctx.fillText(label, cx, mid + fontSize * 0.35);
    ctx.font = `${fontSize}px ${p.monoFont}`;
  }

  /** Fallback when the host sends no idle-gap list: a dashed rule above the packet after the gap. */
  private drawGapMarker(y: number, seconds: number, fontSize: number, showText: boolean): void {
    const ctx = this.ctx;
    ctx.strokeStyle = this.palette.dim;
    ctx.setLineDash([2, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, y + 0.5);
    ctx.lineTo(this.width, y + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
    if (!showText) return;
    ctx.fillStyle = this.palette.dim;
    ctx.textAlign = 'left';
    ctx.fillText(`+${formatSeconds(seconds)}`, 4, y + fontSize * 0.9);
  }

  private indexAtEvent(e: MouseEvent): number {
    const rect = this.scroller.getBoundingClientRect();
    const y = this.scrollToContent(this.scroller.scrollTop) + (e.clientY - rect.top);
    return this.geom.indexAt(y);
  }

  private onHover(e: MouseEvent): void {
    if (!this.flow || !this.cache) return;
    const index = this.indexAtEvent(e);
    const hit = this.cache.peek(index);
    if (!hit) {
      this.hideTooltip();
      return;
    }
    if (index !== this.hoverIndex) {
      this.hoverIndex = index;
      renderTooltip(this.tooltip, this.flow, hit.block.cols, hit.k);
    }
    this.tooltip.hidden = false;
    const rect = this.wrapper.getBoundingClientRect();
    const tw = this.tooltip.offsetWidth;
    const th = this.tooltip.offsetHeight;
    let x = e.clientX - rect.left + 16;
    let y = e.clientY - rect.top + 16;
    if (x + tw > rect.width) x = Math.max(0, e.clientX - rect.left - tw - 12);
    if (y + th > rect.height) y = Math.max(0, e.clientY - rect.top - th - 12);
    this.tooltip.style.left = `${x}px`;
    this.tooltip.style.top = `${y}px`;
  }

  private hideTooltip(): void {
    this.hoverIndex = -1;
    this.tooltip.hidden = true;
  }

  private onClick(e: MouseEvent): void {
    if (!this.flow) return;
    this.setCursor(this.indexAtEvent(e));
    this.scroller.focus();
  }
}
