// Drives the real workbench like a user: double-clicks each capture in the Explorer, waits for
// Sockscope's webview to draw, and saves a screenshot of each step into test/e2e/artifacts/.
// Usage: node screenshots.mjs <baseUrl> <workspace> <artifactsDir> <tmpRoot>
import path from 'node:path';
import fs from 'node:fs';
import { launchBrowser } from './browser.mjs';

const [baseUrl, workspace, artifacts, tmpRoot] = process.argv.slice(2);
const CAPTURES = ['zero-window-sndbuf-full.pcap', 'zero-window-sndbuf-full.pcapng'];
const TEXT_LOG = 'zero-window-sndbuf-full.txt';
/** 34 MB (scripts/e2e.sh repeats the recording): large enough for the editor's analysis thread. */
const LARGE = 'large.pcap';
const t0 = Date.now();
const lap = (m) => console.log(`[screenshots ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
fs.mkdirSync(artifacts, { recursive: true });

const { page, close } = await launchBrowser(tmpRoot);
if (process.env.SOCKSCOPE_E2E_DEBUG) page.on('console', (m) => console.log('console:', m.type(), m.text()));

// The custom editor's content: iframe.webview (workbench) > iframe#active-frame (our HTML).
const webviewRoot = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('main.grid');
const textEditor = page.locator(
  '.editor-group-container .monaco-editor-pane-placeholder, .editor-group-container .editor-instance .monaco-editor',
);

async function waitFor(predicates, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await page.waitForTimeout(200)) {
    for (const [name, check] of Object.entries(predicates)) if (await check().catch(() => false)) return name;
  }
  return 'timeout';
}

/** The ladder's drawing statistics in the webview titled `fileName` (its <title>), or null. */
async function ladderStats(fileName) {
  for (const frame of page.frames()) {
    const stats = await frame
      .evaluate((name) => (document.title === name && window.sockscopeLadderStats ? { ...window.sockscopeLadderStats } : null), fileName)
      .catch(() => null);
    if (stats) return stats;
  }
  return null;
}

async function shot(name) {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file });
  lap(`saved ${file}`);
}

/** Double-clicks a file; right after start-up the remote extension may not be registered yet and
 * the file opens as text: close that tab and try again. */
async function openCapture(name) {
  const item = page.getByRole('treeitem', { name, exact: true });
  await item.waitFor({ timeout: 60000 });
  for (let attempt = 1; attempt <= 10; attempt++) {
    await item.dblclick();
    const seen = await waitFor(
      {
        webview: () => webviewRoot().first().isVisible(),
        text: () => textEditor.first().isVisible(),
      },
      30000,
    );
    if (seen === 'webview') return;
    if (seen === 'timeout') throw new Error(`${name}: neither the capture editor nor a text editor appeared`);
    lap(`${name} opened as text on attempt ${attempt} (extension not registered yet); retrying`);
    await page.locator('.tabs-container .tab', { hasText: name }).first().click({ button: 'middle' });
    await textEditor.first().waitFor({ state: 'hidden', timeout: 10000 });
  }
  throw new Error(`${name}: the capture editor never opened`);
}

try {
  await page.goto(`${baseUrl}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  lap('workbench shown');
  for (const name of CAPTURES) {
    await openCapture(name);
    await page.waitForTimeout(1500); // let the ladder finish its first layout
    await shot(`${name.replace(/\W+/g, '-')}.png`);
  }
  // The ladder's rows carry the per-packet analysis, which for a file this large comes from the
  // analysis thread after the flow list: the ladder must still get every row it draws.
  await openCapture(LARGE);
  const drawn = await waitFor({ rows: async () => {
    const stats = await ladderStats(LARGE);
    return stats !== null && stats.frames > 0 && stats.requests > 0 && stats.missingRows === 0;
  } }, 30000);
  if (drawn === 'timeout') throw new Error(`${LARGE}: the ladder never drew its rows (${JSON.stringify(await ladderStats(LARGE))})`);
  await page.waitForTimeout(500);
  await shot('large-pcap.png');
  // A tcpdump text log opens as text; Sockscope offers to open it as a capture.
  await page.getByRole('treeitem', { name: TEXT_LOG, exact: true }).dblclick();
  const offer = page.locator('.notification-toast', { hasText: 'looks like tcpdump output' });
  await offer.waitFor({ timeout: 30000 });
  await shot('tcpdump-text-offer.png');
  await offer.locator('.monaco-button', { hasText: 'Open as Capture' }).click();
  await webviewRoot().first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1500);
  await shot('tcpdump-text-as-capture.png');
  // A file that is no capture: the editor shows why instead of the views.
  await page.getByRole('treeitem', { name: 'not-a-capture.pcap', exact: true }).dblclick();
  await page
    .frameLocator('iframe.webview.ready')
    .frameLocator('#active-frame')
    .locator('.fatal', { hasText: 'not-a-capture.pcap' })
    .waitFor({ timeout: 30000 });
  await shot('not-a-capture.png');
} catch (e) {
  await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
  console.error('screenshots failed:', e.message);
  process.exitCode = 1;
} finally {
  await close();
}
