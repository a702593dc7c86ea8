// Builds what the stand-in host serves, from real recordings run through the project's own
// pipeline: the core reads, analyses and diagnoses; the host's summary and row-window builders
// turn the result into protocol messages, exactly as the extension does.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCaptureBytes } from '../../src/core/capture';
import { diagnose } from '../../src/core/diagnosis';
import { analyzeFlows } from '../../src/core/flows';
import { catalogueFiles } from '../../src/core/kernel/catalogue';
import { parseKernelVersion } from '../../src/core/kernel/links';
import { collectStageExcerpts } from '../../src/core/kernel/stageExcerpts';
import { treeProvider } from '../../src/io/kernel/treeProvider';
import { excerptSetView, recordingTexts } from '../../src/view/excerptSetView';
import { rowWindow } from '../../src/view/rowWindow';
import { flowSummaryAt, flowTableToJson } from '../../src/view/flowTableView';
import { summaryMessage } from '../../src/view/summaryView';
import type { CaptureModel } from '../../src/view/captureModel';
import { MAX_ROWS_PER_REQUEST, type ExcerptSetView, type FlowSummaryView, type RowColumns, type SummaryMessage } from '../../src/protocol';
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

/** Each finding's excerpts as the extension builds them (collectStageExcerpts, then excerptSetView), from the kernel tree when present. */
async function excerptsOf(model: CaptureModel): Promise<Record<string, ExcerptSetView>> {
  const tree = existsSync(KERNEL_TREE) ? [treeProvider('distribution', KERNEL_TREE, catalogueFiles())] : [];
  const version = parseKernelVersion('6.1')!;
  const out: Record<string, ExcerptSetView> = {};
  for (const [index, finding] of model.findings.entries()) {
    const texts = new Map<string, string>();
    const result = await collectStageExcerpts(finding.stage, recordingTexts(tree, texts), { version, finding });
    out[String(index)] = excerptSetView(result, texts, version.tag, []);
  }
  return out;
}

export async function captureFixture(bytes: Uint8Array, name: string): Promise<CaptureFixture> {
  const model = modelOf(bytes, name);
  const summary = summaryMessage(model, name);
  const rows: Record<string, RowColumns> = {};
  for (const flow of model.analysis.flows) rows[String(flow.id)] = allRows(model, flow.id);
  return { summary, rows, excerpts: await excerptsOf(model) };
}

/** A fixture as the stand-in host fetches it: JSON, the flow table's columns as plain arrays. */
export function fixtureJson<F extends { summary: SummaryMessage }>(fixture: F): string {
  return JSON.stringify({ ...fixture, summary: { ...fixture.summary, flows: flowTableToJson(fixture.summary.flows) } });
}

/** Flow `id` of a fixture's summary as one object, with its badges. */
export function fixtureFlow(summary: SummaryMessage, id: number): FlowSummaryView {
  const flow = flowSummaryAt(summary.flows, id, summary.badges.find((b) => b.flow === id)?.badges);
  if (!flow) throw new Error(`the fixture has no flow ${id}`);
  return flow;
}

export function captureFixtureFromFile(file: string): Promise<CaptureFixture> {
  return captureFixture(new Uint8Array(readFileSync(file)), path.basename(file));
}
