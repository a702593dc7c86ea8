// `sockscope excerpt STAGE [--kernel PATH] [--version V] [--format text|json] [--allow-network]`:
// the kernel code of a stall stage, annotated, from the first kernel source that has it.
import { STAGE_IDS } from '../../core/diagnosis/finding';
import { isStageId } from '../../core/kernel/catalogue';
import { DEFAULT_KERNEL_VERSION } from '../../core/kernel/links';
import { renderStageExcerptsText } from '../../core/kernel/renderExcerptText';
import { collectStageExcerpts } from '../../core/kernel/stageExcerpts';
import { UsageError, optionValue, wholeNumberArg, type Command } from '../cliIo';
import { cliKernelProviders, kernelVersionArg } from '../kernelSources';

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
    const value = (): string => optionValue(args, i++);
    if (arg === '--kernel') parsed.kernel = value();
    else if (arg === '--version') parsed.version = value();
    else if (arg === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
      parsed.format = f;
    } else if (arg === '--allow-network') parsed.allowNetwork = true;
    else if (arg === '--context') parsed.context = wholeNumberArg(arg, value(), 0, 20);
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(`excerpt takes one STAGE; valid stages: ${STAGE_IDS.join(', ')}`);
  return { ...(parsed as ExcerptArgs), stage: positional[0] };
}

export const excerptCommand: Command = async (args, io) => {
  const options = parseArgs(args);
  if (!isStageId(options.stage)) {
    throw new UsageError(`unknown stage '${options.stage}'; valid stages: ${STAGE_IDS.join(', ')}`);
  }
  const version = kernelVersionArg(options.version);

  const { providers, notices } = cliKernelProviders(io, options.kernel, version, options.allowNetwork);
  const result = await collectStageExcerpts(options.stage, providers, { version, context: options.context });
  result.notices.unshift(...notices);
  if (options.format === 'json') {
    // JSON carries them too, but a script's user reads stderr.
    for (const notice of result.notices) io.err(`sockscope excerpt: ${notice}\n`);
    io.out(JSON.stringify(result, null, 2) + '\n');
  } else io.out(renderStageExcerptsText(result));
  return 0;
};
