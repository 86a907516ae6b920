// The context a chip can attach besides selections and files: changes (a diff), the last terminal
// command and its output, a folder's files within a token budget, and a symbol's code. Each is made
// here from plain values the editor side read, so what is sent and what the chip says agree.
import { l10n } from '../shared/l10n';
import { groupDigits } from '../shared/numbers';
import type { TokenCounter } from './budget';
import type { CodeContext } from './domain';
import { formatCodeContext } from './prompt';
import { toCodeContext } from './selection';

/** The tokens a folder's files may take together; the files past it are left out and named. */
export const FOLDER_BUDGET_TOKENS = 16_000;

/** Lines in `text`, the break that ends it not starting another. */
function lineCount(text: string): number {
  return text.split('\n').length;
}

/** Text without the line break that ends it, and with Windows line ends as `\n`. */
function plainLines(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\n$/, '');
}

/**
 * A diff as attached code, cut to Parley's limit: of a repository (`path` its folder; `changes` says
 * which) or of one file since the last commit. Undefined when there are no changes.
 */
export function diffContext(path: string, diff: string, changes?: 'unstaged' | 'staged'): CodeContext | undefined {
  const text = plainLines(diff);
  if (text.trim() === '') return undefined;
  const context = toCodeContext({ path, language: 'diff', startLine: 1, endLine: lineCount(text), text });
  return { ...context, kind: 'diff', ...(changes ? { changes } : {}) };
}

// Terminal control sequences: CSI (colours, cursor moves), OSC (titles, shell integration marks,
// ended by BEL or ST), other two-character escapes, and the control characters left.
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const ESCAPE = /\u001b[@-Z\\-_]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * What a terminal showed, as plain text: without its control sequences, and with each line as it
 * ended up when a carriage return redrew it (a progress bar keeps its last state).
 */
export function plainTerminalText(raw: string): string {
  return raw
    .replace(OSC, '')
    .replace(CSI, '')
    .replace(ESCAPE, '')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map(
      (line) =>
        line
          .split('\r')
          .filter((part) => part !== '')
          .at(-1) ?? '',
    )
    .join('\n')
    .replace(CONTROL, '');
}

/**
 * A command the terminal ran and what it wrote, as attached code cut to Parley's limit.
 * `unreadLines`: lines of output past what was kept while the command ran, left out too.
 */
export function terminalContext(terminal: string, command: string, rawOutput: string, unreadLines = 0): CodeContext {
  const output = plainLines(plainTerminalText(rawOutput)).replace(/\s+$/, '');
  const text = output === '' ? `$ ${command}` : `$ ${command}\n${output}`;
  const context = toCodeContext({ path: terminal, language: 'console', startLine: 1, endLine: lineCount(text), text });
  const omittedLines = (context.omittedLines ?? 0) + unreadLines;
  return { ...context, ...(omittedLines > 0 ? { omittedLines } : {}), kind: 'terminal', command };
}

/** A function, class or other symbol: its whole text, with the lines it spans in its file. */
export function symbolContext(symbol: string, code: { path: string; language: string; startLine: number; text: string }): CodeContext {
  const text = plainLines(code.text);
  return { ...toCodeContext({ ...code, text, endLine: code.startLine + lineCount(text) - 1 }), kind: 'symbol', symbol };
}

/** The language a file's code block is marked with: its extension, which Markdown highlighters know by. */
export function fenceLanguage(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** A file of a folder being attached; `text` is absent when it cannot be read as text (binary, unreadable). */
export interface FolderFile {
  readonly path: string;
  readonly language: string;
  readonly text?: string;
}

/**
 * A folder as attached code: its files in the order given, each whole (cut to Parley's limit), as
 * many as fit within `budgetTokens` as `counter` counts them; the others are left out and named.
 * A message instead when none fits.
 */
export function folderContext(folder: string, files: readonly FolderFile[], counter: TokenCounter, budgetTokens = FOLDER_BUDGET_TOKENS): CodeContext | string {
  const blocks: string[] = [];
  const omittedFiles: string[] = [];
  let spent = 0;
  for (const file of files) {
    if (file.text === undefined) {
      omittedFiles.push(file.path);
      continue;
    }
    const text = plainLines(file.text);
    const block = formatCodeContext({
      ...toCodeContext({ path: file.path, language: file.language, startLine: 1, endLine: lineCount(text), text }),
      kind: 'file',
    });
    const tokens = counter.count(block);
    if (spent + tokens > budgetTokens) {
      omittedFiles.push(file.path);
      continue;
    }
    blocks.push(block);
    spent += tokens;
  }
  if (files.length === 0) return l10n.t('{0} holds no files Parley can attach.', folder);
  if (blocks.length === 0) return l10n.t('No file of {0} fits within the budget of {1} tokens.', folder, groupDigits(budgetTokens));
  const text = blocks.join('\n\n');
  return { path: folder, language: '', startLine: 1, endLine: 1, text, kind: 'folder', budgetTokens, ...(omittedFiles.length > 0 ? { omittedFiles } : {}) };
}

/** How a chip names context of the kinds made here; undefined for the others (selection, file, problems). */
export function moreContextLabel(context: CodeContext): string | undefined {
  switch (context.kind) {
    case 'diff':
      if (context.changes === 'staged') return l10n.t('Staged changes in {0}', context.path);
      if (context.changes === 'unstaged') return l10n.t('Unstaged changes in {0}', context.path);
      return l10n.t('Changes to {0}', context.path);
    case 'terminal':
      return l10n.t('Terminal {0}: {1}', context.path, shortened(context.command ?? '', 60));
    case 'folder':
      return l10n.t('{0} (folder, files within {1} tokens)', context.path, groupDigits(context.budgetTokens ?? 0));
    case 'symbol':
      return context.startLine === context.endLine
        ? l10n.t('{0} in {1} (line {2})', context.symbol ?? '', context.path, context.startLine)
        : l10n.t('{0} in {1} (lines {2}-{3})', context.symbol ?? '', context.path, context.startLine, context.endLine);
    default:
      return undefined;
  }
}

/** What a folder chip says of the files it left out; undefined when none was. */
export function omittedFilesNotice(context: CodeContext): string | undefined {
  const left = context.omittedFiles ?? [];
  if (left.length === 0) return undefined;
  return l10n.t('Left out, over the budget of {0} tokens or not text ({1} files): {2}', groupDigits(context.budgetTokens ?? 0), left.length, left.join(', '));
}

function shortened(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
