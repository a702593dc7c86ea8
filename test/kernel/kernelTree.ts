// Where the Debian 6.1.192-2 tree unpacked by scripts/kernel-source.sh lives, and the recorded
// truth for it in ../shared/design/kernel/anchors.json (key 6.1.192-debian).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, SHARED } from '../support/shared';

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
