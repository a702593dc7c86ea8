// `sockscope excerpt STAGE [--kernel PATH] [--version V] [--format text|json] [--allow-network]`:
// the kernel code of a stall stage, annotated, from the first kernel source that has it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { STAGE_IDS } from '../../core/diagnosis/finding';
import { isStageId } from '../../core/kernel/catalogue';
import { DEFAULT_KERNEL_VERSION, parseKernelVersion } from '../../core/kernel/links';
import { renderStageExcerptsText } from '../../core/kernel/renderExcerptText';
import { collectStageExcerpts } from '../../core/kernel/stageExcerpts';
import { nodeKernelProviders } from '../../io/kernel/nodeProviders';
import { UsageError, type Command } from '../cliIo';

interface ExcerptArgs {
  stage: string;
  kernel?: string;
  version: string;
  format: 'text' | 'json';
  allowNetwork: boolean;
  context?: number;
}

function parseArgs(args: string[]): ExcerptArgs {
  const positional: string[] = [];
  const parsed: Partial<ExcerptArgs> = { format: 'text', allowNetwork: false, version: DEFAULT_KERNEL_VERSION };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--kernel') parsed.kernel = value();
    else if (arg === '--version') parsed.version = value();
    else if (arg === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
      parsed.format = f;
    } else if (arg === '--allow-network') parsed.allowNetwork = true;
    else if (arg === '--context') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 20) throw new UsageError('--context must be a whole number from 0 to 20');
      parsed.context = n;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(`excerpt takes one STAGE; valid stages: ${STAGE_IDS.join(', ')}`);
  return { ...(parsed as ExcerptArgs), stage: positional[0] };
}

/** The directory holding this program's package.json (the repository in development). */
function programRoot(): string | undefined {
  let dir = typeof __dirname === 'string' ? __dirname : undefined;
  for (let up = 0; dir && up < 5; up++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export const excerptCommand: Command = async (args, io) => {
  const options = parseArgs(args);
  if (!isStageId(options.stage)) {
    throw new UsageError(`unknown stage '${options.stage}'; valid stages: ${STAGE_IDS.join(', ')}`);
  }
  const version = parseKernelVersion(options.version);
  if (!version) throw new UsageError(`--version wants a kernel version such as 6.1 or 6.1.192, not '${options.version}'`);

  const { providers, notices } = nodeKernelProviders({
    explicitPath: options.kernel,
    workspace: io.cwd,
    version,
    allowNetwork: options.allowNetwork,
    env: io.env,
    programRoot: programRoot(),
  });
  const result = await collectStageExcerpts(options.stage, providers, { version, context: options.context });
  result.notices.unshift(...notices);
  if (options.format === 'json') {
    // JSON carries them too, but a script's user reads stderr.
    for (const notice of result.notices) io.err(`sockscope excerpt: ${notice}\n`);
    io.out(JSON.stringify(result, null, 2) + '\n');
  } else io.out(renderStageExcerptsText(result));
  return 0;
};
