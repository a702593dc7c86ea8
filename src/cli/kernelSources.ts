// What the commands that show kernel code (`excerpt`, `report`) share: the `--version` argument
// and the kernel sources tried for `--kernel PATH` / `--allow-network`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseKernelVersion, type KernelVersion } from '../core/kernel/links';
import { nodeKernelProviders, type NodeProviders } from '../io/kernel/nodeProviders';
import { UsageError, type CliIo } from './cliIo';

/** `--version V` as a kernel version; a UsageError when it is none. */
export function kernelVersionArg(text: string): KernelVersion {
  const version = parseKernelVersion(text);
  if (!version) throw new UsageError(`--version wants a kernel version such as 6.1 or 6.1.192, not '${text}'`);
  return version;
}

/** The directory holding this program's package.json (the repository in development). */
export function programRoot(): string | undefined {
  let dir = typeof __dirname === 'string' ? __dirname : undefined;
  for (let up = 0; dir && up < 5; up++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The kernel sources for the CLI: `--kernel`, the current directory, distribution trees, the mirror. */
export function cliKernelProviders(io: CliIo, kernel: string | undefined, version: KernelVersion, allowNetwork: boolean): NodeProviders {
  return nodeKernelProviders({
    explicitPath: kernel,
    workspace: io.cwd,
    version,
    allowNetwork,
    env: io.env,
    programRoot: programRoot(),
  });
}
