// Runs the mocha suite inside code-server's Node extension host. The workbench URL's `payload`
// names the extension under test and the suite (vscode-remote URIs); the workbench reports the
// suite's log and exit code through window.codeAutomationLog / codeAutomationExit.
// Usage: node runTests.mjs <host:port> <workspace> <extensionDir> <suiteIndex.js> <tmpRoot>
import { launchBrowser } from './browser.mjs';

const [hostPort, workspace, extensionDir, suiteIndex, tmpRoot] = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.SOCKSCOPE_E2E_TEST_TIMEOUT_MS || 180000);
const remote = (p) => `vscode-remote://${hostPort}${p}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(extensionDir)],
  ['extensionTestsPath', remote(suiteIndex)],
  ['skipWelcome', 'true'],
]);
const url = `http://${hostPort}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;

const { page, close } = await launchBrowser(tmpRoot);
let exitCode = 1;
try {
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', (type, args) =>
      (type === 'error' ? console.error : console.log)(...args),
    );
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  await page.goto(url);
  const timeout = new Promise((resolve) =>
    setTimeout(() => {
      console.error(`extension tests did not finish within ${TIMEOUT_MS} ms`);
      resolve(2);
    }, TIMEOUT_MS),
  );
  exitCode = await Promise.race([finished, timeout]);
} catch (e) {
  console.error('test runner failed:', e);
} finally {
  await close();
}
console.log(`extension tests exit code: ${exitCode}`);
process.exit(exitCode);
