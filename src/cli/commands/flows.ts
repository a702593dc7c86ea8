// `sockscope flows FILE [--format text|json]`: the TCP and UDP conversations of a capture, like
// Wireshark's Conversations window (design/CLI.md). The JSON flows have the core's shape
// (flowJson.ts), written as bytes by the same writer as `diagnose`'s, so both print the very same.
import { groupCaptureForCli, captureJsonHead, parseFileAndFormat, warningLine } from '../captureInput';
import type { Command } from '../cliIo';
import { writeJson } from '../jsonWriter';
import { FlowsJsonArray } from './flowsJsonArray';
import { writeFlowsTable } from './flowsTextTable';

export const flowsCommand: Command = async (args, io) => {
  const { file, format } = parseFileAndFormat('flows', args, ['text', 'json'] as const);
  const { table, analysis } = await groupCaptureForCli(file, false, io);
  for (const w of table.warnings) io.err(warningLine(file, w));
  const { flows } = analysis;
  if (format === 'text') {
    if (flows.length === 0) io.out('no TCP or UDP conversations\n');
    else await writeFlowsTable(io, table, flows);
    return 0;
  }
  const json = {
    ...captureJsonHead(file, table),
    flows: new FlowsJsonArray(io, table, flows),
  };
  await writeJson((text) => io.out(text), json, 1, io.drain);
  io.out('\n');
  return 0;
};
