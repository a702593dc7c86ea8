// What the desktop and web activations provide to the shared parts of the host.
import type * as vscode from 'vscode';
import type { CaptureParser } from './captureParser';
import type { FileAccess } from './fileAccess';
import type { KernelSourceView } from './kernelSourceView';
import type { MirrorDocuments } from './mirrorDocuments';
import type { ExtraKernelProviders } from './kernelProviders';
import type { RenderedReports } from './renderedReports';

export interface HostServices {
  extensionUri: vscode.Uri;
  files: FileAccess;
  parser: CaptureParser;
  /** Desktop only: distribution kernel trees on disk and the public mirror. */
  extraKernelProviders?: ExtraKernelProviders;
  log: vscode.LogOutputChannel;
  rendered: RenderedReports;
  kernelView: KernelSourceView;
  mirrorDocuments: MirrorDocuments;
}
