// One open capture: parsed once, shared by every webview showing it. Holds the tables (the
// CaptureModel) and the summary built from them, or the reason the file could not be read.
// Between the two, `diagnosing`: the table and flows are known (the flow list can be shown)
// while the diagnosis still runs, and perhaps the per-segment analysis on another thread too
// (ladder rows and series wait for it: `analysedModel`).
import * as vscode from 'vscode';
import type { FlowAnalysis } from '../core/flows/types';
import type { DiagnosisMessage, SummaryMessage } from '../protocol';
import type { CaptureModel, FlowsModel } from '../view/captureModel';
import type { ParseProgress } from './parseCapture';

export type CaptureState =
  | { kind: 'loading' }
  /** Flows known, findings not yet: `model.findings` is empty and `summary.diagnosing` true. */
  | { kind: 'diagnosing'; model: FlowsModel; summary: SummaryMessage }
  /**
   * `diagnosis`: what completes a summary sent while diagnosing (with `failed` set when the
   * diagnosis did not finish: the flows are shown, the findings stay empty).
   */
  | { kind: 'loaded'; model: CaptureModel; summary: SummaryMessage; diagnosis: DiagnosisMessage }
  | { kind: 'failed'; message: string };

export class CaptureDocument implements vscode.CustomDocument {
  state: CaptureState = { kind: 'loading' };
  /** When the editor asked for it (Date.now()): the log's timings count from here. */
  readonly openedAt = Date.now();
  /** Settles when the parse ends, successfully or not. */
  readonly loaded: Promise<void>;
  /** Settles when the flows are known (state `diagnosing`), or at the end of the parse if earlier. */
  readonly flowsKnown: Promise<void>;
  private resolveFlows!: () => void;
  /** The per-segment analysis, once known while diagnosing (the `loaded` model holds it). */
  private analysis: FlowAnalysis | undefined;
  /** Settles when the analysis is known, or at the end of the parse if earlier. */
  private readonly analysisKnown: Promise<void>;
  private resolveAnalysis!: () => void;
  private readonly loadEmitter = new vscode.EventEmitter<void>();
  /** Fires once the state is final (`loaded` or `failed`). */
  readonly onDidLoad = this.loadEmitter.event;
  private readonly progressEmitter = new vscode.EventEmitter<ParseProgress>();
  readonly onProgress = this.progressEmitter.event;
  private readonly cancel = new vscode.CancellationTokenSource();
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly uri: vscode.Uri,
    load: (doc: CaptureDocument, token: vscode.CancellationToken) => Promise<CaptureState>,
  ) {
    this.flowsKnown = new Promise<void>((resolve) => (this.resolveFlows = resolve));
    this.analysisKnown = new Promise<void>((resolve) => (this.resolveAnalysis = resolve));
    this.loaded = load(this, this.cancel.token)
      .then(
        (state) => {
          this.state = state;
        },
        (e: unknown) => {
          this.state = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
        },
      )
      .then(() => {
        this.resolveFlows();
        this.resolveAnalysis();
        this.loadEmitter.fire();
      });
  }

  /** The table and flows are known; the diagnosis goes on. */
  showFlows(state: Extract<CaptureState, { kind: 'diagnosing' }>): void {
    if (this.state.kind !== 'loading') return;
    this.state = state;
    this.resolveFlows();
  }

  /** The flows' per-segment analysis is known; the diagnosis may go on. */
  showAnalysis(analysis: FlowAnalysis): void {
    this.analysis = analysis;
    this.resolveAnalysis();
  }

  /** The tables with the per-segment analysis, as soon as it is known (rows and series need no findings). */
  async analysedModel(): Promise<CaptureModel> {
    await this.flowsKnown;
    await this.analysisKnown;
    const state = this.state;
    if (state.kind === 'loaded') return state.model;
    if (state.kind === 'diagnosing' && this.analysis) return { ...state.model, analysis: this.analysis };
    throw new Error(`${this.fileName} is not loaded (${state.kind})`);
  }

  get fileName(): string {
    return this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
  }

  reportProgress(p: ParseProgress): void {
    this.progressEmitter.fire(p);
  }

  dispose(): void {
    // Closing the editor while it parses stops the parse (the worker is terminated).
    this.cancel.cancel();
    this.disposeEmitter.fire();
    this.cancel.dispose();
    this.progressEmitter.dispose();
    this.disposeEmitter.dispose();
    this.loadEmitter.dispose();
  }
}
