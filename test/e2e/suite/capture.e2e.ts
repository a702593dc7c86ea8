// Integration tests in a real VS Code: open the real-kernel recordings of the
// zero-window-sndbuf-full scenario (copied into the workspace with their truth.json) in
// Sockscope's editor and check what the webview reports against the recording's truth.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import {
  DEBIAN_TREE_KEY,
  SCENARIO,
  activateSockscope,
  nextRender,
  openAndWaitForRender,
  readDebianAnchors,
  readTruth,
  requireKernelTree,
  tdd,
  workspaceFile,
  type RenderedReport,
  type SockscopeApi,
  type Truth,
} from './harness';

const { suite, suiteSetup, test } = tdd;

suite('Sockscope capture editor in a real VS Code', () => {
  let api: SockscopeApi;
  let truth: Truth;

  suiteSetup(async () => {
    api = await activateSockscope();
    truth = await readTruth();
  });

  for (const ext of ['pcap', 'pcapng', 'txt']) {
    test(`${SCENARIO}.${ext}: the webview shows the recording's flow, packets and zero-window stall`, async () => {
      const uri = workspaceFile(`${SCENARIO}.${ext}`);
      const report = await openAndWaitForRender(api, uri);
      assert.equal(report.packets, truth.capture.packets, 'packets read');
      assert.equal(report.flows, truth.flows.length, 'flows rendered');
      assert.ok(report.findings >= 1, `findings rendered: ${report.findings}`);
      // The scenario's defining stall, as recorded on the real kernel.
      assert.ok(truth.events.some((e) => e.label === 'zero_window'));
      assert.ok(report.stages.includes('zero_window'), `stages: ${report.stages.join(', ')}`);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputCustom, 'the active tab is a custom editor');
      assert.equal(tab.input.viewType, 'sockscope.capture');
      // The test hook command reports the same as the API.
      const viaCommand = await vscode.commands.executeCommand<RenderedReport>('sockscope._lastRendered', uri);
      assert.equal(viaCommand?.flows, report.flows);
    });
  }

  test('large.pcap (the recording 180 times, 34 MB: analysed on a second thread) shows every repetition and its stall', async () => {
    const report = await openAndWaitForRender(api, workspaceFile('large.pcap'));
    assert.equal(report.packets, 180 * truth.capture.packets, 'packets read');
    assert.equal(report.flows, 180 * truth.flows.length, 'flows rendered');
    assert.ok(report.findings >= 180, `findings rendered: ${report.findings}`);
    // Every repetition is diagnosed alike: each stage found a multiple of 180 times.
    for (const stage of new Set(report.findingStages)) {
      const count = report.findingStages.filter((s) => s === stage).length;
      assert.equal(count % 180, 0, `${stage} found ${count} times`);
    }
    assert.ok(report.stages.includes('zero_window'), `stages: ${report.stages.join(', ')}`);
  });

  test('a pcap cut off mid-record shows the packets before the damage and a warning', async () => {
    const report = await openAndWaitForRender(api, workspaceFile('truncated.pcap'));
    assert.ok(report.warnings >= 1, `warnings: ${report.warnings}`);
    assert.ok(report.packets > 0 && report.packets < truth.capture.packets, `packets: ${report.packets}`);
    assert.equal(report.flows, 1);
  });

  test('a file that is no capture shows why, naming the file, instead of the views', async () => {
    const uri = workspaceFile('not-a-capture.pcap');
    const shown = nextRender(api, uri, (r) => r.fatal !== undefined);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'sockscope.capture');
    const report = await shown;
    assert.match(report.fatal ?? '', /not-a-capture\.pcap/);
    assert.match(report.fatal ?? '', /not a pcap, pcapng or tcpdump text file/);
    assert.equal(report.packets, 0);
  });

  test('a finding opens its kernel function in the Debian 6.1 tree at the anchor lines, with a hover back to the capture', async function () {
    const tree = vscode.workspace.getConfiguration('sockscope.kernel').get<string>('sourcePath', '');
    requireKernelTree(this, tree !== '', process.env.CI === 'true');
    const capture = workspaceFile(`${SCENARIO}.pcap`);
    const report = api.lastRendered(capture) ?? (await openAndWaitForRender(api, capture));
    const finding = report.findingStages.indexOf('zero_window');
    assert.ok(finding >= 0, 'the capture has a zero_window finding');
    await api.deliverFromWebview(capture, {
      type: 'openKernelSource',
      stage: 'zero_window',
      function: 'tcp_probe_timer',
      file: 'net/ipv4/tcp_timer.c',
      finding,
    });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'a text editor is active');
    assert.ok(editor.document.uri.path.endsWith('/net/ipv4/tcp_timer.c'), editor.document.uri.path);
    const notes = api.kernelNotes(editor.document.uri);
    assert.ok(notes.length > 0, 'anchor lines are annotated');
    const truth = await readDebianAnchors('tcp_probe_timer');
    const truthLines = new Set([truth.funcLine, ...truth.anchors.map((a) => a.line)]);
    for (const n of notes) assert.ok(truthLines.has(n.line), `annotated line ${n.line} is an anchor of ${DEBIAN_TREE_KEY}`);
    assert.equal(editor.selection.active.line, notes[0].line - 1, 'the editor is at the first anchor');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      new vscode.Position(notes[0].line - 1, 1),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    const link = /command:sockscope\.revealFrame\?([^)\s]+)\)/.exec(text);
    assert.ok(link, `the hover links back to the capture: ${text}`);
    const [args] = JSON.parse(decodeURIComponent(link[1])) as [{ uri: string; finding: number; frame: number }];
    assert.equal(args.uri, capture.toString());
    // Following the link shows the finding in the capture: its evidence frames are highlighted.
    const revealed = nextRender(api, capture, (r) => (r.highlighted ?? []).includes(args.frame));
    await vscode.commands.executeCommand('sockscope.revealFrame', args);
    await revealed;
  });
});
