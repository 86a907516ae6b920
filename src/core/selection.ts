import { l10n } from '../shared/l10n';
import { groupDigits } from '../shared/numbers';
import type { CodeContext } from './domain';

/** The most of a selection Parley sends; a larger one is cut at a line and says so. */
export const MAX_SELECTION_CHARS = 60_000;

export interface RawSelection {
  readonly path: string;
  readonly language: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** The document's URI, as a string. */
  readonly uri?: string;
}

/** Keeps a selection within MAX_SELECTION_CHARS, cut at a line end, counting what was left out. */
export function toCodeContext(selection: RawSelection, maxChars = MAX_SELECTION_CHARS): CodeContext {
  if (selection.text.length <= maxChars) return selection;
  const cutAt = selection.text.lastIndexOf('\n', maxChars);
  const kept = selection.text.slice(0, cutAt > 0 ? cutAt : maxChars);
  const keptLines = kept.split('\n').length;
  const totalLines = selection.text.split('\n').length;
  return { ...selection, text: kept, endLine: selection.startLine + keptLines - 1, omittedLines: totalLines - keptLines };
}

/**
 * Where a selection the user asked about is now in its file: the occurrence of `snippet` nearest
 * to the line it was on, as offsets. Undefined when the code has since changed.
 */
export function locateSnippet(text: string, snippet: string, startLine: number): { start: number; end: number } | undefined {
  if (snippet.length === 0) return undefined;
  let expected = 0;
  for (let line = 1; line < startLine; line++) {
    const lineEnd = text.indexOf('\n', expected);
    if (lineEnd === -1) break;
    expected = lineEnd + 1;
  }
  let best: number | undefined;
  for (let at = text.indexOf(snippet); at !== -1; at = text.indexOf(snippet, at + 1)) {
    if (best === undefined || Math.abs(at - expected) < Math.abs(best - expected)) best = at;
  }
  return best === undefined ? undefined : { start: best, end: best + snippet.length };
}

/** What a chip says of code that was cut to MAX_SELECTION_CHARS; undefined when nothing was. */
export function cutNotice(context: CodeContext): string | undefined {
  if (!context.omittedLines) return undefined;
  return l10n.t("Cut to Parley's limit of {0} characters: {1} more lines are left out.", groupDigits(MAX_SELECTION_CHARS), groupDigits(context.omittedLines));
}

export interface RawDiagnostic {
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly source?: string;
  readonly code?: string;
}

/** The problems of a file as the model reads them: one line each, in line order. */
export function problemsContext(path: string, diagnostics: readonly RawDiagnostic[]): CodeContext {
  const sorted = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  const text = sorted
    .map((d) => {
      const origin = d.source || d.code ? ` (${[d.source, d.code].filter(Boolean).join(' ')})` : '';
      return `- line ${d.line}:${d.column} ${d.severity}: ${d.message.replace(/\s*\n\s*/g, ' ')}${origin}`;
    })
    .join('\n');
  return { path, language: 'text', startLine: sorted[0]?.line ?? 1, endLine: sorted.at(-1)?.line ?? 1, text, kind: 'problems' };
}
