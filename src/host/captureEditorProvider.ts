// The custom read-only editor for captures: parses the file once per document (off the UI
// thread on desktop), then serves each webview's requests from the host-side tables.
import * as vscode from 'vscode';
import {
  PROTOCOL_VERSION,
  isWebviewMessage,
  replyError,
  type HostToWebview,
  type OpenKernelSourceMessage,
  type RevealMessage,
  type WebviewToHost,
} from '../protocol';
import { CaptureDocument, type CaptureState } from './captureDocument';
import type { CaptureModel } from './captureModel';
import { ParseCancelled } from './captureParser';
import type { HostServices } from './hostServices';
import { excerptSet, functionLink, readTreeFile } from './kernelExcerpts';
import { findKernelTree } from './kernelTrees';
import { findingMarkdown, flowMarkdown } from './markdownCopy';
import { excerptFunction } from './pipeline';
import { rowWindow } from './rowWindow';
import { summaryMessage } from './summaryView';
import { WEBVIEW_STYLESHEETS, webviewHtml, webviewOptions } from './webviewHtml';

export const VIEW_TYPE = 'sockscope.capture';
/** Same editor, offered (priority "option") for *.txt and *.log. */
export const TEXT_VIEW_TYPE = 'sockscope.captureText';

interface Panel {
  panel: vscode.WebviewPanel;
  ready: boolean;
  /** Reveals asked for before the webview said it was ready. */
  pending: RevealMessage[];
}

export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider<CaptureDocument> {
  private readonly panels = new Map<string, Set<Panel>>();
  private stylesheets: Promise<string[]> | undefined;

  constructor(private readonly services: HostServices) {}

  openCustomDocument(uri: vscode.Uri): CaptureDocument {
    return new CaptureDocument(uri, (doc, token) => this.load(doc, token));
  }

  async resolveCustomEditor(document: CaptureDocument, webviewPanel: vscode.WebviewPanel): Promise<void> {
    const { extensionUri } = this.services;
    const webview = webviewPanel.webview;
    webview.options = webviewOptions(extensionUri);
    webview.html = webviewHtml(webview, extensionUri, document.fileName, await this.availableStylesheets());
    const entry: Panel = { panel: webviewPanel, ready: false, pending: [] };
    const key = document.uri.toString();
    const set = this.panels.get(key) ?? new Set<Panel>();
    set.add(entry);
    this.panels.set(key, set);
    const post = (msg: HostToWebview): void => void webview.postMessage(msg);
    const subscriptions = [
      webview.onDidReceiveMessage((msg: unknown) => {
        if (!isWebviewMessage(msg)) return;
        this.handle(document, entry, msg, post).catch((e: unknown) =>
          this.services.log.error(`${document.fileName}: ${msg.type} failed: ${describe(e)}`),
        );
      }),
      document.onProgress((p) => {
        if (entry.ready) post({ type: 'progress', phase: p.phase, done: p.done, total: p.total });
      }),
    ];
    webviewPanel.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      set.delete(entry);
      if (set.size === 0) this.panels.delete(key);
    });
  }

  /** Shows a frame, flow or finding in the capture's editor, opening it when needed. */
  async reveal(uri: vscode.Uri, target: Omit<RevealMessage, 'type'>): Promise<void> {
    const message: RevealMessage = { type: 'reveal', ...target };
    let open = this.panels.get(uri.toString());
    if (!open || open.size === 0) {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      open = this.panels.get(uri.toString());
    }
    const entry = open ? [...open][0] : undefined;
    if (!entry) return;
    entry.panel.reveal();
    if (entry.ready) void entry.panel.webview.postMessage(message);
    else entry.pending.push(message);
  }

  private async load(doc: CaptureDocument, token: vscode.CancellationToken): Promise<CaptureState> {
    const name = doc.fileName;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sockscope: reading ${name}`, cancellable: true },
      async (progress, progressToken) => {
        const cancel = new vscode.CancellationTokenSource();
        const links = [token.onCancellationRequested(() => cancel.cancel()), progressToken.onCancellationRequested(() => cancel.cancel())];
        let percent = 0;
        try {
          const started = Date.now();
          const model = await this.services.parser.parse(doc.uri, name, cancel.token, (p) => {
            doc.reportProgress(p);
            if (p.phase === 'analysing') {
              progress.report({ message: 'analysing flows' });
              return;
            }
            if (!p.total) return;
            const now = Math.min(100, Math.floor((p.done / p.total) * 100));
            if (now > percent) progress.report({ increment: now - percent, message: `${now}%` });
            percent = Math.max(percent, now);
          });
          const summary = summaryMessage(model, name);
          this.services.log.info(
            `${name}: ${model.table.count} packets, ${model.analysis.flows.length} flows, ${model.findings.length} findings, ` +
              `${model.table.warnings.length} warnings in ${Date.now() - started} ms`,
          );
          return { kind: 'loaded', model, summary };
        } catch (e) {
          const message = e instanceof ParseCancelled ? e.message : withName(name, describe(e));
          this.services.log.warn(message);
          return { kind: 'failed', message };
        } finally {
          links.forEach((l) => l.dispose());
          cancel.dispose();
        }
      },
    );
  }

  private async handle(
    doc: CaptureDocument,
    entry: Panel,
    msg: WebviewToHost,
    post: (msg: HostToWebview) => void,
  ): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        if (msg.protocolVersion !== PROTOCOL_VERSION) {
          this.services.log.warn(`webview speaks protocol ${msg.protocolVersion}, host ${PROTOCOL_VERSION}`);
        }
        await doc.loaded;
        const state = doc.state;
        if (state.kind === 'loaded') post(state.summary);
        else if (state.kind === 'failed') post({ type: 'fatal', message: state.message });
        entry.ready = true;
        for (const reveal of entry.pending.splice(0)) post(reveal);
        return;
      }
      case 'getRows': {
        try {
          const model = loadedModel(doc);
          const w = rowWindow(model, msg.flow, msg.from, msg.count);
          post({ type: 'rows', requestId: msg.requestId, flow: msg.flow, from: w.from, total: w.total, cols: w.cols });
        } catch (e) {
          post(replyError(msg.requestId, e));
        }
        return;
      }
      case 'getExcerpts': {
        try {
          const model = loadedModel(doc);
          const byFinding: Record<string, Awaited<ReturnType<typeof excerptSet>>> = {};
          for (const index of msg.findings) {
            const finding = model.findings[index];
            if (finding) byFinding[String(index)] = await excerptSet(finding, this.services.distributionTrees);
          }
          post({ type: 'excerpts', requestId: msg.requestId, byFinding });
        } catch (e) {
          post(replyError(msg.requestId, e));
        }
        return;
      }
      case 'openKernelSource':
        await this.openKernelSource(doc, msg);
        return;
      case 'copyMarkdown': {
        const state = doc.state;
        if (state.kind !== 'loaded') return;
        const text =
          msg.finding !== undefined ? findingMarkdown(state.summary, msg.finding) : flowMarkdown(state.summary, msg.flow ?? 0);
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage('Sockscope: copied as Markdown.');
        return;
      }
      case 'exportSvg': {
        const safeName = msg.name.replace(/[\\/:*?"<>|]/g, '_') || 'ladder.svg';
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(doc.uri, '..', safeName.endsWith('.svg') ? safeName : `${safeName}.svg`),
          filters: { SVG: ['svg'] },
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(msg.svg));
        void vscode.window.showInformationMessage(`Sockscope: saved ${target.path.slice(target.path.lastIndexOf('/') + 1)}.`);
        return;
      }
      case 'log':
        this.services.log[msg.level === 'warn' ? 'warn' : msg.level](`webview ${doc.fileName}: ${msg.message}`);
        return;
      case 'error':
        this.services.log.error(`webview ${doc.fileName}: ${msg.message}${msg.stack ? `\n${msg.stack}` : ''}`);
        return;
      case 'rendered': {
        const state = doc.state;
        this.services.rendered.record({
          ...msg,
          uri: doc.uri.toString(),
          packets: state.kind === 'loaded' ? state.model.table.count : 0,
          warnings: state.kind === 'loaded' ? state.model.table.warnings.length : 0,
          stages: state.kind === 'loaded' ? [...new Set(state.model.findings.map((f) => f.stage))] : [],
        });
        return;
      }
    }
  }

  private async openKernelSource(doc: CaptureDocument, msg: OpenKernelSourceMessage): Promise<void> {
    const state = doc.state;
    const finding = state.kind === 'loaded' && msg.finding !== undefined ? state.summary.findings[msg.finding] : undefined;
    const tree = await findKernelTree(this.services.distributionTrees);
    const text = tree ? await readTreeFile(tree, msg.file) : undefined;
    if (!tree || text === undefined) {
      const link = functionLink(msg.function);
      const choice = await vscode.window.showInformationMessage(
        `Sockscope: no kernel source tree with ${msg.file} was found (set sockscope.kernel.sourcePath or open a kernel tree). Open ${msg.function} at the public cross-referencer?`,
        'Open Link',
      );
      if (choice) await vscode.env.openExternal(vscode.Uri.parse(link));
      return;
    }
    const excerpt = excerptFunction(msg.stage, msg.function, text);
    const anchors = excerpt?.anchors ?? [];
    const chosen = msg.anchor ? anchors.filter((a) => a.id === msg.anchor) : [];
    const notes = (chosen.length ? chosen : anchors).map((a) => ({ line: a.line, annotation: a.annotation }));
    await this.services.kernelView.show({
      file: vscode.Uri.joinPath(tree.root, ...msg.file.split('/')),
      notes,
      findingTitle: finding?.title ?? msg.stage,
      findingSummary: finding?.summary ?? '',
      capture: doc.uri,
      finding: msg.finding,
      frame: finding?.frames[0],
    });
  }

  private availableStylesheets(): Promise<string[]> {
    this.stylesheets ??= (async () => {
      const present: string[] = [];
      for (const name of WEBVIEW_STYLESHEETS) {
        try {
          await vscode.workspace.fs.stat(vscode.Uri.joinPath(this.services.extensionUri, 'dist', name));
          present.push(name);
        } catch {
          // Not part of this build.
        }
      }
      return present;
    })();
    return this.stylesheets;
  }
}

function loadedModel(doc: CaptureDocument): CaptureModel {
  const state = doc.state;
  if (state.kind !== 'loaded') throw new Error(`${doc.fileName} is not loaded (${state.kind})`);
  return state.model;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withName(name: string, message: string): string {
  return message.includes(name) ? message : `${name}: ${message}`;
}
