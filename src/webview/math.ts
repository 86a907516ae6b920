// Math typesetting, loaded on first use: KaTeX is a separate script (dist/math.js, with its styles
// and woff2 fonts) that the webview adds only when the first formula appears, so an answer without
// math never loads it. The markdown renderer writes each formula as its source in a placeholder
// (`.math-source`); typesetMath replaces placeholders with KaTeX's output once it is there.
import * as l10n from '@vscode/l10n';
import DOMPurify from 'dompurify';
import { MATH_ATTRIBUTES, MATH_TAGS } from '../shared/answerHtml';
import { groupDepth, texOf } from '../shared/mathDelimiters';
import { BackgroundQueue } from './backgroundQueue';
import type { Typesetter } from './typesetter';
import { TYPESETTER_READY_EVENT, typesetter } from './typesetter';

/** A formula's placeholder as the markdown renderer writes it: its source as text. */
export const MATH_PLACEHOLDER = 'math-source';

export function mathPlaceholderHtml(escapedRaw: string, display: boolean, block: boolean): string {
  const tag = block ? 'div' : 'span';
  return `<${tag} class="${MATH_PLACEHOLDER} ${display ? 'math-display' : 'math-inline'}">${escapedRaw}</${tag}>`;
}

/**
 * KaTeX's output, checked by a sanitizer of its own: the elements and attributes KaTeX writes
 * (MATH_TAGS, MATH_ATTRIBUTES in answerHtml.ts) and nothing else. It is safe
 * because none of them can run or load anything: KaTeX runs with `trust: false`, so it writes no
 * links, images or classes of the answer's choosing, and no attribute allowed here holds an
 * address. Inline styles are KaTeX's measurements (heights, margins, colours from `\color`); they
 * are set through the CSSOM, which the CSP allows, and the hook below drops any that could load a
 * resource. The answer's own HTML never reaches this: a formula's source is text until KaTeX reads it.
 */
/** Declarations of lengths, numbers, colours and keywords: nothing that names a resource. */
const SAFE_STYLE = /^[-\w\s:;.,#%()+]*$/;
const LOADS_SOMETHING = /url|image|expression|@import/i;

const katexPurifier = DOMPurify(window);
katexPurifier.setConfig({
  ALLOWED_TAGS: [...MATH_TAGS],
  ALLOWED_ATTR: [...MATH_ATTRIBUTES],
  // No attribute here is an address: none is checked as one, and any address would be refused.
  ADD_URI_SAFE_ATTR: [...MATH_ATTRIBUTES],
  ALLOWED_URI_REGEXP: /^(?!)/,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  IN_PLACE: true,
});
katexPurifier.addHook('uponSanitizeAttribute', (_node, data) => {
  if (data.attrName === 'style' && (!SAFE_STYLE.test(data.attrValue) || LOADS_SOMETHING.test(data.attrValue))) data.keepAttr = false;
});

/** Typeset formulas by display mode and LaTeX: a streaming answer draws its open block again each frame. */
const typeset = new Map<string, Element>();
const MAX_TYPESET = 500;

/**
 * Groups nested deeper are not typeset: KaTeX's time grows with the depth (200 nested fractions
 * take 55 ms, 2,000 overflow its stack after 200 ms), and no real formula nests this deep.
 */
const MAX_GROUP_DEPTH = 50;

/** A formula not typeset: its source as code, and a title that says why. */
function formulaSource(raw: string, why: string): Element {
  const code = document.createElement('code');
  code.className = 'math-error';
  code.title = why;
  code.textContent = raw;
  return code;
}

function unparsedFormula(raw: string, error: unknown): Element {
  return formulaSource(raw, l10n.t('This formula did not parse as LaTeX: {0}', error instanceof Error ? error.message : String(error)));
}

function typesetFormula(raw: string, display: boolean, math: Typesetter): Element {
  const tex = texOf(raw);
  if (groupDepth(tex) > MAX_GROUP_DEPTH)
    return formulaSource(raw, l10n.t('This formula nests more than {0} groups deep: it is shown as its source, not typeset', MAX_GROUP_DEPTH));
  try {
    const element = document.createElement('span');
    math.render(tex, display, element);
    katexPurifier.sanitize(element);
    return element.firstElementChild ?? unparsedFormula(raw, new Error('empty'));
  } catch (error) {
    return unparsedFormula(raw, error);
  }
}

function formulaKey(placeholder: HTMLElement): string {
  return `${placeholder.classList.contains('math-display') ? 'D' : 'I'}${placeholder.textContent ?? ''}`;
}

/** The formula typeset (or, if it does not parse, its source as code), to insert. */
function formula(key: string, raw: string, display: boolean, math: Typesetter): Node {
  let done = typeset.get(key);
  if (!done) {
    done = typesetFormula(raw, display, math);
    if (typeset.size >= MAX_TYPESET) typeset.clear();
    typeset.set(key, done);
  }
  return done.cloneNode(true);
}

function typesetPlaceholder(placeholder: HTMLElement, math: Typesetter): void {
  placeholder.replaceChildren(formula(formulaKey(placeholder), placeholder.textContent ?? '', placeholder.classList.contains('math-display'), math));
  placeholder.classList.replace(MATH_PLACEHOLDER, 'math');
}

/**
 * A draw typesets this many new formulas, and more while it has taken less than this long; the
 * rest are typeset in the background, a few milliseconds at a time: fifty at once took the page's
 * main thread for 100 ms. (The count first: an answer of a few formulas is typeset as it is drawn,
 * however busy the machine.)
 */
const TYPESET_PER_DRAW = 8;
const TYPESET_MS_PER_DRAW = 8;

/** Formulas drawn before KaTeX loaded, or beyond a draw's share, are typeset a few at a time. */
const lateTypesetting = new BackgroundQueue(() => undefined);

function typesetLater(placeholders: Iterable<HTMLElement>, math: Typesetter): void {
  // The queue runs the newest job first: pushed last to first, formulas are typeset in reading order.
  for (const placeholder of [...placeholders].reverse())
    lateTypesetting.push(() => placeholder.isConnected && placeholder.classList.contains(MATH_PLACEHOLDER) && typesetPlaceholder(placeholder, math));
  // In a task of its own: the one that drew the answer (or ran KaTeX's script) is long enough.
  setTimeout(() => lateTypesetting.run(), 0);
}

/** Typesets the formula placeholders in `root`; if KaTeX has not loaded yet, it starts loading. */
export function typesetMath(root: ParentNode): void {
  const placeholders = [...root.querySelectorAll<HTMLElement>(`.${MATH_PLACEHOLDER}`)];
  if (placeholders.length === 0) return;
  const math = typesetter();
  if (!math) return;
  // Formulas typeset before (an open block drawn again) are copied; only new ones take time.
  const started = performance.now();
  let fresh = 0;
  const later: HTMLElement[] = [];
  for (const placeholder of placeholders) {
    if (typeset.has(formulaKey(placeholder)) || fresh++ < TYPESET_PER_DRAW || performance.now() - started < TYPESET_MS_PER_DRAW)
      typesetPlaceholder(placeholder, math);
    else later.push(placeholder);
  }
  if (later.length > 0) typesetLater(later, math);
}

window.addEventListener(TYPESETTER_READY_EVENT, () => typesetLater(document.querySelectorAll<HTMLElement>(`.${MATH_PLACEHOLDER}`), typesetter()!));
