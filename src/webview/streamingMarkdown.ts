import type { MarkdownBlock } from '../shared/markdownBlocks';
import { MarkdownBlockSplitter } from '../shared/markdownBlocks';
import { StreamingCodeBlock, renderMarkdown } from './markdown';

/**
 * One answer's markdown, drawn into `container` as it streams. Finished blocks are parsed and
 * inserted once; each draw re-parses only the open block at the end, and a code block at the end
 * grows in place. Call `append` for each piece of text and `draw` once per frame.
 */
export class StreamingMarkdown {
  private readonly splitter = new MarkdownBlockSplitter();
  private drawnBlocks = 0;
  /** What the open block is drawn as now; replaced on the next draw. */
  private tailNodes: ChildNode[] = [];
  private tailCode: StreamingCodeBlock | undefined;
  /** The markdown the tail nodes were drawn from. */
  private tailText = '';

  constructor(private readonly container: HTMLElement) {}

  get text(): string {
    return this.splitter.source;
  }

  append(text: string): void {
    this.splitter.append(text);
  }

  /** No more text will come: the open block is drawn as finished on the next draw. */
  finish(): void {
    this.splitter.finish();
  }

  draw(): void {
    const finished = this.splitter.finished;
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
      } else {
        this.clearTail();
        this.container.append(this.blockNodes(block));
      }
    }
    const tail = this.splitter.tail();
    if (tail?.kind === 'code') {
      if (!this.tailCode) {
        this.clearTail();
        this.tailCode = new StreamingCodeBlock(tail.language);
        this.tailNodes = [this.tailCode.element];
        this.container.append(this.tailCode.element);
      }
      this.tailCode.update(tail.code, false);
      return;
    }
    this.clearTail();
    if (tail) {
      const nodes = renderMarkdown(tail.text);
      this.tailNodes = [...nodes.childNodes];
      this.tailText = tail.text;
      this.container.append(nodes);
    }
  }

  private blockNodes(block: MarkdownBlock): Node {
    if (block.kind === 'markdown') return renderMarkdown(block.text);
    const code = new StreamingCodeBlock(block.language);
    code.update(block.code, true);
    return code.element;
  }

  private clearTail(): void {
    for (const node of this.tailNodes) node.remove();
    this.tailNodes = [];
    this.tailCode = undefined;
  }
}
