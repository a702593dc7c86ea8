// Where the host looks for a Linux kernel source tree on this machine, in the architecture's
// order: the configured path, a tree open in the workspace, then (desktop) a distribution
// source tree. In an untrusted workspace only trees inside the workspace are read.
import * as vscode from 'vscode';

/** A file every kernel tree with an IPv4 TCP stack has. */
const MARKER = ['net', 'ipv4', 'tcp.c'];

export type KernelTreeKind = 'path' | 'workspace' | 'distribution';

export interface KernelTree {
  root: vscode.Uri;
  kind: KernelTreeKind;
}

/** Extra places to look (desktop: unpacked distribution sources under /usr/src). */
export type DistributionTrees = () => Promise<vscode.Uri[]>;

export async function findKernelTree(distribution?: DistributionTrees): Promise<KernelTree | undefined> {
  const trusted = vscode.workspace.isTrusted;
  const configured = vscode.workspace.getConfiguration('sockscope.kernel').get<string>('sourcePath', '').trim();
  if (configured) {
    const root = configured.includes('://') ? vscode.Uri.parse(configured) : vscode.Uri.file(configured);
    if ((trusted || insideWorkspace(root)) && (await isKernelTree(root))) return { root, kind: 'path' };
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (await isKernelTree(folder.uri)) return { root: folder.uri, kind: 'workspace' };
  }
  if (trusted && distribution) {
    for (const root of await distribution()) if (await isKernelTree(root)) return { root, kind: 'distribution' };
  }
  return undefined;
}

async function isKernelTree(root: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, ...MARKER));
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

function insideWorkspace(uri: vscode.Uri): boolean {
  return vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}
