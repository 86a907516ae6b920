// KaTeX for the webview, built as dist/math.js with its styles as dist/math.css (woff2 fonts only,
// see esbuild.js): loaded by src/webview/math.ts when the first formula appears.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import type { Typesetter } from './typesetter';
import { TYPESETTER_GLOBAL } from './typesetter';

const typesetter: Typesetter = {
  render(tex, display, element) {
    katex.render(tex, element, {
      displayMode: display,
      throwOnError: true,
      // No \href, \url, \includegraphics or \htmlClass: an answer's LaTeX cannot link, load or style.
      trust: false,
      strict: 'ignore',
      // Bounds on what one formula can cost: \rule sizes and macro expansion.
      maxSize: 100,
      maxExpand: 1000,
    });
  },
};

(window as Window & { [TYPESETTER_GLOBAL]?: Typesetter })[TYPESETTER_GLOBAL] = typesetter;
