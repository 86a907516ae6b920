import { MarkdownBlockSplitter } from '../shared/markdownBlocks';
import { bracketedLabels, tooLongWhileOpen } from '../shared/markdownLimits';
import type { LinkDefinitions, PartHtml } from './markdown';
import { StreamingCodeBlock, noDefinitions, openPartHtml, partHtml, partsNodes, renderMarkdownParts, withDefinitions } from './markdown';

/** While text streams, the open block is parsed again at most this often (four frames at 60 Hz): what arrived shows within 100 ms. */
const OPEN_BLOCK_MS = 64;
/**
 * ...and not before this many times as long as its last draw took has passed: a long open block
 * costs a share of the time, not all of it, and its redraws do not grow with the square of its size.
 */
const OPEN_BLOCK_SHARE = 4;
/**
 * Finished blocks are grouped, this many and more at a time, into a `.blocks` element of the body
 * (chat.css lays out and paints only the groups in view): a body of thousands of blocks was laid
 * out again, child by child, with every frame.
 */
const GROUP_ELEMENTS = 64;
/**
 * A draw that has drawn this many finished blocks stops after this long, and goes on with the next
 * frame: a fast server's piece of a giant answer holds hundreds of blocks, more than a frame's share.
 */
const FINISHED_BLOCKS_PER_CHECK = 8;
const FINISHED_BLOCKS_MS = 12;

/** A finished block to draw, as HTML not yet sanitized. */
interface PreparedBlock {
  readonly text: string;
  readonly part: PartHtml;
}

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
  /** The markdown the tail nodes were drawn from, its HTML and the link definitions it adds, and when. */
  private tailText = '';
  private tailPart: PartHtml = { html: '', defined: noDefinitions() };
  private tailDrawnAt = 0;
  private tailDrawMs = 0;
  /** The finished blocks' link definitions: a reference anywhere in the answer resolves to them. */
  private readonly definitions = noDefinitions();
  /** Finished blocks by the labels they mention that were not defined when they were drawn. */
  private readonly waiting = new Map<string, WaitingBlock[]>();
  /** The first node of each finished block: a group starts only at one. */
  private readonly blockStarts = new WeakSet<ChildNode>();
  /** Where the next group starts (the nodes from there on are not grouped yet); undefined before the first group. */
  private groupFrom: ChildNode | undefined;

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
    const drawn = this.drawBlocks(now);
    this.group();
    return drawn;
  }

  private drawBlocks(now: number): boolean {
    const finished = this.splitter.finished;
    /** Finished markdown blocks to draw, sanitized together with the open block. */
    const pending: PreparedBlock[] = [];
    // Each block is parsed with the definitions of the blocks before it, drawn or pending.
    let visible = this.definitions;
    const prepare = (text: string, part = partHtml(text, visible)): PreparedBlock => {
      visible = withDefinitions(visible, part.defined);
      return { text, part };
    };
    const appendPending = (): void => {
      if (pending.length > 0) this.placeFinished(pending.splice(0));
    };
    const started = performance.now();
    for (let count = 0; this.drawnBlocks < finished.length; this.drawnBlocks++, count++) {
      // The rest is drawn with the next frame, in order: the open block waits for them.
      if (count > 0 && count % FINISHED_BLOCKS_PER_CHECK === 0 && performance.now() - started > FINISHED_BLOCKS_MS) {
        appendPending();
        return false;
      }
      const block = finished[this.drawnBlocks]!;
      if (block.kind === 'code' && this.tailCode) {
        // The code block that was streaming has closed: it stays where it is.
        this.tailCode.update(block.code, true);
        this.blockStarts.add(this.tailCode.element);
        this.tailCode = undefined;
        this.tailNodes = [];
      } else if (block.kind === 'markdown' && this.tailNodes.length > 0) {
        // The open block has ended (it is the first to, so no block is pending). Its nodes stay
        // when it renders as it was last drawn: the same HTML is the same DOM. Otherwise (a
        // throttled draw may lack the last words, a line break or trailing spaces; a long open
        // block was drawn as its text) they are patched to its DOM.
        const part = block.text === this.tailText && !tooLongWhileOpen(block.text) ? this.tailPart : partHtml(block.text, visible);
        const nodes = part.html === this.tailPart.html ? this.tailNodes : patchSiblings(this.tailNodes, [...partsNodes([part])[0]!.childNodes], this.container);
        this.finishedDrawn([{ text: block.text, nodes }], [part.defined]);
        this.tailNodes = [];
      } else if (block.kind === 'markdown') {
        this.clearTail();
        pending.push(prepare(block.text));
      } else {
        this.clearTail();
        appendPending();
        const code = this.codeBlock(block.language, block.code);
        this.blockStarts.add(code);
        this.container.append(code);
      }
    }
    const tail = this.splitter.tail();
    if (tail?.kind === 'code') {
      appendPending();
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
      appendPending();
      return true;
    }
    // Parsing the open block every frame of a fast stream costs more than it shows.
    const wait = Math.max(OPEN_BLOCK_MS, OPEN_BLOCK_SHARE * this.tailDrawMs);
    if (pending.length === 0 && this.tailNodes.length > 0 && now - this.tailDrawnAt < wait) return false;
    const tailStarted = performance.now();
    const tailPart = openPartHtml(tail.text, visible);
    this.tailText = tail.text;
    this.tailDrawnAt = now;
    // What arrived since the last draw may not change what it shows (white space, an unfinished `**`).
    if (pending.length > 0 || this.tailNodes.length === 0 || tailPart.html !== this.tailPart.html) {
      const fragments = partsNodes([...pending.map((block) => block.part), tailPart]);
      const tailNodes = fragments.pop()!;
      if (pending.length === 0 && this.tailNodes.length > 0) {
        this.tailNodes = patchSiblings(this.tailNodes, [...tailNodes.childNodes], this.container);
      } else {
        this.clearTail();
        this.placeFinished(pending, fragments);
        this.tailNodes = [...tailNodes.childNodes];
        this.container.append(tailNodes);
      }
    }
    this.tailPart = tailPart;
    this.tailDrawMs = performance.now() - tailStarted;
    return true;
  }

  /** Appends finished blocks, drawn from their HTML (or as `fragments`, already drawn from it). */
  private placeFinished(blocks: readonly PreparedBlock[], fragments = partsNodes(blocks.map((block) => block.part))): void {
    const drawn = fragments.map((fragment, i) => ({ text: blocks[i]!.text, nodes: [...fragment.childNodes] }));
    this.container.append(...fragments);
    this.finishedDrawn(
      drawn,
      blocks.map((block) => block.part.defined),
    );
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
      if (block.nodes[0]) this.blockStarts.add(block.nodes[0]);
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
      if (nodes[0]) this.blockStarts.add(nodes[0]);
    }
  }

  /**
   * Moves finished blocks after the last group into a new one once there are GROUP_ELEMENTS
   * elements of them. The first group starts with the body; a group ends where the space between
   * two blocks is the same inside and outside a group (chat.css: its last block gives up its bottom
   * margin): before a paragraph or heading whose top margin is at least the bottom margin of the
   * block before it, when no margin inside either collapses through it. Which nodes are grouped
   * depends only on the blocks and the styles, so an answer streamed is grouped as it is when drawn
   * whole.
   */
  private group(): void {
    const tailStart = this.tailNodes[0];
    for (;;) {
      const run: ChildNode[] = [];
      let elements = 0;
      let before: HTMLElement | undefined;
      let end: ChildNode | undefined;
      for (let node = this.groupFrom ?? this.container.firstChild; node && node !== tailStart; node = node.nextSibling) {
        if (node instanceof HTMLElement) {
          if (elements >= GROUP_ELEMENTS && before && this.blockStarts.has(node) && groupEndsBetween(before, node)) {
            end = node;
            break;
          }
          elements++;
          before = node;
        }
        run.push(node);
      }
      if (!end) return;
      this.groupFrom = end;
      const group = document.createElement('div');
      group.className = 'blocks';
      run[0]!.before(group);
      group.append(...run);
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

/**
 * Makes `have`, the last children of `parent`, into `want`: the leading nodes equal to theirs stay,
 * the first that differs is updated in place when it is text or the same element, and the rest are
 * replaced. An open block drawn again (a paragraph of formulas, a long list) is then styled and laid
 * out again only where it changed, at its end as a rule. Returns the nodes now there.
 */
function patchSiblings(have: readonly ChildNode[], want: readonly ChildNode[], parent: ParentNode): ChildNode[] {
  let same = 0;
  while (same < have.length && same < want.length && have[same]!.isEqualNode(want[same]!)) same++;
  const kept = have.slice(0, same);
  if (same < have.length && same < want.length && patchNode(have[same]!, want[same]!)) kept.push(have[same++]!);
  for (const node of have.slice(same)) node.remove();
  const added = want.slice(same);
  parent.append(...added);
  return [...kept, ...added];
}

/** Updates `node` to equal `like` when both are text, or elements of one tag and the same attributes; false otherwise. */
function patchNode(node: ChildNode, like: ChildNode): boolean {
  if (node instanceof Text && like instanceof Text) {
    node.data = like.data;
    return true;
  }
  if (!(node instanceof Element && like instanceof Element) || node.tagName !== like.tagName || node.attributes.length !== like.attributes.length) return false;
  for (const attribute of node.attributes) if (like.getAttribute(attribute.name) !== attribute.value) return false;
  patchSiblings([...node.childNodes], [...like.childNodes], node);
  return true;
}

/** Blocks whose own margins are the space around them: nothing inside them collapses through. */
const OWN_MARGINS_BELOW = /^(?:P|H[1-6]|HR)$/;
const OWN_MARGINS_ABOVE = /^(?:P|H[1-6])$/;

/**
 * Top and bottom margins by element and class: they come from the style sheet, the same for every
 * block of the body that is neither its first nor its last (the only ones asked about).
 */
const margins = new Map<string, number>();

function margin(element: HTMLElement, side: 'marginTop' | 'marginBottom'): number {
  const key = `${side} ${element.tagName}.${element.className}`;
  let known = margins.get(key);
  if (known === undefined) {
    // Read once per kind of block: reading a style while blocks are being added costs a style recalculation.
    known = parseFloat(getComputedStyle(element)[side]);
    margins.set(key, known);
  }
  return known;
}

/** Whether a group may end after `last` and before `next` (see StreamingMarkdown.group). */
function groupEndsBetween(last: HTMLElement, next: HTMLElement): boolean {
  const ownBelow = OWN_MARGINS_BELOW.test(last.tagName) || last.classList.contains('code-block') || last.classList.contains('table-scroll');
  if (!ownBelow || !OWN_MARGINS_ABOVE.test(next.tagName) || !last.isConnected) return false;
  const below = margin(last, 'marginBottom');
  const above = margin(next, 'marginTop');
  return below >= 0 && above >= below;
}
