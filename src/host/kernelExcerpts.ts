// Kernel excerpts for findings, through the core's collectStageExcerpts so the webview shows the
// same functions, anchor lines and annotations as the CLI; the host adds each function's full
// text (the webview shows the whole function) and remembers where each file came from.
import * as vscode from 'vscode';
import type { Finding, StageId } from '../core/diagnosis/finding';
import type { KernelSourceProvider } from '../core/kernel/sourceProvider';
import { collectStageExcerpts, type SourcedExcerpt, type StageExcerpts } from '../core/kernel/stageExcerpts';
import { t } from '../core/i18n/translate';
import type { ExcerptSetView, KernelExcerptView } from '../protocol';
import { kernelProviders, kernelSettings, kernelSourceLimits, type ExtraKernelProviders } from './kernelProviders';

export interface HostExcerpts {
  result: StageExcerpts;
  view: ExcerptSetView;
  /** Text of every source file read, by origin (a path, a URI or a mirror URL). */
  texts: Map<string, string>;
  /** Why sources the user may expect were not consulted (Restricted Mode, the web build). */
  limits: string[];
}

/** Excerpts of a stage's functions, annotated with the finding's figures when one is given. */
export async function stageExcerpts(stage: StageId, finding: Finding | undefined, extra?: ExtraKernelProviders): Promise<HostExcerpts> {
  const settings = kernelSettings();
  const texts = new Map<string, string>();
  const providers: KernelSourceProvider[] = (await kernelProviders(extra)).map((p) => ({
    kind: p.kind,
    label: p.label,
    read: async (file) => {
      const got = await p.read(file);
      if (got) texts.set(got.origin, got.text);
      return got;
    },
  }));
  const result = await collectStageExcerpts(stage, providers, { version: settings.version, finding });
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
  const limits = kernelSourceLimits(extra);
  return {
    result,
    texts,
    limits,
    view: {
      stage,
      provider: result.provider,
      // With no source the reason goes beside "no kernel source available".
      providerDetail: first ? providerDetail(first, settings.version.tag) : [settings.version.tag, ...limits].join(t('excerpt.appSeparator')),
      excerpts,
      links: result.links.map((l) => ({ label: l.label, url: l.url })),
    },
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

/** The document to open for an excerpt's origin: a file or workspace URI, or undefined for a URL. */
export function originUri(origin: string): vscode.Uri | undefined {
  if (/^https?:/i.test(origin)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(origin)) return vscode.Uri.parse(origin);
  return vscode.Uri.file(origin);
}
