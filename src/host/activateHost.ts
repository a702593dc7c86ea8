// Activation shared by the desktop and web builds: the editor provider, commands, the tcpdump
// text offer. Returns the API the integration tests use.
import * as vscode from 'vscode';
import { CaptureEditorProvider, TEXT_VIEW_TYPE, VIEW_TYPE } from './captureEditorProvider';
import { openAsCapture, registerCommands } from './commands';
import type { ExcerptSetView, WebviewToHost } from '../protocol';
import type { HostServices } from './hostServices';
import type { KernelNote } from './kernelSourceView';
import type { RenderedReport } from './renderedReports';
import { offerTcpdumpText } from './tcpdumpTextOffer';
import { normalizeLocale, setLocale } from '../core/i18n/index';

export interface SockscopeApi {
  /** Fires whenever a capture's webview reports what it rendered. */
  onDidRender: vscode.Event<RenderedReport>;
  lastRendered(uri: vscode.Uri): RenderedReport | undefined;
  /** Handles a message as if the capture's webview had sent it (integration tests). */
  deliverFromWebview(uri: vscode.Uri, message: WebviewToHost): Promise<void>;
  /** Lines annotated in an opened kernel source file. */
  kernelNotes(uri: vscode.Uri): readonly KernelNote[];
  /** The kernel excerpts (or annotations, links and the reason there is no source) a finding shows. */
  findingExcerpts(uri: vscode.Uri, finding: number): Promise<ExcerptSetView | undefined>;
}

export function activateHost(context: vscode.ExtensionContext, services: HostServices): SockscopeApi {
  // Stage titles, explanations and finding summaries follow VS Code's display language.
  setLocale(normalizeLocale(vscode.env.language));
  const provider = new CaptureEditorProvider(services);
  // No retainContextWhenHidden: the webview keeps its view state with setState.
  const options = { supportsMultipleEditorsPerDocument: true };
  context.subscriptions.push(
    services.log,
    services.rendered,
    services.kernelView,
    services.mirrorDocuments,
    provider,
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, options),
    vscode.window.registerCustomEditorProvider(TEXT_VIEW_TYPE, provider, options),
    ...registerCommands(provider, services.rendered),
    offerTcpdumpText(openAsCapture),
  );
  return {
    onDidRender: services.rendered.onDidRender,
    lastRendered: (uri) => services.rendered.get(uri.toString()),
    deliverFromWebview: (uri, message) => provider.deliver(uri, message),
    kernelNotes: (uri) => services.kernelView.notesOf(uri),
    findingExcerpts: (uri, finding) => provider.findingExcerpts(uri, finding),
  };
}
