// `sockscope diagnose FILE [--format text|json|markdown]`: stall findings with the kernel code
// behind them (design/CLI.md). text is for a terminal, markdown for a pull-request comment,
// json the stable contract.
import type { PacketTable } from '../../core/capture/packetTable';
import type { Finding } from '../../core/diagnosis/finding';
import { clockText, diagnosisMarkdown, frameListText, spanText } from '../../core/export/markdown';
import { t } from '../../core/i18n/index';
import type { FlowGrouping } from '../../core/flows/index';
import { endpointText, flowIdOf } from '../../core/flows/flowJson';
import { stageInfo } from '../../core/kernel/catalogue/index';
import { DEFAULT_KERNEL_VERSION } from '../../core/kernel/links';
import { groupCaptureForCli, captureJsonHead, parseFileAndFormat, warningLine } from '../captureInput';
import type { CliIo, Command } from '../cliIo';
import { writeJson } from '../jsonWriter';
import { FlowsJsonArray } from './flowsJsonArray';

type Format = 'text' | 'json' | 'markdown';
const FORMATS: readonly Format[] = ['text', 'json', 'markdown'];

export const diagnoseCommand: Command = async (args, io) => {
  const { file, format } = parseFileAndFormat('diagnose', args, FORMATS);
  const { table, analysis, findings } = await groupCaptureForCli(file, true, io);
  if (format === 'json') {
    await writeJson((text) => io.out(text), toJson(io, file, table, analysis, findings), 2, io.drain);
    io.out('\n');
    return 0;
  }
  for (const w of table.warnings) io.err(warningLine(file, w));
  io.out(format === 'text' ? toText(file, table, analysis, findings) : toMarkdown(file, table, analysis, findings));
  return 0;
};

function toJson(io: CliIo, file: string, table: PacketTable, analysis: FlowGrouping, findings: Finding[]) {
  return {
    ...captureJsonHead(file, table),
    flows: new FlowsJsonArray(io, table, analysis.flows),
    // `summary` is already in the user's locale; the facts it came from stay out of the contract.
    findings: findings.map(({ summaryArgs: _args, ...f }) => f),
  };
}

function endpointOf(table: PacketTable, analysis: FlowGrouping, f: Finding): string {
  const flow = analysis.flows[flowIdOf(f.flow)];
  const side = t(f.side === 'client' ? 'md.client' : 'md.server');
  if (!flow) return side;
  const addr = f.side === 'client' ? flow.clientAddr : flow.serverAddr;
  const port = f.side === 'client' ? flow.clientPort : flow.serverPort;
  return `${side} ${endpointText(table.addrs[addr], port)}`;
}

function toText(file: string, table: PacketTable, analysis: FlowGrouping, findings: Finding[]): string {
  const out: string[] = [];
  const tcp = analysis.flows.filter((f) => f.proto === 'tcp').length;
  out.push(
    t('cli.header', { file, format: table.format, packets: table.count, flows: analysis.flows.length, tcp }) +
      (table.dateKnown ? '' : t('cli.undated')),
  );
  const problems = findings.filter((f) => f.confidence !== 'low');
  const hints = findings.filter((f) => f.confidence === 'low');
  out.push(problems.length ? t(problems.length === 1 ? 'cli.findingsOne' : 'cli.findingsMany', { count: problems.length }) : t('md.noStalls'));
  out.push('');
  for (const f of problems) {
    const info = stageInfo(f.stage);
    const confidence = t('md.confidenceIs', { confidence: t(`md.confidence.${f.confidence}`) });
    out.push(`■ ${t('cli.findingHead', { title: info.title, stage: f.stage, confidence, flow: f.flow, side: endpointOf(table, analysis, f) })}`);
    out.push(`  ${t('cli.what')}${f.summary}`);
    out.push(`  ${t('cli.when')}${spanText(table, f)}`);
    out.push(`  ${t('cli.frames')}${frameListText(f.frames)}`);
    out.push(`  ${t('cli.kernel')}${f.kernel.slice(0, 3).map((k) => `${k.function}() ${k.file}`).join('\n          ')}`);
    out.push('');
  }
  if (hints.length) {
    out.push(t(hints.length === 1 ? 'cli.hintsOne' : 'cli.hintsMany', { count: hints.length }));
    for (const f of hints) out.push(`  · ${t('cli.hint', { stage: f.stage, flow: f.flow, at: clockText(f.start), summary: f.summary })}`);
    out.push('');
  }
  if (problems.length) out.push(t('cli.excerptHint', { stage: problems[0].stage }));
  return out.join('\n') + '\n';
}

function toMarkdown(file: string, table: PacketTable, analysis: FlowGrouping, findings: Finding[]): string {
  return diagnosisMarkdown({ fileName: file, table, analysis, findings, kernelVersion: DEFAULT_KERNEL_VERSION });
}
