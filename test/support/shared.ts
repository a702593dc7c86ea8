// Locates ../shared (design notes and corpora) and the external tools tests compare against.
// Tests that need them skip with a clear reason when they are absent; CI always has them.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const SHARED = process.env.SOCKSCOPE_SHARED ?? path.resolve(REPO_ROOT, '../shared');
export const HAS_SHARED = existsSync(path.join(SHARED, 'corpus'));
export const CORPUS = path.join(SHARED, 'corpus');

if (!HAS_SHARED) {
  console.warn(`[sockscope tests] ${SHARED} is absent: corpus and design-based tests are skipped`);
}

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** In CI nothing may be skipped: a missing tool there is a failure, not a skip. */
export function requireOrSkip(what: string, present: boolean): boolean {
  if (present) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is required in CI but missing`);
  console.warn(`[sockscope tests] ${what} is missing: skipping the tests that need it`);
  return false;
}
