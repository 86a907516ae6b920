import * as vscode from 'vscode';
import { locateSnippet } from '../core/selection';
import type { CodeAction, CodeContext } from '../shared/protocol';
import { assertNever } from '../shared/protocol';

const SNIPPET_SCHEME = 'parley-code';

/** Fence names that differ from VS Code's language ids. */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  rb: 'ruby',
  rs: 'rust',
  golang: 'go',
  kt: 'kotlin',
  cs: 'csharp',
  'c#': 'csharp',
  'c++': 'cpp',
  hpp: 'cpp',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  ps1: 'powershell',
  yml: 'yaml',
  md: 'markdown',
  jsonc: 'jsonc',
  html: 'html',
  xml: 'xml',
  dockerfile: 'dockerfile',
  text: 'plaintext',
  txt: 'plaintext',
};

/**
 * What the buttons on an answer's code blocks do: copy, insert at the cursor, replace the selection
 * the question was about, open in a new editor, compare with that selection. Read-only snippets for
 * the diff editor come from an in-memory content provider.
 */
export class CodeActions implements vscode.Disposable {
  private readonly snippets = new Map<string, string>();
  private snippetCount = 0;
  /** The editor the user last worked in: while the chat panel has focus there is no active editor. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly disposables: vscode.Disposable[] = [];

  /** `chatColumn` is where the chat panel is, so code opens beside it rather than over it. */
  constructor(private readonly chatColumn: () => vscode.ViewColumn | undefined) {
    const snippets = this.snippets;
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(SNIPPET_SCHEME, {
        provideTextDocumentContent: (uri) => snippets.get(uri.path) ?? '',
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document.uri.scheme !== SNIPPET_SCHEME) this.lastEditor = editor;
      }),
    );
  }

  /** `selection` is the code the answer's question was about, if any. */
  async run(action: CodeAction, code: string, language: string, selection: CodeContext | undefined): Promise<void> {
    switch (action) {
      case 'copy':
        await vscode.env.clipboard.writeText(code);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Parley: code copied'), 2000);
        break;
      case 'insert':
        await this.insertAtCursor(code);
        break;
      case 'replaceSelection':
        await this.replaceSelection(code, selection);
        break;
      case 'newEditor': {
        const document = await vscode.workspace.openTextDocument({ language: await this.languageId(language), content: code });
        await vscode.window.showTextDocument(document, { viewColumn: this.editorColumn(), preview: false });
        break;
      }
      case 'compare':
        await this.compare(code, selection);
        break;
      default:
        assertNever(action);
    }
  }

  private editorColumn(): vscode.ViewColumn {
    const column = this.lastEditor?.viewColumn;
    const chat = this.chatColumn();
    if (column !== undefined && column !== chat) return column;
    return chat === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  private async insertAtCursor(code: string): Promise<void> {
    const editor = this.lastEditor;
    if (!editor || editor.document.isClosed) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Parley: open an editor and place the cursor where the code should go, then insert again.'));
      return;
    }
    const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: this.editorColumn(), preserveFocus: false });
    const at = shown.selection.active;
    await shown.edit((edit) => edit.insert(at, code));
  }

  private async replaceSelection(code: string, selection: CodeContext | undefined): Promise<void> {
    if (!selection) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Parley: this answer was not about a selection, so there is nothing to replace. Use Insert at Cursor.'),
      );
      return;
    }
    if (selection.omittedLines) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Parley: the selection was too large to be sent whole, so it is not replaced automatically. Use Compare with Selection.'),
      );
      return;
    }
    const document = await this.openSelectionDocument(selection);
    const found = document && locateSnippet(document.getText(), selection.text, selection.startLine);
    if (!document || !found) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Parley: the selected code in {0} has changed since the question, so it is not replaced. Use Compare with Selection.', selection.path),
      );
      return;
    }
    const range = new vscode.Range(document.positionAt(found.start), document.positionAt(found.end));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: this.editorColumn(), preview: false });
    await editor.edit((edit) => edit.replace(range, code));
    const end = document.positionAt(found.start + code.length);
    editor.selection = new vscode.Selection(range.start, end);
    editor.revealRange(new vscode.Range(range.start, end));
  }

  private async compare(code: string, selection: CodeContext | undefined): Promise<void> {
    if (!selection) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Parley: this answer was not about a selection, so there is nothing to compare with.'));
      return;
    }
    // Named like the selection's file, so both sides get its language's highlighting.
    const extension = extensionOf(selection.path);
    const left = this.snippetUri(`selection${extension}`, selection.text);
    const right = this.snippetUri(`parley${extension}`, code);
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      vscode.l10n.t('{0} (lines {1}-{2}) ↔ Parley', selection.path, selection.startLine, selection.endLine),
      {
        viewColumn: this.editorColumn(),
      },
    );
  }

  private snippetUri(name: string, text: string): vscode.Uri {
    const path = `/${++this.snippetCount}/${name}`;
    this.snippets.set(path, text);
    return vscode.Uri.from({ scheme: SNIPPET_SCHEME, path });
  }

  private async openSelectionDocument(selection: CodeContext): Promise<vscode.TextDocument | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => vscode.workspace.asRelativePath(d.uri, false) === selection.path);
    if (open) return open;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      try {
        return await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, selection.path));
      } catch {
        // Not in this folder.
      }
    }
    return undefined;
  }

  private async languageId(fenceName: string): Promise<string> {
    const name = fenceName.toLowerCase();
    const known = await vscode.languages.getLanguages();
    if (known.includes(name)) return name;
    const alias = LANGUAGE_ALIASES[name];
    return alias && known.includes(alias) ? alias : 'plaintext';
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.snippets.clear();
  }
}

function extensionOf(path: string): string {
  const match = /\.[A-Za-z0-9]+$/.exec(path);
  return match ? match[0] : '';
}
