// What the markdown renderer refuses to parse: a block nested deeper than any answer needs (the
// parser recurses once per level, and overflowed the stack at a few thousand), one with so many
// emphasis delimiters that matching them takes quadratic time, or one too long to parse within a
// frame. Such a block is shown as its text instead. Plain TypeScript: the webview uses it, unit
// tests check it. Each check is one pass over the text.

/** Levels of block quotes and lists a line may open; answers use a handful. */
export const MAX_NESTING = 32;
/**
 * Runs of `*` or `_` in one block outside fenced code: a long list with a bold phrase in every item
 * has a few hundred. Nested emphasis costs the parser a stack frame
 * a level and time that grows with the square of the runs.
 */
export const MAX_EMPHASIS_DELIMITERS = 1_000;
/** Characters in one markdown block (text between blank lines; a list counts as one). */
export const MAX_BLOCK_CHARS = 50_000;
/** Lines in one markdown block: a table's rows cost the most to draw, and 2,000 took 200 ms. */
export const MAX_BLOCK_LINES = 1_000;

/**
 * A block still streaming is parsed again with each draw: beyond this many characters or lines it
 * is shown as its text until it is complete (a table of a few hundred rows takes longer than a
 * frame to parse, sanitize and lay out), and drawn as markdown once, then.
 */
export const MAX_OPEN_BLOCK_CHARS = 20_000;
export const MAX_OPEN_BLOCK_LINES = 200;

export type TooComplex = 'nesting' | 'emphasis' | 'size';

/** Whether `text`, a block still streaming, is too long to parse again with each draw. */
export function tooLongWhileOpen(text: string): boolean {
  if (text.length > MAX_OPEN_BLOCK_CHARS) return true;
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) if (++lines > MAX_OPEN_BLOCK_LINES) return true;
  return false;
}

/** A container marker (a quote's `>`, a list item's bullet or number) with the spaces before it. */
const CONTAINER = /[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))/y;
/** A run of `*` or `_`: the parser tries to match each, even inside a word (snake_case). */
const EMPHASIS_RUN = /\*+|_+/g;
const FENCE = /^[ \t>*+\-\d.)]*(`{3,}|~{3,})/;

/** The columns of white space a line starts with, a tab reaching the next multiple of 4 as in CommonMark. */
export function indentColumns(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === ' ') columns++;
    else if (char === '\t') columns += 4 - (columns % 4);
    else break;
  }
  return columns;
}

/** How many containers `line` opens: its markers, and a list item's indentation (two columns a level). */
function nesting(line: string): number {
  CONTAINER.lastIndex = 0;
  let depth = 0;
  while (depth <= MAX_NESTING && CONTAINER.exec(line)) depth++;
  return depth === 0 ? 0 : depth + Math.floor(indentColumns(line) / 2);
}

/** Why `text` (one markdown block) should be shown as text rather than parsed; undefined when it can be parsed. */
export function markdownTooComplex(text: string): TooComplex | undefined {
  if (text.length > MAX_BLOCK_CHARS) return 'size';
  const lines = text.split('\n');
  if (lines.length > MAX_BLOCK_LINES) return 'size';
  let fence: string | undefined;
  /** Whether the open fence is inside a quote or list, whose markers on each line are still parsed. */
  let fenceContained = false;
  let delimiters = 0;
  for (const line of lines) {
    const opening = FENCE.exec(line);
    if (fence) {
      // Code is not parsed as markdown: neither its indentation nor its `*` count. The containers
      // around it are, and a line without them may end it.
      if (fenceContained && nesting(line) > MAX_NESTING) return 'nesting';
      if (opening && opening[1]![0] === fence[0] && opening[1]!.length >= fence.length && line.trim().endsWith(opening[1]!)) fence = undefined;
      continue;
    }
    const depth = nesting(line);
    if (depth > MAX_NESTING) return 'nesting';
    if (opening) {
      fence = opening[1];
      fenceContained = depth > 0;
      continue;
    }
    delimiters += line.match(EMPHASIS_RUN)?.length ?? 0;
    if (delimiters > MAX_EMPHASIS_DELIMITERS) return 'emphasis';
  }
  return undefined;
}

/** A link label as marked compares them: case (folded as Unicode does) and runs of white space do not matter. */
export function normalizedLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
}

/** Labels `text` may refer to as `[label]`, `[text][label]` or `[label][]`: where a later definition could make a link. */
export function bracketedLabels(text: string): Set<string> {
  const labels = new Set<string>();
  // No bracket inside but an escaped one (`[ref\[]`), as in CommonMark; none opens at an escaped
  // `[` (an odd run of backslashes before it, looked at only once a `[` is found). Each match ends
  // at the next `[` that is not escaped, so a run of brackets is read once.
  for (const match of text.matchAll(/\[(?<=(?:^|[^\\])(?:\\\\)*\[)((?:\\[\s\S]|[^[\]\\]){1,999})\]/g)) labels.add(normalizedLabel(match[1]!));
  return labels;
}
