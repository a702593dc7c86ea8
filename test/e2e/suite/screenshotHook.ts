// Lets a suite photograph the workbench at a chosen moment, or click one of its buttons:
// runTests.mjs watches the log for the request, does it, then drops a marker file beside the
// workspace that we wait for.
import * as vscode from 'vscode';

const SHOT_TIMEOUT_MS = 30_000;

export function screenshot(name: string): Promise<void> {
  return askRunner(name, `[sockscope-shot] ${name}`, `save screenshot ${name}`);
}

/** Clicks a workbench button (outside our webview) the way a user would, by its label. */
export function clickButton(name: string, label: string): Promise<void> {
  return askRunner(name, `[sockscope-click] ${name} ${label}`, `click the button "${label}"`);
}

async function askRunner(name: string, request: string, what: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the runner hooks need the e2e workspace open');
  const marker = vscode.Uri.joinPath(folder.uri, '..', 'e2e-shots', `${name}.done`);
  // A marker left by an earlier run must not answer this request.
  await Promise.resolve(vscode.workspace.fs.delete(marker)).catch(() => undefined);
  console.log(request);
  for (const end = Date.now() + SHOT_TIMEOUT_MS; Date.now() < end; ) {
    try {
      await vscode.workspace.fs.stat(marker);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the runner did not ${what} within ${SHOT_TIMEOUT_MS} ms`);
}
