// Kernel source from an unpacked tree on disk: an explicit path, the workspace, a distribution
// tree under /usr/src, or the cache scripts/kernel-source.sh fills.
// fs.promises, not node:fs/promises: Node loads it on first use, not at every start of the CLI.
import { existsSync, readdirSync, readFileSync, statSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { t } from '../../core/i18n/translate';
import { debianSourceUrl } from '../../core/kernel/links';
import { SourceFileRejected, type KernelSourceFile, type KernelSourceProvider } from '../../core/kernel/sourceProvider';

/** Larger than any kernel C file the catalogue names (tcp_input.c is about 200 KB). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** A directory is a kernel tree when it has the TCP core. */
export function isKernelTree(dir: string): boolean {
  return existsSync(path.join(dir, 'net/ipv4/tcp.c'));
}

/** Marker scripts/kernel-source.sh leaves in a tree it unpacked: `<binary package> <version> <sha256>`. */
export const UNPACKED_MARKER = '.sockscope-unpacked';

/** Debian source package of each kernel source binary package (design/kernel/sources.md). */
const DEBIAN_SOURCE_PACKAGE: Readonly<Record<string, string>> = {
  'linux-source-6.1': 'linux',
  'linux-source-6.12': 'linux-6.12',
};

/** The Debian source package and version a tree was unpacked from, when its marker says. */
export function debianOrigin(root: string): { sourcePackage: string; version: string } | undefined {
  let marker: string;
  try {
    marker = readFileSync(path.join(root, UNPACKED_MARKER), 'utf8');
  } catch {
    return undefined;
  }
  const [binary, version] = marker.trim().split(/\s+/);
  const sourcePackage = binary ? DEBIAN_SOURCE_PACKAGE[binary] : undefined;
  if (!sourcePackage || !version || !/^[\w.+~-]+$/.test(version)) return undefined;
  return { sourcePackage, version };
}

export function treeProvider(
  kind: 'path' | 'workspace' | 'distribution',
  root: string,
  allowList: readonly string[],
): KernelSourceProvider {
  const allowed = new Set(allowList);
  const debian = debianOrigin(root);
  return {
    kind,
    label: debian ? `${root} (Debian ${debian.sourcePackage} ${debian.version})` : root,
    ...(debian ? { browseUrl: (file: string, line: number) => debianSourceUrl(debian.sourcePackage, debian.version, file, line) } : {}),
    async read(file: string): Promise<KernelSourceFile | undefined> {
      // Only the catalogue's files, so a crafted name can never reach outside the tree.
      if (!allowed.has(file)) return undefined;
      const full = path.join(root, file);
      let size: number;
      try {
        const info = await fsp.stat(full);
        if (!info.isFile()) return undefined;
        size = info.size;
      } catch {
        return undefined;
      }
      if (size > MAX_SOURCE_BYTES) throw new SourceFileRejected(t('source.tooLarge', { what: full, size, limit: MAX_SOURCE_BYTES }));
      return { text: await fsp.readFile(full, 'utf8'), origin: full };
    },
  };
}

/**
 * Unpacked distribution trees in `parents` (e.g. /usr/src/linux-source-6.1/, or the cache's
 * linux-6.1.192/), newest name first; each must look like a kernel tree.
 */
export function findDistributionTrees(parents: readonly string[]): string[] {
  const found: string[] = [];
  for (const parent of parents) {
    let names: string[];
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    const trees = names
      .filter((name) => name.startsWith('linux-'))
      .map((name) => path.join(parent, name))
      .filter((dir) => {
        try {
          return statSync(dir).isDirectory() && isKernelTree(dir);
        } catch {
          return false;
        }
      })
      .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    found.push(...trees);
  }
  return found;
}
