import { MarkdownBlockSplitter } from '../shared/markdownBlocks';
import { StreamingCodeBlock, renderMarkdownParts } from './markdown';

/** While text streams, the open block is parsed again at most this often (two frames at 60 Hz). */
const OPEN_BLOCK_MS = 32;

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
      if (parts.length > 0) this.container.append(...renderMarkdownParts(parts.splice(0)));
    };
    for (; this.drawnBlocks < finished.length; this.drawnBlocks++) {
      const block = finished[this.drawnBlocks]!;
      if (block.kind === 'code' && this.tailCode) {
        // The code block that was streaming has closed: it stays where it is.
        this.tailCode.update(block.code, true);
        this.tailCode = undefined;
        this.tailNodes = [];
      } else if (block.kind === 'markdown' && this.tailNodes.length > 0 && block.text.trimEnd() === this.tailText.trimEnd()) {
        // The open block ended as it was last drawn (only blank lines followed): keep its nodes.
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
    if (parts.length === 0 && this.tailNodes.length > 0 && now - this.tailDrawnAt < OPEN_BLOCK_MS) return false;
    this.clearTail();
    const drawn = renderMarkdownParts([...parts, tail.text]);
    const tailNodes = drawn.pop()!;
    this.container.append(...drawn);
    this.tailNodes = [...tailNodes.childNodes];
    this.tailText = tail.text;
    this.tailDrawnAt = now;
    this.container.append(tailNodes);
    return true;
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
