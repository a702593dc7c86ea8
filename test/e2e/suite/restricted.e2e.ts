// Restricted Mode in a real VS Code (code-server with workspace trust on and the folder not
// trusted). User settings point sockscope.kernel.sourcePath at a kernel tree outside the
// workspace and turn sockscope.kernel.allowNetwork on: parsing must still work, but neither may
// be used, and the finding must say why while keeping its annotations and deep links.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DEBIAN_TREE,
  SCENARIO,
  activateSockscope,
  excerptsFromTree,
  exists,
  openAndWaitForRender,
  readDebianAnchors,
  readTruth,
  requireKernelTree,
  showFinding,
  sleep,
  tdd,
  workspaceFile,
  type SockscopeApi,
  type Truth,
} from './harness';
import { screenshot } from './screenshotHook';

const { suite, suiteSetup, test } = tdd;

suite('Sockscope in Restricted Mode', () => {
  let api: SockscopeApi;
  let truth: Truth;

  suiteSetup(async () => {
    api = await activateSockscope();
    truth = await readTruth();
  });

  test('the workspace is untrusted while the user settings ask for a tree outside it and the network', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the e2e folder is opened in Restricted Mode');
    const config = vscode.workspace.getConfiguration('sockscope.kernel');
    assert.equal(config.get<boolean>('allowNetwork'), true);
    const sourcePath = config.get<string>('sourcePath', '');
    assert.ok(sourcePath, 'sockscope.kernel.sourcePath is set');
    const tree = vscode.Uri.file(sourcePath);
    assert.equal(vscode.workspace.getWorkspaceFolder(tree), undefined, `${sourcePath} lies outside the workspace`);
    // The tree is real and readable, so only the trust decision keeps it out.
    const marker = await vscode.workspace.fs.stat(vscode.Uri.joinPath(tree, 'net/ipv4/tcp.c'));
    assert.ok(marker.size > 0);
  });

  test('the capture opens in Restricted Mode with the recording\'s flow, packets and zero-window stall', async () => {
    const report = await openAndWaitForRender(api, workspaceFile(`${SCENARIO}.pcap`));
    assert.equal(report.fatal, undefined);
    assert.equal(report.packets, truth.capture.packets, 'packets read');
    assert.equal(report.flows, truth.flows.length, 'flows rendered');
    assert.ok(report.stages.includes('zero_window'), `stages: ${report.stages.join(', ')}`);
  });

  test('the zero-window finding reads no tree outside the workspace, fetches nothing, and says why', async () => {
    const uri = workspaceFile(`${SCENARIO}.pcap`);
    const report = api.lastRendered(uri) ?? (await openAndWaitForRender(api, uri));
    const finding = report.findingStages.indexOf('zero_window');
    assert.ok(finding >= 0, 'the capture has a zero_window finding');
    const set = await api.findingExcerpts(uri, finding);
    assert.ok(set, 'the finding has an excerpt set');
    // Neither the configured tree ('path') nor the mirror served anything.
    assert.equal(set.provider, 'none');
    assert.match(set.providerDetail ?? '', /Restricted Mode: sockscope\.kernel\.sourcePath is outside the workspace and is not read/);
    assert.match(set.providerDetail ?? '', /Restricted Mode: kernel source is not fetched from the network/);
    assert.ok(set.excerpts.length > 0, 'the stage names kernel functions');
    for (const x of set.excerpts) {
      assert.equal(x.lines.length, 0, `${x.function}: no source lines`);
      assert.ok(x.anchors.length > 0 && x.anchors.every((a) => a.annotation.length > 0), `${x.function}: annotated anchors`);
      assert.match(x.link ?? '', /^https:\/\//, `${x.function}: deep link`);
    }
    // Asking to open the function's source does not open the tree outside the workspace; the
    // host answers with a notification that waits for the user, so it is not awaited.
    void api.deliverFromWebview(uri, {
      type: 'openKernelSource',
      stage: 'zero_window',
      function: 'tcp_probe_timer',
      file: 'net/ipv4/tcp_timer.c',
      finding,
    });
    await sleep(1500);
    const opened = vscode.window.visibleTextEditors.map((e) => e.document.uri.path);
    assert.ok(!opened.some((p) => p.endsWith('/net/ipv4/tcp_timer.c')), `no kernel file opened: ${opened.join(', ')}`);
    await showFinding(api, uri, finding);
    await screenshot('restricted-mode');
  });

  test('a kernel tree inside the workspace is still read in Restricted Mode', async function () {
    const tree = workspaceFile(DEBIAN_TREE);
    requireKernelTree(this, await exists(vscode.Uri.joinPath(tree, 'net/ipv4/tcp_timer.c')), process.env.CI === 'true');
    const uri = workspaceFile(`${SCENARIO}.pcap`);
    const report = api.lastRendered(uri) ?? (await openAndWaitForRender(api, uri));
    const finding = report.findingStages.indexOf('zero_window');
    const config = vscode.workspace.getConfiguration('sockscope.kernel');
    // In a remote window this machine-overridable setting goes to the remote machine's settings,
    // above the user's; removing it there afterwards brings the user's value back.
    await config.update('sourcePath', tree.fsPath, vscode.ConfigurationTarget.Global);
    try {
      const set = await excerptsFromTree(api, uri, finding);
      const truthOf = await readDebianAnchors('tcp_probe_timer');
      const excerpt = set.excerpts.find((x) => x.function === 'tcp_probe_timer');
      assert.ok(excerpt, 'tcp_probe_timer is excerpted');
      assert.equal(excerpt.startLine, truthOf.funcLine, 'the function starts at its line in the Debian tree');
      assert.ok(excerpt.lines.length > 0, 'the excerpt holds the source');
    } finally {
      await config.update('sourcePath', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
