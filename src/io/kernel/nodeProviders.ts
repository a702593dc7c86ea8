// The kernel sources the CLI tries, in order: an explicit tree, the current directory when it is
// a kernel tree, unpacked distribution trees, then a public mirror (cached; network only when
// allowed). Environment overrides exist for tests and for machines with their own layout.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { t } from '../../core/i18n/translate';
import { catalogueFiles } from '../../core/kernel/catalogue';
import { mirrorTemplateFor, type KernelVersion } from '../../core/kernel/links';
import type { KernelSourceProvider } from '../../core/kernel/sourceProvider';
import { mirrorProvider } from './mirrorProvider';
import { findDistributionTrees, isKernelTree, treeProvider } from './treeProvider';

export interface NodeProviderOptions {
  /** `--kernel PATH` or the `sockscope.kernel.sourcePath` setting. */
  explicitPath?: string;
  /** The workspace; for the CLI, the current directory. */
  workspace?: string;
  version: KernelVersion;
  allowNetwork: boolean;
  env: Record<string, string | undefined>;
  /** Where this program's files are (the repository in development), for its .cache/kernel. */
  programRoot?: string;
}

export interface NodeProviders {
  providers: KernelSourceProvider[];
  /** Problems with what the user asked for (an explicit path that is no kernel tree). */
  notices: string[];
}

/**
 * Directories whose `linux-*` children are unpacked trees. `SOCKSCOPE_KERNEL_DIRS` (a path list)
 * replaces the defaults; an empty value turns the search off.
 */
export function distributionParents(env: Record<string, string | undefined>, programRoot?: string): string[] {
  const override = env.SOCKSCOPE_KERNEL_DIRS;
  if (override !== undefined) return override.split(path.delimiter).filter((p) => p.length > 0);
  const parents = ['/usr/src'];
  if (programRoot) parents.push(path.join(programRoot, '.cache/kernel'));
  return parents;
}

export function mirrorCacheDir(env: Record<string, string | undefined>): string {
  if (env.SOCKSCOPE_KERNEL_CACHE) return env.SOCKSCOPE_KERNEL_CACHE;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'sockscope', 'kernel-mirror');
}

export function nodeKernelProviders(options: NodeProviderOptions): NodeProviders {
  const allowList = catalogueFiles();
  const providers: KernelSourceProvider[] = [];
  const notices: string[] = [];
  if (options.explicitPath !== undefined) {
    const dir = path.resolve(options.workspace ?? '.', options.explicitPath);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) notices.push(t('source.kernelNoDir', { path: options.explicitPath }));
    else {
      if (!isKernelTree(dir)) notices.push(t('source.kernelNotTree', { path: options.explicitPath }));
      providers.push(treeProvider('path', dir, allowList));
    }
  }
  if (options.workspace && isKernelTree(options.workspace)) providers.push(treeProvider('workspace', options.workspace, allowList));
  for (const tree of findDistributionTrees(distributionParents(options.env, options.programRoot))) {
    providers.push(treeProvider('distribution', tree, allowList));
  }
  providers.push(
    mirrorProvider({
      version: options.version,
      template: options.env.SOCKSCOPE_KERNEL_MIRROR || mirrorTemplateFor(options.version),
      cacheDir: mirrorCacheDir(options.env),
      allowNetwork: options.allowNetwork,
      allowList,
    }),
  );
  return { providers, notices };
}
