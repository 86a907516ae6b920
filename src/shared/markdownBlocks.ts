// Splits streamed markdown into top-level blocks as it arrives, so a renderer parses each finished
// block once and re-parses only the unfinished tail on each frame. Plain TypeScript, no DOM: the
// webview draws the blocks, unit tests check the splitting.
//
// A block ends at a blank line when the next line starts at column 0 (an indented line may continue
// a list item or be indented code), except a list item after a list, which keeps one list together.
// A fence at column 0 is a block of its own from its opening line to its closing line, so a code
// block can be drawn and highlighted line by line while it streams. A display formula (`$$` or `\[`
// opening a line) stays in one block up to its closer, blank lines and all, as the renderer reads it.

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
  readonly language: string;
  /** Where the code starts in the open block's text (after the opening line). */
  readonly codeStart: number;
  /** A fence at column 0: a block of its own. An indented one belongs to its markdown block. */
  readonly topLevel: boolean;
}

const FENCE_OPEN = /^( *)(`{3,}|~{3,})([^`]*)$/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
/** The start of a line that may yet turn out to be a list item. */
const MAYBE_LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)]?)$/;
/** An unfinished last line that may yet become a fence: shown once the line is complete. */
const MAYBE_FENCE = /^ {0,3}(?:`{1,2}|~{1,2}|`{3,}[^`\s]*|~{3,}\S*)$/;

function fenceOpening(line: string): { indent: number; marker: string; language: string } | undefined {
  const match = FENCE_OPEN.exec(line);
  if (!match) return undefined;
  const marker = match[2]!;
  const info = match[3]!;
  // A backtick fence's info string cannot hold a backtick; a tilde fence's can.
  if (marker[0] === '~' && info.includes('~')) return undefined;
  // A backslash before punctuation in the info string escapes it, as in CommonMark: `foo\+bar` is foo+bar.
  const language = (info.trim().split(/\s+/)[0] ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
  return { indent: match[1]!.length, marker, language };
}

function closesFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= marker.length && trimmed[0] === marker[0] && /^(`+|~+)$/.test(trimmed);
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
      const closed = lastLine.trim() !== '' && closesFence(lastLine, fence.marker);
      this.finished.push({ kind: 'code', language: fence.language, code: this.text.slice(fence.codeStart, closed ? this.scanned : undefined), closed });
    } else if (this.text.trim()) {
      this.finished.push({ kind: 'markdown', text: this.text });
    }
    this.fence = this.mathClose = undefined;
    this.startBlock(this.text.length);
  }

  /** Reads the complete line [start, end) of `text`; `scanned` is already past it. */
  private readLine(start: number, end: number): void {
    const line = withoutLineEnd(this.text.slice(start, end - 1));
    const fence = this.fence;
    if (fence) {
      if (!closesFence(line, fence.marker)) return;
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
    if (!line.trim()) {
      if (this.blockHasContent) this.blankSeen = true;
      return;
    }
    const opening = fenceOpening(line);
    const atColumn0 = !/^\s/.test(line);
    const listItem = atColumn0 && LIST_ITEM.test(line);
    if (opening?.indent === 0 || (this.blankSeen && atColumn0 && !(listItem && this.blockHasList))) {
      this.endMarkdownBlock(start);
    }
    this.blankSeen = false;
    this.blockHasContent = true;
    if (listItem) this.blockHasList = true;
    // `scanned` is the end of this line, also after endMarkdownBlock moved the text along.
    if (opening) this.fence = { marker: opening.marker, language: opening.language, codeStart: this.scanned, topLevel: opening.indent === 0 };
    else this.mathClose = opensDisplayMath(line);
  }

  /**
   * Ends the block before a line still arriving, as soon as its first characters decide it, so
   * the block is finished as it was last drawn and the new line is drawn on its own.
   */
  private splitBeforePartialLine(): void {
    const partial = this.text.slice(this.scanned);
    if (!this.blankSeen || this.fence || this.mathClose || !partial || /^\s/.test(partial) || MAYBE_LIST_ITEM.test(partial)) return;
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
    this.blockHasContent = this.blockHasList = this.blankSeen = false;
  }
}
