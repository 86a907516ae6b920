// Lint, and the layer rule as an allow-list: each layer names what it may import, relative paths
// included, and anything else is an error. core/ and shared/ are plain TypeScript that runs
// anywhere (no VS Code, OpenAI, Node or DOM); node/ adds Node and the OpenAI SDK; vscode/ is the only
// layer with 'vscode'; webview/ is browser code that shares only shared/ with the host.
import tseslint from 'typescript-eslint';

const sibling = '\\./[^/]+';
const layers = [
  {
    files: ['src/shared/**/*.ts'],
    may: [sibling, '\\.\\./core/domain'],
    what: "shared/ may import only shared/ and the domain's vocabulary, core/domain.ts",
  },
  {
    files: ['src/core/domain.ts'],
    may: [],
    what: 'core/domain.ts is the vocabulary every layer shares: it imports nothing',
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/domain.ts'],
    // Of shared/, only what is not the panel's view: core speaks the domain, and the view is made from it outside.
    may: [sibling, '\\.\\./shared/(l10n|numbers|validate)'],
    what: "core/ may import only core/ and shared/'s l10n, numbers and validate, never the view types (protocol, steering): make views in src/vscode (put the rest in an adapter, src/node or src/vscode; translate with `l10n` from src/shared/l10n.ts)",
  },
  {
    files: ['src/node/**/*.ts'],
    may: [sibling, '\\.\\./(core|shared)/[^/]+', 'node:[a-z/_]+', 'openai(/.+)?', 'gpt-tokenizer(/.+)?'],
    what: 'node/ may import core/, shared/, Node built-ins (as node:…), openai and gpt-tokenizer: never vscode',
  },
  {
    files: ['src/vscode/**/*.ts'],
    may: [sibling, '\\.\\./(core|shared|node)/[^/]+', 'node:[a-z/_]+', 'vscode'],
    what: 'vscode/ may import core/, shared/, node/, Node built-ins and vscode: never webview/',
  },
  { files: ['src/extension.ts'], may: ['\\./(core|shared|node|vscode)/[^/]+', 'vscode'], what: 'extension.ts wires core/, shared/, node/ and vscode/' },
  {
    files: ['src/webview/**/*.ts'],
    may: [sibling, '\\.\\./shared/[^/]+', '@vscode/l10n', 'marked', 'dompurify', 'highlight\\.js(/.+)?', 'katex(/dist/katex\\.min\\.css)?'],
    what: 'webview/ may import only webview/, shared/ and its rendering packages (@vscode/l10n, marked, dompurify, highlight.js, katex)',
  },
].map(({ files, ignores = [], may, what }) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: `^(?!(?:${may.join('|')})$)`, message: `${what}.` }] }] },
}));
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
  ...layers,
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...domGlobals] },
  },
);
