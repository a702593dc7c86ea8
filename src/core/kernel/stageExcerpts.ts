// All excerpts of a stage: each catalogue function is looked up in the sources in order (the
// first source that has the file and defines the function wins), then located, anchored and
// excerpted. Without any source the result still carries the annotations' links.
import type { Finding, StageId } from '../diagnosis/finding';
import { t } from '../i18n/index';
import { annotate } from './annotate';
import { stageFunctions, stageInfo } from './catalogue';
import { scanCSource, type CSource } from './cSource';
import { buildFunctionExcerpt, type FunctionExcerpt } from './excerpt';
import { findAnchors } from './findAnchors';
import { kernelLinks, type KernelLink, type KernelVersion } from './links';
import { locateFunction } from './locateFunction';
import { ProviderUnavailable, SourceFileRejected, type KernelSourceProvider, type ProviderKind } from './sourceProvider';

export interface SourcedExcerpt extends FunctionExcerpt {
  provider: Exclude<ProviderKind, 'none'>;
  /** The file path or URL the text came from. */
  origin: string;
}

export interface StageExcerpts {
  stage: StageId;
  title: string;
  /** The kind of source that served the excerpts (the first one's), `none` without any. */
  provider: ProviderKind;
  excerpts: SourcedExcerpt[];
  /**
   * Catalogue functions no source could show, with what was tried (the reason in the current
   * locale), and their annotations (without line numbers) so the explanation survives without
   * kernel source.
   */
  missing: { function: string; files: string[]; reason: string; role: string; anchors: { id: string; annotation: string }[] }[];
  links: KernelLink[];
  /**
   * Things the user should know: a provider that could not be used and why. The frame is in the
   * current locale; the reason is the provider's own message.
   */
  notices: string[];
}

export interface StageExcerptOptions {
  /** Version used for links (and, by the caller, for the mirror). */
  version: KernelVersion;
  finding?: Finding;
  context?: number;
}

export async function collectStageExcerpts(
  stage: StageId,
  providers: readonly KernelSourceProvider[],
  options: StageExcerptOptions,
): Promise<StageExcerpts> {
  const notices: string[] = [];
  const unavailable = new Set<KernelSourceProvider>();
  const parsed = new Map<string, { src: CSource; origin: string } | undefined>();

  const read = async (provider: KernelSourceProvider, file: string) => {
    const key = `${providers.indexOf(provider)}\u0000${file}`;
    if (!parsed.has(key)) {
      if (unavailable.has(provider)) return undefined;
      try {
        const got = await provider.read(file);
        parsed.set(key, got ? { src: scanCSource(got.text), origin: got.origin } : undefined);
      } catch (e) {
        if (!(e instanceof ProviderUnavailable) && !(e instanceof SourceFileRejected)) throw e;
        if (e instanceof ProviderUnavailable) unavailable.add(provider);
        notices.push(t('excerpt.providerNotice', { kind: t(`excerpt.provider.${provider.kind}`), label: provider.label, message: e.message }));
        parsed.set(key, undefined);
      }
    }
    return parsed.get(key);
  };

  const excerpts: SourcedExcerpt[] = [];
  const missing: StageExcerpts['missing'] = [];
  const links: KernelLink[] = [];
  for (const fn of stageFunctions(stage)) {
    const exactLinks: KernelLink[] = [];
    let done: SourcedExcerpt | undefined;
    let sawFile = false;
    for (const provider of providers) {
      if (done) break;
      for (const file of fn.files) {
        const got = await read(provider, file);
        if (!got) continue;
        const { src, origin } = got;
        sawFile = true;
        const span = locateFunction(src, fn.searchNames);
        if (!span) continue;
        const hits = findAnchors(src, span, fn.anchors);
        const excerpt = buildFunctionExcerpt(src, file, fn, span, hits, { context: options.context, finding: options.finding });
        done = { ...excerpt, provider: provider.kind, origin };
        const exact = provider.browseUrl?.(file, excerpt.startLine);
        if (exact) exactLinks.push({ function: excerpt.function, catalogueName: fn.name, file, line: excerpt.startLine, label: t('excerpt.link.exact', { function: excerpt.function, file, line: excerpt.startLine, source: provider.label }), url: exact });
        break;
      }
    }
    if (done) {
      excerpts.push(done);
      // A mirror file is exactly the linked version, so its line is the link's line too.
      links.push(...exactLinks);
      links.push(...kernelLinks(done.function, done.file, options.version, done.provider === 'mirror' ? done.startLine : undefined, fn.name));
    } else {
      missing.push({
        function: fn.name,
        files: [...fn.files],
        reason: sawFile ? t('excerpt.notDefined', { files: fn.files.join(t('excerpt.filesOr')) }) : t('excerpt.noSource'),
        role: fn.role,
        anchors: fn.anchors.map((a) => ({ id: a.id, annotation: annotate(a, options.finding) })),
      });
      links.push(...kernelLinks(fn.name, fn.files[0], options.version));
    }
  }
  return {
    stage,
    title: stageInfo(stage).title,
    provider: excerpts.length ? excerpts[0].provider : 'none',
    excerpts,
    missing,
    links,
    notices,
  };
}
