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

/**
 * Inside a typeset formula (`.math`, src/webview/math.ts), what KaTeX writes: HTML spans, SVG for
 * stretchy symbols, MathML for screen readers. Checked by a sanitizer of its own.
 */
export const MATH_TAGS: readonly string[] = [
  'span',
  'svg',
  'path',
  'line',
  'math',
  'semantics',
  'annotation',
  'mrow',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'mspace',
  'msup',
  'msub',
  'msubsup',
  'mfrac',
  'msqrt',
  'mroot',
  'mover',
  'munder',
  'munderover',
  'mtable',
  'mtr',
  'mtd',
  'mlabeledtr',
  'mstyle',
  'mpadded',
  'mphantom',
  'menclose',
];
/** KaTeX's attributes: measurements and MathML's layout words; none holds an address. */
export const MATH_ATTRIBUTES: readonly string[] = [
  'class',
  'style',
  'aria-hidden',
  'xmlns',
  // SVG
  'width',
  'height',
  'viewbox',
  'preserveaspectratio',
  'd',
  'x1',
  'x2',
  'y1',
  'y2',
  'stroke-width',
  // MathML
  'display',
  'encoding',
  'mathvariant',
  'mathcolor',
  'mathbackground',
  'stretchy',
  'fence',
  'separator',
  'lspace',
  'rspace',
  'accent',
  'accentunder',
  'columnalign',
  'columnlines',
  'columnspacing',
  'rowalign',
  'rowlines',
  'rowspacing',
  'depth',
  'voffset',
  'minsize',
  'maxsize',
  'movablelimits',
  'linethickness',
  'notation',
  'scriptlevel',
  'displaystyle',
  'symmetric',
  'largeop',
  'frame',
  'framespacing',
  'side',
];
/** The addresses a link in an answer may have: the web, and places on the page. */
export const ANSWER_URL = /^(?:https?:|#)/i;
