// One open capture: parsed once, shared by every webview showing it. Holds the tables (the
// CaptureModel) and the summary built from them, or the reason the file could not be read.
import * as vscode from 'vscode';
import type { SummaryMessage } from '../protocol';
import type { CaptureModel } from '../view/captureModel';
import type { ParseProgress } from './parseCapture';

export type CaptureState =
  | { kind: 'loading' }
  | { kind: 'loaded'; model: CaptureModel; summary: SummaryMessage }
  | { kind: 'failed'; message: string };

export class CaptureDocument implements vscode.CustomDocument {
  state: CaptureState = { kind: 'loading' };
  /** Settles when the parse ends, successfully or not. */
  readonly loaded: Promise<void>;
  private readonly progressEmitter = new vscode.EventEmitter<ParseProgress>();
  readonly onProgress = this.progressEmitter.event;
  private readonly cancel = new vscode.CancellationTokenSource();
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly uri: vscode.Uri,
    load: (doc: CaptureDocument, token: vscode.CancellationToken) => Promise<CaptureState>,
  ) {
    this.loaded = load(this, this.cancel.token).then(
      (state) => {
        this.state = state;
      },
      (e: unknown) => {
        this.state = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
      },
    );
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
  }
}
