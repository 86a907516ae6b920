// Where an answer's LaTeX is: the delimiter rules, as plain code the markdown renderer's tokenizers
// call and unit tests check. The rules are pandoc's (tex_math_dollars), so prices stay text:
// - `$…$`: the opening `$` has a non-space right after it, the closing `$` a non-space right before
//   it and no digit right after it; the formula holds no unescaped `$`. "$5 and $10" is not math.
// - `$$…$$`, `\(…\)`, `\[…\]`: up to the first closing delimiter.
// A formula is never empty, never spans a blank line, and holds more than backslashes (CommonMark's
// `\[\\\]` is escaped punctuation). Code never becomes math: marked's code tokenizers take a code
// span that starts before a formula, and a formula inside a paragraph holds no backtick, so one
// cannot start outside a code span and end inside it (`$10, \`$x$\``).

export interface MathSpan {
  /** The source, delimiters included: what a formula that does not parse shows. */
  readonly raw: string;
  /** The LaTeX between the delimiters. */
  readonly tex: string;
  readonly display: boolean;
}

/** The delimiters a formula may open with, longest first, and what closes each. */
const DELIMITERS: ReadonlyArray<{ open: string; close: string; display: boolean }> = [
  { open: '$$', close: '$$', display: true },
  { open: '$', close: '$', display: false },
  { open: '\\(', close: '\\)', display: false },
  { open: '\\[', close: '\\]', display: true },
];

/** Something worth typesetting: a formula of only backslashes and spaces is escaped punctuation. */
function formulaText(tex: string): boolean {
  return /[^\s\\]/.test(tex) && !/\n[ \t]*\n/.test(tex);
}

/** Where `close` first occurs in `text` from `from` on, outside a backslash escape; -1 when it does not. */
function closingAt(text: string, from: number, close: string, accept: (at: number) => boolean = () => true): number {
  for (let i = from; i < text.length; i++) {
    if (text.startsWith(close, i) && accept(i)) return i;
    // A backslash escapes the character after it (`\$`, `\\`), except where it starts the closer.
    if (text[i] === '\\') i++;
  }
  return -1;
}

/** The formula `src` starts with, if it starts with one. */
export function mathAtStart(src: string): MathSpan | undefined {
  const delimiter = DELIMITERS.find((d) => src.startsWith(d.open));
  if (!delimiter) return undefined;
  const { open, close, display } = delimiter;
  let end: number;
  if (open === '$') {
    if (!/^\$\S/.test(src)) return undefined;
    // The first unescaped `$` closes or nothing does: a formula holds none.
    end = closingAt(src, 1, '$');
    if (end < 0 || /\s/.test(src[end - 1]!) || /\d/.test(src[end + 1] ?? '')) return undefined;
  } else {
    end = closingAt(src, open.length, close);
    if (end < 0) return undefined;
  }
  const tex = src.slice(open.length, end);
  if (!formulaText(tex) || tex.includes('`')) return undefined;
  return { raw: src.slice(0, end + close.length), tex, display };
}

/**
 * Where in `src` a formula may start: where inline text must stop so `mathAtStart` can look. Any
 * backslash too, as marked's own text stops there: `\$` is then read as an escape, not cut apart.
 */
export function mathStart(src: string): number | undefined {
  const at = src.search(/[$\\]/);
  return at < 0 ? undefined : at;
}

/** A display formula on lines of its own: `$$` or `\[` opens a line, its closer ends one. */
const DISPLAY_BLOCK = /^ {0,3}(\$\$|\\\[)/;
const CLOSERS: Record<string, string> = { $$: '$$', '\\[': '\\]' };

/**
 * The display formula block `src` starts with: from a line that starts with `$$` or `\[` (up to
 * three spaces before it) to the closer, with nothing but spaces after it on its line. It may hold
 * blank lines (`aligned` environments are written with them), unlike a formula inside a paragraph.
 */
export function displayMathBlock(src: string): MathSpan | undefined {
  const opening = DISPLAY_BLOCK.exec(src);
  if (!opening) return undefined;
  const open = opening[1]!;
  const close = CLOSERS[open]!;
  const start = opening[0].length;
  const end = closingAt(src, start, close);
  if (end < 0) return undefined;
  const after = /^[ \t]*(?:\r?\n|$)/.exec(src.slice(end + close.length));
  if (!after) return undefined;
  const tex = src.slice(start, end);
  if (!/[^\s\\]/.test(tex)) return undefined;
  return { raw: src.slice(0, end + close.length + after[0].length), tex, display: true };
}

/** Where in `src` a line that may open a display formula block starts (a paragraph ends before it). */
export function displayMathBlockStart(src: string): number | undefined {
  // Only where a block does start: a paragraph cut before a `$$` that never closes would be two.
  const lineStarts = /(?:^|\n)(?= {0,3}(?:\$\$|\\\[))/g;
  for (let match = lineStarts.exec(src); match; match = lineStarts.exec(src)) {
    const at = match.index + match[0].length;
    if (displayMathBlock(src.slice(at))) return at;
    lineStarts.lastIndex = at + 1;
  }
  return undefined;
}

/**
 * For the block splitter: the closer a complete line opens a display formula with and leaves
 * open (`$$` alone on its line, or `$$ a = b` continued below), else undefined.
 */
export function opensDisplayMath(line: string): string | undefined {
  const opening = DISPLAY_BLOCK.exec(line);
  if (!opening) return undefined;
  const close = CLOSERS[opening[1]!]!;
  return closingAt(line, opening[0].length, close) < 0 ? close : undefined;
}

/** For the block splitter: whether a complete line holds `close`, ending an open display formula. */
export function closesDisplayMath(line: string, close: string): boolean {
  return closingAt(line, 0, close) >= 0;
}

/** The LaTeX of a formula's source as `mathAtStart` or `displayMathBlock` took it. */
export function texOf(raw: string): string {
  const trimmed = raw.trim();
  const delimiter = DELIMITERS.find((d) => trimmed.startsWith(d.open) && trimmed.endsWith(d.close) && trimmed.length >= d.open.length + d.close.length);
  return delimiter ? trimmed.slice(delimiter.open.length, trimmed.length - delimiter.close.length) : trimmed;
}

/** How deep `tex`'s `{…}` groups nest, outside backslash escapes (`\{` is a brace to show). */
export function groupDepth(tex: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') i++;
    else if (c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}
