// The self-contained HTML report: the webview bundle, its stylesheet (font inlined), a stand-in
// host and the data it answers from, in one file that loads nothing from anywhere. A strict
// Content-Security-Policy lists the hash of each script and style block, so nothing else runs,
// not even markup smuggled into the data (which is also escaped so it cannot end its block).
import type { ExcerptSetView, FlowTableJson, RowColumns, SummaryMessage } from '../../protocol';

/** The summary as the page embeds it: the flow table's columns as plain arrays. */
export type SummaryJson = Omit<SummaryMessage, 'flows'> & { flows: FlowTableJson };

/** What the page's stand-in host answers the webview from (`webview/reportHost.ts`). */
export interface ReportData {
  summary: SummaryJson;
  /** Every embedded row of each flow, keyed by flow id; a flow may be cut (see `notices`). */
  rows: Record<string, RowColumns>;
  /** Excerpt sets keyed by finding index. */
  excerpts: Record<string, ExcerptSetView>;
  /** Time-sequence columns of each embedded flow (cut like its rows), keyed by flow id. */
  series: Record<string, SeriesColumns>;
  /** Markdown of each finding (by index) and each flow (by id), for "Copy as Markdown". */
  markdown: { finding: Record<string, string>; flow: Record<string, string> };
  /** What the report left out or could not do, shown at the top of the page. */
  notices: string[];
  /** The locale the texts were rendered in (`en`, `zh-cn`). */
  locale: string;
}

/**
 * One flow's time-sequence columns as JSON (the host's `FlowSeries` with plain arrays): the page
 * decimates them per request with the host's own code, as the editor does.
 */
export interface SeriesColumns {
  time: number[];
  dir: number[];
  seq: number[];
  len: number[];
  ack: number[];
  win: number[];
  tcpFlags: number[];
  analysis: number[];
  sackAt: number[];
  sackStart: number[];
  sackEdges: number[];
}

export interface ReportAssets {
  /** dist/webview.js */
  webviewScript: string;
  /** dist/reportHost.js */
  hostScript: string;
  /** dist/webview.css with its font already inlined as a data: URL (see `inlineFonts`). */
  webviewCss: string;
}

/** SHA-256 of a text as base64, the form CSP source expressions take (computed by the caller). */
export type Sha256Base64 = (text: string) => string;

/** Element id of the embedded data block. */
export const REPORT_DATA_ID = 'sockscope-report-data';

/**
 * Theme variables the webview reads from VS Code (light, and dark when the reader's system is
 * dark), so the page looks like the editor without it.
 */
const THEME_CSS = `:root {
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  --vscode-editor-font-size: 13px;
  --vscode-foreground: #3b3b3b;
  --vscode-descriptionForeground: #6f6f6f;
  --vscode-errorForeground: #c72e0f;
  --vscode-focusBorder: #005fb8;
  --vscode-contrastBorder: transparent;
  --vscode-contrastActiveBorder: transparent;
  --vscode-widget-shadow: rgba(0, 0, 0, 0.16);
  --vscode-icon-foreground: #3b3b3b;
  --vscode-textLink-foreground: #005fb8;
  --vscode-textCodeBlock-background: #f2f2f2;
  --vscode-editor-background: #ffffff;
  --vscode-editor-foreground: #3b3b3b;
  --vscode-editor-rangeHighlightBackground: rgba(253, 255, 0, 0.2);
  --vscode-editor-findMatchBorder: #cc6633;
  --vscode-editor-findMatchHighlightBackground: rgba(234, 92, 0, 0.33);
  --vscode-editorLineNumber-foreground: #6e7681;
  --vscode-editorLineNumber-activeForeground: #171184;
  --vscode-editorCodeLens-foreground: #919191;
  --vscode-editorWarning-foreground: #bf8803;
  --vscode-editorWidget-background: #f8f8f8;
  --vscode-editorWidget-border: #c8c8c8;
  --vscode-editorHoverWidget-background: #f8f8f8;
  --vscode-editorHoverWidget-foreground: #3b3b3b;
  --vscode-editorHoverWidget-border: #c8c8c8;
  --vscode-editorGroup-border: #e5e5e5;
  --vscode-editorGroupHeader-tabsBackground: #f8f8f8;
  --vscode-panel-border: #e5e5e5;
  --vscode-sideBarTitle-foreground: #3b3b3b;
  --vscode-list-hoverBackground: #f2f2f2;
  --vscode-list-activeSelectionBackground: #e8e8e8;
  --vscode-list-activeSelectionForeground: #000000;
  --vscode-list-inactiveSelectionBackground: #e4e6f1;
  --vscode-input-background: #ffffff;
  --vscode-input-foreground: #3b3b3b;
  --vscode-input-border: #cecece;
  --vscode-input-placeholderForeground: #767676;
  --vscode-toolbar-hoverBackground: rgba(184, 184, 184, 0.31);
  --vscode-button-border: transparent;
  --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryForeground: #3b3b3b;
  --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-badge-background: #cccccc;
  --vscode-badge-foreground: #3b3b3b;
  --vscode-charts-red: #e51400;
  --vscode-charts-blue: #1a85ff;
  --vscode-charts-yellow: #bf8803;
  --vscode-charts-orange: #d18616;
  --vscode-charts-green: #388a34;
  --vscode-charts-purple: #652d90;
}
@media (prefers-color-scheme: dark) {
  :root {
    --vscode-foreground: #cccccc;
    --vscode-descriptionForeground: #9d9d9d;
    --vscode-errorForeground: #f85149;
    --vscode-focusBorder: #0078d4;
    --vscode-widget-shadow: rgba(0, 0, 0, 0.36);
    --vscode-icon-foreground: #cccccc;
    --vscode-textLink-foreground: #4daafc;
    --vscode-textCodeBlock-background: #2b2b2b;
    --vscode-editor-background: #1f1f1f;
    --vscode-editor-foreground: #cccccc;
    --vscode-editor-rangeHighlightBackground: rgba(255, 255, 255, 0.04);
    --vscode-editorLineNumber-foreground: #6e7681;
    --vscode-editorLineNumber-activeForeground: #cccccc;
    --vscode-editorCodeLens-foreground: #999999;
    --vscode-editorWarning-foreground: #cca700;
    --vscode-editorWidget-background: #202020;
    --vscode-editorWidget-border: #454545;
    --vscode-editorHoverWidget-background: #202020;
    --vscode-editorHoverWidget-foreground: #cccccc;
    --vscode-editorHoverWidget-border: #454545;
    --vscode-editorGroup-border: #ffffff17;
    --vscode-editorGroupHeader-tabsBackground: #181818;
    --vscode-panel-border: #2b2b2b;
    --vscode-sideBarTitle-foreground: #cccccc;
    --vscode-list-hoverBackground: #2a2d2e;
    --vscode-list-activeSelectionBackground: #04395e;
    --vscode-list-activeSelectionForeground: #ffffff;
    --vscode-list-inactiveSelectionBackground: #37373d;
    --vscode-input-background: #313131;
    --vscode-input-foreground: #cccccc;
    --vscode-input-border: #3c3c3c;
    --vscode-input-placeholderForeground: #989898;
    --vscode-toolbar-hoverBackground: rgba(90, 93, 94, 0.31);
    --vscode-button-secondaryBackground: #313131;
    --vscode-button-secondaryForeground: #cccccc;
    --vscode-button-secondaryHoverBackground: #3c3c3c;
    --vscode-badge-background: #616161;
    --vscode-badge-foreground: #f8f8f8;
    --vscode-charts-red: #f14c4c;
    --vscode-charts-blue: #3794ff;
    --vscode-charts-yellow: #cca700;
    --vscode-charts-orange: #d18616;
    --vscode-charts-green: #89d185;
    --vscode-charts-purple: #b180d7;
  }
}
html, body { margin: 0; height: 100%; background: var(--vscode-editor-background); color: var(--vscode-foreground);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside a `<script type="application/json">` block: every `<` becomes
 * `\u003c`, so no `</script>` or `<!--` in the data can end or bend the block, and U+2028/9
 * are escaped for older parsers. JSON.parse reads it back unchanged.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script or style text must not close its own element early. */
function assertNoClosingTag(text: string, tag: 'script' | 'style', what: string): void {
  if (new RegExp(`</${tag}`, 'i').test(text)) throw new Error(`${what} contains </${tag}: it cannot be inlined`);
}

/**
 * Replaces `url(name.ttf)` in a stylesheet with data: URLs, from the fonts the caller read;
 * a font the caller does not have is dropped (icons then fall back to nothing, text stays).
 */
export function inlineFonts(css: string, fontsBase64: Readonly<Record<string, string>>): string {
  return css.replace(/url\(\s*["']?(?:\.\/)?([\w.-]+\.ttf)(?:\?[^)"']*)?["']?\s*\)/g, (_whole, name: string) => {
    const data = fontsBase64[name];
    return data ? `url("data:font/ttf;base64,${data}")` : 'url("data:,")';
  });
}

export function reportHtml(data: ReportData, assets: ReportAssets, sha256: Sha256Base64): string {
  assertNoClosingTag(assets.webviewScript, 'script', 'dist/webview.js');
  assertNoClosingTag(assets.hostScript, 'script', 'dist/reportHost.js');
  assertNoClosingTag(assets.webviewCss, 'style', 'dist/webview.css');
  const scripts = [assets.hostScript, assets.webviewScript];
  const styles = [THEME_CSS, assets.webviewCss];
  const hash = (text: string): string => `'sha256-${sha256(text)}'`;
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(hash).join(' ')}`,
    `style-src ${styles.map(hash).join(' ')}`,
    'font-src data:',
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `Sockscope — ${data.summary.capture.name}`;
  return `<!DOCTYPE html>
<html lang="${data.locale === 'zh-cn' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sockscope report">
<title>${escapeHtml(title)}</title>
<style>${styles[0]}</style>
<style>${styles[1]}</style>
</head>
<body>
<script type="application/json" id="${REPORT_DATA_ID}">${scriptSafeJson(data)}</script>
<script>${scripts[0]}</script>
<script>${scripts[1]}</script>
</body>
</html>
`;
}
