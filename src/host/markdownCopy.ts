// The Markdown put on the clipboard for "copy as Markdown": a flow's conversation line and its
// findings, or one finding with its facts and evidence frames, as a bug report would quote them.
import type { FindingView, SummaryMessage } from '../protocol';

export function flowMarkdown(summary: SummaryMessage, flowId: number): string {
  const flow = summary.flows.find((f) => f.id === flowId);
  if (!flow) throw new Error(`no flow ${flowId}`);
  const endpoint = (e: { addr: string; port: number }): string =>
    e.addr.includes(':') ? `[${e.addr}]:${e.port}` : `${e.addr}:${e.port}`;
  const lines = [
    `### ${flow.label} ${flow.proto.toUpperCase()} ${endpoint(flow.client)} → ${endpoint(flow.server)}`,
    '',
    `- capture: \`${summary.capture.name}\`, frames ${flow.firstFrame}–${flow.lastFrame} (${flow.packets} packets, state ${flow.state})`,
    `- payload bytes: ${flow.bytesToServer} to the server, ${flow.bytesToClient} to the client`,
  ];
  if (flow.initialRtt >= 0) lines.push(`- handshake RTT: ${(flow.initialRtt * 1000).toFixed(3)} ms`);
  const findings = summary.findings.filter((f) => f.flow === flowId);
  if (findings.length) {
    lines.push('', '| stage | side | confidence | summary |', '|---|---|---|---|');
    for (const f of findings) lines.push(`| ${f.stage} | ${f.sideEndpoint} | ${f.confidence} | ${cell(f.summary)} |`);
  } else {
    lines.push('', 'No stall findings on this flow.');
  }
  return lines.join('\n') + '\n';
}

export function findingMarkdown(summary: SummaryMessage, index: number): string {
  const f: FindingView | undefined = summary.findings[index];
  if (!f) throw new Error(`no finding ${index}`);
  const lines = [
    `### ${f.title} (\`${f.stage}\`, ${f.confidence} confidence)`,
    '',
    f.summary,
    '',
    `- capture: \`${summary.capture.name}\`, flow f${f.flow}, side ${f.side} (${f.sideEndpoint})`,
    `- time: ${f.start.toFixed(6)} s – ${f.end.toFixed(6)} s after the first packet`,
    `- evidence frames: ${f.frames.join(', ')}`,
  ];
  const facts = Object.entries(f.facts);
  if (facts.length) {
    lines.push('', '| fact | value |', '|---|---|');
    for (const [k, v] of facts) lines.push(`| ${k} | ${cell(Array.isArray(v) ? v.join(', ') : String(v))} |`);
  }
  if (f.kernel.length) {
    lines.push('', 'Kernel: ' + f.kernel.map((k) => `\`${k.function}\` (${k.file})`).join(', '));
  }
  return lines.join('\n') + '\n';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
