// The bundles from one config: the extension (Node, CommonJS, 'vscode' provided by the host), the
// webview (browser, IIFE) and its highlighter, loaded on first use. `--production` minifies and
// drops source maps; `--watch` rebuilds.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
];

async function main() {
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
