// What every command that takes a capture FILE shares: `FILE [--format F]` parsing, reading the
// file with the CLI's error contract (exit 1 naming the file), and the warning line format.
import { NotACaptureError } from '../core/capture';
import type { PacketTable, ReadWarning } from '../core/capture/packetTable';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { analyseCaptureFile, analyseTable, type AnalyseOptions, type CaptureAnalysis, type CaptureGrouping } from '../io/analyseCaptureFile';
import { CaptureFileError, isGzipFile, readCaptureChunks, readCaptureFile, readGzipCaptureFile } from '../io/readCaptureFile';
import { TOUCH_PAGES_FROM_BYTES } from '../io/pageToucher';
import { InputError, UsageError, type CliIo } from './cliIo';
import { programRoot } from './kernelSources';

/** Parses `FILE [--format F]` (also `--format=F`); the first of `formats` is the default. */
export function parseFileAndFormat<F extends string>(command: string, args: string[], formats: readonly F[]): { file: string; format: F } {
  let format = formats[0];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    let arg = args[i];
    let value: string | undefined;
    if (arg.startsWith('--format=')) {
      value = arg.slice('--format='.length);
      arg = '--format';
    } else if (arg === '--format') value = args[++i];
    if (arg === '--format') {
      if (!formats.includes(value as F)) {
        const names = formats.length > 1 ? `${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}` : formats[0];
        throw new UsageError(`--format must be ${names}, not '${value ?? ''}'`);
      }
      format = value as F;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(`${command} takes one FILE`);
  return { file: positional[0], format };
}

/**
 * Reads a capture, gzip-compressed or not, from FILE or, for `-`, from standard input; a capture
 * that cannot be read at all becomes an InputError (exit 1).
 */
export async function readCaptureForCli(file: string, io: Pick<CliIo, 'stdin'>): Promise<PacketTable> {
  try {
    if (file === STDIN) return await readCaptureChunks(STDIN, io.stdin ?? noInput());
    return isGzipFile(file) ? await readGzipCaptureFile(file) : readCaptureFile(file);
  } catch (e) {
    return unreadableAsInputError(e);
  }
}

/** FILE that names standard input. */
const STDIN = '-';

async function* noInput(): AsyncGenerator<Uint8Array> {}

/** Rethrows a capture that cannot be read at all as an InputError (exit 1, naming the file), anything else as it is. */
function unreadableAsInputError(e: unknown): never {
  if (e instanceof CaptureFileError || e instanceof NotACaptureError) throw new InputError(e.message);
  throw e;
}

/**
 * Reads, groups and (with `diagnose`) diagnoses a capture; errors as readCaptureForCli. Inputs
 * of 80 MiB or more get a second thread (src/io/analyseCaptureFile.ts): on the 2-core
 * benchmark VM, once the flow pass only groups for `diagnose`, it saved 12 % of the wall time on
 * 200 MB and 10 % on 128 MB, 5 % on 96 MB and nothing on 64 MB, where the thread's start-up
 * eats the overlap (bench/README.md, "Two threads"). SOCKSCOPE_THREADS=1 or 2
 * forces one or two threads whatever the size. On one thread, inputs from TOUCH_PAGES_FROM_BYTES
 * get the page-touching helper (src/io/pageToucher.ts); SOCKSCOPE_TOUCH_PAGES=0 or 1 forces it.
 */
export function analyseCaptureForCli(file: string, diagnose: boolean, io: Pick<CliIo, 'env' | 'stdin'>): Promise<CaptureAnalysis> {
  return analyseForCli(file, io, { diagnose });
}

/**
 * analyseCaptureForCli without Wireshark's per-segment analysis, for commands that print
 * nothing of it (`diagnose`, `flows`): the same flows and findings, the flow pass grouping only.
 * SOCKSCOPE_SEQUENCE_ANALYSIS=1 runs the analysis all the same, so the benchmark can show what it costs.
 */
export function groupCaptureForCli(file: string, diagnose: boolean, io: Pick<CliIo, 'env' | 'stdin'>): Promise<CaptureGrouping> {
  return analyseForCli(file, io, { diagnose, sequenceAnalysis: io.env.SOCKSCOPE_SEQUENCE_ANALYSIS === '1' });
}

/** Standard input is read whole on this thread; a file as its size and the environment say. */
function analyseForCli(file: string, io: Pick<CliIo, 'env' | 'stdin'>, options: AnalyseOptions & { sequenceAnalysis?: true }): Promise<CaptureAnalysis>;
function analyseForCli(file: string, io: Pick<CliIo, 'env' | 'stdin'>, options: AnalyseOptions): Promise<CaptureGrouping>;
async function analyseForCli(file: string, io: Pick<CliIo, 'env' | 'stdin'>, options: AnalyseOptions): Promise<CaptureGrouping> {
  if (file === STDIN) return analyseTable(await readCaptureForCli(file, io), options);
  try {
    return await analyseCaptureFile(file, { ...passOptions(io.env), ...options });
  } catch (e) {
    return unreadableAsInputError(e);
  }
}

/** Threads and the page toucher, as the input's size and the environment say. */
function passOptions(env: CliIo['env']): AnalyseOptions {
  const threads = env.SOCKSCOPE_THREADS;
  const touch = env.SOCKSCOPE_TOUCH_PAGES;
  return {
    workerScript: threads === '1' ? undefined : readerThreadScript(),
    minParallelBytes: threads === '2' ? 0 : TWO_THREADS_FROM_BYTES,
    touchPagesFromBytes: touch === '0' ? Infinity : touch === '1' ? 0 : TOUCH_PAGES_FROM_BYTES,
  };
}

const TWO_THREADS_FROM_BYTES = 80 * 1024 * 1024;

/** dist/captureWorker.js beside this bundle, or in the checkout it belongs to; a lone copy of the CLI runs on one thread. */
function readerThreadScript(): string | undefined {
  const root = programRoot();
  const dirs = [typeof __dirname === 'string' ? __dirname : undefined, root && path.join(root, 'dist')];
  return dirs.map((d) => d && path.resolve(d, 'captureWorker.js')).find((f) => f !== undefined && existsSync(f));
}

/** The program's version, as `--version` and every JSON document print it. */
export const CLI_VERSION = '0.1.0';

/** The opening keys every capture command's JSON shares: tool, version, input, warnings. */
export function captureJsonHead(file: string, table: PacketTable) {
  return {
    tool: 'sockscope',
    version: CLI_VERSION,
    input: { path: file, format: table.format, packets: table.count, bytes: table.bytes, dateKnown: table.dateKnown },
    warnings: table.warnings,
  };
}

/** `sockscope: FILE: warning at offset N: message (frame F)` for stderr. */
export function warningLine(file: string, w: ReadWarning): string {
  const where = w.offset !== undefined ? `offset ${w.offset}` : w.line !== undefined ? `line ${w.line}` : 'end of input';
  const frame = w.frame !== undefined ? ` (frame ${w.frame})` : '';
  return `sockscope: ${file}: warning at ${where}: ${w.message}${frame}\n`;
}
