// Splits streamed markdown into top-level blocks as it arrives, so a renderer parses each finished
// block once and re-parses only the unfinished tail on each frame. Plain TypeScript, no DOM: the
// webview draws the blocks, unit tests check the splitting.
//
// A block ends at a blank line when the next line starts at column 0 (an indented line may continue
// a list item or be indented code), except a list item after a list, which keeps one list together.
// A fence at column 0 is a block of its own from its opening line to its closing line, so a code
// block can be drawn and highlighted line by line while it streams. A display formula (`$$` or `\[`
// opening a line) stays in one block up to its closer, blank lines and all, as the renderer reads it.
// An HTML block is read as marked reads one: `<pre>`, `<script>`, `<style>`, `<textarea>`, a comment,
// `<?…?>`, `<!…>` and CDATA last up to their closer, blank lines and all; the others up to a blank
// line. Either way a fence or formula inside one is its text, not a block of its own.

import { indentColumns } from './markdownLimits';
import { closesDisplayMath, opensDisplayMath } from './mathDelimiters';

export type MarkdownBlock =
  | { readonly kind: 'markdown'; readonly text: string }
  | {
      readonly kind: 'code';
      /** The first word of the info string, e.g. `ts`; '' when there is none. */
      readonly language: string;
      readonly code: string;
      /** False while the closing fence has not arrived. */
      readonly closed: boolean;
    };

interface OpenFence {
  readonly marker: string;
  /** The opening line's indentation: a closing line may be indented up to 3 spaces more. */
  readonly indent: number;
  readonly language: string;
  /** Where the code starts in the open block's text (after the opening line). */
  readonly codeStart: number;
  /** A fence at column 0: a block of its own. An indented one belongs to its markdown block. */
  readonly topLevel: boolean;
}

const FENCE_OPEN = /^( *)(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
/** The start of a line that may yet turn out to be a list item. */
const MAYBE_LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)]?)$/;
/** An unfinished last line that may yet become a fence: shown once the line is complete. */
const MAYBE_FENCE = /^ {0,3}(?:`{1,2}|~{1,2}|`{3,}[^`\s]*|~{3,}\S*)$/;

/**
 * The start of a line that opens an HTML block ending at a line that holds its closer: `<pre` (or
 * script, style, textarea), `<!--`, `<?`, `<![CDATA[`, `<!` and a letter. As marked reads them: a
 * `<pre>` ends at `</pre>`, where CommonMark would end it at any of the four closing tags.
 */
const HTML_UNTIL_CLOSER = /^ {0,3}<(?:(script|pre|style|textarea)(?=[\s>]|$)|(!--)|(\?)|(!\[CDATA\[)|(![a-z]))/i;
/** Block-level tag names, as marked lists them: a line that starts with one opens an HTML block up to a blank line. */
const BLOCK_TAGS =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|meta|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
const HTML_BLOCK_TAG = new RegExp(`^ {0,3}</?(?:${BLOCK_TAGS})(?=[ \\t]|/?>|$)`, 'i');
const ATTRIBUTE = `[ \\t]+[a-zA-Z:_][\\w.:-]*(?:[ \\t]*=[ \\t]*"[^"]*"|[ \\t]*=[ \\t]*'[^']*'|[ \\t]*=[ \\t]*[^\\s"'=<>\`]+)?`;
/** A line that is one whole tag, any name: an HTML block up to a blank line, where a paragraph cannot go on. */
const HTML_TAG_LINE = new RegExp(
  `^ {0,3}(?:<(?!(?:script|pre|style|textarea)(?![a-z0-9-]))[a-z][a-z0-9-]*(?:${ATTRIBUTE})*?[ \\t]*/?>|</[a-z][a-z0-9-]*\\s*>)[ \\t]*$`,
  'i',
);
/**
 * An HTML block whose closer has not come after this many characters ends at the next blank line,
 * as other blocks do: waiting longer would keep the rest of an answer in one open block, parsed
 * again on every frame. No answer writes raw HTML that long; marked would show the rest as its text.
 */
export const MAX_HTML_BLOCK_CHARS = 10_000;

/** What ends the HTML block `line` opens: a line holding `closer` (after `from` on this line), or a blank line. */
type HtmlBlockEnd = { readonly closer: string; readonly from: number } | 'blank line';

/**
 * The HTML block that `line` opens, if any. A line that is only a tag opens one only after a
 * blank line or at the start of a block (`afterBreak`): it cannot interrupt a paragraph.
 */
function htmlBlockOpening(line: string, afterBreak: boolean): HtmlBlockEnd | undefined {
  const untilCloser = HTML_UNTIL_CLOSER.exec(line);
  if (untilCloser) {
    const [opening, tag, comment, instruction, cdata] = untilCloser;
    // `<!-->` and `<!--->` are whole comments: the closer's dashes may be the opening's.
    if (comment) return { closer: '-->', from: opening.length - 2 };
    const closer = tag ? `</${tag.toLowerCase()}>` : instruction ? '?>' : cdata ? ']]>' : '>';
    return { closer, from: opening.length };
  }
  return HTML_BLOCK_TAG.test(line) || (afterBreak && HTML_TAG_LINE.test(line)) ? 'blank line' : undefined;
}

function holdsCloser(line: string, closer: string, from = 0): boolean {
  return line.toLowerCase().includes(closer, from);
}

function fenceOpening(line: string): { indent: number; marker: string; language: string } | undefined {
  const match = FENCE_OPEN.exec(line);
  if (!match) return undefined;
  const marker = match[2]!;
  const info = match[3]!;
  // A backtick fence's info string cannot hold a backtick; a tilde fence's can hold anything.
  if (marker[0] === '`' && info.includes('`')) return undefined;
  // A backslash before punctuation in the info string escapes it, as in CommonMark: `foo\+bar` is foo+bar.
  const language = (info.trim().split(/\s+/)[0] ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
  return { indent: match[1]!.length, marker, language };
}

/** A closing fence: at least as long as the opening one, of the same character, indented less than 4 spaces more. */
function closesFence(line: string, fence: OpenFence): boolean {
  const closing = FENCE_CLOSE.exec(line)?.[1];
  return !!closing && closing.length >= fence.marker.length && closing[0] === fence.marker[0] && indentColumns(line) < fence.indent + 4;
}

function withoutLineEnd(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Reads markdown piece by piece; `finished` grows, `tail()` is the part still open. It keeps only
 * the open block's text, so the work per piece does not grow with the length of the answer.
 */
export class MarkdownBlockSplitter {
  /** Blocks that can no longer change, in order. */
  readonly finished: MarkdownBlock[] = [];
  /** The open block's text: everything after the last finished block. */
  private text = '';
  /** Characters read before `text`. */
  private before = 0;
  /** Where the first line not yet read starts, in `text`. */
  private scanned = 0;
  private blockHasContent = false;
  private blockHasList = false;
  private blankSeen = false;
  private fence: OpenFence | undefined;
  /** What closes the display formula a line opened, while it is open. */
  private mathClose: string | undefined;
  /** What closes the HTML block a line opened, while it is open and ends at a closer. */
  private htmlCloser: string | undefined;
  /** Where that HTML block started, counted from the start of the answer. */
  private htmlStart = 0;
  /** Whether the lines read since the last blank line are an HTML block's. */
  private inHtmlBlock = false;

  /** How many characters have been read. */
  get length(): number {
    return this.before + this.text.length;
  }

  append(piece: string): void {
    this.text += piece;
    let newline: number;
    while ((newline = this.text.indexOf('\n', this.scanned)) >= 0) {
      const start = this.scanned;
      this.scanned = newline + 1;
      this.readLine(start, newline + 1);
    }
    this.splitBeforePartialLine();
  }

  /** The open block as it should be drawn now; undefined when there is nothing to draw yet. */
  tail(): MarkdownBlock | undefined {
    const partialLine = this.text.slice(this.scanned);
    const fence = this.fence;
    if (fence?.topLevel) {
      // A partial line of fence characters may be the closing fence: it is not code.
      const shownEnd = /^\s*(`+|~+)$/.test(partialLine) ? this.scanned : this.text.length;
      return { kind: 'code', language: fence.language, code: this.text.slice(fence.codeStart, shownEnd), closed: false };
    }
    const text = MAYBE_FENCE.test(partialLine) ? this.text.slice(0, this.scanned) : this.text;
    return text.trim() ? { kind: 'markdown', text } : undefined;
  }

  /** The stream has ended: the open block is finished as it stands. */
  finish(): void {
    const fence = this.fence;
    if (fence?.topLevel) {
      // Answers often end with the closing fence and no line break after it.
      const lastLine = withoutLineEnd(this.text.slice(this.scanned));
      const closed = lastLine.trim() !== '' && closesFence(lastLine, fence);
      this.finished.push({ kind: 'code', language: fence.language, code: this.text.slice(fence.codeStart, closed ? this.scanned : undefined), closed });
    } else if (this.text.trim()) {
      this.finished.push({ kind: 'markdown', text: this.text });
    }
    this.fence = this.mathClose = this.htmlCloser = undefined;
    this.startBlock(this.text.length);
  }

  /** Reads the complete line [start, end) of `text`; `scanned` is already past it. */
  private readLine(start: number, end: number): void {
    const line = withoutLineEnd(this.text.slice(start, end - 1));
    const fence = this.fence;
    if (fence) {
      if (!closesFence(line, fence)) return;
      this.fence = undefined;
      if (fence.topLevel) {
        this.finished.push({ kind: 'code', language: fence.language, code: this.text.slice(fence.codeStart, start), closed: true });
        this.startBlock(end);
      }
      return;
    }
    if (this.mathClose) {
      if (closesDisplayMath(line, this.mathClose)) this.mathClose = undefined;
      return;
    }
    if (this.htmlCloser) {
      if (holdsCloser(line, this.htmlCloser) || this.before + end - this.htmlStart > MAX_HTML_BLOCK_CHARS) this.htmlCloser = undefined;
      return;
    }
    if (!line.trim()) {
      this.inHtmlBlock = false;
      if (this.blockHasContent) this.blankSeen = true;
      return;
    }
    if (this.inHtmlBlock) return;
    const opening = fenceOpening(line);
    const atColumn0 = !/^\s/.test(line);
    const listItem = atColumn0 && LIST_ITEM.test(line);
    // An indented line after a list item is the item's: an HTML block in it ends with the item,
    // at the next line that is not indented, as the splitter reads the item anyway.
    const html = opening || (this.blockHasList && !atColumn0) ? undefined : htmlBlockOpening(line, this.blankSeen || !this.blockHasContent);
    const lineStart = this.before + start;
    if (opening?.indent === 0 || (this.blankSeen && atColumn0 && !(listItem && this.blockHasList))) {
      this.endMarkdownBlock(start);
    }
    this.blankSeen = false;
    this.blockHasContent = true;
    if (listItem) this.blockHasList = true;
    // `scanned` is the end of this line, also after endMarkdownBlock moved the text along.
    if (opening) {
      this.fence = { marker: opening.marker, indent: opening.indent, language: opening.language, codeStart: this.scanned, topLevel: opening.indent === 0 };
    } else if (html === 'blank line') {
      this.inHtmlBlock = true;
    } else if (html) {
      if (!holdsCloser(line, html.closer, html.from)) {
        this.htmlCloser = html.closer;
        this.htmlStart = lineStart;
      }
    } else {
      this.mathClose = opensDisplayMath(line);
    }
  }

  /**
   * Ends the block before a line still arriving, as soon as its first characters decide it, so
   * the block is finished as it was last drawn and the new line is drawn on its own.
   */
  private splitBeforePartialLine(): void {
    const partial = this.text.slice(this.scanned);
    if (!this.blankSeen || this.fence || this.mathClose || this.htmlCloser || !partial || /^\s/.test(partial) || MAYBE_LIST_ITEM.test(partial)) return;
    if (!(LIST_ITEM.test(partial) && this.blockHasList)) this.endMarkdownBlock(this.scanned);
  }

  private endMarkdownBlock(at: number): void {
    const text = this.text.slice(0, at);
    if (text.trim()) this.finished.push({ kind: 'markdown', text });
    this.startBlock(at);
  }

  /** The open block now starts at `at`: the text before it is dropped. */
  private startBlock(at: number): void {
    this.text = this.text.slice(at);
    this.before += at;
    this.scanned -= at;
    this.blockHasContent = this.blockHasList = this.blankSeen = this.inHtmlBlock = false;
  }
}
