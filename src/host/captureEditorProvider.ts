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
  type SummaryMessage,
  type WebviewToHost,
  type ExcerptSetView,
} from '../protocol';
import { CaptureDocument, type CaptureState } from './captureDocument';
import type { CaptureModel, FlowsModel } from '../view/captureModel';
import type { FlowAnalysis } from '../core/flows/types';
import { analyseTable } from '../view/pipeline';
import type { StageId } from '../core/diagnosis/finding';
import { ParseCancelled } from './captureParser';
import type { HostServices } from './hostServices';
import { kernelSettings } from './kernelProviders';
import { originUri, stageExcerpts, type HostExcerpts } from './kernelExcerpts';
import { findingMarkdown, flowMarkdown } from '../core/export/markdown';
import { base64Bytes } from './base64';
import { flowSeries } from '../view/flowSeries';
import { rowWindow } from '../view/rowWindow';
import { decimateSeries } from '../view/seriesDecimation';
import { diagnosisMessage, summaryMessage, withDiagnosis } from '../view/summaryView';
import { WEBVIEW_STYLESHEETS, webviewHtml, webviewOptions } from './webviewHtml';

export const VIEW_TYPE = 'sockscope.capture';
/** Same editor, offered (priority "option") for *.txt and *.log. */
export const TEXT_VIEW_TYPE = 'sockscope.captureText';

interface Panel {
  panel: vscode.WebviewPanel;
  ready: boolean;
  /** Reveals asked for before the webview said it was ready. */
  pending: RevealMessage[];
  /** It was sent the summary while diagnosing: the `diagnosis` message is owed. */
  awaitingDiagnosis: boolean;
}

export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider<CaptureDocument>, vscode.Disposable {
  private readonly panels = new Map<string, Set<Panel>>();
  private readonly documents = new Map<string, CaptureDocument>();
  private stylesheets: Promise<string[]> | undefined;

  /** Excerpts by capture, stage and finding: reading and scanning kernel files takes a while. */
  private readonly excerptCache = new Map<string, Promise<HostExcerpts>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: HostServices) {
    const forget = (): void => this.excerptCache.clear();
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sockscope.kernel') && forget()),
      vscode.workspace.onDidGrantWorkspaceTrust(forget),
      vscode.workspace.onDidChangeWorkspaceFolders(forget),
    ];
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }

  private excerpts(doc: CaptureDocument, stage: StageId, findingIndex: number | undefined): Promise<HostExcerpts> {
    const key = `${doc.uri.toString()}|${stage}|${findingIndex ?? ''}`;
    let found = this.excerptCache.get(key);
    if (!found) {
      const state = doc.state;
      const finding = state.kind === 'loaded' && findingIndex !== undefined ? state.model.findings[findingIndex] : undefined;
      found = stageExcerpts(stage, finding, this.services.extraKernelProviders);
      // A failed read is not remembered: the next request tries again.
      found.catch(() => this.excerptCache.delete(key));
      this.excerptCache.set(key, found);
    }
    return found;
  }

  openCustomDocument(uri: vscode.Uri): CaptureDocument {
    const doc = new CaptureDocument(uri, (d, token) => this.load(d, token));
    const key = uri.toString();
    this.documents.set(key, doc);
    doc.onDidDispose(() => {
      if (this.documents.get(key) === doc) this.documents.delete(key);
      for (const k of [...this.excerptCache.keys()]) if (k.startsWith(`${key}|`)) this.excerptCache.delete(k);
    });
    return doc;
  }

  async resolveCustomEditor(document: CaptureDocument, webviewPanel: vscode.WebviewPanel): Promise<void> {
    const { extensionUri } = this.services;
    const webview = webviewPanel.webview;
    webview.options = webviewOptions(extensionUri);
    webview.html = webviewHtml(webview, extensionUri, document.fileName, await this.availableStylesheets());
    const entry: Panel = { panel: webviewPanel, ready: false, pending: [], awaitingDiagnosis: false };
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
      // The findings of a webview that got its flow list while the diagnosis ran.
      document.onDidLoad(() => {
        const state = document.state;
        if (!entry.awaitingDiagnosis || !entry.ready) return;
        entry.awaitingDiagnosis = false;
        if (state.kind === 'loaded') post(state.diagnosis);
        else if (state.kind === 'failed') post({ type: 'fatal', message: state.message });
      }),
    ];
    // Without retainContextWhenHidden a hidden webview is torn down and reloads when shown again,
    // announcing itself with a new `ready`: hold messages for it until then.
    subscriptions.push(
      webviewPanel.onDidChangeViewState(() => {
        if (!webviewPanel.visible) entry.ready = false;
      }),
    );
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

  /**
   * Handles `message` as if the capture's webview had sent it: lets integration tests drive the
   * host side of a click in the webview (open kernel source, copy Markdown).
   */
  async deliver(uri: vscode.Uri, message: WebviewToHost): Promise<void> {
    const entry = [...(this.panels.get(uri.toString()) ?? [])][0];
    const doc = entry ? this.documents.get(uri.toString()) : undefined;
    if (!entry || !doc) throw new Error(`${uri.toString()} is not open in Sockscope`);
    await this.handle(doc, entry, message, (msg) => void entry.panel.webview.postMessage(msg));
  }

  /** The kernel excerpts a finding's card shows, as the webview receives them (integration tests). */
  async findingExcerpts(uri: vscode.Uri, finding: number): Promise<ExcerptSetView | undefined> {
    const doc = this.documents.get(uri.toString());
    if (!doc) throw new Error(`${uri.toString()} is not open in Sockscope`);
    await doc.loaded;
    const state = doc.state;
    const found = state.kind === 'loaded' ? state.model.findings[finding] : undefined;
    return found ? (await this.excerpts(doc, found.stage, finding)).view : undefined;
  }

  private async load(doc: CaptureDocument, token: vscode.CancellationToken): Promise<CaptureState> {
    const name = doc.fileName;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sockscope: reading {0}', name), cancellable: true },
      async (progress, progressToken) => {
        const cancel = new vscode.CancellationTokenSource();
        const links = [token.onCancellationRequested(() => cancel.cancel()), progressToken.onCancellationRequested(() => cancel.cancel())];
        let percent = 0;
        /** The table and flows once known: the flow list stays even if the diagnosis fails. */
        let flows: FlowsModel | undefined;
        /** The summary sent with them, which the findings complete (withDiagnosis). */
        let shown: SummaryMessage | undefined;
        let analysis: FlowAnalysis | undefined;
        const started = doc.openedAt;
        try {
          const model = await this.services.parser.parse(doc.uri, name, cancel.token, {
            onProgress: (p) => {
              doc.reportProgress(p);
              if (p.phase === 'analysing' || p.phase === 'diagnosing') {
                progress.report({ message: p.phase === 'analysing' ? vscode.l10n.t('analysing flows') : vscode.l10n.t('diagnosing') });
                return;
              }
              if (!p.total) return;
              const now = Math.min(100, Math.floor((p.done / p.total) * 100));
              if (now > percent) progress.report({ increment: now - percent, message: `${now}%` });
              percent = Math.max(percent, now);
            },
            onFlows: (m, info) => {
              flows = m;
              shown = summaryMessage(m, name, true);
              doc.showFlows({ kind: 'diagnosing', model: m, summary: shown });
              this.services.log.info(
                `${name}: ${m.table.count} packets, ${m.analysis.flows.length} flows shown in ${Date.now() - started} ms ` +
                  `(${info.sharedMemory ? 'tables in shared memory' : 'tables copied or in this thread'}); diagnosing`,
              );
            },
            onAnalysis: (a) => {
              analysis = a;
              doc.showAnalysis(a);
              this.services.log.info(`${name}: per-packet analysis known at ${Date.now() - started} ms`);
            },
          });
          const diagnosis = diagnosisMessage(model);
          const summary = shown ? withDiagnosis(shown, diagnosis) : summaryMessage(model, name);
          this.services.log.info(
            `${name}: ${model.table.count} packets, ${model.analysis.flows.length} flows, ${model.findings.length} findings, ` +
              `${model.table.warnings.length} warnings in ${Date.now() - started} ms`,
          );
          return { kind: 'loaded', model, summary, diagnosis };
        } catch (e) {
          const message = e instanceof ParseCancelled ? e.message : withName(name, describe(e));
          this.services.log.warn(message);
          if (flows) {
            // The flows are shown already: keep them, and say why the findings are missing. Should
            // the analysis thread be what failed, the ladder's analysis is made here instead.
            const model: CaptureModel = { ...flows, analysis: analysis ?? analyseTable(flows.table) };
            const diagnosis = diagnosisMessage(model, message);
            return { kind: 'loaded', model, summary: shown ? withDiagnosis(shown, diagnosis) : summaryMessage(model, name), diagnosis };
          }
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
        const readyAt = Date.now() - doc.openedAt;
        await doc.flowsKnown;
        const state = doc.state;
        this.services.log.info(`${doc.fileName}: webview ready ${readyAt} ms after opening, summary sent at ${Date.now() - doc.openedAt} ms (${state.kind})`);
        entry.awaitingDiagnosis = false;
        if (state.kind === 'diagnosing') {
          // The flow list now; the findings when the diagnosis is done (onDidLoad).
          post(state.summary);
          entry.awaitingDiagnosis = true;
        } else if (state.kind === 'loaded') {
          if (state.diagnosis.failed === undefined) post(state.summary);
          else {
            post({ ...state.summary, diagnosing: true });
            post(state.diagnosis);
          }
        } else if (state.kind === 'failed') {
          post({ type: 'fatal', message: state.message });
          // The webview shows the message and reports nothing; record what it was told.
          this.services.rendered.record({
            type: 'rendered',
            flows: 0,
            findings: 0,
            uri: doc.uri.toString(),
            packets: 0,
            warnings: 0,
            stages: [],
            findingStages: [],
            fatal: state.message,
          });
        }
        entry.ready = true;
        for (const reveal of entry.pending.splice(0)) post(reveal);
        return;
      }
      case 'getRows': {
        try {
          const model = await doc.analysedModel();
          const w = rowWindow(model, msg.flow, msg.from, msg.count);
          post({ type: 'rows', requestId: msg.requestId, flow: msg.flow, from: w.from, total: w.total, cols: w.cols });
        } catch (e) {
          post(replyError(msg.requestId, e));
        }
        return;
      }
      case 'getSeries': {
        try {
          const body = decimateSeries(flowSeries(await doc.analysedModel(), msg.flow), msg.dir, msg.t0, msg.t1, msg.buckets);
          post({ type: 'series', requestId: msg.requestId, flow: msg.flow, ...body });
        } catch (e) {
          post(replyError(msg.requestId, e));
        }
        return;
      }
      case 'getExcerpts': {
        try {
          const model = loadedModel(doc);
          const byFinding: Record<string, ExcerptSetView> = {};
          for (const index of msg.findings) {
            const finding = model.findings[index];
            if (finding) byFinding[String(index)] = (await this.excerpts(doc, finding.stage, index)).view;
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
        // A flow's Markdown lists its findings: wait for the diagnosis.
        await doc.loaded;
        const state = doc.state;
        if (state.kind !== 'loaded') return;
        // The core renders it, so a pasted finding reads like `sockscope diagnose --format markdown`.
        const source = { fileName: doc.fileName, ...state.model, kernelVersion: kernelSettings().version.version };
        const text = msg.finding !== undefined ? findingMarkdown(source, msg.finding) : flowMarkdown(source, msg.flow ?? 0);
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage(vscode.l10n.t('Sockscope: copied as Markdown.'));
        return;
      }
      case 'exportSvg':
        await saveExport(doc.uri, msg.name, 'svg', 'SVG', new TextEncoder().encode(msg.svg));
        return;
      case 'exportPng':
        await saveExport(doc.uri, msg.name, 'png', 'PNG', base64Bytes(msg.base64));
        return;
      case 'log':
        this.services.log[msg.level === 'warn' ? 'warn' : msg.level](`webview ${doc.fileName}: ${msg.message}`);
        return;
      case 'error':
        this.services.log.error(`webview ${doc.fileName}: ${msg.message}${msg.stack ? `\n${msg.stack}` : ''}`);
        return;
      case 'rendered': {
        // The tests' API reports what the webview shows once it has everything; while the
        // diagnosis runs the flow list alone is shown (bench/vscodeOpen.mjs times that one).
        if (msg.diagnosing) return;
        const state = doc.state;
        this.services.rendered.record({
          ...msg,
          uri: doc.uri.toString(),
          packets: state.kind === 'loaded' ? state.model.table.count : 0,
          warnings: state.kind === 'loaded' ? state.model.table.warnings.length : 0,
          stages: state.kind === 'loaded' ? [...new Set(state.model.findings.map((f) => f.stage))] : [],
          findingStages: state.kind === 'loaded' ? state.model.findings.map((f) => f.stage) : [],
          findingTitles: state.kind === 'loaded' ? state.summary.findings.map((f) => f.title) : [],
        });
        return;
      }
    }
  }

  private async openKernelSource(doc: CaptureDocument, msg: OpenKernelSourceMessage): Promise<void> {
    const state = doc.state;
    const view = state.kind === 'loaded' && msg.finding !== undefined ? state.summary.findings[msg.finding] : undefined;
    const found = await this.excerpts(doc, msg.stage, msg.finding);
    const excerpt = found.result.excerpts.find((x) => x.catalogueName === msg.function || x.function === msg.function);
    const text = excerpt ? found.texts.get(excerpt.origin) : undefined;
    if (!excerpt || text === undefined) {
      const link = found.result.links.find((l) => l.function === msg.function)?.url;
      const reasons = [...found.result.notices, ...found.limits];
      const why = reasons.length ? ` (${reasons.join('; ')})` : '';
      const openLink = vscode.l10n.t('Open Link');
      // In Restricted Mode the settings would change nothing: trusting the workspace would.
      const manageTrust = vscode.l10n.t('Manage Workspace Trust');
      const restricted = !vscode.workspace.isTrusted;
      const choice = await vscode.window.showInformationMessage(
        restricted
          ? vscode.l10n.t(
              'Sockscope: no kernel source with {0} in {1} was read{2}. Trust this workspace to use kernel trees outside it or the mirror.',
              msg.function,
              msg.file,
              why,
            )
          : vscode.l10n.t(
              'Sockscope: no kernel source with {0} in {1} was found{2}. Set sockscope.kernel.sourcePath, open a kernel tree, or allow fetching from a mirror.',
              msg.function,
              msg.file,
              why,
            ),
        ...(link ? [openLink] : []),
        ...(restricted ? [manageTrust] : []),
      );
      if (choice === openLink && link) await vscode.env.openExternal(vscode.Uri.parse(link));
      if (choice === manageTrust) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const file = originUri(excerpt.origin) ?? this.services.mirrorDocuments.add(kernelSettings().version.tag, excerpt.file, text);
    const chosen = msg.anchor ? excerpt.anchors.filter((a) => a.id === msg.anchor) : [];
    const anchors = chosen.length ? chosen : excerpt.anchors;
    const notes = anchors.length
      ? anchors.map((a) => ({ line: a.line, annotation: a.annotation }))
      : [{ line: excerpt.startLine, annotation: `${found.result.title}: ${excerpt.function}` }];
    await this.services.kernelView.show({
      file,
      notes,
      findingTitle: view?.title ?? found.result.title,
      findingSummary: view?.summary ?? '',
      capture: doc.uri,
      finding: msg.finding,
      frame: view?.frames[0],
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

/** The tables and flows, as soon as the flows are known (the findings may still be empty). */
function loadedModel(doc: CaptureDocument): FlowsModel {
  const state = doc.state;
  if (state.kind !== 'loaded' && state.kind !== 'diagnosing') throw new Error(`${doc.fileName} is not loaded (${state.kind})`);
  return state.model;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withName(name: string, message: string): string {
  return message.includes(name) ? message : `${name}: ${message}`;
}

/** Asks where to save an exported ladder (beside the capture, named as the webview proposes) and writes it. */
async function saveExport(beside: vscode.Uri, name: string, ext: 'svg' | 'png', filter: string, bytes: Uint8Array): Promise<void> {
  const safeName = name.replace(/[\\/:*?"<>|]/g, '_') || `ladder.${ext}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(beside, '..', safeName.endsWith(`.${ext}`) ? safeName : `${safeName}.${ext}`),
    filters: { [filter]: [ext] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(vscode.l10n.t('Sockscope: saved {0}.', target.path.slice(target.path.lastIndexOf('/') + 1)));
}
