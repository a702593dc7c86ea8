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
import { runWorkbenchTests, workbenchTestUrl } from './workbench.mjs';

const [hostPort, workspace, extensionDir, suiteIndex, tmpRoot, artifacts] = process.argv.slice(2);
const SHOT = /^\[sockscope-shot\] ([\w.-]+)$/;
// `[sockscope-click] NAME TEXT`: click the workbench button labelled TEXT (a walkthrough step's
// command button), then drop the marker NAME.done the same way.
const CLICK = /^\[sockscope-click\] ([\w.-]+) (.+)$/;
fs.rmSync(path.join(workspace, '..', 'e2e-shots'), { recursive: true, force: true });
const TIMEOUT_MS = Number(process.env.SOCKSCOPE_E2E_TEST_TIMEOUT_MS || 180000);
const url = workbenchTestUrl(hostPort, workspace, extensionDir, suiteIndex);

const { page, close } = await launchBrowser(tmpRoot);
let exitCode = 1;
try {
  const done = (name, what) => {
    fs.mkdirSync(path.join(workspace, '..', 'e2e-shots'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '..', 'e2e-shots', `${name}.done`), what);
  };
  // Screenshot and click requests are answered here; every other line is printed.
  const onLog = async (type, args) => {
    const line = args.length === 1 && typeof args[0] === 'string' ? args[0].trim() : '';
    const shot = SHOT.exec(line);
    const click = CLICK.exec(line);
    if (shot && artifacts) {
      fs.mkdirSync(artifacts, { recursive: true });
      const file = path.join(artifacts, `${shot[1]}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot saved: ${file}`);
      done(shot[1], file);
      return true;
    }
    if (click) {
      try {
        await page.getByRole('button', { name: click[2], exact: true }).first().click({ timeout: 15000 });
        console.log(`clicked the button "${click[2]}"`);
        done(click[1], 'clicked');
      } catch (e) {
        console.error(`could not click the button "${click[2]}": ${e.message}`);
      }
      return true;
    }
    return false;
  };
  exitCode = await runWorkbenchTests(page, url, { timeoutMs: TIMEOUT_MS, onLog });
} catch (e) {
  console.error('test runner failed:', e);
} finally {
  await close();
}
console.log(`extension tests exit code: ${exitCode}`);
process.exit(exitCode);
