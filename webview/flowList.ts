// The flow list: one row per conversation, sortable by any column, filtered by free text, with
// a badge per finding. Selecting a row draws its ladder. Only the rows on screen exist in the
// DOM: a capture can hold a million flows, and the list scrolls through all of them.
import type { FindingView, FlowTableView } from '../src/protocol';
import { flowSummaryAt } from '../src/view/flowTableView';
import { clear, el, icon } from './dom';
import { FlowOrder, type BadgesByFlow } from './flowOrder';
import { endpointText, formatBytes, formatCount, formatSeconds } from './format';
import type { SortKey } from './state';
import { stageShort, stateWord } from './tcpText';
import { t } from './i18n';
import { oncePerFrame } from './oncePerFrame';

const RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };

/**
 * Tallest the scrolled content is made. Chromium stops laying out past about 33.5 million pixels;
 * beyond this height the scroll position maps onto the rows proportionally.
 */
const MAX_CONTENT_PX = 8_000_000;

/** Lists of fewer flows are filtered at every keystroke; longer ones when typing pauses this long. */
const FILTER_AT_ONCE_BELOW = 50_000;
const FILTER_PAUSE_MS = 200;

interface Column {
  key: SortKey;
  title: string;
  numeric: boolean;
  /**
   * Width in `ch`, fixed so the columns stay put while rows scroll by. A wider list shares the
   * extra room among them; a narrower one scrolls sideways, so the findings never get squeezed out.
   */
  width: number;
}

const COLUMNS: Column[] = [
  { key: 'label', title: t('webview.col.label'), numeric: false, width: 6 },
  { key: 'client', title: t('webview.col.client'), numeric: false, width: 18 },
  { key: 'server', title: t('webview.col.server'), numeric: false, width: 18 },
  { key: 'proto', title: t('webview.col.proto'), numeric: false, width: 6 },
  { key: 'packets', title: t('webview.col.packets'), numeric: true, width: 13 },
  { key: 'bytes', title: t('webview.col.bytes'), numeric: true, width: 16 },
  { key: 'duration', title: t('webview.col.duration'), numeric: true, width: 9 },
  { key: 'state', title: t('webview.col.state'), numeric: false, width: 8 },
  { key: 'findings', title: t('webview.col.findings'), numeric: false, width: 34 },
];

export interface FlowListCallbacks {
  onSelect(flow: number): void;
  onSortChange(key: SortKey, descending: boolean): void;
  /** The list shows the flows matching `filter` now. */
  onFilterChange(filter: string): void;
}

export class FlowList {
  readonly root: HTMLElement;
  private readonly filterInput: HTMLInputElement;
  private readonly scroller: HTMLElement;
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;
  private readonly table: HTMLTableElement;
  private readonly note: HTMLElement;
  private flows: FlowOrder | undefined;
  private selected: number | null = null;
  private sortKey: SortKey = 'findings';
  private descending = true;
  private filter = '';
  /** Flow ids listed (after the filter), in display order. */
  private order: Uint32Array = new Uint32Array(0);
  /** Position in `order` of the row the keyboard is on. */
  private cursor = 0;
  /** Height of one row in CSS pixels, measured from the first row drawn. */
  private rowHeight = 0;
  private readonly scheduleDraw = oncePerFrame(() => this.draw());
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly callbacks: FlowListCallbacks) {
    this.filterInput = el('input', { className: 'flow-filter', attrs: { type: 'search', placeholder: t('webview.filterPlaceholder'), 'aria-label': t('webview.filterLabel') } });
    this.filterInput.addEventListener('input', () => {
      this.filter = this.filterInput.value;
      const apply = (): void => {
        this.relist();
        this.callbacks.onFilterChange(this.filter);
      };
      // A long list is filtered once typing pauses: each pass reads every flow (0.2–0.6 s for 300,000).
      clearTimeout(this.filterTimer);
      if ((this.flows?.table.count ?? 0) < FILTER_AT_ONCE_BELOW) apply();
      else this.filterTimer = setTimeout(apply, FILTER_PAUSE_MS);
    });
    this.head = el('thead');
    this.body = el('tbody');
    this.note = el('div', { className: 'flow-note', attrs: { role: 'status' } });
    const cols = el(
      'colgroup',
      {},
      COLUMNS.map((c) => {
        const col = el('col');
        // Through the CSSOM: the page's policy refuses style attributes.
        col.style.width = `${c.width}ch`;
        return col;
      }),
    );
    this.table = el('table', { className: 'flow-table', attrs: { role: 'grid' } }, [cols, this.head, this.body]);
    this.scroller = el('div', { className: 'flow-scroll', attrs: { tabindex: '-1' } }, [this.table]);
    this.root = el('section', { className: 'flows', attrs: { 'aria-label': 'Flows' } }, [
      el('div', { className: 'flows-toolbar' }, [icon('filter'), this.filterInput]),
      this.scroller,
      this.note,
    ]);
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('scroll', () => this.scheduleDraw());
    this.body.addEventListener('click', (e) => {
      const row = e.target instanceof Element ? e.target.closest('tr[data-flow]') : null;
      if (row instanceof HTMLElement) this.pick(Number(row.dataset.pos), false);
    });
    new ResizeObserver(() => this.scheduleDraw()).observe(this.scroller);
  }

  /** Rows listed after the filter. */
  get shownCount(): number {
    return this.order.length;
  }

  /** The flow on the list's first row, null when nothing is listed. */
  firstShown(): number | null {
    return this.order.length > 0 ? this.order[0] : null;
  }

  setData(
    flows: FlowTableView,
    badges: BadgesByFlow,
    findings: FindingView[],
    opts: { sortKey: SortKey; descending: boolean; filter: string; selected: number | null },
  ): void {
    this.flows = new FlowOrder(flows, badges, findings);
    this.sortKey = opts.sortKey;
    this.descending = opts.descending;
    this.filter = opts.filter;
    this.filterInput.value = opts.filter;
    this.selected = opts.selected;
    this.renderHead();
    this.relist();
  }

  /** The findings came after the flows (their badges are on the flows now): lists the rows again. */
  setFindings(badges: BadgesByFlow, findings: FindingView[]): void {
    this.flows?.setFindings(badges, findings);
    this.relist();
  }

  /** Marks `flow` selected and scrolls its row into view when it is listed. */
  select(flow: number | null): void {
    this.selected = flow;
    const pos = flow === null ? -1 : this.order.indexOf(flow);
    if (pos >= 0) {
      this.cursor = pos;
      this.scrollToPosition(pos);
    }
    this.draw();
  }

  private renderHead(): void {
    clear(this.head);
    const tr = el('tr');
    for (const col of COLUMNS) {
      const th = el('th', { className: col.numeric ? 'num' : '', attrs: { scope: 'col', tabindex: '0' } });
      th.appendChild(el('span', { text: col.title }));
      if (col.key === this.sortKey) {
        th.appendChild(icon(this.descending ? 'arrow-down' : 'arrow-up'));
        th.setAttribute('aria-sort', this.descending ? 'descending' : 'ascending');
      }
      const sort = (): void => {
        if (this.sortKey === col.key) this.descending = !this.descending;
        else {
          this.sortKey = col.key;
          this.descending = col.numeric || col.key === 'findings';
        }
        this.callbacks.onSortChange(this.sortKey, this.descending);
        this.renderHead();
        this.relist();
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          sort();
        }
      });
      tr.appendChild(th);
    }
    this.head.appendChild(tr);
  }

  /** Filters and sorts again, keeping the selected row in view. */
  private relist(): void {
    const flows = this.flows;
    this.order = flows ? flows.order(this.filter, this.sortKey, this.descending) : new Uint32Array(0);
    const total = flows?.table.count ?? 0;
    // The header row and every listed row, most of which are not in the DOM.
    this.table.setAttribute('aria-rowcount', String(this.order.length + 1));
    this.note.textContent =
      this.order.length === 0 && total > 0
        ? t('webview.noFlowMatches')
        : this.order.length < total
          ? t('webview.flowsMatching', { shown: formatCount(this.order.length), total: formatCount(total) })
          : '';
    const pos = this.selected === null ? -1 : this.order.indexOf(this.selected);
    this.cursor = Math.max(0, pos);
    if (pos >= 0) this.scrollToPosition(pos);
    else this.scroller.scrollTop = 0;
    this.draw();
  }

  /**
   * The list's scroll geometry, read once per use: row height, rows that fit under the header,
   * the height the rows scroll through (all rows, or MAX_CONTENT_PX), how far the scroll position
   * can go, and the last row position that can be at the top.
   */
  private geometry(): { h: number; pageRows: number; content: number; room: number; lastTop: number } {
    const h = this.rowHeight || 20;
    const view = this.scroller.clientHeight - this.head.getBoundingClientRect().height;
    const content = Math.min(this.order.length * h, MAX_CONTENT_PX);
    return {
      h,
      pageRows: Math.max(1, Math.floor(view / h)),
      content,
      room: content - view,
      lastTop: Math.max(0, this.order.length - view / h),
    };
  }

  /** Row position shown at the top for a scroll offset, with the fraction of a row scrolled past. */
  private positionAt(scrollTop: number, g = this.geometry()): number {
    return g.room <= 0 ? 0 : (Math.min(scrollTop, g.room) / g.room) * g.lastTop;
  }

  /** Scrolls so the row at `pos` is on screen (not moving when it already is). */
  private scrollToPosition(pos: number): void {
    const g = this.geometry();
    const top = this.positionAt(this.scroller.scrollTop, g);
    if (pos >= Math.ceil(top) && pos < Math.floor(top) + g.pageRows) return;
    const wantTop = pos < top ? pos : pos - g.pageRows + 1;
    this.scroller.scrollTop = g.lastTop > 0 ? (Math.max(0, wantTop) / g.lastTop) * g.room : 0;
  }

  /**
   * Draws the rows on screen between two spacer rows that stand for the rest. Everything is
   * measured before the rows are swapped, and swapped in one step: with the rows gone for a
   * moment the content would be short, and the browser would pull the scroll position back.
   */
  private draw(): void {
    const hadFocus = this.scroller.contains(document.activeElement) && document.activeElement !== this.scroller;
    const rows = this.order.length;
    if (rows === 0) {
      clear(this.body);
      return;
    }
    const g = this.geometry();
    const scrollTop = this.scroller.scrollTop;
    const exact = this.positionAt(scrollTop, g);
    const first = Math.min(rows - 1, Math.floor(exact));
    const count = Math.min(rows - first, g.pageRows + 2);
    const above = Math.max(0, scrollTop - (exact - first) * g.h);
    const below = Math.max(0, g.content - above - count * g.h);
    const drawn: HTMLTableRowElement[] = [];
    let focusRow: HTMLTableRowElement | undefined;
    for (let k = 0; k < count; k++) {
      const pos = first + k;
      const tr = this.row(this.flows!.table, this.order[pos], pos);
      if (pos === this.cursor) focusRow = tr;
      drawn.push(tr);
    }
    this.body.replaceChildren(this.spacer(above), ...drawn, this.spacer(below));
    if (hadFocus) (focusRow ?? this.scroller).focus({ preventScroll: true });
    if (!this.rowHeight) {
      const measured = drawn[0].getBoundingClientRect().height;
      if (measured > 0) {
        this.rowHeight = measured;
        // Now the spacers and the number of rows on screen follow the real height.
        this.draw();
      }
    }
  }

  private spacer(height: number): HTMLTableRowElement {
    const td = el('td', { attrs: { colspan: String(COLUMNS.length) } });
    td.style.height = `${height}px`;
    return el('tr', { className: 'spacer', attrs: { 'aria-hidden': 'true' } }, [td]);
  }

  private row(table: FlowTableView, id: number, pos: number): HTMLTableRowElement {
    const f = flowSummaryAt(table, id)!;
    const isSelected = id === this.selected;
    const tr = el('tr', {
      className: isSelected ? 'flow-row selected' : 'flow-row',
      attrs: { tabindex: '-1', 'data-flow': String(id), 'data-pos': String(pos), 'aria-selected': String(isSelected), 'aria-rowindex': String(pos + 2) },
    });
    const cells: [string, string][] = [
      [f.label, ''],
      [endpointText(f.client.addr, f.client.port), 'endpoint'],
      [endpointText(f.server.addr, f.server.port), 'endpoint'],
      [f.proto.toUpperCase(), ''],
      [`${formatCount(f.packetsToServer)} / ${formatCount(f.packetsToClient)}`, 'num'],
      [`${formatBytes(f.bytesToServer)} / ${formatBytes(f.bytesToClient)}`, 'num'],
      [formatSeconds(f.end - f.start), 'num'],
      [f.proto === 'udp' ? '–' : stateWord(f.state), `state state-${f.state}`],
    ];
    for (const [text, cls] of cells) tr.appendChild(el('td', { text, className: cls, title: text }));
    const badges = el('td', { className: 'badges' });
    // One badge per stage, in the strongest confidence any of its findings has.
    const byStage = new Map<string, { confidence: string; count: number; titles: string[] }>();
    const flows = this.flows!;
    for (const b of flows.badgesOf(id)) {
      const g = byStage.get(b.stage) ?? { confidence: 'low', count: 0, titles: [] };
      g.count++;
      if (RANK[b.confidence] > RANK[g.confidence]) g.confidence = b.confidence;
      const finding = flows.findingAt(b.finding);
      if (finding) g.titles.push(`${finding.title} (${b.confidence} confidence)`);
      byStage.set(b.stage, g);
    }
    const stages = [...byStage.entries()].sort((a, b) => RANK[b[1].confidence] - RANK[a[1].confidence]);
    for (const [stage, g] of stages) {
      const text = `${stageShort(stage)}${g.count > 1 ? ` ×${g.count}` : ''}`;
      badges.appendChild(el('span', { className: `badge badge-${g.confidence}`, text, title: g.titles.join('\n') || stage }));
    }
    tr.appendChild(badges);
    return tr;
  }

  /** Puts the keyboard on the row at `pos` (`moveFocus`), or selects its flow (a click). */
  private pick(pos: number, moveFocus: boolean): void {
    if (this.order.length === 0) return;
    this.cursor = Math.min(this.order.length - 1, Math.max(0, pos));
    this.scrollToPosition(this.cursor);
    if (moveFocus) {
      this.draw();
      const row = this.body.querySelector(`tr[data-pos="${this.cursor}"]`);
      if (row instanceof HTMLElement) row.focus({ preventScroll: true });
    } else this.callbacks.onSelect(this.order[this.cursor]);
  }

  private onKey(e: KeyboardEvent): void {
    if (this.order.length === 0) return;
    const onRow = e.target instanceof HTMLElement && e.target.closest('tbody') !== null;
    const page = this.geometry().pageRows;
    let to: number;
    switch (e.key) {
      case 'ArrowDown':
        to = this.cursor + (onRow ? 1 : 0);
        break;
      case 'ArrowUp':
        to = this.cursor - (onRow ? 1 : 0);
        break;
      case 'PageDown':
        to = this.cursor + page;
        break;
      case 'PageUp':
        to = this.cursor - page;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = this.order.length - 1;
        break;
      case 'Enter':
        if (!onRow) return;
        e.preventDefault();
        e.stopPropagation();
        this.callbacks.onSelect(this.order[this.cursor]);
        return;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    this.pick(to, true);
  }
}
