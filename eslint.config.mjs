// Lint, and the layer rule: core/ and shared/ are plain TypeScript that runs anywhere, so they may
// not import VS Code, the OpenAI SDK, Node built-ins or use the DOM; webview/ may import only shared/.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'stream',
  'timers',
  'url',
  'util',
  'worker_threads',
  'zlib',
];
const forbiddenInPlainLayers = {
  paths: [
    ...['vscode', 'openai', ...nodeBuiltins].map((name) => ({
      name,
      message: 'core/ and shared/ stay free of VS Code, OpenAI and Node: put this in an adapter (src/vscode or src/node).',
    })),
    { name: '@vscode/l10n', message: 'core/ and shared/ translate with `l10n` from src/shared/l10n.ts, which the host sets up.' },
  ],
  patterns: [{ group: ['node:*', 'openai/*'], message: 'core/ and shared/ stay free of Node and OpenAI.' }],
};
const domGlobals = [
  'window',
  'document',
  'navigator',
  'HTMLElement',
  'fetch',
  'localStorage',
  'process',
  'Buffer',
  'require',
  'AbortController',
  'setTimeout',
  'setInterval',
].map((name) => ({
  name,
  message: 'core/ and shared/ take what they need from the host through parameters.',
}));

// `npm run l10n` finds messages by reading the code: a message that is not a string literal would
// be missing from l10n/bundle.l10n.json and never translated.
const literalMessage = {
  selector: "CallExpression[callee.property.name='t']:matches([callee.object.name='l10n'], [callee.object.property.name='l10n'])[arguments.0.type!='Literal']",
  message: 'Pass l10n.t() a string literal with {0} placeholders, so `npm run l10n` can extract it.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-artifacts/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', literalMessage] },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbiddenInPlainLayers],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'openai'],
          patterns: [{ group: ['../core/*', '../node/*', '../vscode/*', 'node:*'], message: 'The webview imports only shared/.' }],
        },
      ],
    },
  },
);
