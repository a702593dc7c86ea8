// What the e2e suites share: the extension's test API as they see it, the
// e2e workspace's files and truth, and opening a capture until its webview reports.
import * as assert from 'node:assert/strict';
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

export const EXTENSION_ID = 'sockscope.sockscope';
export const SCENARIO = 'zero-window-sndbuf-full';
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
