// Entry the workbench loads through `extensionTestsPath`: runs the mocha suite inside the Node
// extension host (the same contract @vscode/test-electron uses). Bundled by scripts/e2e.sh next
// to the cached mocha, which is why `require('mocha')` resolves.
import { runMochaSuite } from './mochaRun';

export function run(): Promise<void> {
  return runMochaSuite('capture.e2e', () => import('./capture.e2e'));
}
