import { MarkdownBlockSplitter } from '../shared/markdownBlocks';
import { bracketedLabels } from '../shared/markdownLimits';
import type { LinkDefinitions } from './markdown';
import { StreamingCodeBlock, noDefinitions, renderMarkdownParts } from './markdown';

/** While text streams, the open block is parsed again at most this often (two frames at 60 Hz). */
const OPEN_BLOCK_MS = 32;
/**
 * ...and not before this many times as long as its last draw took has passed: a long open block
 * costs a share of the time, not all of it, and its redraws do not grow with the square of its size.
 */
const OPEN_BLOCK_SHARE = 4;

/** A finished block that mentions labels not defined when it was drawn: drawn again when one is. */
interface WaitingBlock {
  readonly text: string;
  nodes: ChildNode[];
}

/**
 * One answer's markdown, drawn into `container` as it streams. Finished blocks are parsed and
 * inserted once; a draw re-parses only the open block at the end, and a code block at the end
 * grows in place, line by line. Call `append` for each piece of text and `draw` once per frame.
 */
export class StreamingMarkdown {
  private readonly splitter = new MarkdownBlockSplitter();
  private drawnBlocks = 0;
  /** What the open block is drawn as now; replaced on the next draw. */
  private tailNodes: ChildNode[] = [];
  private tailCode: StreamingCodeBlock | undefined;
  /** The markdown the tail nodes were drawn from, and when. */
  private tailText = '';
  private tailDrawnAt = 0;
  private tailDrawMs = 0;
  /** The link definitions the open block adds, as last drawn. */
  private tailDefined = noDefinitions();
  /** The finished blocks' link definitions: a reference anywhere in the answer resolves to them. */
  private readonly definitions = noDefinitions();
  /** Finished blocks by the labels they mention that were not defined when they were drawn. */
  private readonly waiting = new Map<string, WaitingBlock[]>();

  constructor(private readonly container: HTMLElement) {}

  /** How many characters have been appended. */
  get length(): number {
    return this.splitter.length;
  }

  append(text: string): void {
    this.splitter.append(text);
  }

  /** No more text will come: the open block is drawn as finished on the next draw. */
  finish(): void {
    this.splitter.finish();
  }

  /**
   * Draws what has arrived. Returns false when the open block was left for a later frame (it is
   * parsed again at most every OPEN_BLOCK_MS): the caller draws again on the next frame.
   */
  draw(now = performance.now()): boolean {
    const finished = this.splitter.finished;
    /** Finished markdown blocks to draw, rendered together with the open block. */
    const parts: string[] = [];
    const appendParts = (): void => {
      if (parts.length > 0) this.appendFinished(parts.splice(0));
    };
    for (; this.drawnBlocks < finished.length; this.drawnBlocks++) {
      const block = finished[this.drawnBlocks]!;
      if (block.kind === 'code' && this.tailCode) {
        // The code block that was streaming has closed: it stays where it is.
        this.tailCode.update(block.code, true);
        this.tailCode = undefined;
        this.tailNodes = [];
      } else if (block.kind === 'markdown' && this.tailNodes.length > 0 && block.text === this.tailText) {
        // The open block ended as it was last drawn: its nodes stay. Only when the text is the
        // same: a throttled draw may lack a last line break or trailing spaces, and those change
        // what an indented code line or an HTML block shows.
        this.finishedDrawn([{ text: this.tailText, nodes: this.tailNodes }], [this.tailDefined]);
        this.tailNodes = [];
      } else if (block.kind === 'markdown') {
        this.clearTail();
        parts.push(block.text);
      } else {
        this.clearTail();
        appendParts();
        this.container.append(this.codeBlock(block.language, block.code));
      }
    }
    const tail = this.splitter.tail();
    if (tail?.kind === 'code') {
      appendParts();
      if (!this.tailCode) {
        this.clearTail();
        this.tailCode = new StreamingCodeBlock(tail.language);
        this.tailNodes = [this.tailCode.element];
        this.container.append(this.tailCode.element);
      }
      this.tailCode.update(tail.code, false);
      return true;
    }
    if (!tail) {
      this.clearTail();
      appendParts();
      return true;
    }
    // Parsing the open block every frame of a fast stream costs more than it shows.
    const wait = Math.max(OPEN_BLOCK_MS, OPEN_BLOCK_SHARE * this.tailDrawMs);
    if (parts.length === 0 && this.tailNodes.length > 0 && now - this.tailDrawnAt < wait) return false;
    this.clearTail();
    const started = performance.now();
    const { fragments, defined } = renderMarkdownParts([...parts, tail.text], this.definitions);
    const tailNodes = fragments.pop()!;
    this.tailDefined = defined.pop()!;
    this.placeFinished(parts, fragments, defined);
    this.tailNodes = [...tailNodes.childNodes];
    this.tailText = tail.text;
    this.tailDrawnAt = now;
    this.container.append(tailNodes);
    this.tailDrawMs = performance.now() - started;
    return true;
  }

  private appendFinished(texts: string[]): void {
    const { fragments, defined } = renderMarkdownParts(texts, this.definitions);
    this.placeFinished(texts, fragments, defined);
  }

  /** Appends finished blocks drawn from `texts`. */
  private placeFinished(texts: readonly string[], fragments: readonly DocumentFragment[], defined: readonly LinkDefinitions[]): void {
    const blocks = fragments.map((fragment, i) => ({ text: texts[i]!, nodes: [...fragment.childNodes] }));
    this.container.append(...fragments);
    this.finishedDrawn(blocks, defined);
  }

  /**
   * Takes in finished blocks as drawn and the definitions they add; blocks drawn before that
   * mention a newly defined label are drawn again, now with its link.
   */
  private finishedDrawn(blocks: readonly WaitingBlock[], defined: readonly LinkDefinitions[]): void {
    const known = this.definitions;
    const toRedraw = new Set<WaitingBlock>();
    // In order: a block was drawn with the definitions of the blocks before it.
    blocks.forEach((block, i) => {
      for (const label of bracketedLabels(block.text)) {
        if (label in known || label in defined[i]!) continue;
        const list = this.waiting.get(label);
        if (list) list.push(block);
        else this.waiting.set(label, [block]);
      }
      for (const [label, definition] of Object.entries(defined[i]!)) {
        if (label in known) continue;
        known[label] = definition;
        for (const waiting of this.waiting.get(label) ?? []) toRedraw.add(waiting);
        this.waiting.delete(label);
      }
    });
    for (const block of toRedraw) {
      const first = block.nodes[0];
      if (!first) continue;
      const [fragment] = renderMarkdownParts([block.text], known).fragments;
      const nodes = [...fragment!.childNodes];
      first.before(fragment!);
      for (const node of block.nodes) node.remove();
      block.nodes = nodes;
    }
  }

  private codeBlock(language: string, code: string): HTMLElement {
    const block = new StreamingCodeBlock(language);
    block.update(code, true);
    return block.element;
  }

  private clearTail(): void {
    for (const node of this.tailNodes) node.remove();
    this.tailNodes = [];
    this.tailCode = undefined;
  }
}
