// Running extension tests in a workbench page (code-server's or VS Code for the Web's): the
// workbench loads the suite named by `extensionTestsPath` and reports its log and exit code
// through window.codeAutomationLog / codeAutomationExit.

/** code-server's workbench URL that opens `workspace` and runs the suite `suite` against the extension in `extensionDir`. */
export function workbenchTestUrl(hostPort, workspace, extensionDir, suite) {
  const remote = (p) => `vscode-remote://${hostPort}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(suite)],
    ['skipWelcome', 'true'],
  ]);
  return `http://${hostPort}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
}

/**
 * Opens `url` in `page` and resolves with the suite's exit code: 2 when it does not finish within
 * `timeoutMs`, 3 when the workbench reports success but mocha printed no summary (a lost extension
 * host also ends with exit code 0). `onLog(type, args)` sees each log call first and returns true
 * when it handled it; the rest are printed.
 */
export async function runWorkbenchTests(page, url, { timeoutMs, what = 'extension tests', onLog = async () => false }) {
  let reportedResults = false;
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', async (type, args) => {
      if (await onLog(type, args)) return;
      // mocha prints its summary as ("%d passing", n).
      if (args.some((a) => typeof a === 'string' && /(?:\d+|%d) passing\b/.test(a))) reportedResults = true;
      (type === 'error' ? console.error : console.log)(...args);
    });
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  await page.goto(url);
  const timeout = new Promise((resolve) =>
    setTimeout(() => {
      console.error(`${what} did not finish within ${timeoutMs} ms`);
      resolve(2);
    }, timeoutMs),
  );
  const code = await Promise.race([finished, timeout]);
  if (code === 0 && !reportedResults) {
    console.error('the workbench reported success but the suite printed no results (extension host lost?)');
    return 3;
  }
  return code;
}
