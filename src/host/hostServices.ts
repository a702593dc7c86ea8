// What the desktop and web activations provide to the shared parts of the host.
import type * as vscode from 'vscode';
import type { CaptureParser } from './captureParser';
import type { FileAccess } from './fileAccess';
import type { KernelSourceView } from './kernelSourceView';
import type { DistributionTrees } from './kernelTrees';
import type { RenderedReports } from './renderedReports';

export interface HostServices {
  extensionUri: vscode.Uri;
  files: FileAccess;
  parser: CaptureParser;
  /** Desktop only: unpacked distribution kernel sources. */
  distributionTrees?: DistributionTrees;
  log: vscode.LogOutputChannel;
  rendered: RenderedReports;
  kernelView: KernelSourceView;
}
