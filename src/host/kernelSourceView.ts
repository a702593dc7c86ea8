// Opens a kernel source file in a real editor at a stage's anchor lines: the lines are
// highlighted, carry an after-line annotation, and hovering them shows the finding with a
// command link back to the capture (sockscope.revealFrame).
import * as vscode from 'vscode';

export interface KernelNote {
  /** 1-based line in the source file. */
  line: number;
  /** Short text after the line. */
  annotation: string;
}

export interface KernelSourceRequest {
  file: vscode.Uri;
  notes: KernelNote[];
  /** Markdown-safe title and summary of the finding the lines explain. */
  findingTitle: string;
  findingSummary: string;
  /** Where "show in capture" goes back to. */
  capture: vscode.Uri;
  finding?: number;
  frame?: number;
}

interface DocumentNotes {
  notes: KernelNote[];
  hover: vscode.MarkdownString;
}

export class KernelSourceView implements vscode.Disposable {
  private readonly highlight = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });
  private readonly annotation = vscode.window.createTextEditorDecorationType({
    after: {
      margin: '0 0 0 2em',
      color: new vscode.ThemeColor('editorCodeLens.foreground'),
      fontStyle: 'italic',
    },
  });
  private readonly byDocument = new Map<string, DocumentNotes>();
  private readonly hovers = new Map<string, vscode.Disposable>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    // Decorations belong to an editor instance: re-apply them when a noted file is shown again.
    this.subscriptions.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
    );
  }

  async show(req: KernelSourceRequest): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(req.file);
    const key = document.uri.toString();
    const notes = req.notes.filter((n) => n.line >= 1 && n.line <= document.lineCount);
    this.byDocument.set(key, { notes, hover: hoverText(req) });
    this.ensureHover(document.uri);
    const first = notes.length ? notes[0].line - 1 : 0;
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      selection: new vscode.Range(first, 0, first, 0),
    });
    editor.revealRange(new vscode.Range(first, 0, first, 0), vscode.TextEditorRevealType.InCenter);
    this.decorate(editor);
    return editor;
  }

  /** Lines currently noted in a document (tests read this). */
  notesOf(uri: vscode.Uri): readonly KernelNote[] {
    return this.byDocument.get(uri.toString())?.notes ?? [];
  }

  private decorate(editor: vscode.TextEditor): void {
    const entry = this.byDocument.get(editor.document.uri.toString());
    if (!entry) return;
    const lines = entry.notes.map((n) => editor.document.lineAt(n.line - 1).range);
    editor.setDecorations(this.highlight, lines);
    editor.setDecorations(
      this.annotation,
      entry.notes.map((n, k) => ({
        range: lines[k],
        renderOptions: { after: { contentText: `◀ ${n.annotation}` } },
      })),
    );
  }

  private ensureHover(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.hovers.has(key)) return;
    const folder = vscode.Uri.joinPath(uri, '..');
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const selector: vscode.DocumentFilter = { scheme: uri.scheme, pattern: new vscode.RelativePattern(folder, name) };
    const provider: vscode.HoverProvider = {
      provideHover: (document, position) => {
        const entry = this.byDocument.get(document.uri.toString());
        const note = entry?.notes.find((n) => n.line - 1 === position.line);
        if (!entry || !note) return undefined;
        const text = new vscode.MarkdownString(`**${escapeMarkdown(note.annotation)}**\n\n`);
        text.appendMarkdown(entry.hover.value);
        text.isTrusted = { enabledCommands: ['sockscope.revealFrame'] };
        return new vscode.Hover(text, document.lineAt(position.line).range);
      },
    };
    this.hovers.set(key, vscode.languages.registerHoverProvider(selector, provider));
  }

  dispose(): void {
    this.highlight.dispose();
    this.annotation.dispose();
    for (const d of this.hovers.values()) d.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

function hoverText(req: KernelSourceRequest): vscode.MarkdownString {
  const args = encodeURIComponent(
    JSON.stringify([{ uri: req.capture.toString(), finding: req.finding, frame: req.frame }]),
  );
  const name = req.capture.path.slice(req.capture.path.lastIndexOf('/') + 1);
  const text = new vscode.MarkdownString();
  text.appendMarkdown(`Sockscope: ${escapeMarkdown(req.findingTitle)}\n\n`);
  text.appendMarkdown(`${escapeMarkdown(req.findingSummary)}\n\n`);
  const label = req.frame
    ? vscode.l10n.t('Show in {0} (frame {1})', name, req.frame)
    : vscode.l10n.t('Show in {0}', name);
  text.appendMarkdown(`[${escapeMarkdown(label)}](command:sockscope.revealFrame?${args})`);
  return text;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
