// `sockscope flows FILE [--format text|json]`: the TCP and UDP conversations of a capture, like
// Wireshark's Conversations window (design/CLI.md). The flow objects are shaped by the core
// (flowJson.ts) so `diagnose` prints the very same ones.
import { NotACaptureError } from '../../core/capture';
import type { PacketTable } from '../../core/capture/packetTable';
import { analyzeFlows } from '../../core/flows';
import { flowsToJson, flowsToText } from '../../core/flows/flowJson';
import { CaptureFileError, readCaptureFile } from '../../io/readCaptureFile';
import { InputError, UsageError, type Command } from '../cliIo';
import { warningLine } from './packets';

type Format = 'text' | 'json';

function parseArgs(args: string[]): { file: string; format: Format } {
  let format: Format = 'text';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    let arg = args[i];
    let value: string | undefined;
    if (arg.startsWith('--format=')) {
      value = arg.slice('--format='.length);
      arg = '--format';
    } else if (arg === '--format') value = args[++i];
    if (arg === '--format') {
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json, not '${value ?? ''}'`);
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('flows takes one FILE');
  return { file: positional[0], format };
}

function readTable(file: string): PacketTable {
  try {
    return readCaptureFile(file);
  } catch (e) {
    if (e instanceof CaptureFileError || e instanceof NotACaptureError) throw new InputError(e.message);
    throw e;
  }
}

export const flowsCommand: Command = async (args, io) => {
  const { file, format } = parseArgs(args);
  const table = readTable(file);
  for (const w of table.warnings) io.err(warningLine(file, w));
  const { flows } = analyzeFlows(table);
  if (format === 'text') {
    io.out(flows.length === 0 ? 'no TCP or UDP conversations\n' : flowsToText(table, flows));
    return 0;
  }
  const json = {
    tool: 'sockscope',
    version: '0.1.0',
    input: { path: file, format: table.format, packets: table.count, bytes: table.bytes, dateKnown: table.dateKnown },
    warnings: table.warnings,
    flows: flowsToJson(table, flows),
  };
  io.out(`${JSON.stringify(json, null, 1)}\n`);
  return 0;
};
