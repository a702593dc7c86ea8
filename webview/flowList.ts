// The flow list: one row per conversation, sortable by any column, filtered by free text, with
// a badge per finding. Selecting a row draws its ladder.
import type { FindingView, FlowSummaryView } from '../src/protocol';
import { clear, el, icon } from './dom';
import { endpointText, formatBytes, formatCount, formatSeconds } from './format';
import type { SortKey } from './state';
import { stageShort, stateWord } from './tcpText';
import { t } from './i18n';

/** Rendering thousands of rows is cheap; tens of thousands is not worth it for a list to pick from. */
const MAX_ROWS = 2000;

const RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };

interface Column {
  key: SortKey;
  title: string;
  numeric: boolean;
}

const COLUMNS: Column[] = [
  { key: 'label', title: t('webview.col.label'), numeric: false },
  { key: 'client', title: t('webview.col.client'), numeric: false },
  { key: 'server', title: t('webview.col.server'), numeric: false },
  { key: 'proto', title: t('webview.col.proto'), numeric: false },
  { key: 'packets', title: t('webview.col.packets'), numeric: true },
  { key: 'bytes', title: t('webview.col.bytes'), numeric: true },
  { key: 'duration', title: t('webview.col.duration'), numeric: true },
  { key: 'state', title: t('webview.col.state'), numeric: false },
  { key: 'findings', title: t('webview.col.findings'), numeric: false },
];

export interface FlowListCallbacks {
  onSelect(flow: number): void;
  onSortChange(key: SortKey, descending: boolean): void;
  onFilterChange(filter: string): void;
}

function compareBy(key: SortKey): (a: FlowSummaryView, b: FlowSummaryView) => number {
  switch (key) {
    case 'label':
      return (a, b) => a.id - b.id;
    case 'client':
      return (a, b) => a.client.addr.localeCompare(b.client.addr) || a.client.port - b.client.port;
    case 'server':
      return (a, b) => a.server.addr.localeCompare(b.server.addr) || a.server.port - b.server.port;
    case 'proto':
      return (a, b) => a.proto.localeCompare(b.proto);
    case 'packets':
      return (a, b) => a.packets - b.packets;
    case 'bytes':
      return (a, b) => a.bytesToServer + a.bytesToClient - (b.bytesToServer + b.bytesToClient);
    case 'duration':
      return (a, b) => a.end - a.start - (b.end - b.start);
    case 'state':
      return (a, b) => a.state.localeCompare(b.state);
    case 'findings':
      // Flows with confident findings first, then by how many.
      return (a, b) => score(a) - score(b);
  }
}

function score(f: FlowSummaryView): number {
  let s = 0;
  for (const b of f.badges) s += b.confidence === 'high' ? 100 : b.confidence === 'medium' ? 10 : 1;
  return s;
}

function matches(f: FlowSummaryView, findings: FindingView[], needle: string): boolean {
  if (!needle) return true;
  const hay = [
    f.label,
    f.proto,
    f.state,
    endpointText(f.client.addr, f.client.port),
    endpointText(f.server.addr, f.server.port),
    ...f.badges.map((b) => `${b.stage} ${stageShort(b.stage)} ${findings[b.finding]?.title ?? ''}`),
  ]
    .join(' ')
    .toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((t) => hay.includes(t));
}

export class FlowList {
  readonly root: HTMLElement;
  private readonly filterInput: HTMLInputElement;
  private readonly head: HTMLTableSectionElement;
  private readonly body: HTMLTableSectionElement;
  private readonly note: HTMLElement;
  private flows: FlowSummaryView[] = [];
  private findings: FindingView[] = [];
  private selected: number | null = null;
  private sortKey: SortKey = 'findings';
  private descending = true;
  private filter = '';
  /** Rows currently listed, in display order. */
  shown: FlowSummaryView[] = [];

  constructor(private readonly callbacks: FlowListCallbacks) {
    this.filterInput = el('input', { className: 'flow-filter', attrs: { type: 'search', placeholder: t('webview.filterPlaceholder'), 'aria-label': t('webview.filterLabel') } });
    this.filterInput.addEventListener('input', () => {
      this.filter = this.filterInput.value;
      this.callbacks.onFilterChange(this.filter);
      this.renderBody();
    });
    this.head = el('thead');
    this.body = el('tbody');
    this.note = el('div', { className: 'flow-note' });
    const table = el('table', { className: 'flow-table', attrs: { role: 'grid' } }, [this.head, this.body]);
    this.root = el('section', { className: 'flows', attrs: { 'aria-label': 'Flows' } }, [
      el('div', { className: 'flows-toolbar' }, [icon('filter'), this.filterInput]),
      el('div', { className: 'flow-scroll' }, [table]),
      this.note,
    ]);
    this.body.addEventListener('keydown', (e) => this.onKey(e));
  }

  setData(flows: FlowSummaryView[], findings: FindingView[], opts: { sortKey: SortKey; descending: boolean; filter: string; selected: number | null }): void {
    this.flows = flows;
    this.findings = findings;
    this.sortKey = opts.sortKey;
    this.descending = opts.descending;
    this.filter = opts.filter;
    this.filterInput.value = opts.filter;
    this.selected = opts.selected;
    this.renderHead();
    this.renderBody();
  }

  /** The findings came after the flows (their badges are on the flows now): lists the rows again. */
  setFindings(findings: FindingView[]): void {
    this.findings = findings;
    this.renderBody();
  }

  select(flow: number | null): void {
    this.selected = flow;
    for (const tr of Array.from(this.body.rows)) {
      const on = Number(tr.dataset.flow) === flow;
      tr.classList.toggle('selected', on);
      tr.setAttribute('aria-selected', String(on));
    }
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
        this.renderBody();
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

  private renderBody(): void {
    clear(this.body);
    const cmp = compareBy(this.sortKey);
    const list = this.flows.filter((f) => matches(f, this.findings, this.filter));
    list.sort((a, b) => (this.descending ? -cmp(a, b) : cmp(a, b)) || a.id - b.id);
    this.shown = list;
    const shown = list.slice(0, MAX_ROWS);
    for (const f of shown) this.body.appendChild(this.row(f));
    this.note.textContent =
      list.length > MAX_ROWS
        ? t('webview.flowsCapped', { shown: formatCount(MAX_ROWS), total: formatCount(list.length) })
        : list.length === 0 && this.flows.length > 0
          ? t('webview.noFlowMatches')
          : '';
  }

  private row(f: FlowSummaryView): HTMLTableRowElement {
    const tr = el('tr', { attrs: { tabindex: '-1', 'data-flow': String(f.id), 'aria-selected': String(f.id === this.selected) } });
    if (f.id === this.selected) tr.classList.add('selected');
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
    for (const b of f.badges) {
      const g = byStage.get(b.stage) ?? { confidence: 'low', count: 0, titles: [] };
      g.count++;
      if (RANK[b.confidence] > RANK[g.confidence]) g.confidence = b.confidence;
      const finding = this.findings[b.finding];
      if (finding) g.titles.push(`${finding.title} (${b.confidence} confidence)`);
      byStage.set(b.stage, g);
    }
    const stages = [...byStage.entries()].sort((a, b) => RANK[b[1].confidence] - RANK[a[1].confidence]);
    for (const [stage, g] of stages) {
      const text = `${stageShort(stage)}${g.count > 1 ? ` ×${g.count}` : ''}`;
      badges.appendChild(el('span', { className: `badge badge-${g.confidence}`, text, title: g.titles.join('\n') || stage }));
    }
    tr.appendChild(badges);
    tr.addEventListener('click', () => this.callbacks.onSelect(f.id));
    return tr;
  }

  private onKey(e: KeyboardEvent): void {
    const rows = Array.from(this.body.rows);
    const i = rows.indexOf(document.activeElement as HTMLTableRowElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      const next = rows[Math.min(rows.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      next?.focus();
    } else if (e.key === 'Enter' && i >= 0) {
      e.preventDefault();
      e.stopPropagation();
      this.callbacks.onSelect(Number(rows[i].dataset.flow));
    }
  }
}
