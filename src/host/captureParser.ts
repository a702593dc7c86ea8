// How the editor turns a file into a CaptureModel. Desktop parses in a worker thread
// (workerParser.ts), the web build in the extension host itself (hostParser.ts).
import type * as vscode from 'vscode';
import type { CaptureModel } from '../view/captureModel';
import type { ParseProgress } from './parseCapture';

export interface CaptureParser {
  parse(
    uri: vscode.Uri,
    fileName: string,
    token: vscode.CancellationToken,
    onProgress: (p: ParseProgress) => void,
  ): Promise<CaptureModel>;
}

/** The user cancelled the parse (the progress notification's Cancel button). */
export class ParseCancelled extends Error {
  constructor(fileName: string) {
    super(`${fileName}: reading was cancelled`);
  }
}
