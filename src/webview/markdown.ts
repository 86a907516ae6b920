import * as l10n from '@vscode/l10n';
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import type { HighlightNode } from './highlighter';
import { BackgroundQueue } from './backgroundQueue';
import { HIGHLIGHTER_READY_EVENT, highlighter } from './highlighter';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A code block: a wrapper with the language in `data-language` (actions attach to it), a toolbar,
 * and the code. The text is already escaped.
 */
function codeBlockHtml(language: string, escapedCode: string): string {
  const lang = escapeHtml(language);
  const label = language ? `<span class="code-language">${lang}</span>` : '<span></span>';
  return `<div class="code-block" data-language="${lang}"><div class="code-toolbar">${label}<button type="button" class="copy-code" aria-label="${escapeHtml(l10n.t('Copy code'))}">${escapeHtml(l10n.t('Copy'))}</button></div><pre><code${language ? ` class="language-${lang}"` : ''}>${escapedCode}</code></pre></div>`;
}

// Model output is untrusted. Raw HTML is shown as text, images become links that are never
// fetched, and DOMPurify removes anything that could still run or load.
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ href, text }) => `<a href="${escapeHtml(href)}" class="image-link">${escapeHtml(l10n.t('[image: {0}]', text || href))}</a>`,
    // Task list boxes as symbols: form controls are not allowed in answers.
    checkbox: ({ checked }) =>
      `<span class="task" role="img" aria-label="${escapeHtml(checked ? l10n.t('done') : l10n.t('not done'))}">${checked ? '☑' : '☐'}</span>`,
    code: ({ text, lang }) => codeBlockHtml((lang ?? '').trim().split(/\s+/)[0] ?? '', escapeHtml(text)),
  },
});

/**
 * DOMPurify with its rules set once: a configuration passed with each call is read anew each time,
 * which costs more than sanitizing a streamed paragraph.
 */
const purifier = DOMPurify(window);
purifier.setConfig({
  FORBID_TAGS: ['style', 'img', 'svg', 'math', 'iframe', 'form', 'input', 'video', 'audio', 'source', 'object', 'embed'],
  FORBID_ATTR: ['style', 'srcset'],
  ALLOWED_URI_REGEXP: /^(?:https?:|#)/i,
  IN_PLACE: true,
});

/**
 * Parses HTML in an inert template (nothing in it runs or loads) and sanitizes it there, in place,
 * before it enters the page. The same as DOMPurify's own parsing, without a new document for every
 * call: while an answer streams this runs every frame.
 */
const inert = document.createElement('template');
function sanitized(html: string): DocumentFragment {
  inert.innerHTML = `<div>${html}</div>`;
  // Only what was parsed inside the root is sanitized and kept.
  const root = inert.content.firstElementChild!;
  purifier.sanitize(root);
  // Copying into the page's document is cheaper than moving the nodes one by one.
  const copy = document.importNode(root, true);
  const fragment = document.createDocumentFragment();
  fragment.append(...copy.childNodes);
  return fragment;
}

/** Highlighted code as DOM: spans with classes and text nodes, built from data (nothing parsed). */
function highlightedNodes(nodes: readonly HighlightNode[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const node of nodes) {
    if (typeof node === 'string') {
      fragment.append(node);
    } else {
      const span = document.createElement('span');
      span.className = node.className;
      span.append(highlightedNodes(node.children));
      fragment.append(span);
    }
  }
  return fragment;
}

function highlighted(code: string, language: string): DocumentFragment | undefined {
  const result = highlighter()?.highlight(code, language);
  return result && highlightedNodes(result.nodes);
}

const HIGHLIGHTABLE = '.code-block[data-language]:not([data-language=""])';

/** Highlights code blocks whole; those that must wait for the highlighter to load are marked. */
function highlightCodeBlocks(blocks: Iterable<HTMLElement>): void {
  for (const block of blocks) {
    const code = block.querySelector('code');
    const spans = code && highlighted(code.textContent ?? '', block.dataset.language ?? '');
    if (spans) code.replaceChildren(spans);
    if (highlighter()) delete block.dataset.highlight;
    else block.dataset.highlight = 'pending';
  }
}

/** Marks where one part's HTML ends; raw HTML in markdown is escaped, so no answer can forge it. */
const PART_BREAK = '<hr data-part-break="">';

/**
 * Markdown texts, each parsed on its own, as sanitized DOM nodes (one fragment each), with code
 * highlighted when the highlighter is there. They are sanitized together: that costs about as
 * much as sanitizing one.
 */
export function renderMarkdownParts(texts: readonly string[]): DocumentFragment[] {
  const all = sanitized(texts.map((text) => marked.parse(text, { async: false })).join(PART_BREAK));
  highlightCodeBlocks(all.querySelectorAll<HTMLElement>(HIGHLIGHTABLE));
  const parts = [document.createDocumentFragment()];
  for (const node of [...all.childNodes]) {
    if (node instanceof HTMLHRElement && node.dataset.partBreak !== undefined) parts.push(document.createDocumentFragment());
    else parts.at(-1)!.append(node);
  }
  return parts;
}

/** Code blocks that are drawn line by line while they stream, and redrawn when highlighting arrives. */
const streamingBlocks = new Set<StreamingCodeBlock>();

/** Blocks drawn before the highlighter loaded are highlighted a few at a time, not in one long task. */
const lateHighlighting = new BackgroundQueue(() => undefined);

window.addEventListener(HIGHLIGHTER_READY_EVENT, () => {
  for (const block of document.querySelectorAll<HTMLElement>('.code-block[data-highlight="pending"]'))
    lateHighlighting.push(() => highlightCodeBlocks([block]));
  for (const block of streamingBlocks) lateHighlighting.push(() => block.redraw());
  // In a task of its own: the one that ran the highlighter's script is long enough.
  setTimeout(() => lateHighlighting.run(), 0);
});

/**
 * A code block at the top level of an answer, drawn as its text grows. Lines are highlighted once
 * they are complete; a run of lines that ends outside any comment or string is frozen and never
 * highlighted again, so the cost per frame stays that of the newest lines, not of the whole block.
 */
export class StreamingCodeBlock {
  readonly element: HTMLElement;
  private readonly code: HTMLElement;
  /** Highlighted lines that are not frozen yet (e.g. inside a block comment). */
  private readonly open = document.createElement('span');
  /** The last, incomplete line, as plain text. */
  private readonly partial = document.createTextNode('');
  private frozenChars = 0;
  private highlightedChars = 0;
  private text = '';
  private closed = false;

  constructor(private readonly language: string) {
    this.element = sanitized(codeBlockHtml(language, '')).firstElementChild as HTMLElement;
    this.code = this.element.querySelector('code')!;
    this.code.append(this.open, this.partial);
    if (language) streamingBlocks.add(this);
  }

  /** Shows `text`, which extends what was shown before; `closed` when the fence has ended. */
  update(text: string, closed: boolean): void {
    this.text = text;
    this.closed = closed;
    // A block drawn before the highlighter loaded stays listed, to be highlighted when it does.
    if (closed && (!this.language || highlighter())) streamingBlocks.delete(this);
    const linesEnd = closed ? text.length : text.lastIndexOf('\n') + 1;
    if (linesEnd > this.highlightedChars) {
      const lines = text.slice(this.frozenChars, linesEnd);
      const result = this.language ? highlighter()?.highlight(lines, this.language) : undefined;
      const spans = result ? highlightedNodes(result.nodes) : document.createTextNode(lines);
      if (!result || result.clean || closed) {
        this.open.replaceChildren();
        this.code.insertBefore(spans, this.open);
        this.frozenChars = linesEnd;
      } else {
        this.open.replaceChildren(spans);
      }
      this.highlightedChars = linesEnd;
    }
    this.partial.data = text.slice(linesEnd);
  }

  /** Draws the whole block again: the highlighter has just loaded. */
  redraw(): void {
    this.code.replaceChildren(this.open, this.partial);
    this.open.replaceChildren();
    this.frozenChars = this.highlightedChars = 0;
    this.update(this.text, this.closed);
  }
}
