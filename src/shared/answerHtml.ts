// What the HTML of a rendered answer may hold: the sanitizer keeps these and removes everything
// else, and the hostile-answer suite checks the page against the same lists. Raw HTML in an answer
// is shown as text, so these are the elements the markdown renderer itself writes.

/** Elements of rendered markdown, code blocks with their toolbar, and task boxes. */
export const ANSWER_TAGS: readonly string[] = [
  'a',
  'blockquote',
  'br',
  'button',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];

/**
 * Attributes the renderer writes. None can run or load anything; only `href` holds an address,
 * and it must match ANSWER_URL.
 */
export const ANSWER_ATTRIBUTES: readonly string[] = [
  'href',
  'title',
  'class',
  'role',
  'aria-label',
  // A list that starts at another number, a table column's alignment, a toolbar button's type.
  'start',
  'align',
  'type',
  'data-language',
  'data-part-break',
];

/** Attributes whose values are words or numbers, never addresses: not checked against ANSWER_URL. */
export const ANSWER_PLAIN_ATTRIBUTES: readonly string[] = ['start', 'align', 'type'];

/** The addresses a link in an answer may have: the web, and places on the page. */
export const ANSWER_URL = /^(?:https?:|#)/i;
