// Every finding of every real-kernel recording exports Markdown whose Mermaid diagram mermaid's
// own parser accepts, drawn within the arrow budget, with the finding's first and last evidence
// frames, its stage band and links to each of its kernel functions.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import mermaid from 'mermaid';
import { afterEach, describe, expect, it } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture/index';
import { diagnose } from '../../src/core/diagnosis/index';
import { diagnosisMarkdown, findingMarkdown, flowMarkdown, type MarkdownSource } from '../../src/core/export/markdown';
import { analyzeFlows } from '../../src/core/flows/index';
import { setLocale } from '../../src/core/i18n/index';
import { CORPUS, HAS_SHARED } from '../support/shared';

const REAL = path.join(CORPUS, 'real');
const MAX_ARROWS = 60;

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}

function sourceOf(file: string): MarkdownSource {
  const table = readCaptureBytes(new Uint8Array(readFileSync(file)), path.basename(file));
  const analysis = analyzeFlows(table);
  return { fileName: path.basename(file), table, analysis, findings: diagnose(table, analysis), kernelVersion: '6.1' };
}

afterEach(() => setLocale('en'));

describe.skipIf(!HAS_SHARED)('Markdown export of the real-kernel recordings', () => {
  const scenarios = HAS_SHARED ? readdirSync(REAL).filter((d) => existsSync(path.join(REAL, d, 'capture.pcap'))) : [];

  it('has recordings to check', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
  });

  for (const scenario of scenarios) {
    it(`${scenario}: each finding's diagram parses and shows its evidence`, async () => {
      const src = sourceOf(path.join(REAL, scenario, 'capture.pcap'));
      for (let i = 0; i < src.findings.length; i++) {
        const f = src.findings[i];
        const md = findingMarkdown(src, i);
        const blocks = mermaidBlocks(md);
        expect(blocks, `${f.stage}: one diagram`).toHaveLength(1);
        const diagram = blocks[0];
        await expect(mermaid.parse(diagram), `${f.stage} diagram:\n${diagram}`).resolves.toMatchObject({ diagramType: 'sequence' });
        const arrows = diagram.split('\n').filter((l) => /^\s+[CS]->>[CS]:/.test(l));
        expect(arrows.length).toBeGreaterThan(0);
        expect(arrows.length).toBeLessThanOrEqual(MAX_ARROWS);
        const drawn = new Set(arrows.map((l) => Number(/:\s(\d+)\s/.exec(l)?.[1])));
        expect(drawn.has(f.frames[0]), `${f.stage}: first evidence frame ${f.frames[0]} drawn`).toBe(true);
        expect(drawn.has(f.frames[f.frames.length - 1]), `${f.stage}: last evidence frame drawn`).toBe(true);
        expect(diagram).toMatch(/^\s+rect rgba\(/m);
        expect(md).toContain(f.summary.slice(0, 20).replace(/([\\`*_[\]<>|])/g, '\\$1'));
        for (const k of f.kernel) {
          expect(md).toContain(`[\`${k.function}()\`](https://elixir.bootlin.com/linux/v6.1/source/${k.file})`);
        }
        expect(md).toContain(String(f.frames[0]));
      }
      for (const flow of src.analysis.flows) {
        for (const d of mermaidBlocks(flowMarkdown(src, flow.id))) await expect(mermaid.parse(d)).resolves.toBeTruthy();
      }
    });
  }

  it('Chinese Markdown parses too, with the stage band note in Chinese', async () => {
    setLocale('zh-cn');
    const src = sourceOf(path.join(REAL, 'zero-window-sndbuf-full', 'capture.pcap'));
    const md = diagnosisMarkdown(src);
    const blocks = mermaidBlocks(md);
    expect(blocks.length).toBe(src.findings.filter((f) => f.confidence !== 'low').length);
    for (const d of blocks) await expect(mermaid.parse(d)).resolves.toBeTruthy();
    expect(md).toContain('置信度');
  });
});

describe('Mermaid labels from untrusted text', () => {
  it.skipIf(!HAS_SHARED)('a host name full of Mermaid syntax still parses', async () => {
    // tcpdump text logs print host names; make one hostile and rename the flow's client with it.
    const src = sourceOf(path.join(REAL, 'connection-refused', 'capture.pcap'));
    const flow = src.analysis.flows[Number(src.findings[0].flow.slice(1))];
    src.table.addrs[flow.clientAddr] = 'evil;host#1%%x\nNote over C: end-->>S: {hi} <b>';
    const d = mermaidBlocks(findingMarkdown(src, 0))[0];
    await expect(mermaid.parse(d)).resolves.toBeTruthy();
    expect(d.split('\n')[1]).toMatch(/^ {4}participant C as /);
  });

  it.skipIf(!HAS_SHARED)('an IPv6 endpoint is bracketed before its port, and still parses', async () => {
    const src = sourceOf(path.join(REAL, 'connection-refused', 'capture.pcap'));
    const flow = src.analysis.flows[Number(src.findings[0].flow.slice(1))];
    src.table.addrs[flow.clientAddr] = '2001:db8::1';
    src.table.addrs[flow.serverAddr] = 'fe80::2';
    const d = mermaidBlocks(findingMarkdown(src, 0))[0];
    await expect(mermaid.parse(d)).resolves.toBeTruthy();
    expect(d.split('\n')[1]).toBe(`    participant C as client [2001:db8::1]:${flow.clientPort}`);
    expect(d.split('\n')[2]).toBe(`    participant S as server [fe80::2]:${flow.serverPort}`);
  });
});
