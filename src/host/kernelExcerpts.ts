// Kernel excerpts for findings: the stage's functions cut out of the kernel tree the user has
// (line numbers from that source), or, without a tree, links to a public cross-referencer.
import * as vscode from 'vscode';
import type { Finding } from '../core/diagnosis/finding';
import type { ExcerptSetView, KernelExcerptView } from '../protocol';
import { findKernelTree, type DistributionTrees, type KernelTree } from './kernelTrees';
import { excerptFunction } from './pipeline';

const CROSS_REFERENCER = 'https://elixir.bootlin.com/linux';

export function kernelVersion(): string {
  return vscode.workspace.getConfiguration('sockscope.kernel').get<string>('version', '6.12');
}

/** Deep link to a function at the public cross-referencer, for the configured version. */
export function functionLink(functionName: string): string {
  return `${CROSS_REFERENCER}/v${kernelVersion()}/C/ident/${encodeURIComponent(functionName)}`;
}

export async function excerptSet(finding: Finding, distribution?: DistributionTrees): Promise<ExcerptSetView> {
  const tree = await findKernelTree(distribution);
  const excerpts: KernelExcerptView[] = [];
  for (const k of finding.kernel) {
    const found = tree ? await excerptFromTree(tree, finding, k.function, k.file) : undefined;
    excerpts.push(
      found ?? { function: k.function, file: k.file, startLine: 0, endLine: 0, lines: [], anchors: [], link: functionLink(k.function) },
    );
  }
  return {
    stage: finding.stage,
    provider: tree ? tree.kind : 'none',
    providerDetail: tree ? tree.root.path.slice(tree.root.path.lastIndexOf('/') + 1) : `v${kernelVersion()}`,
    excerpts,
    links: finding.kernel.map((k) => ({ label: k.function, url: functionLink(k.function) })),
  };
}

async function excerptFromTree(
  tree: KernelTree,
  finding: Finding,
  functionName: string,
  file: string,
): Promise<KernelExcerptView | undefined> {
  const text = await readTreeFile(tree, file);
  if (text === undefined) return undefined;
  const found = excerptFunction(finding.stage, functionName, text);
  if (!found) return undefined;
  return { function: functionName, file, ...found, link: functionLink(functionName) };
}

export async function readTreeFile(tree: KernelTree, file: string): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(tree.root, ...file.split('/')));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}
