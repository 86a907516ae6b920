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

/** The ready questions of "Ask About Selection…"; a typed question is always possible too. */
export const READY_QUESTIONS: readonly { readonly label: string; readonly question: string }[] = [
  { label: 'Explain', question: 'Explain what this code does and how it works.' },
  { label: 'Find problems', question: 'Find problems in this code: bugs, unhandled edge cases and risky patterns. Suggest fixes.' },
  { label: 'Write tests', question: 'Write unit tests for this code, covering its edge cases.' },
  { label: 'Improve readability', question: 'Suggest how to make this code clearer and simpler, without changing what it does.' },
  { label: 'Add documentation', question: 'Write documentation comments for this code.' },
];

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
