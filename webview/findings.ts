// The findings panel: what stalled, when, on which side, how sure we are, the evidence frames
// (click → the ladder scrolls there) and the kernel code involved.
import type { ExcerptSetView, FindingView, OpenKernelSourceMessage } from '../src/protocol';
import { button, clear, el, icon } from './dom';
import { renderExcerptSet } from './excerptView';
import { formatSeconds } from './format';
import { t } from './i18n';

/** Evidence chips shown before "+N more": enough to click through, few enough to read. */
const EVIDENCE_CHIPS = 24;

const CONFIDENCE_TEXT: Record<string, string> = {
  high: t('webview.confidence.high'),
  medium: t('webview.confidence.medium'),
  low: t('webview.confidence.low'),
};

export interface FindingsCallbacks {
  onSelect(index: number): void;
  onEvidence(index: number, frame: number): void;
  onOpenSource(msg: OpenKernelSourceMessage): void;
  onCopyMarkdown(index: number): void;
  requestExcerpts(index: number): void;
}

export class FindingsPanel {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly heading: HTMLElement;
  private findings: FindingView[] = [];
  private readonly excerpts = new Map<number, ExcerptSetView>();
  private readonly kernelBoxes = new Map<number, HTMLElement>();
  private readonly cards = new Map<number, HTMLElement>();
  private selected: number | null = null;
  private flowFilter: number | null = null;
  /**
   * `waiting`: nothing from the host yet; `diagnosing`: the flow list is shown, the findings are
   * still being found; `failed`: the diagnosis did not finish (`failure` says why). The panel is
   * aria-busy until the findings are known.
   */
  private status: 'waiting' | 'diagnosing' | 'done' | 'failed' = 'waiting';
  private failure = '';

  constructor(private readonly callbacks: FindingsCallbacks) {
    this.heading = el('h2', { className: 'panel-title', text: t('webview.findings') });
    this.list = el('div', { className: 'finding-list', attrs: { role: 'list' } });
    this.root = el('section', { className: 'findings', attrs: { 'aria-label': t('webview.findings'), 'aria-busy': 'true' } }, [this.heading, this.list]);
  }

  /** `diagnosing`: the findings follow (setDiagnosis); until then the panel says the diagnosis runs. */
  setData(findings: FindingView[], diagnosing = false): void {
    this.findings = findings;
    this.setStatus(diagnosing ? 'diagnosing' : 'done');
    this.render();
  }

  /** The findings of a summary that came while diagnosing; `failed`: why there are none. */
  setDiagnosis(findings: FindingView[], failed?: string): void {
    this.findings = findings;
    this.failure = failed ?? '';
    this.setStatus(failed === undefined ? 'done' : 'failed');
    this.render();
  }

  /** The capture could not be read: nothing will come (the panel stays empty). */
  abandon(): void {
    this.setStatus('done');
  }

  private setStatus(status: 'waiting' | 'diagnosing' | 'done' | 'failed'): void {
    this.status = status;
    const busy = status === 'waiting' || status === 'diagnosing';
    if (busy) this.root.setAttribute('aria-busy', 'true');
    else this.root.removeAttribute('aria-busy');
    this.root.classList.toggle('diagnosing', status === 'diagnosing');
  }

  /** Shows the findings of one flow first and the rest folded away (null: all). */
  setFlow(flow: number | null): void {
    this.flowFilter = flow;
    this.render();
  }

  get count(): number {
    return this.findings.length;
  }

  select(index: number | null): void {
    this.selected = index;
    for (const [i, card] of this.cards) {
      card.classList.toggle('selected', i === index);
      card.setAttribute('aria-selected', String(i === index));
    }
    if (index !== null) {
      this.cards.get(index)?.scrollIntoView({ block: 'nearest' });
      if (!this.excerpts.has(index)) this.callbacks.requestExcerpts(index);
    }
  }

  setExcerpts(byFinding: Record<string, ExcerptSetView>): void {
    for (const [key, set] of Object.entries(byFinding)) {
      const index = Number(key);
      if (!Number.isInteger(index)) continue;
      this.excerpts.set(index, set);
      this.fillKernel(index);
    }
  }

  excerptFailed(index: number, message: string): void {
    const box = this.kernelBoxes.get(index);
    if (!box) return;
    clear(box);
    box.appendChild(el('div', { className: 'provider provider-none', text: `Kernel excerpts unavailable: ${message}` }));
  }

  private render(): void {
    clear(this.list);
    this.cards.clear();
    this.kernelBoxes.clear();
    const ordered = [...this.findings].sort((a, b) => {
      const fa = this.flowFilter === null || a.flow === this.flowFilter ? 0 : 1;
      const fb = this.flowFilter === null || b.flow === this.flowFilter ? 0 : 1;
      return fa - fb || a.flow - b.flow || a.start - b.start;
    });
    const ofFlow = this.flowFilter === null ? ordered.length : ordered.filter((f) => f.flow === this.flowFilter).length;
    this.heading.textContent =
      this.findings.length === 0
        ? t('webview.findings')
        : this.flowFilter === null
          ? t('webview.findingsCount', { count: this.findings.length })
          : t('webview.findingsOfFlow', { inFlow: ofFlow, all: this.findings.length });
    if (this.status === 'diagnosing') {
      this.list.appendChild(
        el('p', { className: 'diagnosing-note', attrs: { role: 'status' } }, [spinner(), el('span', { text: t('webview.diagnosing') })]),
      );
      return;
    }
    if (this.status === 'failed') {
      this.list.appendChild(el('p', { className: 'empty diagnosis-failed', attrs: { role: 'alert' }, text: t('webview.diagnosisFailed', { message: this.failure }) }));
      return;
    }
    if (this.findings.length === 0) {
      this.list.appendChild(el('p', { className: 'empty', text: t('webview.noFindings') }));
      return;
    }
    for (const f of ordered) {
      const card = this.card(f);
      if (this.flowFilter !== null && f.flow !== this.flowFilter) card.classList.add('other-flow');
      this.list.appendChild(card);
    }
    if (this.selected !== null) this.select(this.selected);
  }

  private card(f: FindingView): HTMLElement {
    const card = el('article', {
      className: `finding conf-${f.confidence}`,
      attrs: { role: 'listitem', tabindex: '0', 'data-finding': String(f.index), 'data-stage': f.stage, 'aria-selected': 'false' },
    });
    card.addEventListener('click', () => this.callbacks.onSelect(f.index));
    card.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === card) {
        e.preventDefault();
        this.callbacks.onSelect(f.index);
      }
    });
    const conf = el('span', { className: `confidence confidence-${f.confidence}`, text: CONFIDENCE_TEXT[f.confidence] ?? f.confidence });
    card.appendChild(
      el('header', {}, [icon(f.confidence === 'low' ? 'info' : f.confidence === 'high' ? 'error' : 'warning'), el('span', { className: 'title', text: f.title }), conf]),
    );
    card.appendChild(el('p', { className: 'summary', text: f.summary }));
    const meta = el('dl', { className: 'meta' });
    const when = `${f.start.toFixed(3)} s → ${f.end.toFixed(3)} s (${formatSeconds(f.end - f.start)})`;
    const rows: [string, string][] = [
      [t('webview.when'), when],
      [t('webview.side'), `${t(f.side === 'client' ? 'md.client' : 'md.server')} ${f.sideEndpoint}`],
      [t('webview.flow'), `f${f.flow}`],
    ];
    for (const [term, v] of rows) {
      meta.appendChild(el('dt', { text: term }));
      meta.appendChild(el('dd', { text: v }));
    }
    card.appendChild(meta);

    const ev = el('div', { className: 'evidence' }, [el('span', { className: 'label', text: t('webview.evidence', { count: f.frames.length }) })]);
    for (const frame of f.frames.slice(0, EVIDENCE_CHIPS)) {
      const chip = el('button', { className: 'frame-chip', text: `#${frame}`, title: t('webview.showFrame', { frame }), attrs: { 'data-frame': String(frame) } });
      chip.type = 'button';
      chip.addEventListener('click', (e) => {
        e.stopPropagation();
        this.callbacks.onEvidence(f.index, frame);
      });
      ev.appendChild(chip);
    }
    if (f.frames.length > EVIDENCE_CHIPS) ev.appendChild(el('span', { className: 'more', text: t('webview.moreFrames', { count: f.frames.length - EVIDENCE_CHIPS }) }));
    card.appendChild(ev);

    const details = el('details', { className: 'explain' }, [el('summary', { text: t('webview.whatThisMeans') })]);
    if (f.explanation) details.appendChild(el('p', { text: f.explanation }));
    const facts = Object.entries(f.facts);
    if (facts.length) {
      const table = el('table', { className: 'facts' });
      for (const [k, v] of facts) table.appendChild(el('tr', {}, [el('th', { text: k }), el('td', { text: Array.isArray(v) ? v.join(', ') : String(v) })]));
      details.appendChild(table);
    }
    card.appendChild(details);

    const kernel = el('div', { className: 'kernel' });
    this.kernelBoxes.set(f.index, kernel);
    card.appendChild(kernel);
    this.fillKernel(f.index);

    card.appendChild(el('footer', {}, [button(t('webview.copyMarkdown'), 'copy', () => this.callbacks.onCopyMarkdown(f.index))]));
    this.cards.set(f.index, card);
    return card;
  }

  private fillKernel(index: number): void {
    const box = this.kernelBoxes.get(index);
    const f = this.findings[index];
    if (!box || !f) return;
    clear(box);
    const set = this.excerpts.get(index);
    if (set) {
      box.appendChild(renderExcerptSet(set, f, (m) => this.callbacks.onOpenSource(m)));
      return;
    }
    if (f.kernel.length === 0) return;
    const names = f.kernel.map((k) => t('webview.kernelIn', { fn: k.function, file: k.file })).join(', ');
    box.appendChild(el('div', { className: 'kernel-pending', text: t('webview.kernelPending', { names }) }));
  }
}

function spinner(): HTMLElement {
  const i = icon('loading');
  i.classList.add('codicon-modifier-spin');
  return i;
}
