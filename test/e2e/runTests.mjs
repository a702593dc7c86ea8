// Runs the mocha suite inside code-server's Node extension host. The workbench URL's `payload`
// names the extension under test and the suite (vscode-remote URIs); the workbench reports the
// suite's log and exit code through window.codeAutomationLog / codeAutomationExit.
// A suite may ask for a screenshot of the workbench as it is: it logs `[sockscope-shot] NAME`,
// the runner saves <artifacts>/NAME.png and then writes <workspace>/../e2e-shots/NAME.done, which
// the suite waits for (see suite/screenshotHook.ts).
// Usage: node runTests.mjs <host:port> <workspace> <extensionDir> <suiteIndex.js> <tmpRoot> [artifacts]
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';

const [hostPort, workspace, extensionDir, suiteIndex, tmpRoot, artifacts] = process.argv.slice(2);
const SHOT = /^\[sockscope-shot\] ([\w.-]+)$/;
// `[sockscope-click] NAME TEXT`: click the workbench button labelled TEXT (a walkthrough step's
// command button), then drop the marker NAME.done the same way.
const CLICK = /^\[sockscope-click\] ([\w.-]+) (.+)$/;
fs.rmSync(path.join(workspace, '..', 'e2e-shots'), { recursive: true, force: true });
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
/** Whether mocha printed its summary: a lost extension host also ends with exit code 0. */
let reportedResults = false;
try {
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', async (type, args) => {
      const line = args.length === 1 && typeof args[0] === 'string' ? args[0].trim() : '';
      const shot = SHOT.exec(line);
      const click = CLICK.exec(line);
      const done = (name, what) => {
        fs.mkdirSync(path.join(workspace, '..', 'e2e-shots'), { recursive: true });
        fs.writeFileSync(path.join(workspace, '..', 'e2e-shots', `${name}.done`), what);
      };
      if (shot && artifacts) {
        fs.mkdirSync(artifacts, { recursive: true });
        const file = path.join(artifacts, `${shot[1]}.png`);
        await page.screenshot({ path: file });
        console.log(`screenshot saved: ${file}`);
        done(shot[1], file);
        return;
      }
      if (click) {
        try {
          await page.getByRole('button', { name: click[2], exact: true }).first().click({ timeout: 15000 });
          console.log(`clicked the button "${click[2]}"`);
          done(click[1], 'clicked');
        } catch (e) {
          console.error(`could not click the button "${click[2]}": ${e.message}`);
        }
        return;
      }
      // mocha prints its summary as ("%d passing", n).
      if (args.some((a) => typeof a === 'string' && /(?:\d+|%d) passing\b/.test(a))) reportedResults = true;
      (type === 'error' ? console.error : console.log)(...args);
    });
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
if (exitCode === 0 && !reportedResults) {
  console.error('the workbench reported success but the suite printed no results (extension host lost?)');
  exitCode = 3;
}
console.log(`extension tests exit code: ${exitCode}`);
process.exit(exitCode);
