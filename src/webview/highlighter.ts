// Syntax highlighting, loaded on first use: the grammars are a separate script (dist/highlight.js)
// that the webview adds only when the first code block with a language appears, so opening the
// panel does not parse them.

import { loadBundle } from './lazyBundle';

/** Highlighted code as a tree of text and classed spans: data, never HTML to parse. */
export type HighlightNode = string | { readonly className: string; readonly children: readonly HighlightNode[] };

/** What dist/highlight.js puts on `window` once it has run. */
export interface Highlighter {
  /**
   * Highlights `code` as `language` (a name or alias). Undefined for an unknown language. `clean`
   * says the text ended outside any comment, string or other construct, so text that follows can
   * be highlighted on its own.
   */
  highlight(code: string, language: string): { nodes: readonly HighlightNode[]; clean: boolean } | undefined;
}

export const HIGHLIGHTER_GLOBAL = 'parleyHighlighter';
export const HIGHLIGHTER_READY_EVENT = 'parley-highlighter-ready';

type HighlighterWindow = Window & { [HIGHLIGHTER_GLOBAL]?: Highlighter };

/** The highlighter if it has loaded; otherwise starts loading it and returns undefined. */
export function highlighter(): Highlighter | undefined {
  const loaded = (window as HighlighterWindow)[HIGHLIGHTER_GLOBAL];
  if (!loaded) loadBundle('highlight.js', HIGHLIGHTER_READY_EVENT);
  return loaded;
}
