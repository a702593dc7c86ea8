// Where the Debian 6.1.192-2 tree unpacked by scripts/kernel-source.sh lives, and the recorded
// truth for it in ../shared/design/kernel/anchors.json (key 6.1.192-debian).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, SHARED, requireOrSkip } from '../support/shared';

export const KERNEL_TREE = process.env.SOCKSCOPE_KERNEL_TREE ?? path.join(REPO_ROOT, '.cache/kernel/linux-6.1.192');
export const HAS_KERNEL_TREE = existsSync(path.join(KERNEL_TREE, 'net/ipv4/tcp.c'));
export const ANCHORS_JSON = path.join(SHARED, 'design/kernel/anchors.json');
export const HAS_ANCHORS = existsSync(ANCHORS_JSON);
export const TREE_KEY = '6.1.192-debian';

export interface RecordedAnchor {
  id: string;
  line: number | null;
  lines?: number[];
  absent?: boolean;
}

export interface RecordedVersion {
  file: string;
  funcLine: number;
  endLine: number;
  anchors: RecordedAnchor[];
}

export interface RecordedEntry {
  stage: string;
  function: string;
  versions: Record<string, RecordedVersion | null>;
}

export function readAnchors(): RecordedEntry[] {
  return JSON.parse(readFileSync(ANCHORS_JSON, 'utf8')) as RecordedEntry[];
}

export const TREE_MISSING_REASON = `the kernel tree ${KERNEL_TREE} (run scripts/kernel-source.sh as root)`;

/** Set by scripts/kernel-source.sh when Debian no longer offers the exact package version. */
const UNAVAILABLE_MARKER = path.join(REPO_ROOT, '.cache/kernel/UNAVAILABLE');

/**
 * Whether the tests that need the tree can run. A tree the set-up could not install because
 * the package version is gone is a skip with its reason, even in CI; a tree nobody tried to
 * install is a skip locally and a failure in CI.
 */
export function kernelTreeReady(): boolean {
  if (HAS_KERNEL_TREE) return true;
  if (existsSync(UNAVAILABLE_MARKER)) {
    console.warn(`[sockscope tests] skipping kernel-tree tests: ${readFileSync(UNAVAILABLE_MARKER, 'utf8').trim()}`);
    return false;
  }
  return requireOrSkip(TREE_MISSING_REASON, false);
}
