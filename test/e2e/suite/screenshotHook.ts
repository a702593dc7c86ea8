// Lets a suite photograph the workbench at a chosen moment: runTests.mjs watches the log for the
// request, saves the screenshot, then drops a marker file beside the workspace that we wait for.
import * as vscode from 'vscode';

const SHOT_TIMEOUT_MS = 30_000;

export async function screenshot(name: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('screenshots need the e2e workspace open');
  const marker = vscode.Uri.joinPath(folder.uri, '..', 'e2e-shots', `${name}.done`);
  // A marker left by an earlier run must not answer this request.
  await Promise.resolve(vscode.workspace.fs.delete(marker)).catch(() => undefined);
  console.log(`[sockscope-shot] ${name}`);
  for (const end = Date.now() + SHOT_TIMEOUT_MS; Date.now() < end; ) {
    try {
      await vscode.workspace.fs.stat(marker);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the runner did not save screenshot ${name} within ${SHOT_TIMEOUT_MS} ms`);
}
