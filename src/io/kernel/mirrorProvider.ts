// Kernel source fetched from a public mirror for one version, cached on disk. Network use only
// when allowed explicitly; only the catalogue's files; size-capped, with a timeout.
// fs.promises, not node:fs/promises: Node loads it on first use, not at every start of the CLI.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { t } from '../../core/i18n/translate';
import { fillTemplate, type KernelVersion } from '../../core/kernel/links';
import { ProviderUnavailable, SourceFileRejected, type KernelSourceFile, type KernelSourceProvider } from '../../core/kernel/sourceProvider';

export interface MirrorOptions {
  version: KernelVersion;
  /** URL template with `{tag}` and `{path}` (links.ts MIRROR_TEMPLATES). */
  template: string;
  cacheDir: string;
  allowNetwork: boolean;
  allowList: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** Plain HTTP only to this machine (a local mirror or a test stub); everything else must be HTTPS. */
export function checkMirrorTemplate(template: string): string | undefined {
  let url: URL;
  try {
    url = new URL(fillTemplate(template, 'v0.0', 'x'));
  } catch {
    return `not a URL template: ${template}`;
  }
  if (url.protocol === 'https:') return undefined;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'http:' && loopback) return undefined;
  return t('source.https', { template });
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new SourceFileRejected(t('source.tooLarge', { what: url, size: declared, limit: maxBytes }));
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new SourceFileRejected(t('source.exceeded', { what: url, limit: maxBytes }));
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder('utf-8').decode(all);
}

export function mirrorProvider(options: MirrorOptions): KernelSourceProvider {
  const allowed = new Set(options.allowList);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const templateProblem = checkMirrorTemplate(options.template);
  const host = (() => {
    try {
      return new URL(fillTemplate(options.template, options.version.tag, 'x')).host;
    } catch {
      return options.template;
    }
  })();
  let failure: string | undefined;

  return {
    kind: 'mirror',
    label: t('source.mirrorLabel', { host, tag: options.version.tag }),
    async read(file: string): Promise<KernelSourceFile | undefined> {
      if (!allowed.has(file)) return undefined;
      const cached = path.join(options.cacheDir, options.version.tag, file);
      const url = fillTemplate(options.template, options.version.tag, file);
      try {
        return { text: await fsp.readFile(cached, 'utf8'), origin: url };
      } catch {
        // not cached yet
      }
      if (templateProblem) throw new ProviderUnavailable(templateProblem);
      if (!options.allowNetwork) {
        throw new ProviderUnavailable(t('source.noNetwork', { tag: options.version.tag, host }));
      }
      // One failed request means the mirror is unreachable for this run: do not retry per file.
      if (failure) throw new ProviderUnavailable(failure);
      let response: Response;
      try {
        response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (e) {
        const why = e instanceof Error && e.name === 'TimeoutError' ? t('source.noAnswer', { seconds: timeoutMs / 1000 }) : e instanceof Error ? e.message : String(e);
        failure = t('source.unreachable', { host, why });
        throw new ProviderUnavailable(failure);
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) {
        await response.body?.cancel();
        failure = t('source.httpStatus', { host, status: response.status, file });
        throw new ProviderUnavailable(failure);
      }
      const text = await readCapped(response, maxBytes, url);
      await fsp.mkdir(path.dirname(cached), { recursive: true });
      const partial = `${cached}.${process.pid}.part`;
      await fsp.writeFile(partial, text);
      await fsp.rename(partial, cached);
      return { text, origin: url };
    },
  };
}
