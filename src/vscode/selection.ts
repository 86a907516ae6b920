import * as vscode from 'vscode';
import { toCodeContext } from '../core/selection';
import type { CodeContext } from '../core/domain';

/** The selected code of an editor with its file and lines, or undefined when nothing is selected. */
export function selectionContext(editor: vscode.TextEditor | undefined): CodeContext | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const { selection, document } = editor;
  // A selection that ends at the start of a line does not include that line.
  const lastLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return toCodeContext({
    path: vscode.workspace.asRelativePath(document.uri, false),
    // Code actions edit this document only, never one found again by its path.
    uri: document.uri.toString(),
    language: document.languageId,
    startLine: selection.start.line + 1,
    endLine: lastLine + 1,
    // The line break that ends a whole-line selection is not part of the code.
    text: document.getText(selection).replace(/\r?\n$/, ''),
  });
}

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
