// Entry for the Restricted Mode run (scripts/e2e.sh: workspace trust on, the folder untrusted).
import { runMochaSuite } from './mochaRun';

export function run(): Promise<void> {
  return runMochaSuite('restricted.e2e', () => import('./restricted.e2e'));
}
