// The bundles from one config: the extension (Node, CommonJS, 'vscode' provided by the host), the
// webview (browser, IIFE) and its highlighter and math typesetter, loaded on first use, and the
// codicon font the webview's icon buttons use. `--production` minifies and drops source maps; `--watch` rebuilds.
const esbuild = require('esbuild');
const path = require('node:path');
const fs = require('node:fs/promises');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Drops the woff and ttf fallbacks from KaTeX's @font-face rules, so only woff2 files ship. */
const woff2Only = {
  name: 'woff2-only',
  setup(build) {
    build.onLoad({ filter: /katex\.min\.css$/ }, async (args) => {
      const css = await fs.readFile(args.path, 'utf8');
      const woff2 = css.replace(/,url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '');
      if (/\.(?:woff|ttf)\)/.test(woff2)) throw new Error('KaTeX names fonts other than woff2 in a way this build does not know');
      return { contents: woff2, loader: 'css' };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  legalComments: production ? 'external' : 'inline',
  logLevel: 'warning',
};

const bundles = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    // Loaded on first use by src/node/tokenizer.ts, so activation stays fast.
    entryPoints: ['src/node/tokenizerBundle.ts'],
    outfile: 'dist/tokenizer.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The highlighting grammars: loaded by the webview when the first code block needs them.
    ...common,
    entryPoints: ['src/webview/highlightBundle.ts'],
    outfile: 'dist/highlight.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // KaTeX: loaded by the webview when the first formula appears. Its styles become dist/math.css
    // and its fonts dist/katex/*.woff2; the woff and ttf copies are left out (webviews read woff2).
    ...common,
    entryPoints: ['src/webview/mathBundle.ts'],
    outfile: 'dist/math.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.woff2': 'file' },
    assetNames: 'katex/[name]',
    plugins: [woff2Only],
  },
];

/** VS Code's own icon font and its stylesheet, as the package ships them: the panel loads both from dist/codicons. */
async function copyCodicons() {
  const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  await fs.mkdir('dist/codicons', { recursive: true });
  await Promise.all(['codicon.css', 'codicon.ttf'].map((name) => fs.copyFile(path.join(from, name), path.join('dist/codicons', name))));
}

async function main() {
  await copyCodicons();
  if (watch) {
    for (const options of bundles) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(bundles.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
