import type { CodeContext } from '../shared/protocol';

/** The most of a selection Parley sends; a larger one is cut at a line and says so. */
export const MAX_SELECTION_CHARS = 60_000;

export interface RawSelection {
  readonly path: string;
  readonly language: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
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

/** What a chip says of code that was cut to MAX_SELECTION_CHARS; undefined when nothing was. */
export function cutNotice(context: CodeContext): string | undefined {
  if (!context.omittedLines) return undefined;
  return `Cut to Parley's limit of ${MAX_SELECTION_CHARS.toLocaleString('en-US')} characters: ${context.omittedLines.toLocaleString('en-US')} more lines are left out.`;
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
