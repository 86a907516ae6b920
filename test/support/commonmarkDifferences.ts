// How Parley's answers deliberately differ from `marked`'s rendering of the same markdown: each
// difference once, with its reason. The CommonMark spec test renders every example both ways and
// applies these to make the two comparable; any other difference is a bug.
import type { RendererObject, Tokens } from 'marked';
import { Marked } from 'marked';
import { ANSWER_URL } from '../../src/shared/answerHtml';

export interface DeliberateDifference {
  readonly difference: string;
  readonly reason: string;
  /** How marked is told to render the same thing as Parley does (in Node, before the page sees it). */
  readonly renderer?: RendererObject;
  /**
   * Page side, on the DOM (a function's source: it runs in the browser): what is taken away from
   * Parley's rendering, or done to marked's, before the two are compared.
   */
  readonly parley?: string;
  readonly marked?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const imagesInLinks = new WeakSet<Tokens.Generic>();
function markImages(token: Tokens.Generic): void {
  if (token.type === 'image') imagesInLinks.add(token);
  for (const child of (token.tokens as Tokens.Generic[] | undefined) ?? []) markImages(child);
}

export const DELIBERATE_DIFFERENCES: readonly DeliberateDifference[] = [
  {
    difference: 'Raw HTML, block or inline, is shown as its text',
    reason: 'model output is untrusted: nothing it writes becomes an element of the page',
    renderer: { html: ({ text }) => escapeHtml(text) },
  },
  {
    difference: 'An image is a link to it labelled [image: its alt text] (its address when the alt text is empty)',
    reason: 'an answer must not make the page fetch anything; the user can follow the link',
    renderer: {
      image(this: { parser: { parseInline: (tokens: Tokens.Generic[], renderer: unknown) => string; textRenderer: unknown } }, token: Tokens.Image) {
        const { href, text, tokens } = token;
        const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
        // As marked escapes an alt attribute: character references the lexer wrote stay.
        const label = (alt || escapeHtml(href)).replace(/&(?!#?\w+;)|[<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        return imagesInLinks.has(token)
          ? `<span class="image-link">[image: ${label}]</span>`
          : `<a href="${escapeHtml(href)}" class="image-link">[image: ${label}]</a>`;
      },
    } as RendererObject,
  },
  {
    difference: 'An image inside a link is only its label, in a span.image-link',
    reason: 'links cannot nest (the page would split them); the outer link is the one to follow',
    renderer: {
      link({ tokens }) {
        for (const token of tokens) markImages(token);
        return false;
      },
    },
  },
  {
    difference: 'A code block sits in a div.code-block with a toolbar (language, Copy), its code highlighted',
    reason: 'actions on code (copy, insert) and colours; the code text itself is the same',
    parley: `(root) => {
      for (const block of root.querySelectorAll('.code-block')) {
        block.querySelector(':scope > .code-toolbar')?.remove();
        block.replaceWith(...block.childNodes);
      }
      for (const code of root.querySelectorAll('pre > code')) code.textContent = code.textContent;
    }`,
  },
  {
    difference: 'A table sits in a div.table-scroll',
    reason: 'a table wider than the panel scrolls sideways instead of breaking its words',
    parley: `(root) => {
      for (const wrapper of root.querySelectorAll('div.table-scroll')) wrapper.replaceWith(...wrapper.childNodes);
    }`,
  },
  {
    difference: 'A task list item\'s box is a ☐ or ☑ named "not done" or "done", not a disabled checkbox and a space',
    reason: 'an answer holds no form controls: a checkbox looks like it could be ticked, and a screen reader calls it a dimmed control',
    marked: `(root) => {
      for (const box of root.querySelectorAll('input[type=checkbox]')) {
        const task = document.createElement('span');
        task.className = 'task';
        task.setAttribute('role', 'img');
        task.setAttribute('aria-label', box.checked ? 'done' : 'not done');
        task.textContent = box.checked ? '☑' : '☐';
        const after = box.nextSibling;
        if (after && after.nodeType === 3) after.data = after.data.replace(/^ /, '');
        box.replaceWith(task);
      }
    }`,
  },
  {
    difference: 'Link addresses other than http:, https: and #fragment are removed, an empty one too (the link keeps its text)',
    reason: 'the sanitizer: a relative address means nothing in the panel, other schemes could run or open things',
    marked: `(root) => {
      const allowed = new RegExp(${JSON.stringify(ANSWER_URL.source)}, ${JSON.stringify(ANSWER_URL.flags)});
      for (const link of root.querySelectorAll('a[href]')) if (!allowed.test(link.getAttribute('href'))) link.removeAttribute('href');
    }`,
  },
  {
    difference: "A link's title loses the white space at its ends",
    reason: 'the sanitizer (DOMPurify) trims every attribute value; a tooltip reads the same without blank lines at its ends',
    marked: `(root) => {
      for (const element of root.querySelectorAll('[title]')) element.title = element.title.trim();
    }`,
  },
];

/** marked as Parley configures it (GFM, no line breaks), with the deliberate differences' renderers. */
export function referenceMarked(): Marked {
  const marked = new Marked({ gfm: true, breaks: false });
  for (const { renderer } of DELIBERATE_DIFFERENCES) if (renderer) marked.use({ renderer });
  return marked;
}

/**
 * Page side: `normalise(root, side)` applies the differences for 'parley' or 'marked', then drops
 * white space between blocks (marked writes a line break after each; the DOM shows none of it).
 */
export const NORMALISE = `(root, side) => {
  const steps = { parley: [${DELIBERATE_DIFFERENCES.flatMap((d) => (d.parley ? [d.parley] : [])).join(', ')}], marked: [${DELIBERATE_DIFFERENCES.flatMap((d) => (d.marked ? [d.marked] : [])).join(', ')}] };
  for (const step of steps[side]) step(root);
  const BLOCK = /^(?:P|H[1-6]|UL|OL|LI|BLOCKQUOTE|PRE|TABLE|THEAD|TBODY|TR|TH|TD|HR|DIV)$/;
  const isBlock = (node) => !node || (node.nodeType === 1 && BLOCK.test(node.nodeName));
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const blank = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (!node.data.trim() && !node.parentElement?.closest('pre') && isBlock(node.previousSibling) && isBlock(node.nextSibling)) blank.push(node);
  for (const node of blank) node.remove();
  for (const node of [...root.querySelectorAll('li')].flatMap((li) => [...li.childNodes]))
    if (node.nodeType === 3 && isBlock(node.nextSibling) && node.nextSibling) node.data = node.data.replace(/\\s+$/, '');
  return root.innerHTML;
}`;

/**
 * Spec examples Parley still renders unlike marked, and not on purpose: bugs, open in issue 18. The
 * spec test fails when another example differs, and when one of these stops differing, so this list
 * only shrinks, and each entry goes once it is fixed.
 */
export const KNOWN_DEFECTS: Readonly<Record<number, string>> = {};
