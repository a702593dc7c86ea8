// Kernel source from an unpacked tree on disk: an explicit path, the workspace, a distribution
// tree under /usr/src, or the cache scripts/kernel-source.sh fills.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SourceFileRejected, type KernelSourceFile, type KernelSourceProvider } from '../../core/kernel/sourceProvider';

/** Larger than any kernel C file the catalogue names (tcp_input.c is about 200 KB). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** A directory is a kernel tree when it has the TCP core. */
export function isKernelTree(dir: string): boolean {
  return existsSync(path.join(dir, 'net/ipv4/tcp.c'));
}

export function treeProvider(
  kind: 'path' | 'workspace' | 'distribution',
  root: string,
  allowList: readonly string[],
): KernelSourceProvider {
  const allowed = new Set(allowList);
  return {
    kind,
    label: root,
    async read(file: string): Promise<KernelSourceFile | undefined> {
      // Only the catalogue's files, so a crafted name can never reach outside the tree.
      if (!allowed.has(file)) return undefined;
      const full = path.join(root, file);
      let size: number;
      try {
        const info = await stat(full);
        if (!info.isFile()) return undefined;
        size = info.size;
      } catch {
        return undefined;
      }
      if (size > MAX_SOURCE_BYTES) throw new SourceFileRejected(`${full} is ${size} bytes, more than the ${MAX_SOURCE_BYTES}-byte limit`);
      return { text: await readFile(full, 'utf8'), origin: full };
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
