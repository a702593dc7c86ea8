// Simplified Chinese in a real VS Code (code-server --locale zh-cn, no language pack: VS Code's
// own strings stay English). Sockscope's contributions (package.nls.zh-cn.json), runtime strings
// (l10n/) and finding texts must be Chinese. Screenshots: the capture, the walkthrough, the sample.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CJK,
  EXTENSION_ID,
  SCENARIO,
  activateSockscope,
  openAndWaitForRender,
  readTruth,
  showFinding,
  sleep,
  tdd,
  workspaceFile,
  type SockscopeApi,
  type Truth,
} from './harness';
import { clickButton, screenshot } from './screenshotHook';

const { suite, suiteSetup, test } = tdd;

/** A localised command title comes as the translation with the English original beside it. */
type LocalisedTitle = string | { value: string; original: string };

/** The walkthrough as the manifest contributes it (titles are `%key%` until localised). */
interface WalkthroughContribution {
  id: string;
  title: string;
  steps: { id: string; title: string }[];
}

suite('Sockscope in Simplified Chinese', () => {
  let api: SockscopeApi;
  let truth: Truth;

  suiteSetup(async () => {
    api = await activateSockscope();
    truth = await readTruth();
  });

  test('VS Code runs with the zh-cn display language', () => {
    assert.equal(vscode.env.language, 'zh-cn');
  });

  test('the manifest contributions come from package.nls.zh-cn.json', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { walkthroughs: WalkthroughContribution[]; commands: { command: string; title: LocalisedTitle }[] };
    };
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'sockscope.gettingStarted');
    assert.ok(walkthrough, 'the walkthrough is contributed');
    assert.match(walkthrough.title, CJK, `walkthrough title: ${walkthrough.title}`);
    for (const step of walkthrough.steps) assert.match(step.title, CJK, `step ${step.id}: ${step.title}`);
    const openSample = manifest.contributes.commands.find((c) => c.command === 'sockscope.openSample');
    const title = typeof openSample?.title === 'string' ? openSample.title : (openSample?.title.value ?? '');
    assert.match(title, CJK, `openSample: ${title}`);
  });

  test('the capture\'s findings are titled in Chinese', async () => {
    const uri = workspaceFile(`${SCENARIO}.pcap`);
    const report = await openAndWaitForRender(api, uri);
    assert.equal(report.packets, truth.capture.packets, 'packets read');
    assert.equal(report.flows, truth.flows.length, 'flows rendered');
    const finding = report.findingStages.indexOf('zero_window');
    assert.ok(finding >= 0, `stages: ${report.stages.join(', ')}`);
    const titles = report.findingTitles ?? [];
    assert.equal(titles.length, report.findingStages.length, 'a title per finding');
    for (const title of titles) assert.match(title, CJK, `finding title: ${title}`);
    assert.notEqual(titles[finding], 'Receiver advertised a zero window');
    await showFinding(api, uri, finding);
    await screenshot('zh-cn');
  });

  test('the walkthrough\'s "open sample" button opens the bundled sample, in Chinese', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#sockscope.gettingStarted`, false);
    await sleep(2500); // the walkthrough page renders its steps and the first step's Markdown
    await screenshot('zh-cn-walkthrough');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    // The step's button, labelled by the localised step description's command link.
    const steps = (extension.packageJSON as { contributes: { walkthroughs: { steps: { id: string; description: string }[] }[] } })
      .contributes.walkthroughs[0].steps;
    const description = steps.find((s) => s.id === 'openSample')?.description ?? '';
    const label = /\[([^\]]+)\]\(command:sockscope\.openSample\)/.exec(description)?.[1];
    assert.ok(label && CJK.test(label), `the open-sample step has a Chinese command button: ${description}`);
    const sample = vscode.Uri.joinPath(extension.extensionUri, 'samples', `${SCENARIO}.pcap`);
    const report = await openAndWaitForRender(api, sample, () => clickButton('zh-cn-open-sample', label));
    assert.equal(report.fatal, undefined);
    assert.ok(report.stages.includes('zero_window'), `stages: ${report.stages.join(', ')}`);
    for (const title of report.findingTitles ?? []) assert.match(title, CJK, `finding title: ${title}`);
    await sleep(1000);
    await screenshot('zh-cn-sample');
  });
});
