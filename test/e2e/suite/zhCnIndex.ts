// Entry for the Simplified Chinese run (scripts/e2e.sh: code-server --locale zh-cn).
import { runMochaSuite } from './mochaRun';

export function run(): Promise<void> {
  return runMochaSuite('zhCn.e2e', () => import('./zhCn.e2e'));
}
