// `sockscope diagnose FILE [--format text|json|markdown]`: stall findings with the kernel code
// behind them (design/CLI.md). text is for a terminal, markdown for a pull-request comment,
// json the stable contract.
import { NotACaptureError } from '../../core/capture';
import { absTime, type PacketTable } from '../../core/capture/packetTable';
import { diagnose } from '../../core/diagnosis/index';
import type { Finding } from '../../core/diagnosis/finding';
import { diagnosisMarkdown } from '../../core/export/markdown';
import { analyzeFlows, type FlowAnalysis } from '../../core/flows/index';
import { flowsToJson } from '../../core/flows/flowJson';
import { stageInfo } from '../../core/kernel/catalogue/index';
import { DEFAULT_KERNEL_VERSION } from '../../core/kernel/links';
import { CaptureFileError, readCaptureFile } from '../../io/readCaptureFile';
import { InputError, UsageError, type CliIo, type Command } from '../cliIo';
import { warningLine } from './packets';

type Format = 'text' | 'json' | 'markdown';
const FORMATS: readonly Format[] = ['text', 'json', 'markdown'];
const VERSION = '0.1.0';

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
      if (!FORMATS.includes(value as Format)) throw new UsageError(`--format must be text, json or markdown, not '${value ?? ''}'`);
      format = value as Format;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('diagnose takes one FILE');
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

export const diagnoseCommand: Command = async (args, io) => {
  const { file, format } = parseArgs(args);
  const table = readTable(file);
  const analysis = analyzeFlows(table);
  const findings = diagnose(table, analysis);
  if (format === 'json') {
    io.out(JSON.stringify(toJson(file, table, analysis, findings), null, 2) + '\n');
    return 0;
  }
  for (const w of table.warnings) io.err(warningLine(file, w));
  io.out(format === 'text' ? toText(file, table, analysis, findings) : toMarkdown(file, table, analysis, findings));
  return 0;
};

function toJson(file: string, table: PacketTable, analysis: FlowAnalysis, findings: Finding[]) {
  return {
    tool: 'sockscope',
    version: VERSION,
    input: { path: file, format: table.format, packets: table.count, bytes: table.bytes, dateKnown: table.dateKnown },
    warnings: table.warnings,
    flows: flowsToJson(table, analysis.flows),
    findings,
  };
}

/** Wall-clock time of day (UTC) for a finding's time, or the time since midnight for undated logs. */
function clock(t: number): string {
  const day = ((t % 86400) + 86400) % 86400;
  const h = Math.floor(day / 3600);
  const m = Math.floor((day % 3600) / 60);
  const s = day - h * 3600 - m * 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

function span(table: PacketTable, f: Finding): string {
  const t0 = table.count ? absTime(table, 0) : f.start;
  const d = f.end - f.start;
  const dur = d >= 1 ? `${d.toFixed(2)} s` : `${(d * 1000).toFixed(1)} ms`;
  return `${clock(f.start)} → ${clock(f.end)}${table.dateKnown ? ' UTC' : ''} (${dur}; +${(f.start - t0).toFixed(3)} s into the capture)`;
}

function frameList(frames: number[], max = 12): string {
  if (frames.length <= max) return frames.join(', ');
  return `${frames.slice(0, max - 2).join(', ')}, … ${frames.slice(-2).join(', ')} (${frames.length} frames)`;
}

function endpointOf(table: PacketTable, analysis: FlowAnalysis, f: Finding): string {
  const flow = analysis.flows[Number(f.flow.slice(1))];
  if (!flow) return f.side;
  const addr = f.side === 'client' ? flow.clientAddr : flow.serverAddr;
  const port = f.side === 'client' ? flow.clientPort : flow.serverPort;
  return `${f.side} ${table.addrs[addr]}:${port}`;
}

function toText(file: string, table: PacketTable, analysis: FlowAnalysis, findings: Finding[]): string {
  const out: string[] = [];
  const tcp = analysis.flows.filter((f) => f.proto === 'tcp').length;
  out.push(`${file}: ${table.format}, ${table.count} packets, ${analysis.flows.length} flows (${tcp} TCP)` + (table.dateKnown ? '' : ', times since midnight (no date in the log)'));
  const problems = findings.filter((f) => f.confidence !== 'low');
  const hints = findings.filter((f) => f.confidence === 'low');
  out.push(problems.length ? `${problems.length} finding${problems.length === 1 ? '' : 's'}:` : 'No stalls found.');
  out.push('');
  for (const f of problems) {
    const info = stageInfo(f.stage);
    out.push(`■ ${info.title} [${f.stage}, ${f.confidence} confidence] on ${f.flow}, ${endpointOf(table, analysis, f)}`);
    out.push(`  what    ${f.summary}`);
    out.push(`  when    ${span(table, f)}`);
    out.push(`  frames  ${frameList(f.frames)}`);
    out.push(`  kernel  ${f.kernel.slice(0, 3).map((k) => `${k.function}() ${k.file}`).join("\n          ")}`);
    out.push('');
  }
  if (hints.length) {
    out.push(`${hints.length} hint${hints.length === 1 ? '' : 's'} (low confidence: ordinary traffic can look like this):`);
    for (const f of hints) out.push(`  · ${f.stage} on ${f.flow} at ${clock(f.start)}: ${f.summary}`);
    out.push('');
  }
  if (problems.length) out.push(`Kernel excerpts: sockscope excerpt STAGE (e.g. sockscope excerpt ${problems[0].stage})`);
  return out.join('\n') + '\n';
}

function toMarkdown(file: string, table: PacketTable, analysis: FlowAnalysis, findings: Finding[]): string {
  return diagnosisMarkdown({ fileName: file, table, analysis, findings, kernelVersion: DEFAULT_KERNEL_VERSION });
}
