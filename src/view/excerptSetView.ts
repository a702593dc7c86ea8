// What the webview is sent for one stage's excerpts: the core's collectStageExcerpts result with
// each function's full text (the webview shows the whole function) and a short source name.
import type { KernelSourceProvider } from '../core/kernel/sourceProvider';
import type { SourcedExcerpt, StageExcerpts } from '../core/kernel/stageExcerpts';
import { t } from '../core/i18n/translate';
import type { ExcerptSetView, KernelExcerptView } from '../protocol';

/** The providers (kind, label, read only) with every text they serve kept in `texts` by origin. */
export function recordingTexts(providers: readonly KernelSourceProvider[], texts: Map<string, string>): KernelSourceProvider[] {
  // Everything else of the provider is kept (a distribution tree's line-exact `browseUrl` too).
  return providers.map((p) => ({
    ...p,
    read: async (file) => {
      const got = await p.read(file);
      if (got) texts.set(got.origin, got.text);
      return got;
    },
  }));
}

/**
 * `texts`: every source file read, by origin; `tag`: the kernel version's tag (the links' and
 * the mirror's); `limits`: why sources the user may expect were not consulted.
 */
export function excerptSetView(result: StageExcerpts, texts: ReadonlyMap<string, string>, tag: string, limits: readonly string[]): ExcerptSetView {
  const linkOf = (fn: string): string | undefined => result.links.find((l) => l.function === fn)?.url;
  const excerpts: KernelExcerptView[] = result.excerpts.map((x) => ({
    function: x.function,
    file: x.file,
    startLine: x.startLine,
    endLine: x.endLine,
    lines: functionLines(texts.get(x.origin), x),
    anchors: x.anchors,
    link: linkOf(x.catalogueName),
  }));
  for (const m of result.missing) {
    // No source, so no line numbers (0); the annotations still explain what each anchor does.
    const anchors = m.anchors.map((a) => ({ id: a.id, line: 0, annotation: a.annotation }));
    excerpts.push({ function: m.function, file: m.files[0] ?? '', startLine: 0, endLine: 0, lines: [], anchors, link: linkOf(m.function) });
  }
  const first = result.excerpts[0];
  return {
    stage: result.stage,
    provider: result.provider,
    // With no source the reason goes beside "no kernel source available".
    providerDetail: first ? providerDetail(first, tag) : [tag, ...limits].join(t('excerpt.appSeparator')),
    excerpts,
    links: result.links.map((l) => ({ label: l.label, url: l.url })),
  };
}

function functionLines(text: string | undefined, x: SourcedExcerpt): string[] {
  if (text === undefined) return x.lines.map((l) => l.text);
  return text.split('\n').slice(x.startLine - 1, x.endLine).map((l) => l.replace(/\r$/, ''));
}

/** A tree's directory name or the mirror's version; never a full path (the webview shows it). */
function providerDetail(x: SourcedExcerpt, tag: string): string {
  if (x.provider === 'mirror') return tag;
  const origin = x.origin.replace(/\\/g, '/');
  const rootEnd = origin.length - x.file.length - 1;
  const root = rootEnd > 0 ? origin.slice(0, rootEnd) : origin;
  return decodeURIComponent(root.slice(root.lastIndexOf('/') + 1));
}
