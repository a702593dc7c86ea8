// Builds what the stand-in host serves, from real recordings run through the project's own
// pipeline: the core reads, analyses and diagnoses; the host's summary and row-window builders
// turn the result into protocol messages, exactly as the extension does.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCaptureBytes } from '../../src/core/capture';
import { diagnose } from '../../src/core/diagnosis';
import { analyzeFlows } from '../../src/core/flows';
import { excerptFunction } from '../../src/view/pipeline';
import { rowWindow } from '../../src/view/rowWindow';
import { summaryMessage } from '../../src/view/summaryView';
import type { CaptureModel } from '../../src/view/captureModel';
import { MAX_ROWS_PER_REQUEST, type ExcerptSetView, type KernelExcerptView, type RowColumns, type SummaryMessage } from '../../src/protocol';
import { REPO_ROOT } from '../support/shared';

/** The whole of what a stand-in host needs to answer the protocol for one capture. */
export interface CaptureFixture {
  summary: SummaryMessage;
  /** Every packet of every flow, keyed by flow id; the stand-in host slices windows out of it. */
  rows: Record<string, RowColumns>;
  excerpts: Record<string, ExcerptSetView>;
}

/** The Debian kernel tree scripts/kernel-source.sh unpacks, when present. */
export const KERNEL_TREE = path.join(REPO_ROOT, '.cache/kernel/linux-6.1.192');

export function modelOf(bytes: Uint8Array, name: string): CaptureModel {
  const table = readCaptureBytes(bytes, name);
  const analysis = analyzeFlows(table);
  return { table, analysis, findings: diagnose(table, analysis) };
}

function allRows(model: CaptureModel, flow: number): RowColumns {
  const first = rowWindow(model, flow, 0, MAX_ROWS_PER_REQUEST);
  const cols = first.cols;
  for (let from = MAX_ROWS_PER_REQUEST; from < first.total; from += MAX_ROWS_PER_REQUEST) {
    const next = rowWindow(model, flow, from, MAX_ROWS_PER_REQUEST).cols;
    const offset = cols.frame.length;
    for (const key of Object.keys(cols) as (keyof RowColumns)[]) {
      if (key === 'sackAt' || key === 'sackEdges') continue;
      (cols[key] as number[]).push(...(next[key] as number[]));
    }
    cols.sackAt.push(...next.sackAt.map((k) => k + offset));
    cols.sackEdges.push(...next.sackEdges);
  }
  return cols;
}

function excerptsOf(model: CaptureModel): Record<string, ExcerptSetView> {
  const haveTree = existsSync(KERNEL_TREE);
  const out: Record<string, ExcerptSetView> = {};
  model.findings.forEach((f, index) => {
    const excerpts: KernelExcerptView[] = [];
    for (const k of f.kernel) {
      const link = `https://elixir.bootlin.com/linux/v6.1/C/ident/${k.function}`;
      const file = path.join(KERNEL_TREE, k.file);
      const found = haveTree && existsSync(file) ? excerptFunction(f.stage, k.function, readFileSync(file, 'utf8')) : undefined;
      excerpts.push(found ? { function: k.function, file: k.file, ...found, link } : { function: k.function, file: k.file, startLine: 0, endLine: 0, lines: [], anchors: [], link });
    }
    out[String(index)] = {
      stage: f.stage,
      provider: haveTree ? 'distribution' : 'none',
      providerDetail: haveTree ? 'linux-6.1.192' : 'v6.1',
      excerpts,
      links: f.kernel.map((k) => ({ label: k.function, url: `https://elixir.bootlin.com/linux/v6.1/C/ident/${k.function}` })),
    };
  });
  return out;
}

export function captureFixture(bytes: Uint8Array, name: string): CaptureFixture {
  const model = modelOf(bytes, name);
  const summary = summaryMessage(model, name);
  const rows: Record<string, RowColumns> = {};
  for (const flow of model.analysis.flows) rows[String(flow.id)] = allRows(model, flow.id);
  return { summary, rows, excerpts: excerptsOf(model) };
}

export function captureFixtureFromFile(file: string): CaptureFixture {
  return captureFixture(new Uint8Array(readFileSync(file)), path.basename(file));
}
