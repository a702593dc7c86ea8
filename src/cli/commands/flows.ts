// `sockscope flows FILE [--format text|json]`: the TCP and UDP conversations of a capture, like
// Wireshark's Conversations window (design/CLI.md). The flow objects are shaped by the core
// (flowJson.ts) so `diagnose` prints the very same ones.
import { flowsToJson, flowsToText } from '../../core/flows/flowJson';
import { groupCaptureForCli, captureJsonHead, parseFileAndFormat, warningLine } from '../captureInput';
import type { Command } from '../cliIo';

export const flowsCommand: Command = async (args, io) => {
  const { file, format } = parseFileAndFormat('flows', args, ['text', 'json'] as const);
  const { table, analysis } = await groupCaptureForCli(file, false, io.env);
  for (const w of table.warnings) io.err(warningLine(file, w));
  const { flows } = analysis;
  if (format === 'text') {
    io.out(flows.length === 0 ? 'no TCP or UDP conversations\n' : flowsToText(table, flows));
    return 0;
  }
  const json = {
    ...captureJsonHead(file, table),
    flows: flowsToJson(table, flows),
  };
  io.out(`${JSON.stringify(json, null, 1)}\n`);
  return 0;
};
