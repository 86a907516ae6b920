// Localizable strings: the English bundle a language pack translates must hold every message the
// code passes to l10n.t(), and the translator the host hands in must reach core/'s messages.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { classifyFailure } from '../../src/core/client';
import { failureText } from '../../src/core/failureText';
import { english, l10n, useLocalize } from '../../src/shared/l10n';

type Bundle = Record<string, string>;
interface L10nScript {
  REPO_ROOT: string;
  BUNDLE_FILE: string;
  currentBundle(): Promise<Bundle>;
  extractMessages(files: { path: string; contents: string }[]): Promise<Bundle>;
}
// scripts/l10n.mjs is what `npm run l10n` runs; an ES module without top-level await, so require() works.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../../scripts/l10n.mjs') as L10nScript;

function sources(): string[] {
  const src = join(script.REPO_ROOT, 'src');
  return (readdirSync(src, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts')).map((name) => join(src, name));
}

/** The messages of `l10n.t('…')` and `vscode.l10n.t('…')` calls, found with TypeScript's own parser. */
function messagesByTypeScript(path: string, contents: string): Set<string> {
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't') {
      const object = node.expression.expression;
      const isL10n = (ts.isIdentifier(object) && object.text === 'l10n') || (ts.isPropertyAccessExpression(object) && object.name.text === 'l10n');
      const message = node.arguments[0];
      if (isL10n && message && ts.isStringLiteral(message)) found.add(message.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(path, contents, ts.ScriptTarget.ES2022, true));
  return found;
}

describe('l10n bundle', function () {
  // The extractor parses with tree-sitter compiled to WebAssembly; loading it takes a moment.
  this.timeout(30_000);

  it('l10n/bundle.l10n.json is what `npm run l10n` extracts from src now (run it after changing a message)', async () => {
    const committed = JSON.parse(readFileSync(script.BUNDLE_FILE, 'utf8')) as Bundle;
    const extracted = await script.currentBundle();
    const missing = Object.keys(extracted).filter((message) => !(message in committed));
    const stale = Object.keys(committed).filter((message) => !(message in extracted));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] });
    assert.deepEqual(committed, extracted);
  });

  it('the extractor finds, in every file, each message TypeScript finds there: host, node, core and webview alike', async () => {
    const layers = new Set<string>();
    for (const path of sources()) {
      const contents = readFileSync(path, 'utf8');
      const expected = messagesByTypeScript(path, contents);
      if (expected.size === 0) continue;
      const extracted = await script.extractMessages([{ path, contents }]);
      assert.deepEqual(new Set(Object.keys(extracted)), expected, path);
      layers.add(path.slice(script.REPO_ROOT.length + 1).split(/[\\/]/)[1]!);
    }
    assert.deepEqual([...layers].sort(), ['core', 'extension.ts', 'node', 'vscode', 'webview']);
  });

  it('a new message in core/ is extracted, so a bundle without it fails the first test', async () => {
    const contents = "import { l10n } from '../shared/l10n';\nexport const said = l10n.t('A message nobody has extracted yet: {0}', 1);\n";
    const extracted = await script.extractMessages([{ path: join(script.REPO_ROOT, 'src', 'core', 'new.ts'), contents }]);
    assert.deepEqual(extracted, { 'A message nobody has extracted yet: {0}': 'A message nobody has extracted yet: {0}' });
    const committed = JSON.parse(readFileSync(script.BUNDLE_FILE, 'utf8')) as Bundle;
    assert.equal('A message nobody has extracted yet: {0}' in committed, false);
  });
});

describe('l10n.t in core/ and shared/', () => {
  afterEach(() => useLocalize(english));

  it('is English, with each {n} replaced by the n-th argument, until a translator is handed in', () => {
    assert.equal(l10n.t('{1} before {0}, {0} again, {2} has no argument', 'a', 2), '2 before a, a again, {2} has no argument');
    assert.equal(l10n.t('no placeholders { "label" }'), 'no placeholders { "label" }');
  });

  it('translates with what the host hands in, arguments included', () => {
    const french: Record<string, string> = {
      'The server had a problem ({0}). Retry in a moment.{1}': 'Le serveur a eu un problème ({0}). Réessayez dans un instant.{1}',
    };
    // A failure is data: classified in one language, its text is made in the one of the moment it is shown.
    const failure = classifyFailure({ status: 503, message: 'overloaded', model: 'm', baseUrl: 'http://x' });
    assert.equal(failureText(failure).message, 'The server had a problem (503). Retry in a moment. (overloaded)');
    useLocalize((message, ...args) => english(french[message] ?? message, ...args));
    assert.equal(failureText(failure).message, 'Le serveur a eu un problème (503). Réessayez dans un instant. (overloaded)');
  });
});
