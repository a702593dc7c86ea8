// The webview's entry point: builds the layout, wires the flow list, ladder and findings panel
// to the host channel, and keeps the layout state across hide/show.
import '@vscode/codicons/dist/codicon.css';
import '../media/webview.css';
import type { DiagnosisMessage, FindingBadge, FindingView, FlowBadges, FlowSummaryView, HostToWebview, SummaryMessage, WarningView } from '../src/protocol';
import { flowSummaryAt } from '../src/view/flowTableView';
import { button, clear, el, icon } from './dom';
import { FindingsPanel } from './findings';
import { FlowList } from './flowList';
import { formatBytes, formatCount, formatSeconds } from './format';
import { HostChannel } from './hostChannel';
import { installKeyboard } from './keyboard';
import { LadderView, type LadderStats } from './ladder/ladderView';
import { MAX_EXPORT_ROWS, bytesToBase64, svgToPng } from './ladder/svgExport';
import { StateStore, type ViewMode } from './state';
import { TimeSeqView, type TimeSeqStats } from './timeSeq/timeSeqView';
import { t } from './i18n';

declare global {
  interface Window {
    /** Read by the browser tests: what the ladder drew and how long it took. */
    sockscopeLadderStats?: LadderStats;
    /** Read by the browser tests: the time-sequence graph's timings and where it drew a packet. */
    sockscopeTimeSeq?: { stats: TimeSeqStats; pixelOf(index: number): [number, number] | undefined };
  }
}

const VIEW_ORDER: readonly ViewMode[] = ['ladder', 'timeseq', 'split'];
const VIEW_NAMES: Record<ViewMode, string> = { ladder: t('webview.view.ladder'), timeseq: t('webview.view.timeseq'), split: t('webview.view.split') };
/** Warnings listed in the top bar; the rest are counted (a damaged file can have a thousand). */
const SHOWN_WARNINGS = 200;

class App {
  private readonly channel = new HostChannel();
  private readonly state = new StateStore(this.channel);
  private summary: SummaryMessage | null = null;
  /** The shown flow was picked for the user (the list's first row), not by them. */
  private flowPickedForUser = false;
  /** Each flow's badges, for the flows that have findings. */
  private badges = new Map<number, FindingBadge[]>();
  private readonly flowList: FlowList;
  private readonly ladder: LadderView;
  private readonly findings: FindingsPanel;
  private readonly timeSeq: TimeSeqView;
  private readonly views = el('div', { className: 'ladder-views' });
  private readonly viewTabs = new Map<ViewMode, HTMLButtonElement>();
  private readonly exportFrom = el('input', { className: 'export-frame', attrs: { type: 'number', min: '1', 'aria-label': t('webview.export.first') } });
  private readonly exportTo = el('input', { className: 'export-frame', attrs: { type: 'number', min: '1', 'aria-label': t('webview.export.last') } });
  private readonly exportBar: HTMLElement;
  private readonly title = el('div', { className: 'capture-title' });
  private readonly info = el('div', { className: 'capture-info' });
  private readonly warnings = el('details', { className: 'warnings' });
  private readonly progress = el('div', { className: 'progress', attrs: { role: 'status' } });
  private readonly status = el('span', { className: 'ladder-status', attrs: { role: 'status' } });
  private readonly searchBox: HTMLInputElement;
  private readonly searchBar: HTMLElement;
  private readonly fatal = el('div', { className: 'fatal', attrs: { role: 'alert' } });

  constructor() {
    this.flowList = new FlowList({
      onSelect: (id) => this.selectFlow(id, true),
      onSortChange: (sortKey, sortDescending) => this.state.update({ sortKey, sortDescending }),
      onFilterChange: (filter) => {
        this.state.update({ filter });
        this.reportRendered();
      },
    });
    this.ladder = new LadderView({
      fetch: (flow, from, count) => this.channel.getRows(flow, from, count),
      onRendered: (visible) => {
        this.state.update({ topIndex: visible[0] });
        this.reportRendered();
      },
      onCursor: (cursor) => {
        this.state.update({ cursor });
        this.timeSeq.setCursor(cursor, this.ladder.timeOf(cursor));
      },
      onError: (e) => this.channel.error(e),
      onStatus: (text) => (this.status.textContent = text),
    });
    window.sockscopeLadderStats = this.ladder.stats;
    this.timeSeq = new TimeSeqView({
      fetch: (flow, dir, t0, t1, buckets) => this.channel.getSeries(flow, dir, t0, t1, buckets),
      onSelect: (index) => this.ladder.setCursor(index, true),
      onViewChange: (timeSeqDir, timeSeqRange) => this.state.update({ timeSeqDir, timeSeqRange }),
      onRendered: () => this.reportRendered(),
      onError: (e) => this.channel.error(e),
    });
    window.sockscopeTimeSeq = { stats: this.timeSeq.stats, pixelOf: (i) => this.timeSeq.pixelOf(i) };
    this.findings = new FindingsPanel({
      onSelect: (i) => this.selectFinding(i, true),
      onEvidence: (i, frame) => this.showEvidence(i, frame),
      onOpenSource: (m) => this.channel.post(m),
      onCopyMarkdown: (i) => this.channel.post({ type: 'copyMarkdown', finding: i, flow: this.summary?.findings[i]?.flow }),
      requestExcerpts: (i) => this.loadExcerpts(i),
    });

    this.searchBox = el('input', { className: 'search-input', attrs: { type: 'search', placeholder: t('webview.search.placeholder'), 'aria-label': t('webview.search.label') } });
    this.searchBox.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        void this.runSearch(e.shiftKey);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.closeSearch();
      }
    });
    this.searchBar = el('div', { className: 'search-bar' }, [icon('search'), this.searchBox]);
    this.searchBar.hidden = true;

    const toolbar = el('div', { className: 'ladder-toolbar', attrs: { role: 'toolbar' } }, [
      button('', 'zoom-out', () => this.zoom(0.8), t('webview.tb.zoomOut')),
      button('', 'zoom-in', () => this.zoom(1.25), t('webview.tb.zoomIn')),
      button('', 'search', () => this.openSearch(), t('webview.tb.search')),
      button('', 'arrow-up', () => this.nextFinding(-1), t('webview.tb.prevFinding')),
      button('', 'arrow-down', () => this.nextFinding(1), t('webview.tb.nextFinding')),
      button('', 'export', () => void this.exportSvg(), t('webview.tb.exportSvg')),
      button('', 'file-media', () => void this.exportPng(), t('webview.tb.exportPng')),
      button('', 'list-selection', () => this.toggleExportBar(), t('webview.tb.exportRange')),
      button('', 'copy', () => this.copyFlow(), t('webview.tb.copyFlow')),
      this.viewSwitch(),
      this.searchBar,
      this.status,
    ]);
    toolbar.querySelector(`button[title="${CSS.escape(t('webview.tb.exportSvg'))}"]`)?.setAttribute('aria-keyshortcuts', 'e');
    this.exportFrom.addEventListener('keydown', (e) => this.exportBarKey(e));
    this.exportTo.addEventListener('keydown', (e) => this.exportBarKey(e));
    this.exportBar = el('div', { className: 'export-bar', attrs: { role: 'group', 'aria-label': t('webview.export.group') } }, [
      el('span', { text: t('webview.export.frames') }),
      this.exportFrom,
      el('span', { text: t('webview.export.to') }),
      this.exportTo,
      button('SVG', 'export', () => void this.exportRange('svg'), t('webview.export.rangeSvg', { max: MAX_EXPORT_ROWS })),
      button('PNG', 'file-media', () => void this.exportRange('png'), t('webview.export.rangePng')),
      button('', 'close', () => this.toggleExportBar(), t('webview.export.close')),
    ]);
    this.exportBar.hidden = true;
    this.views.append(this.ladder.root, this.timeSeq.root);
    const ladderArea = el('div', { className: 'ladder-area' }, [toolbar, this.exportBar, this.views]);
    const header = el('header', { className: 'topbar' }, [icon('pulse'), this.title, this.info, this.progress, this.warnings]);
    const grid = el('main', { className: 'grid' }, [this.flowList.root, ladderArea, this.findings.root]);
    this.fatal.hidden = true;
    const app = el('div', { className: 'app' }, [header, this.fatal, grid]);
    document.body.appendChild(app);

    installKeyboard({
      movePacket: (d) => this.ladder.moveCursor(d),
      page: (d) => this.ladder.moveCursor(d * this.ladder.pageRows),
      edge: (end) => this.ladder.setCursor(end ? Number.MAX_SAFE_INTEGER : 0),
      nextFinding: (d) => this.nextFinding(d),
      openSearch: () => this.openSearch(),
      zoom: (f) => this.zoom(f),
      cycleView: () => this.setView(VIEW_ORDER[(VIEW_ORDER.indexOf(this.state.value.view) + 1) % VIEW_ORDER.length], true),
      exportSvg: () => void this.exportSvg(),
      exportPng: () => void this.exportPng(),
      graphDirection: () => {
        if (this.state.value.view !== 'ladder') this.timeSeq.toggleDirection();
      },
    });
    this.setView(this.state.value.view, false);
    window.addEventListener('error', (e) => this.channel.error(e.error ?? e.message));
    window.addEventListener('unhandledrejection', (e) => this.channel.error(e.reason));
    this.channel.onMessage((m) => this.onMessage(m));
    this.channel.ready();
  }

  private onMessage(m: HostToWebview): void {
    switch (m.type) {
      case 'summary':
        this.showSummary(m);
        break;
      case 'diagnosis':
        this.showDiagnosis(m);
        break;
      case 'excerpts':
        this.findings.setExcerpts(m.byFinding);
        break;
      case 'progress':
        // Once the flows are shown, the info line and the findings panel say what is left.
        if (this.summary) break;
        this.progress.textContent = m.total ? `${m.phase} ${Math.round((100 * m.done) / m.total)} %` : `${m.phase}…`;
        break;
      case 'reveal':
        void this.reveal(m.flow, m.frame, m.finding);
        break;
      case 'fatal':
        this.fatal.textContent = m.message;
        this.fatal.hidden = false;
        this.findings.abandon();
        break;
      case 'rows':
      case 'series':
      case 'replyError':
        // Replies arrive through the request channel; a stray one (after a timeout) is ignored.
        break;
    }
  }

  private showSummary(s: SummaryMessage): void {
    this.summary = s;
    this.progress.textContent = '';
    this.badges = badgeMap(s.badges);
    this.title.textContent = s.capture.name;
    this.renderInfo(s);
    this.renderWarnings(s);
    const st = this.state.value;
    this.flowList.setData(s.flows, this.badges, s.findings, { sortKey: st.sortKey, descending: st.sortDescending, filter: st.filter, selected: st.selectedFlow });
    this.findings.setData(s.findings, s.diagnosing === true);
    const restored = st.selectedFlow !== null && this.flowView(st.selectedFlow) ? st.selectedFlow : this.flowList.firstShown();
    this.flowPickedForUser = restored !== null && restored !== st.selectedFlow;
    if (restored !== null) {
      const keep = restored === st.selectedFlow;
      this.selectFlow(restored, false, keep ? { topIndex: st.topIndex, cursor: st.cursor, zoom: st.zoom } : { zoom: st.zoom });
      if (keep && st.selectedFinding !== null && s.findings[st.selectedFinding]?.flow === restored) this.selectFinding(st.selectedFinding, false);
    } else {
      this.ladder.setFlow(null, []);
    }
    this.reportRendered();
  }

  /**
   * The findings of a summary that came while diagnosing: badges in the flow list, the findings
   * panel, the stall bands of the shown flow. A flow the user has not chosen yet gives way to the
   * list's new first row (the flows with findings sort first), as if the summary had been whole.
   */
  private showDiagnosis(m: DiagnosisMessage): void {
    const s = this.summary;
    if (!s) return;
    this.badges = badgeMap(m.badges);
    s.badges = m.badges;
    s.findings = m.findings;
    s.diagnosing = false;
    this.renderInfo(s);
    this.flowList.setFindings(this.badges, m.findings);
    this.findings.setDiagnosis(m.findings, m.failed);
    this.ladder.setFindings(m.findings);
    this.timeSeq.setFindings(m.findings);
    const first = this.flowList.firstShown();
    if (this.flowPickedForUser && first !== null && first !== this.ladder.currentFlow?.id) this.selectFlow(first, false, { zoom: this.state.value.zoom });
    else if (this.ladder.currentFlow) this.findings.setFlow(this.ladder.currentFlow.id);
    this.reportRendered();
  }

  /** One flow as the ladder and the graph take it, with its badges; undefined for an unknown id. */
  private flowView(id: number): FlowSummaryView | undefined {
    return this.summary ? flowSummaryAt(this.summary.flows, id, this.badges.get(id)) : undefined;
  }

  private renderInfo(s: SummaryMessage): void {
    const c = s.capture;
    const figures = { format: c.format, packets: formatCount(c.packets), bytes: formatBytes(c.bytes), duration: formatSeconds(c.duration), flows: formatCount(s.flows.count), findings: formatCount(s.findings.length) };
    this.info.textContent = t(s.diagnosing ? 'webview.infoDiagnosing' : 'webview.info', figures) + (c.dateKnown ? '' : t('webview.info.undated'));
  }

  private renderWarnings(s: SummaryMessage): void {
    clear(this.warnings);
    const all = s.warnings;
    this.warnings.hidden = all.length === 0;
    if (!all.length) return;
    const where = (w: WarningView): string =>
      w.offset !== undefined
        ? t('webview.warnings.byte', { offset: String(w.offset) })
        : w.line !== undefined
          ? t('webview.warnings.line', { line: String(w.line) })
          : w.frame !== undefined
            ? t('webview.warnings.frame', { frame: String(w.frame) })
            : '';
    const item = (w: WarningView): HTMLElement => {
      const at = where(w);
      return el('li', { className: w.endsReading ? 'ends-reading' : '', text: at ? `${at}: ${w.message}` : w.message });
    };
    // The warning that stopped reading (damage, the row limit) is named in the bar and listed
    // first: it says why the rest of the file is missing, wherever it falls among a thousand.
    const ending = all.find((w) => w.endsReading);
    const others = ending ? all.filter((w) => w !== ending) : all;
    const count = t(all.length === 1 ? 'webview.warnings.one' : 'webview.warnings.many', { count: formatCount(all.length) });
    const stopped = ending ? ` · ${t('webview.warnings.stopped', { where: where(ending) })}` : '';
    this.warnings.appendChild(el('summary', {}, [icon('warning'), el('span', { text: ` ${count}${stopped}` })]));
    const list = el('ul');
    if (ending) list.appendChild(item(ending));
    const room = SHOWN_WARNINGS - (ending ? 1 : 0);
    for (const w of others.slice(0, room)) list.appendChild(item(w));
    if (others.length > room) list.appendChild(el('li', { className: 'more', text: t('webview.warnings.more', { count: formatCount(others.length - room) }) }));
    this.warnings.appendChild(list);
  }

  private selectFlow(id: number, fromUser: boolean, opts: { topIndex?: number; cursor?: number; zoom?: number } = {}): void {
    const flow = this.flowView(id);
    if (!flow || !this.summary) return;
    if (fromUser) this.flowPickedForUser = false;
    const changed = this.ladder.currentFlow?.id !== id;
    if (changed || !fromUser) {
      this.ladder.setFlow(flow, this.summary.findings, { zoom: this.ladder.zoomLevel, ...opts });
      // A flow chosen by the user starts the graph afresh; a restored one keeps its direction and zoom.
      const st = this.state.value;
      const keepGraph = !fromUser && st.selectedFlow === id;
      this.timeSeq.setFlow(flow, this.summary.findings, keepGraph ? { dir: st.timeSeqDir, range: st.timeSeqRange } : {});
      if (!keepGraph) this.state.update({ timeSeqDir: null, timeSeqRange: null });
    }
    this.flowList.select(id);
    this.findings.setFlow(id);
    const keepFinding = this.state.value.selectedFinding !== null && this.summary.findings[this.state.value.selectedFinding]?.flow === id && !fromUser;
    if (!keepFinding) {
      this.findings.select(null);
      this.ladder.setHighlight([], null);
      this.timeSeq.setHighlight(null);
    }
    this.state.update({ selectedFlow: id, ...(keepFinding ? {} : { selectedFinding: null }), ...(fromUser && changed ? { topIndex: 0, cursor: -1 } : {}) });
    this.reportRendered();
  }

  private selectFinding(index: number, scroll: boolean): void {
    const f = this.summary?.findings[index];
    if (!f) return;
    if (this.ladder.currentFlow?.id !== f.flow) this.selectFlow(f.flow, true);
    this.findings.select(index);
    this.ladder.setHighlight(f.frames, f);
    this.timeSeq.setHighlight(f);
    if (scroll && f.frameIndex.length) this.ladder.setCursor(f.frameIndex[0], true);
    this.state.update({ selectedFinding: index });
    this.reportRendered();
  }

  private showEvidence(index: number, frame: number): void {
    const f = this.summary?.findings[index];
    if (!f) return;
    if (this.state.value.selectedFinding !== index) this.selectFinding(index, false);
    const j = f.frames.indexOf(frame);
    if (j >= 0 && f.frameIndex[j] >= 0) this.ladder.setCursor(f.frameIndex[j], true);
    else void this.ladder.locateFrame(frame).then((i) => i >= 0 && this.ladder.setCursor(i, true));
  }

  private nextFinding(direction: 1 | -1): void {
    const s = this.summary;
    if (!s || s.findings.length === 0) return;
    const order: FindingView[] = [...s.findings].sort((a, b) => a.flow - b.flow || a.start - b.start || a.index - b.index);
    const cur = this.state.value.selectedFinding;
    let pos = cur === null ? -1 : order.findIndex((f) => f.index === cur);
    if (pos < 0 && direction < 0) pos = order.length;
    const next = order[(pos + direction + order.length) % order.length];
    this.selectFinding(next.index, true);
  }

  private async reveal(flow?: number, frame?: number, finding?: number): Promise<void> {
    if (finding !== undefined) {
      this.selectFinding(finding, true);
      return;
    }
    if (flow !== undefined) this.selectFlow(flow, true);
    if (frame !== undefined) {
      const i = await this.ladder.locateFrame(frame);
      if (i >= 0) this.ladder.setCursor(i, true);
      else this.status.textContent = t('webview.status.notInFlow', { frame });
    }
  }

  private loadExcerpts(index: number): void {
    this.channel.getExcerpts([index]).then(
      (reply) => this.findings.setExcerpts(reply.byFinding),
      (e: unknown) => this.findings.excerptFailed(index, e instanceof Error ? e.message : String(e)),
    );
  }

  private openSearch(): void {
    this.searchBar.hidden = false;
    this.searchBox.focus();
    this.searchBox.select();
  }

  private closeSearch(): void {
    this.searchBar.hidden = true;
    this.ladder.focusTarget.focus();
  }

  private async runSearch(backward: boolean): Promise<void> {
    const q = this.searchBox.value;
    this.status.textContent = t('webview.status.searching');
    const err = await this.ladder.search(q, backward);
    this.status.textContent = err;
  }

  private zoom(factor: number | null): void {
    this.ladder.setZoom(factor === null ? 1 : this.ladder.zoomLevel * factor);
    this.state.update({ zoom: this.ladder.zoomLevel });
  }

  /** The ladder tab, the time-sequence tab, or both stacked; kept through setState. */
  private viewSwitch(): HTMLElement {
    const list = el('div', { className: 'view-switch', attrs: { role: 'tablist', 'aria-label': t('webview.view.list') } });
    for (const mode of VIEW_ORDER) {
      const tab = el('button', { className: 'view-tab', text: VIEW_NAMES[mode], title: t('webview.view.tabTitle', { name: VIEW_NAMES[mode] }), attrs: { role: 'tab', 'data-view': mode } });
      tab.type = 'button';
      tab.addEventListener('click', () => this.setView(mode, true));
      tab.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        e.preventDefault();
        e.stopPropagation();
        const next = VIEW_ORDER[(VIEW_ORDER.indexOf(mode) + (e.key === 'ArrowRight' ? 1 : VIEW_ORDER.length - 1)) % VIEW_ORDER.length];
        this.setView(next, true);
        this.viewTabs.get(next)?.focus();
      });
      this.viewTabs.set(mode, tab);
      list.appendChild(tab);
    }
    return list;
  }

  private setView(mode: ViewMode, fromUser: boolean): void {
    this.views.dataset.view = mode;
    for (const [m, tab] of this.viewTabs) {
      tab.setAttribute('aria-selected', String(m === mode));
      tab.tabIndex = m === mode ? 0 : -1;
    }
    this.ladder.root.hidden = mode === 'timeseq';
    this.timeSeq.root.hidden = mode === 'ladder';
    this.timeSeq.setShown(mode !== 'ladder');
    if (fromUser) {
      this.state.update({ view: mode });
      if (mode === 'timeseq') this.timeSeq.focusTarget.focus();
      this.reportRendered();
    }
  }

  private async exportSvg(range?: [number, number]): Promise<void> {
    const flow = this.ladder.currentFlow;
    const svg = await this.ladder.exportSvg(range);
    if (!flow || !svg) return;
    this.channel.post({ type: 'exportSvg', svg, name: `${flow.label}-ladder.svg` });
  }

  private async exportPng(range?: [number, number]): Promise<void> {
    const flow = this.ladder.currentFlow;
    const svg = await this.ladder.exportSvg(range);
    if (!flow || !svg) return;
    this.status.textContent = t('webview.status.renderingPng');
    try {
      const png = await svgToPng(svg);
      this.channel.post({ type: 'exportPng', base64: bytesToBase64(png), name: `${flow.label}-ladder.png` });
      this.status.textContent = '';
    } catch (e) {
      this.status.textContent = t('webview.status.pngFailed', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  private toggleExportBar(): void {
    this.exportBar.hidden = !this.exportBar.hidden;
    if (this.exportBar.hidden) {
      this.ladder.focusTarget.focus();
      return;
    }
    const [first, last] = this.ladder.visibleRange;
    const firstFrame = this.ladder.frameOf(first);
    const lastFrame = this.ladder.frameOf(last);
    if (firstFrame !== undefined) this.exportFrom.value = String(firstFrame);
    if (lastFrame !== undefined) this.exportTo.value = String(lastFrame);
    this.exportFrom.focus();
    this.exportFrom.select();
  }

  private exportBarKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.toggleExportBar();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void this.exportRange(e.shiftKey ? 'png' : 'svg');
    }
  }

  /** Exports the frames typed in the export bar (nearest packets of this flow when a frame is not in it). */
  private async exportRange(kind: 'svg' | 'png'): Promise<void> {
    const from = Number(this.exportFrom.value);
    const to = Number(this.exportTo.value);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from) {
      this.status.textContent = t('webview.status.badRange');
      return;
    }
    const [a, b] = await Promise.all([this.ladder.locateFrame(from), this.ladder.locateFrame(to)]);
    if (a < 0 || b < 0) {
      this.status.textContent = t('webview.status.notInFlow', { frame: a < 0 ? from : to });
      return;
    }
    if (b - a + 1 > MAX_EXPORT_ROWS) this.status.textContent = t('webview.status.exportCut', { max: MAX_EXPORT_ROWS, count: b - a + 1 });
    if (kind === 'svg') await this.exportSvg([a, b]);
    else await this.exportPng([a, b]);
  }

  private copyFlow(): void {
    const flow = this.ladder.currentFlow;
    if (flow) this.channel.post({ type: 'copyMarkdown', flow: flow.id });
  }

  private reportRendered(): void {
    if (!this.summary) return;
    const v = this.ladder.visibleRange;
    this.channel.post({
      type: 'rendered',
      flows: this.flowList.shownCount,
      findings: this.findings.count,
      selectedFlow: this.ladder.currentFlow?.id,
      visible: v[1] >= v[0] ? [v[0], v[1]] : undefined,
      highlighted: this.ladder.highlightedFrames,
      view: this.state.value.view,
      timeSeq: this.state.value.view === 'ladder' ? undefined : this.timeSeq.rendered,
      ...(this.summary.diagnosing ? { diagnosing: true } : {}),
    });
  }
}

function badgeMap(list: readonly FlowBadges[]): Map<number, FindingBadge[]> {
  return new Map(list.map((b) => [b.flow, b.badges]));
}

new App();
