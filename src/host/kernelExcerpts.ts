// Kernel excerpts for findings, through the core's collectStageExcerpts so the webview shows the
// same functions, anchor lines and annotations as the CLI; excerptSetView adds each function's
// full text (the webview shows the whole function); the host remembers where each file came from.
import * as vscode from 'vscode';
import type { Finding, StageId } from '../core/diagnosis/finding';
import { collectStageExcerpts, type StageExcerpts } from '../core/kernel/stageExcerpts';
import type { ExcerptSetView } from '../protocol';
import { excerptSetView, recordingTexts } from '../view/excerptSetView';
import { kernelProviders, kernelSettings, kernelSourceLimits, type ExtraKernelProviders } from './kernelProviders';

export interface HostExcerpts {
  result: StageExcerpts;
  view: ExcerptSetView;
  /** Text of every source file read, by origin (a path, a URI or a mirror URL). */
  texts: Map<string, string>;
  /** Why sources the user may expect were not consulted (Restricted Mode, the web build). */
  limits: string[];
}

/** Excerpts of a stage's functions, annotated with the finding's figures when one is given. */
export async function stageExcerpts(stage: StageId, finding: Finding | undefined, extra?: ExtraKernelProviders): Promise<HostExcerpts> {
  const settings = kernelSettings();
  const texts = new Map<string, string>();
  const providers = recordingTexts(await kernelProviders(extra), texts);
  const result = await collectStageExcerpts(stage, providers, { version: settings.version, finding });
  const limits = kernelSourceLimits(extra);
  return { result, texts, limits, view: excerptSetView(result, texts, settings.version.tag, limits) };
}

/** The document to open for an excerpt's origin: a file or workspace URI, or undefined for a URL. */
export function originUri(origin: string): vscode.Uri | undefined {
  if (/^https?:/i.test(origin)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(origin)) return vscode.Uri.parse(origin);
  return vscode.Uri.file(origin);
}
