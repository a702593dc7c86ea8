// A kernel excerpt: the function's lines with their real line numbers, anchor lines highlighted
// with the annotation beside them, C colouring, and where the source came from. Without a
// source provider it still shows the annotations and the deep link.
import type { ExcerptSetView, FindingView, KernelExcerptView, OpenKernelSourceMessage } from '../src/protocol';
import { tokenizeLine } from './cSyntax';
import { button, el, icon } from './dom';
import { t } from './i18n';

const PROVIDER_TEXT: Record<string, string> = {
  path: t('webview.provider.path'),
  workspace: t('webview.provider.workspace'),
  distribution: t('webview.provider.distribution'),
  mirror: t('webview.provider.mirror'),
  none: t('webview.provider.none'),
};

/** Only plain web links are shown as links. */
function safeUrl(url: string): string | null {
  return /^https:\/\/[^\s]+$/i.test(url) ? url : null;
}

function link(url: string, text: string): HTMLElement {
  const safe = safeUrl(url);
  if (!safe) return el('span', { text });
  const a = el('a', { text, className: 'deep-link' });
  a.href = safe;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

export function renderExcerptSet(set: ExcerptSetView, finding: FindingView, open: (m: OpenKernelSourceMessage) => void): HTMLElement {
  const root = el('div', { className: 'excerpts' });
  const provider = PROVIDER_TEXT[set.provider] ?? set.provider;
  root.appendChild(
    el('div', { className: `provider provider-${set.provider}` }, [
      icon(set.provider === 'none' ? 'warning' : 'source-control'),
      el('span', { text: t('webview.source', { provider, detail: set.providerDetail ? ` (${set.providerDetail})` : '' }) }),
    ]),
  );
  for (const x of set.excerpts) root.appendChild(renderExcerpt(x, set, finding, open));
  if (set.links.length) {
    const links = el('div', { className: 'links' });
    for (const l of set.links) links.appendChild(link(l.url, l.label));
    root.appendChild(links);
  }
  return root;
}

function renderExcerpt(x: KernelExcerptView, set: ExcerptSetView, finding: FindingView, open: (m: OpenKernelSourceMessage) => void): HTMLElement {
  const head = el('div', { className: 'excerpt-head' }, [
    el('span', { className: 'fn', text: `${x.function}()` }),
    el('span', { className: 'file', text: x.lines.length ? `${x.file}:${x.startLine}` : x.file }),
  ]);
  if (set.provider !== 'none') {
    head.appendChild(
      button(t('webview.openSource'), 'go-to-file', () =>
        open({ type: 'openKernelSource', stage: set.stage, function: x.function, file: x.file, finding: finding.index }),
      ),
    );
  } else if (x.link) {
    head.appendChild(link(x.link, t('webview.browseOnline')));
  }
  const box = el('div', { className: 'excerpt' }, [head]);
  if (x.lines.length === 0) {
    // No source: the annotations still say what each anchor is about.
    const list = el('ul', { className: 'anchor-notes' });
    for (const a of x.anchors) list.appendChild(el('li', { text: a.annotation }));
    box.appendChild(list);
    return box;
  }
  const anchorsByLine = new Map<number, string[]>();
  for (const a of x.anchors) {
    const l = anchorsByLine.get(a.line) ?? [];
    l.push(a.annotation);
    anchorsByLine.set(a.line, l);
  }
  const code = el('div', { className: 'code', attrs: { role: 'table', 'aria-label': t('webview.codeTable', { function: x.function }) } });
  let inComment = false;
  for (let j = 0; j < x.lines.length; j++) {
    const lineNo = x.startLine + j;
    const notes = anchorsByLine.get(lineNo);
    const row = el('div', { className: notes ? 'line anchor' : 'line', attrs: { role: 'row', 'data-line': String(lineNo) } });
    row.appendChild(el('span', { className: 'ln', text: String(lineNo) }));
    const src = el('span', { className: 'src' });
    const t = tokenizeLine(x.lines[j], inComment);
    inComment = t.inComment;
    for (const tok of t.tokens) src.appendChild(tok.kind === 'plain' ? document.createTextNode(tok.text) : el('span', { className: `tok-${tok.kind}`, text: tok.text }));
    row.appendChild(src);
    code.appendChild(row);
    if (notes) {
      // The annotation goes on its own row under the anchor, so it wraps in a narrow panel.
      const note = el('div', { className: 'line-note', attrs: { 'data-line': String(lineNo) } }, [el('span', { className: 'ln' }), el('span', { className: 'note', text: notes.join(' · ') })]);
      code.appendChild(note);
      row.addEventListener('dblclick', () => {
        const anchor = x.anchors.find((a) => a.line === lineNo);
        open({ type: 'openKernelSource', stage: set.stage, function: x.function, file: x.file, anchor: anchor?.id, finding: finding.index });
      });
    }
  }
  box.appendChild(code);
  return box;
}
