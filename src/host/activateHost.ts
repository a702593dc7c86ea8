// Activation shared by the desktop and web builds: the editor provider, commands, the tcpdump
// text offer. Returns the API the integration tests use.
import * as vscode from 'vscode';
import { CaptureEditorProvider, TEXT_VIEW_TYPE, VIEW_TYPE } from './captureEditorProvider';
import { openAsCapture, registerCommands } from './commands';
import type { HostServices } from './hostServices';
import type { RenderedReport } from './renderedReports';
import { offerTcpdumpText } from './tcpdumpTextOffer';

export interface SockscopeApi {
  /** Fires whenever a capture's webview reports what it rendered. */
  onDidRender: vscode.Event<RenderedReport>;
  lastRendered(uri: vscode.Uri): RenderedReport | undefined;
}

export function activateHost(context: vscode.ExtensionContext, services: HostServices): SockscopeApi {
  const provider = new CaptureEditorProvider(services);
  // No retainContextWhenHidden: the webview keeps its view state with setState.
  const options = { supportsMultipleEditorsPerDocument: true };
  context.subscriptions.push(
    services.log,
    services.rendered,
    services.kernelView,
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, options),
    vscode.window.registerCustomEditorProvider(TEXT_VIEW_TYPE, provider, options),
    ...registerCommands(provider, services.rendered),
    offerTcpdumpText(openAsCapture),
  );
  return {
    onDidRender: services.rendered.onDidRender,
    lastRendered: (uri) => services.rendered.get(uri.toString()),
  };
}
