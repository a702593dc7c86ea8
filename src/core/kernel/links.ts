// Kernel versions as git tags, public mirror URLs for raw files and deep links into public
// cross-referencers (URL patterns from design/kernel/sources.md). Link labels follow the current
// locale; URLs never do.
import { t } from '../i18n/index';

/** A current long-term-support kernel: what links and the mirror use when no version is given. */
export const DEFAULT_KERNEL_VERSION = '6.12';

export interface KernelVersion {
  /** As given: `6.1`, `6.1.192`. */
  version: string;
  /** Git tag: `v6.1`, `v6.1.192`. */
  tag: string;
  /** A point release lives in the stable tree, a `X.Y` tag in mainline. */
  stable: boolean;
}

/** `6.1` or `6.1.192` (a leading `v` is accepted); undefined for anything else. */
export function parseKernelVersion(text: string): KernelVersion | undefined {
  const m = /^v?(\d{1,2})\.(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!m) return undefined;
  const version = m[3] === undefined ? `${m[1]}.${m[2]}` : `${m[1]}.${m[2]}.${m[3]}`;
  return { version, tag: `v${version}`, stable: m[3] !== undefined };
}

/** Raw-file URL templates; `{tag}` and `{path}` are substituted. */
export const MIRROR_TEMPLATES = {
  mainline: 'https://raw.githubusercontent.com/torvalds/linux/{tag}/{path}',
  stable: 'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/plain/{path}?h={tag}',
} as const;

export function fillTemplate(template: string, tag: string, path: string): string {
  return template.replace('{tag}', encodeURIComponent(tag)).replace('{path}', path.split('/').map(encodeURIComponent).join('/'));
}

export function mirrorTemplateFor(version: KernelVersion): string {
  return version.stable ? MIRROR_TEMPLATES.stable : MIRROR_TEMPLATES.mainline;
}

export interface KernelLink {
  /** The name as found in the source (or the catalogue's name when no source had it). */
  function: string;
  /** The catalogue's name (key of `kernelFunction`), the same for every version. */
  catalogueName: string;
  file: string;
  /** Line in the linked version, when it is known to be that version's own. */
  line?: number;
  label: string;
  url: string;
}

/** Links for one function: the file (at the line when known) and an identifier search. */
export function kernelLinks(fn: string, file: string, version: KernelVersion, line?: number, catalogueName = fn): KernelLink[] {
  const tag = encodeURIComponent(version.tag);
  const fileUrl = `https://elixir.bootlin.com/linux/${tag}/source/${file}${line ? `#L${line}` : ''}`;
  return [
    { function: fn, catalogueName, file, ...(line ? { line } : {}), label: t('excerpt.link.file', { function: fn, file, tag: version.tag }), url: fileUrl },
    {
      function: fn,
      catalogueName,
      file,
      label: t('excerpt.link.ident', { function: fn, tag: version.tag }),
      url: `https://elixir.bootlin.com/linux/${tag}/A/ident/${encodeURIComponent(fn)}`,
    },
  ];
}

/** Debian's source browser for a package version: `linux` 6.1.192-2 → sources.debian.org. */
export function debianSourceUrl(sourcePackage: string, debianVersion: string, path: string, line: number): string {
  const pkg = encodeURIComponent(sourcePackage);
  return `https://sources.debian.org/src/${pkg}/${encodeURIComponent(debianVersion)}/${path}/#L${line}`;
}
