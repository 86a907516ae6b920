import * as vscode from 'vscode';
import type { RawDiagnostic } from '../core/selection';
import { problemsContext } from '../core/selection';
import type { ContextSource } from '../shared/steering';
import { fileContext, selectionContext } from './selection';
import type { CodeContext } from '../core/domain';
import type { TokenCounter } from '../core/budget';
import { fileChanges, pickFiles, pickSymbol, repositoryChanges, TerminalCommands } from './moreContext';

const SEVERITIES: Record<vscode.DiagnosticSeverity, RawDiagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

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

/** What Add Context offers, in the order it lists them. */
function sourceItems(): (vscode.QuickPickItem & { readonly source: ContextSource })[] {
  return [
    { source: 'selection', label: vscode.l10n.t('Selection'), description: '#selection' },
    { source: 'file', label: vscode.l10n.t('Active file'), description: '#file' },
    { source: 'problems', label: vscode.l10n.t('Problems of active file'), description: '#problems' },
    { source: 'editor', label: vscode.l10n.t('Open editor…'), description: '#editor' },
    { source: 'files', label: vscode.l10n.t('Files or folder…'), description: '#files' },
    { source: 'symbol', label: vscode.l10n.t('Symbol (function or class)…'), description: '#symbol' },
    { source: 'changes', label: vscode.l10n.t('Unstaged changes (git diff)'), description: '#changes' },
    { source: 'stagedChanges', label: vscode.l10n.t('Staged changes (git diff --cached)'), description: '#staged' },
    { source: 'fileChanges', label: vscode.l10n.t('Changes to the active file (git diff HEAD)'), description: '#filechanges' },
    { source: 'terminal', label: vscode.l10n.t('Last terminal command and its output'), description: '#terminal' },
    { source: 'image', label: vscode.l10n.t('Image (PNG, JPEG, GIF, WebP)…'), description: '#image' },
  ];
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
  private readonly terminals = new TerminalCommands();

  private editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.lastEditor;
    return last && !last.document.isClosed ? last : undefined;
  }

  /** Add Context: every source in a searchable list; undefined when the user cancels. */
  async pickSource(): Promise<ContextSource | undefined> {
    const picked = await vscode.window.showQuickPick(sourceItems(), {
      title: vscode.l10n.t('Add context to your next question'),
      placeHolder: vscode.l10n.t('Type to search; in the composer, # does the same'),
      matchOnDescription: true,
    });
    return picked?.source;
  }

  /**
   * The code to attach (several for files), or a message saying why there is none; nothing when the
   * user cancels. `counter` counts a folder's files against its budget as the chips count them.
   */
  async findAll(source: Exclude<ContextSource, 'image'>, counter: () => Promise<TokenCounter>): Promise<(CodeContext | string)[]> {
    const found = source === 'files' ? await pickFiles(counter) : await this.find(source);
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  }

  /** The code one source attaches, or a message saying why there is none; undefined when the user cancels. */
  async find(source: Exclude<ContextSource, 'files' | 'image'>): Promise<CodeContext | string | undefined> {
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
      case 'symbol':
        return pickSymbol();
      case 'changes':
        return repositoryChanges('unstaged', editor?.document);
      case 'stagedChanges':
        return repositoryChanges('staged', editor?.document);
      case 'fileChanges':
        return editor ? fileChanges(editor.document) : vscode.l10n.t('Open a file in an editor first.');
      case 'terminal':
        return await this.terminals.find();
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
    this.terminals.dispose();
  }
}
