// The webview's HTML: a strict Content-Security-Policy with a per-load nonce, the bundled script
// and stylesheets from dist/, and no inline handlers.
import * as vscode from 'vscode';
import { escapeHtml } from '../core/export/reportHtml';

/** Stylesheets the webview bundle may come with, in the order they are linked. */
export const WEBVIEW_STYLESHEETS = ['webview.css'];

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** `stylesheets`: names in dist/ that exist in this build (see WEBVIEW_STYLESHEETS). */
export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  title: string,
  stylesheets: readonly string[],
): string {
  const nonce = makeNonce();
  const dist = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  const links = stylesheets
    .map((name) => `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(dist(name))}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language || 'en')}">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    ${links}
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <script nonce="${nonce}" src="${escapeHtml(dist('webview.js'))}"></script>
  </body>
</html>`;
}

function makeNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
