import * as vscode from 'vscode';
import type { QuestionCode, UriParts, WorkspaceFolders } from '../core/editTarget';
import { replaceTarget } from '../core/editTarget';
import { countBidiControls } from '../shared/bidiControls';
import { locateSnippet } from '../core/selection';
import type { CodeAction } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import type { CodeContext } from '../core/domain';

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

  /** `question` is the code the answer's question was about, if any, and whether it was imported. */
  async run(action: CodeAction, code: string, language: string, question: QuestionCode): Promise<void> {
    switch (action) {
      case 'copy':
        if (!(await this.confirmBidiControls(code, vscode.l10n.t('Copy Anyway')))) return;
        await vscode.env.clipboard.writeText(code);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Parley: code copied'), 2000);
        break;
      case 'insert':
        await this.insertAtCursor(code);
        break;
      case 'replaceSelection':
        await this.replaceSelection(code, question);
        break;
      case 'newEditor': {
        const document = await vscode.workspace.openTextDocument({ language: await this.languageId(language), content: code });
        await vscode.window.showTextDocument(document, { viewColumn: this.editorColumn(), preview: false });
        break;
      }
      case 'compare':
        // Read-only: a diff of two texts, so an imported question's code may be compared too.
        await this.compare(code, question.context);
        break;
      default:
        assertNever(action);
    }
  }

  /**
   * Asks before code with bidirectional control characters goes into the user's code: they are
   * invisible, and can make code read unlike it runs ("Trojan Source"). True to go on.
   */
  private async confirmBidiControls(code: string, goOn: string): Promise<boolean> {
    const count = countBidiControls(code);
    if (count === 0) return true;
    const choice = await vscode.window.showWarningMessage(
      count === 1
        ? vscode.l10n.t('This code holds 1 invisible bidirectional control character.')
        : vscode.l10n.t('This code holds {0} invisible bidirectional control characters.', count),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Such characters change the order in which text is shown, so code can read differently from how it runs ("Trojan Source"). The chat shows where they are. Go on only if you expect them.',
        ),
      },
      goOn,
    );
    return choice === goOn;
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
    if (!(await this.confirmBidiControls(code, vscode.l10n.t('Insert Anyway')))) return;
    const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: this.editorColumn(), preserveFocus: false });
    const at = shown.selection.active;
    await shown.edit((edit) => edit.insert(at, code));
  }

  /**
   * Replaces the question's selection in its document, and only there (see `replaceTarget`), in a
   * visible editor with the new code selected, unsaved: the user sees what changed and can undo it.
   */
  private async replaceSelection(code: string, question: QuestionCode): Promise<void> {
    const decision = await replaceTarget(question, workspaceFolders());
    if (!decision.ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Parley: {0}', decision.reason));
      return;
    }
    const selection = question.context!;
    const uri = vscode.Uri.from(decision.target);
    const document =
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
      (await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined));
    const found = document && locateSnippet(document.getText(), selection.text, selection.startLine);
    if (!document || !found) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Parley: the selected code in {0} has changed since the question, so it is not replaced. Use Compare with Selection.', selection.path),
      );
      return;
    }
    if (!(await this.confirmBidiControls(code, vscode.l10n.t('Replace Anyway')))) return;
    const range = new vscode.Range(document.positionAt(found.start), document.positionAt(found.end));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: this.editorColumn(), preview: false });
    await editor.edit((edit) => edit.replace(range, code));
    const end = document.positionAt(found.start + code.length);
    editor.selection = new vscode.Selection(range.start, end);
    editor.revealRange(new vscode.Range(range.start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
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

function uriParts(uri: vscode.Uri): UriParts {
  return { scheme: uri.scheme, authority: uri.authority, path: uri.path, query: uri.query, fragment: uri.fragment };
}

/** The workspace's folders as `replaceTarget` checks against them. */
function workspaceFolders(): WorkspaceFolders {
  return {
    folders: (vscode.workspace.workspaceFolders ?? []).map((folder) => uriParts(folder.uri)),
    parse: (uri) => {
      try {
        return uriParts(vscode.Uri.parse(uri, true));
      } catch {
        return undefined;
      }
    },
    hasFile: async (folder, path) => {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(vscode.Uri.from(folder), path)).then(undefined, () => undefined);
      return stat !== undefined && (stat.type & vscode.FileType.File) !== 0;
    },
  };
}

function extensionOf(path: string): string {
  const match = /\.[A-Za-z0-9]+$/.exec(path);
  return match ? match[0] : '';
}
