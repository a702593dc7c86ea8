// Large captures make the CLI allocate hundreds of megabytes of columns. With 4 KiB pages every
// first touch of that memory is a page fault, and on virtual machines a fault is dear: on the
// benchmark VM the faults were a sixth to a quarter of `diagnose`'s CPU time on a 200 MB capture
// (bench/README.md). glibc 2.35+ backs large allocations with transparent huge pages when
// GLIBC_TUNABLES holds glibc.malloc.hugetlb=1, but reads the variable only at process start, so
// for a large input the CLI starts itself once more with it set. The `sockscope` command's shebang
// (bin/sockscope.cjs) sets both already, so this relaunch happens only when the CLI is started as
// `node bin/sockscope.cjs` or `node dist/cli.js`; there, setting the tunable yourself
// (glibc.malloc.hugetlb=0 to opt out) stops it. The child also gets V8 semi-spaces of
// 8 MB instead of 16: huge pages round every large column up to 2 MB steps, and a smaller young
// generation pays that back. 2 MB, chosen when the 200 MB capture peaked at ~300 MB, no longer
// saved anything there (212 MB either way) but made a capture of 1.7 million one-packet flows
// (a SYN flood) collect its young generation 2,670 times: 45 s against 25–29 s with 8 MB, which
// costs the 20,000-connection capture 10 MB of RSS and no time.
import { readFileSync, statSync } from 'node:fs';
import { envForCommand } from './extraCaCerts';
import { runAgain } from './runAgain';

const TUNABLE_NAME = 'glibc.malloc.hugetlb';
export const TUNABLE = `${TUNABLE_NAME}=1`;
/** Before the user's own Node options, which win when they set it too. */
export const SMALL_YOUNG_GENERATION = '--max-semi-space-size=8';
/** Below this the relaunch (a second Node start-up, ~0.1 s) costs more than huge pages save. */
export const HUGE_PAGE_MIN_INPUT_BYTES = 64 * 1024 * 1024;
const FILE_COMMANDS = new Set(['packets', 'flows', 'diagnose', 'report']);
const THP_SETTING = '/sys/kernel/mm/transparent_hugepage/enabled';

/** What the decision depends on, so it can be checked without the machine's own state. */
export interface HugePageProbe {
  platform: string;
  /** Size of a regular file at this path, undefined when it is none. */
  fileSize(path: string): number | undefined;
  /** The kernel's transparent-huge-page mode: always, madvise or never. */
  thpMode(): string | undefined;
  /** glibc's version when the process runs on glibc. */
  glibcVersion(): string | undefined;
}

/** True when `sockscope argv` should run again with huge pages for malloc. */
export function wantsHugePageRelaunch(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  probe: HugePageProbe,
  minBytes = HUGE_PAGE_MIN_INPUT_BYTES,
): boolean {
  if (probe.platform !== 'linux') return false;
  if (env.GLIBC_TUNABLES?.includes(TUNABLE_NAME)) return false;
  const [command, ...rest] = argv;
  if (!FILE_COMMANDS.has(command)) return false;
  if (!rest.some((arg) => !arg.startsWith('-') && (probe.fileSize(arg) ?? 0) >= minBytes)) return false;
  // "always" gives huge pages already; "never" gives none whatever malloc asks.
  if (probe.thpMode() !== 'madvise') return false;
  const glibc = probe.glibcVersion();
  if (!glibc) return false;
  const [major, minor] = glibc.split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 35);
}

export const machineProbe: HugePageProbe = {
  platform: process.platform,
  fileSize(path) {
    try {
      const s = statSync(path);
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  },
  thpMode() {
    try {
      return /\[(\w+)\]/.exec(readFileSync(THP_SETTING, 'utf8'))?.[1];
    } catch {
      return undefined;
    }
  },
  glibcVersion() {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    return report?.header?.glibcVersionRuntime;
  },
};

/**
 * Runs the CLI again in a child with huge pages for malloc when that pays off, and returns the
 * child's exit code; null when this process should do the work itself.
 */
export async function relaunchWithHugePages(argv: string[], env: NodeJS.ProcessEnv, probe = machineProbe): Promise<number | null> {
  if (!wantsHugePageRelaunch(argv, env, probe)) return null;
  const tunables = env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${TUNABLE}` : TUNABLE;
  return runAgain([SMALL_YOUNG_GENERATION], argv, envForCommand(argv, { ...env, GLIBC_TUNABLES: tunables }));
}
