import * as l10n from '@vscode/l10n';
import DOMPurify from 'dompurify';
import type { Links, TokenizerAndRendererExtension, Tokens } from 'marked';
import { Lexer, Marked } from 'marked';
import { ANSWER_ATTRIBUTES, ANSWER_TAGS, ANSWER_URL } from '../shared/answerHtml';
import { BIDI_CONTROL, splitBidiControls } from '../shared/bidiControls';
import { groupDigits } from '../shared/numbers';
import type { TooComplex } from '../shared/markdownLimits';
import {
  MAX_BLOCK_CHARS,
  MAX_BLOCK_LINES,
  MAX_EMPHASIS_DELIMITERS,
  MAX_NESTING,
  bracketedLabels,
  markdownTooComplex,
  tooLongWhileOpen,
} from '../shared/markdownLimits';
import type { HighlightNode, Highlighter } from './highlighter';
import { BackgroundQueue } from './backgroundQueue';
import { HIGHLIGHTER_READY_EVENT, highlighter } from './highlighter';
import { MATH_PLACEHOLDER, mathPlaceholderHtml, typesetMath } from './math';
import { displayMathBlock, displayMathBlockStart, mathAtStart, mathStart } from '../shared/mathDelimiters';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Escapes text that may already hold character references (the lexer escapes text tokens; their
 * plain-text rendering keeps raw HTML): those stay, anything else that HTML would read is escaped.
 */
function escapeKeepingEntities(text: string): string {
  return text.replace(/&(?!#?\w+;)|[<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A code block: a wrapper with the language in `data-language` (actions attach to it), a toolbar,
 * and the code. The text is already escaped; character references in the language are read as
 * CommonMark reads them in an info string (`f&ouml;&ouml;` is föö).
 */
function codeBlockHtml(language: string, escapedCode: string): string {
  const lang = escapeKeepingEntities(language);
  const copyLabel = escapeHtml(l10n.t('Copy code'));
  const label = language ? `<span class="code-language">${lang}</span>` : '<span></span>';
  return `<div class="code-block" data-language="${lang}"><div class="code-toolbar">${label}<button type="button" class="icon-button codicon codicon-copy copy-code" aria-label="${copyLabel}" title="${copyLabel}"></button></div><pre><code${language ? ` class="language-${lang}"` : ''}>${escapedCode}</code></pre></div>`;
}

/**
 * Of a part shown as text, or of a code block, at most this much is drawn: laying out more takes
 * longer than a frame (a block of text is laid out again whole when it grows).
 */
const MAX_SHOWN_CHARS = 100_000;

/** The whole code of a block drawn only in part (MAX_SHOWN_CHARS); other blocks' code is their text. */
const wholeCode = new WeakMap<Element, string>();

/** The code a code block holds, all of it even when only its start is drawn. */
export function blockCode(block: Element): string {
  return wholeCode.get(block) ?? block.querySelector('code')?.textContent ?? '';
}

/** Image tokens inside a link's text, seen by the link's renderer before its text is rendered. */
const imagesInLinks = new WeakSet<Tokens.Generic>();

// Model output is untrusted. Raw HTML is shown as text, images become links that are never
// fetched, and DOMPurify removes anything that could still run or load.
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // Labelled with the alt text as plain text, as marked writes an image's alt: `![*foo* bar]` is "foo bar".
    // Inside a link it is only its label: links cannot nest, and the outer link is the one to follow.
    image(token) {
      const { href, text, tokens } = token;
      const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : escapeHtml(text);
      const label = escapeKeepingEntities(l10n.t('[image: {0}]', alt || escapeHtml(href)));
      return imagesInLinks.has(token) ? `<span class="image-link">${label}</span>` : `<a href="${escapeHtml(href)}" class="image-link">${label}</a>`;
    },
    link({ tokens }) {
      marked.walkTokens(tokens, (token) => void (token.type === 'image' && imagesInLinks.add(token)));
      return false;
    },
    // Task list boxes as symbols: form controls are not allowed in answers.
    checkbox: ({ checked }) =>
      `<span class="task" role="img" aria-label="${escapeHtml(checked ? l10n.t('done') : l10n.t('not done'))}">${checked ? '☑' : '☐'}</span>`,
    // Code ends with a line break, as in CommonMark and as a fenced block at the top level streams
    // (empty code stays empty); the block with one after it, as marked ends every block.
    code: ({ text, lang }) => `${codeBlockHtml((lang ?? '').trim().split(/\s+/)[0] ?? '', escapeHtml(text && `${text.replace(/\n$/, '')}\n`))}\n`,
  },
});

/**
 * LaTeX (rules in src/shared/mathDelimiters.ts) as a placeholder that holds its source as text:
 * typesetMath replaces it after sanitizing, once KaTeX has loaded. Marked tries extensions first at
 * each place, but code spans and fenced code are taken whole before their `$` is reached.
 */
const MATH_EXTENSIONS: TokenizerAndRendererExtension[] = [
  {
    name: 'displayMath',
    level: 'block',
    start: displayMathBlockStart,
    tokenizer(src) {
      const math = displayMathBlock(src);
      return math && { type: 'displayMath', raw: math.raw, text: math.raw.trim() };
    },
    renderer: ({ text }) => mathPlaceholderHtml(escapeHtml(text as string), true, true),
  },
  {
    name: 'inlineMath',
    level: 'inline',
    start: mathStart,
    tokenizer(src) {
      const math = mathAtStart(src);
      return math && { type: 'inlineMath', raw: math.raw, text: math.raw, display: math.display };
    },
    renderer: ({ text, display }) => mathPlaceholderHtml(escapeHtml(text as string), display as boolean, false),
  },
];
marked.use({ extensions: MATH_EXTENSIONS });

/**
 * DOMPurify with its rules set once: a configuration passed with each call is read anew each time,
 * which costs more than sanitizing a streamed paragraph. Only the renderer's own elements and
 * attributes are allowed. DOMPurify checks every attribute it does not know to be plain against
 * the address rule, which would remove `<ol start>`, a cell's `align` and a button's `type`: all
 * but `href` are declared plain.
 */
const purifier = DOMPurify(window);
purifier.setConfig({
  ALLOWED_TAGS: [...ANSWER_TAGS],
  ALLOWED_ATTR: [...ANSWER_ATTRIBUTES],
  ADD_URI_SAFE_ATTR: ANSWER_ATTRIBUTES.filter((name) => name !== 'href'),
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: ANSWER_URL,
  IN_PLACE: true,
});
// DOMPurify keeps an empty attribute whatever the address rule says. An empty address is not one
// the rule allows: the link keeps its text, not the look and focus of a link that goes nowhere.
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.getAttribute('href') === '') node.removeAttribute('href');
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

/**
 * Code text as DOM, each bidirectional control character in a mark of its own that shows its code
 * point (drawn by CSS, so the code's text, which Copy and Insert send, keeps the character itself).
 */
function codeText(text: string): Node {
  if (!BIDI_CONTROL.test(text)) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  for (const run of splitBidiControls(text)) {
    if (!run.control) {
      fragment.append(run.text);
      continue;
    }
    const mark = document.createElement('span');
    mark.className = 'bidi-control';
    mark.dataset.codePoint = run.codePoint;
    mark.title = l10n.t('Invisible bidirectional control character {0}: it can make code read differently from what it does', run.codePoint);
    mark.textContent = run.text;
    fragment.append(mark);
  }
  return fragment;
}

/** Shows the bidirectional control characters in the text of `code` (rendered markdown's code). */
function markBidiControls(code: Element): void {
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (BIDI_CONTROL.test((node as Text).data) && !node.parentElement?.classList.contains('bidi-control')) texts.push(node as Text);
  for (const text of texts) text.replaceWith(codeText(text.data));
}

/** Highlighted code as DOM: spans with classes and text nodes, built from data (nothing parsed). */
function highlightedNodes(nodes: readonly HighlightNode[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const node of nodes) {
    if (typeof node === 'string') {
      fragment.append(codeText(node));
    } else {
      const span = document.createElement('span');
      span.className = node.className;
      span.append(highlightedNodes(node.children));
      fragment.append(span);
    }
  }
  return fragment;
}

/**
 * Longer code is shown without colours: highlighting it would take more than a frame, and an open
 * comment or string that never ends would be highlighted again with every line that streams.
 */
const MAX_HIGHLIGHT_CHARS = 100_000;
/** Lines of a streaming block that are highlighted again until they end outside a comment or string. */
const MAX_OPEN_CHARS = 20_000;
/**
 * A streaming block's complete lines are highlighted once this much of them waits, and when it
 * closes: each call of the highlighter costs more than its text, so highlighting every line as it
 * completes cost more than the rest of drawing the answer. Until then they are shown uncoloured.
 */
const HIGHLIGHT_BATCH_CHARS = 2_000;

function highlight(code: string, language: string): ReturnType<Highlighter['highlight']> {
  return language && code.length <= MAX_HIGHLIGHT_CHARS ? highlighter()?.highlight(code, language) : undefined;
}

function highlighted(code: string, language: string): DocumentFragment | undefined {
  const result = highlight(code, language);
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

const TOO_COMPLEX_NOTES: Record<TooComplex, () => string> = {
  nesting: () => l10n.t('Shown as text: quotes or lists are nested more than {0} levels deep.', MAX_NESTING),
  emphasis: () => l10n.t('Shown as text: more than {0} runs of * or _ in one part.', groupDigits(MAX_EMPHASIS_DELIMITERS)),
  size: () => l10n.t('Shown as text: one part is longer than {0} characters or {1} lines.', groupDigits(MAX_BLOCK_CHARS), groupDigits(MAX_BLOCK_LINES)),
};

/** Link reference definitions by normalized label, as marked keeps them. */
export type LinkDefinitions = Links;

/** With no prototype, as marked makes them: a label such as `constructor` is a label like any other. */
export function noDefinitions(): LinkDefinitions {
  return Object.create(null) as LinkDefinitions;
}

/** A part as its text in a box, after a note that says why (only its start when it is long). */
function shownAsText(text: string, note: string): PartHtml {
  const cut =
    text.length > MAX_SHOWN_CHARS ? ` ${l10n.t('Its first {0} characters are shown; Copy on the answer copies all of it.', groupDigits(MAX_SHOWN_CHARS))}` : '';
  return {
    html: `<div class="too-deep"><p class="too-deep-note">${escapeHtml(`${note}${cut}`)}</p><pre class="too-deep-text">${escapeHtml(text.slice(0, MAX_SHOWN_CHARS))}</pre></div>`,
    defined: noDefinitions(),
  };
}

/** Whether a part that failed to draw has been logged: once is enough, an open part fails every frame. */
let failureLogged = false;

/**
 * One part's HTML, and the link definitions it adds to `definitions` (which it can use: a part's
 * references resolve to definitions anywhere in the answer). A part the parser cannot take safely
 * (see markdownTooComplex), or that fails anyway (the parser overflows its stack on some nesting
 * the limits do not count), is its text, with a note that says why.
 */
export function partHtml(text: string, definitions: LinkDefinitions): PartHtml {
  const tooComplex = markdownTooComplex(text);
  if (tooComplex) return shownAsText(text, TOO_COMPLEX_NOTES[tooComplex]());
  try {
    const lexer = new Lexer(marked.defaults);
    // Only the labels this part mentions: an answer can define thousands. The first definition of a
    // label wins, as in CommonMark: the lexer adds none that it already has.
    const mentioned = bracketedLabels(text);
    for (const label of mentioned) if (label in definitions) lexer.tokens.links[label] = definitions[label]!;
    const tokens = lexer.lex(text);
    const defined = noDefinitions();
    for (const [label, definition] of Object.entries(tokens.links)) if (!(label in definitions)) defined[label] = definition;
    return { html: marked.parser(tokens), defined };
  } catch (error) {
    if (!failureLogged) console.error('Parley: a part of an answer could not be drawn as markdown and is shown as text.', error);
    failureLogged = true;
    return shownAsText(text, l10n.t('Shown as text: this part could not be drawn as markdown.'));
  }
}

/** partHtml for a block still streaming: one too long to parse again with each draw is its text, with a note, until it is complete. */
export function openPartHtml(text: string, definitions: LinkDefinitions): PartHtml {
  return tooLongWhileOpen(text)
    ? shownAsText(text, l10n.t('Shown as text while it streams: this part is long, and is drawn once it is complete.'))
    : partHtml(text, definitions);
}

/**
 * A table in a wrapper that scrolls sideways (chat.css): a narrow panel scrolls a wide table
 * instead of breaking its words in the middle.
 */
function scrollingSideways(table: HTMLTableElement): void {
  const wrapper = document.createElement('div');
  wrapper.className = 'table-scroll';
  table.replaceWith(wrapper);
  wrapper.append(table);
}

/** One markdown part rendered to HTML, not yet sanitized, and the link definitions it adds. */
export interface PartHtml {
  readonly html: string;
  readonly defined: LinkDefinitions;
}

/** Markdown texts, each parsed on its own, as HTML; each part sees the definitions of the parts before it, as the whole answer would. */
export function markdownPartsHtml(texts: readonly string[], definitions: LinkDefinitions = noDefinitions()): PartHtml[] {
  let visible = definitions;
  return texts.map((text) => {
    const part = partHtml(text, visible);
    visible = withDefinitions(visible, part.defined);
    return part;
  });
}

/** `definitions` with the labels `added` defines (none it has already), without copying either. */
export function withDefinitions(definitions: LinkDefinitions, added: LinkDefinitions): LinkDefinitions {
  return Object.keys(added).length > 0 ? Object.assign(Object.create(definitions) as LinkDefinitions, added) : definitions;
}

/**
 * Parts' HTML as sanitized DOM nodes (one fragment each), with code highlighted when the
 * highlighter is there. They are sanitized together: that costs about as much as sanitizing one.
 */
export function partsNodes(parts: readonly PartHtml[]): DocumentFragment[] {
  const all = sanitized(parts.map((part) => part.html).join(PART_BREAK));
  highlightCodeBlocks(all.querySelectorAll<HTMLElement>(HIGHLIGHTABLE));
  // Only a part with a formula has a placeholder: without one, KaTeX never loads.
  if (parts.some((part) => part.html.includes(MATH_PLACEHOLDER))) typesetMath(all);
  for (const table of all.querySelectorAll('table')) scrollingSideways(table);
  if (BIDI_CONTROL.test(all.textContent ?? '')) for (const code of all.querySelectorAll('code')) markBidiControls(code);
  const fragments = [document.createDocumentFragment()];
  for (const node of [...all.childNodes]) {
    if (node instanceof HTMLHRElement && node.dataset.partBreak !== undefined) fragments.push(document.createDocumentFragment());
    else fragments.at(-1)!.append(node);
  }
  return fragments;
}

/** Markdown texts as sanitized DOM nodes (markdownPartsHtml, then partsNodes), and the link definitions each part adds. */
export function renderMarkdownParts(
  texts: readonly string[],
  definitions: LinkDefinitions = noDefinitions(),
): { fragments: DocumentFragment[]; defined: LinkDefinitions[] } {
  const parts = markdownPartsHtml(texts, definitions);
  return { fragments: partsNodes(parts), defined: parts.map((part) => part.defined) };
}

/** An empty code block of each language, sanitized once: a streaming block starts as a copy of one. */
const emptyCodeBlocks = new Map<string, HTMLElement>();
/** Languages are the answer's to choose: beyond this many, the copies are made anew. */
const MAX_EMPTY_CODE_BLOCKS = 64;

function emptyCodeBlock(language: string): HTMLElement {
  let empty = emptyCodeBlocks.get(language);
  if (!empty) {
    if (emptyCodeBlocks.size >= MAX_EMPTY_CODE_BLOCKS) emptyCodeBlocks.clear();
    empty = sanitized(codeBlockHtml(language, '')).firstElementChild as HTMLElement;
    emptyCodeBlocks.set(language, empty);
  }
  return empty.cloneNode(true) as HTMLElement;
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
 * A code block at the top level of an answer, drawn as its text grows. Complete lines are
 * highlighted in batches (HIGHLIGHT_BATCH_CHARS) and when the block closes; a run of lines that
 * ends outside any comment or string is frozen and never highlighted again, so the cost per frame
 * stays that of the newest lines, not of the whole block.
 */
export class StreamingCodeBlock {
  readonly element: HTMLElement;
  private readonly code: HTMLElement;
  /** Highlighted lines that are not frozen yet (e.g. inside a block comment). */
  private readonly open = document.createElement('span');
  /** The lines not highlighted yet and the last, incomplete line, as text. */
  private readonly partial = document.createElement('span');
  private frozenChars = 0;
  private highlightedChars = 0;
  private text = '';
  private closed = false;

  constructor(private readonly language: string) {
    this.element = emptyCodeBlock(language);
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
    // A block drawn only in part is drawn without colours, as it is drawn whole: the lines
    // highlighted while it was shorter are drawn again as text, once.
    const cut = text.length > MAX_SHOWN_CHARS;
    if (cut && !wholeCode.has(this.element)) {
      this.restart();
      this.showCutNote();
    }
    if (cut) wholeCode.set(this.element, text);
    const shown = cut ? text.slice(0, MAX_SHOWN_CHARS) : text;
    const linesEnd = closed || cut ? shown.length : shown.lastIndexOf('\n') + 1;
    if (linesEnd > this.highlightedChars && (closed || cut || linesEnd - this.highlightedChars >= HIGHLIGHT_BATCH_CHARS)) {
      const lines = shown.slice(this.frozenChars, linesEnd);
      const result = cut ? undefined : highlight(lines, this.language);
      const spans = result ? highlightedNodes(result.nodes) : codeText(lines);
      // Lines that stay open too long are frozen as they are: highlighting them again with every
      // line would grow with the square of the block.
      if (!result || result.clean || closed || lines.length > MAX_OPEN_CHARS) {
        this.open.replaceChildren();
        this.code.insertBefore(spans, this.open);
        this.frozenChars = linesEnd;
      } else {
        this.open.replaceChildren(spans);
      }
      this.highlightedChars = linesEnd;
    }
    this.partial.replaceChildren(codeText(shown.slice(this.highlightedChars)));
  }

  /** Says under the block that only its start is drawn. */
  private showCutNote(): void {
    const note = document.createElement('p');
    note.className = 'code-cut-note';
    note.textContent = l10n.t('Only the first {0} characters are shown; Copy and the other code actions take all of it.', groupDigits(MAX_SHOWN_CHARS));
    this.element.append(note);
  }

  /** Draws the whole block again: the highlighter has just loaded. */
  redraw(): void {
    this.restart();
    this.update(this.text, this.closed);
  }

  /** Forgets what is drawn of the code. */
  private restart(): void {
    this.code.replaceChildren(this.open, this.partial);
    this.open.replaceChildren();
    this.frozenChars = this.highlightedChars = 0;
  }
}
