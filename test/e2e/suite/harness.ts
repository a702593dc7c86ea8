// What the e2e suites share: the extension's test API as they see it, the
// e2e workspace's files and truth, and opening a capture until its webview reports.
// The web suite bundles this module for the web worker extension host too: nothing here may need
// Node (`assert` is Node's own there and the npm polyfill on the web).
import { strict as assert } from 'assert';
import * as vscode from 'vscode';

export interface MochaContext {
  skip(): void;
}
interface MochaTdd {
  suite(name: string, fn: () => void): void;
  suiteSetup(fn: () => Promise<void> | void): void;
  test(name: string, fn: (this: MochaContext) => Promise<void> | void): void;
}
export const tdd = globalThis as unknown as MochaTdd;

export interface RenderedReport {
  uri: string;
  flows: number;
  findings: number;
  packets: number;
  warnings: number;
  stages: string[];
  findingStages: string[];
  findingTitles?: string[];
  highlighted?: number[];
  fatal?: string;
}

export interface ExcerptSet {
  provider: string;
  providerDetail?: string;
  excerpts: { function: string; startLine: number; lines: string[]; anchors: { line: number; annotation: string }[]; link?: string }[];
  links: { url: string }[];
}

export interface SockscopeApi {
  onDidRender: vscode.Event<RenderedReport>;
  lastRendered(uri: vscode.Uri): RenderedReport | undefined;
  deliverFromWebview(uri: vscode.Uri, message: object): Promise<void>;
  findingExcerpts(uri: vscode.Uri, finding: number): Promise<ExcerptSet | undefined>;
  kernelNotes(uri: vscode.Uri): readonly { line: number; annotation: string }[];
}

export interface Truth {
  flows: unknown[];
  capture: { packets: number };
  events: { label: string }[];
}

/** design/kernel/anchors.json (copied into the workspace): per function and kernel version, the anchor lines found. */
export interface AnchorTruth {
  function: string;
  versions: Record<string, { file: string; funcLine: number; anchors: { id: string; line: number | null }[] } | null>;
}

export const EXTENSION_ID = 'sockscope.sockscope';
export const SCENARIO = 'zero-window-sndbuf-full';
/** The Debian 6.1 tree scripts/kernel-source.sh unpacks, and its key in anchors.json. */
export const DEBIAN_TREE = 'linux-6.1.192';
export const DEBIAN_TREE_KEY = '6.1.192-debian';
const RENDER_TIMEOUT_MS = 45_000;

export async function activateSockscope(): Promise<SockscopeApi> {
  const extension = vscode.extensions.getExtension<SockscopeApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function readTruth(): Promise<Truth> {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('truth.json')))) as Truth;
}

/** anchors.json's entry for `fn` in the Debian 6.1 tree. */
export async function readDebianAnchors(fn: string): Promise<NonNullable<AnchorTruth['versions'][string]>> {
  const anchors = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('anchors.json')))) as AnchorTruth[];
  const truth = anchors.find((a) => a.function === fn)?.versions[DEBIAN_TREE_KEY];
  assert.ok(truth, `anchors.json has ${fn} for ${DEBIAN_TREE_KEY}`);
  return truth;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then(
    () => true,
    () => false,
  );
}

/** Skips the test when the Debian kernel tree is missing, except in CI (`ci`), which requires it. */
export function requireKernelTree(context: MochaContext, present: boolean, ci: boolean): void {
  if (present) return;
  if (ci) throw new Error('the Debian 6.1 kernel tree is required in CI (scripts/kernel-source.sh)');
  context.skip();
}

/**
 * The finding's excerpt set once it comes from the configured tree (sockscope.kernel.sourcePath was
 * just set): the host forgets cached excerpts when the setting changes, and the event may trail the update.
 */
export async function excerptsFromTree(api: SockscopeApi, uri: vscode.Uri, finding: number): Promise<ExcerptSet> {
  let set = await api.findingExcerpts(uri, finding);
  for (let i = 0; i < 25 && set?.provider !== 'path'; i++) {
    await sleep(200);
    set = await api.findingExcerpts(uri, finding);
  }
  assert.ok(set);
  assert.equal(set.provider, 'path', `provider: ${set.provider} (${set.providerDetail})`);
  assert.equal(set.providerDetail, DEBIAN_TREE);
  return set;
}

/** The next report for `uri` that satisfies `accept`. */
export function nextRender(api: SockscopeApi, uri: vscode.Uri, accept: (r: RenderedReport) => boolean): Promise<RenderedReport> {
  return new Promise<RenderedReport>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${uri.path}: no matching 'rendered' report within ${RENDER_TIMEOUT_MS} ms`));
    }, RENDER_TIMEOUT_MS);
    const sub = api.onDidRender((r) => {
      if (r.uri !== uri.toString() || !accept(r)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

const hasContent = (r: RenderedReport): boolean => r.flows > 0 || r.packets > 0 || r.warnings > 0 || r.fatal !== undefined;

/** Runs `open` (a command that shows `uri` in Sockscope) and resolves with the webview's first report. */
export async function openAndWaitForRender(
  api: SockscopeApi,
  uri: vscode.Uri,
  open: () => Thenable<unknown> = () => vscode.commands.executeCommand('vscode.openWith', uri, 'sockscope.capture'),
): Promise<RenderedReport> {
  const rendered = nextRender(api, uri, hasContent);
  await open();
  return rendered;
}

/** Selects a finding in the capture's webview, as a kernel-source hover link does, and waits until it is shown. */
export async function showFinding(api: SockscopeApi, uri: vscode.Uri, finding: number): Promise<void> {
  // A selected finding highlights its evidence frames.
  const shown = nextRender(api, uri, (r) => (r.highlighted ?? []).length > 0);
  await vscode.commands.executeCommand('sockscope.revealFrame', { uri: uri.toString(), finding });
  await shown;
}

export const CJK = /[\u4e00-\u9fff]/;
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
