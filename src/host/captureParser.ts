// How the editor turns a file into a CaptureModel. Desktop parses in a worker thread
// (workerParser.ts), the web build in the extension host itself (hostParser.ts).
import type * as vscode from 'vscode';
import type { FlowAnalysis } from '../core/flows/types';
import type { CaptureModel, FlowsModel } from '../view/captureModel';
import type { ParseProgress } from './parseCapture';

export interface ParseCallbacks {
  onProgress(p: ParseProgress): void;
  /** The table and its flows, before the diagnosis (`findings` empty); the result adds the findings. */
  onFlows(model: FlowsModel, info: { sharedMemory: boolean }): void;
  /**
   * The per-segment analysis of those flows (the grouping sent to `onFlows` included), after
   * `onFlows`, before or after the findings are known.
   */
  onAnalysis(analysis: FlowAnalysis): void;
}

export interface CaptureParser {
  /** Resolves with the whole model once diagnosed and analysed; the callbacks had the same table, flows and analysis before. */
  parse(uri: vscode.Uri, fileName: string, token: vscode.CancellationToken, callbacks: ParseCallbacks): Promise<CaptureModel>;
}

/** The user cancelled the parse (the progress notification's Cancel button). */
export class ParseCancelled extends Error {
  constructor(fileName: string) {
    super(`${fileName}: reading was cancelled`);
  }
}
