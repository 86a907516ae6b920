// The math typesetter (KaTeX, dist/math.js) as the webview sees it: loaded on first use. Apart from
// math.ts so that dist/math.js, which sets it up, needs nothing else from the webview.
import { loadBundle } from './lazyBundle';

/** What dist/math.js puts on `window` once it has run. */
export interface Typesetter {
  /** Typesets `tex` into `element` (replacing its children); throws when the LaTeX does not parse. */
  render(tex: string, display: boolean, element: HTMLElement): void;
}

export const TYPESETTER_GLOBAL = 'parleyMath';
export const TYPESETTER_READY_EVENT = 'parley-math-ready';

type TypesetterWindow = Window & { [TYPESETTER_GLOBAL]?: Typesetter };

/** The typesetter if it has loaded; otherwise starts loading it and returns undefined. */
export function typesetter(): Typesetter | undefined {
  const loaded = (window as TypesetterWindow)[TYPESETTER_GLOBAL];
  if (!loaded) loadBundle('math.js', TYPESETTER_READY_EVENT, 'math.css');
  return loaded;
}
