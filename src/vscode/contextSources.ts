import * as vscode from 'vscode';
import type { RawDiagnostic } from '../core/selection';
import { problemsContext, toCodeContext } from '../core/selection';
import type { ContextSource } from '../shared/steering';
import { selectionContext } from './selection';
import type { CodeContext } from '../core/domain';

const SEVERITIES: Record<vscode.DiagnosticSeverity, RawDiagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** A whole document as attached code, cut to Parley's limit. */
export function fileContext(document: vscode.TextDocument): CodeContext {
  // The line break that ends the file does not start another line.
  const text = document.getText().replace(/\r?\n$/, '');
  return {
    ...toCodeContext({
      path: vscode.workspace.asRelativePath(document.uri, false),
      uri: document.uri.toString(),
      language: document.languageId,
      startLine: 1,
      endLine: text.split('\n').length,
      text,
    }),
    kind: 'file',
  };
}

export function diagnosticsContext(document: vscode.TextDocument): CodeContext | undefined {
  const diagnostics = vscode.languages.getDiagnostics(document.uri);
  if (diagnostics.length === 0) return undefined;
  return problemsContext(
    vscode.workspace.asRelativePath(document.uri, false),
    diagnostics.map((d) => {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      return {
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITIES[d.severity],
        message: d.message,
        source: d.source,
        code: code === undefined ? undefined : String(code),
      };
    }),
  );
}

/**
 * Finds the code a context chip attaches. The chat panel has the focus when its button is
 * pressed, so "the active editor" is the text editor that was active last.
 */
export class EditorContext implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) this.lastEditor = editor;
  });

  private editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.lastEditor;
    return last && !last.document.isClosed ? last : undefined;
  }

  /** The code to attach, or a message saying why there is none. */
  async find(source: ContextSource): Promise<CodeContext | string | undefined> {
    const editor = this.editor();
    const name = editor ? vscode.workspace.asRelativePath(editor.document.uri, false) : '';
    switch (source) {
      case 'selection':
        return selectionContext(editor) ?? vscode.l10n.t('Select some code in an editor first.');
      case 'file':
        return editor ? fileContext(editor.document) : vscode.l10n.t('Open a file in an editor first.');
      case 'problems':
        if (!editor) return vscode.l10n.t('Open a file in an editor first.');
        return diagnosticsContext(editor.document) ?? vscode.l10n.t('VS Code reports no problems in {0}.', name);
      case 'editor':
        return this.pickOpenEditor();
    }
  }

  /** Any open text editor, picked from a list; undefined when the user cancels. */
  private async pickOpenEditor(): Promise<CodeContext | string | undefined> {
    const seen = new Set<string>();
    const items: (vscode.QuickPickItem & { uri: vscode.Uri })[] = [];
    for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
      if (!(tab.input instanceof vscode.TabInputText) || seen.has(tab.input.uri.toString())) continue;
      seen.add(tab.input.uri.toString());
      items.push({ label: tab.label, description: vscode.workspace.asRelativePath(tab.input.uri, false), uri: tab.input.uri });
    }
    if (items.length === 0) return vscode.l10n.t('No file is open in an editor.');
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Attach an open file to your next question'),
      placeHolder: vscode.l10n.t('Pick a file; all of it goes along (cut to the limit)'),
    });
    return picked && fileContext(await vscode.workspace.openTextDocument(picked.uri));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
