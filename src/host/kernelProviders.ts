// Kernel source for the host, in the architecture's order: the configured tree, a kernel tree
// open in the workspace, then (desktop, see extension.ts) distribution trees and the mirror.
// Reads go through vscode.workspace.fs, so this works on the web and in remote workspaces too.
// In an untrusted workspace only trees inside the workspace are read.
import * as vscode from 'vscode';
import { t } from '../core/i18n/translate';
import { catalogueFiles } from '../core/kernel/catalogue';
import { DEFAULT_KERNEL_VERSION, parseKernelVersion, type KernelVersion } from '../core/kernel/links';
import { SourceFileRejected, type KernelSourceFile, type KernelSourceProvider } from '../core/kernel/sourceProvider';

/** Larger than any kernel C file the catalogue names. */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;
/** A file every kernel tree with an IPv4 TCP stack has. */
const MARKER = 'net/ipv4/tcp.c';

export interface KernelSettings {
  sourcePath: string;
  version: KernelVersion;
  /** The setting, and the workspace is trusted. */
  allowNetwork: boolean;
}

export function kernelSettings(): KernelSettings {
  const config = vscode.workspace.getConfiguration('sockscope.kernel');
  const version =
    parseKernelVersion(config.get<string>('version', DEFAULT_KERNEL_VERSION)) ?? parseKernelVersion(DEFAULT_KERNEL_VERSION);
  return {
    sourcePath: config.get<string>('sourcePath', '').trim(),
    version: version as KernelVersion,
    allowNetwork: config.get<boolean>('allowNetwork', false) && vscode.workspace.isTrusted,
  };
}

/** Desktop adds distribution trees and the mirror; given the settings, returns them in order. */
export type ExtraKernelProviders = (settings: KernelSettings) => KernelSourceProvider[];

export async function kernelProviders(extra?: ExtraKernelProviders): Promise<KernelSourceProvider[]> {
  const settings = kernelSettings();
  const providers: KernelSourceProvider[] = [];
  if (settings.sourcePath) {
    const root = settingUri(settings.sourcePath);
    const inside = vscode.workspace.getWorkspaceFolder(root) !== undefined;
    if ((vscode.workspace.isTrusted || inside) && (await isFile(vscode.Uri.joinPath(root, MARKER)))) {
      providers.push(workspaceTreeProvider('path', root));
    }
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (await isFile(vscode.Uri.joinPath(folder.uri, MARKER))) providers.push(workspaceTreeProvider('workspace', folder.uri));
  }
  // Outside the workspace and over the network only when the user trusts the workspace.
  if (vscode.workspace.isTrusted && extra) providers.push(...extra(settings));
  return providers;
}

/**
 * Why this host may find no kernel source where the user expects it: Restricted Mode keeps to
 * trees inside the workspace and never fetches, and the web build has no disk or mirror access.
 * Shown beside "no kernel source available", so the finding says why it has only annotations.
 */
export function kernelSourceLimits(extra?: ExtraKernelProviders): string[] {
  const config = vscode.workspace.getConfiguration('sockscope.kernel');
  const limits: string[] = [];
  if (!vscode.workspace.isTrusted) {
    const sourcePath = config.get<string>('sourcePath', '').trim();
    if (sourcePath && vscode.workspace.getWorkspaceFolder(settingUri(sourcePath)) === undefined) {
      limits.push(vscode.l10n.t('Restricted Mode: sockscope.kernel.sourcePath is outside the workspace and is not read'));
    }
    if (config.get<boolean>('allowNetwork', false)) {
      limits.push(vscode.l10n.t('Restricted Mode: kernel source is not fetched from the network'));
    }
    if (limits.length === 0) limits.push(vscode.l10n.t('Restricted Mode: only kernel trees inside the workspace are read'));
  }
  if (!extra) {
    limits.push(vscode.l10n.t('the web version reads kernel source only from a tree in the workspace or at sockscope.kernel.sourcePath'));
  }
  return limits;
}

function settingUri(sourcePath: string): vscode.Uri {
  return sourcePath.includes('://') ? vscode.Uri.parse(sourcePath) : vscode.Uri.file(sourcePath);
}

function workspaceTreeProvider(kind: 'path' | 'workspace', root: vscode.Uri): KernelSourceProvider {
  const allowed = new Set(catalogueFiles());
  return {
    kind,
    label: root.scheme === 'file' ? root.fsPath : root.toString(),
    async read(file: string): Promise<KernelSourceFile | undefined> {
      // Only the catalogue's files, so a crafted name can never reach outside the tree.
      if (!allowed.has(file)) return undefined;
      const uri = vscode.Uri.joinPath(root, ...file.split('/'));
      let size: number;
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if ((stat.type & vscode.FileType.File) === 0) return undefined;
        size = stat.size;
      } catch {
        return undefined;
      }
      if (size > MAX_SOURCE_BYTES) throw new SourceFileRejected(t('source.tooLarge', { what: file, size, limit: MAX_SOURCE_BYTES }));
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return { text, origin: uri.toString() };
    },
  };
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}
