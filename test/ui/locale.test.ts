// Translation takes effect in a real editor: code-server in German, with a test-only German
// language pack (VS Code resolves a display language only when a pack for it is installed; this
// one translates nothing of VS Code itself) and a German l10n/bundle.l10n.de.json put into the
// installed Parley, where VS Code looks for an extension's translations. code-server writes the
// list of installed packs (languagepacks.json) only when its language service first runs, which
// in a fresh profile is after the extension host has read it; the test writes it as VS Code does,
// naming the installed pack, so the first extension host already runs in German. A few messages are
// translated, taken from the English bundle Parley ships, one from each place text comes from:
// the host (a notification), core/ (the new conversation's title) and the webview (labels); and
// numbers are written as German writes them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/codeServer';
import { useEditorSession } from './editorSession';

const GERMAN: Readonly<Record<string, string>> = {
  'Open a file in an editor first.': 'Öffne zuerst eine Datei in einem Editor.',
  'New chat': 'Neue Unterhaltung',
  'New Chat': 'Neuer Chat',
  'Ask Parley… (Enter to send, Shift+Enter for a new line)': 'Frag Parley… (Enter sendet, Umschalt+Enter für eine neue Zeile)',
  'Ask anything about your code': 'Frag alles über deinen Code',
  // Made when contextCompletion.ts loads, before main.ts runs: translated only if the bundle is read first.
  'the active file': 'die aktive Datei',
  // The host's Add Context quick pick.
  'Active file': 'Aktive Datei',
  // The model button's, from the webview.
  'Model: {0}': 'Modell: {0}',
  // Its quick pick's Refresh button, from the host.
  'Refresh the model list': 'Modellliste neu laden',
};

const PACK = { name: 'parley-test-language-pack-de', publisher: 'parley-tests', version: '0.0.1' };

/** Packs a language pack for German that translates nothing of VS Code, and returns its .vsix. */
function germanLanguagePack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-language-pack-'));
  mkdirSync(join(dir, 'translations'));
  writeFileSync(join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(dir, 'README.md'), 'A German language pack for Parley tests only.\n');
  const manifest = {
    ...PACK,
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        { languageId: 'de', languageName: 'German', localizedLanguageName: 'Deutsch', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] },
      ],
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  // vsce needs Node 22+, as in scripts/package.mjs: the Node that tools.mjs installs for code-server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensureTools } = require(join(REPO_ROOT, 'scripts', 'tools.mjs')) as { ensureTools(): { node: string } };
  const vsix = join(dir, 'language-pack-de.vsix');
  execFileSync(
    ensureTools().node,
    [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: dir, stdio: 'pipe' },
  );
  return vsix;
}

describe('Parley in another display language', function () {
  this.timeout(120_000);
  const english = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const editor = useEditorSession('ui-locale', (fake) => ({
    locale: 'de',
    moreVsix: [germanLanguagePack()],
    prepare: ({ extensions, userData }) => {
      writeFileSync(join(extensions, `parley.parley-${version}`, 'l10n', 'bundle.l10n.de.json'), JSON.stringify(GERMAN));
      const pack = { id: `${PACK.publisher}.${PACK.name}`, folder: join(extensions, `${PACK.publisher}.${PACK.name}-${PACK.version}`) };
      const languagePacks = {
        de: {
          hash: 'test',
          extensions: [{ extensionIdentifier: { id: pack.id }, version: PACK.version }],
          translations: { vscode: join(pack.folder, 'translations', 'main.i18n.json') },
          label: 'Deutsch',
        },
      };
      writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify(languagePacks));
    },
    settings: { 'parley.baseUrl': fake.baseUrl, 'parley.model': 'gpt-4o-mini' },
  }));

  it('translates only messages Parley ships in its English bundle', () => {
    assert.deepEqual(
      Object.keys(GERMAN).filter((message) => english[message] !== message),
      [],
    );
  });

  it('the webview shows its own labels and what core/ says in the display language', async () => {
    const { ui } = editor;
    await ui.button('Neuer Chat').waitFor();
    assert.equal(await ui.composer.getAttribute('placeholder'), GERMAN['Ask Parley… (Enter to send, Shift+Enter for a new line)']);
    await ui.chat.getByRole('heading', { name: 'Frag alles über deinen Code' }).waitFor();
    // The title of a conversation with no question yet is core/'s, made in the extension host.
    assert.equal(await ui.chat.locator('h1.title').textContent(), 'Neue Unterhaltung');
    assert.equal(await ui.chat.locator('html').getAttribute('lang'), 'de');
    await ui.composer.fill('');
    await ui.composer.pressSequentially('#fil');
    await ui.chat.getByRole('option').filter({ hasText: '#file' }).filter({ hasText: GERMAN['the active file']! }).first().waitFor();
    await ui.composer.press('Escape');
    await ui.composer.fill('');
    await ui.button('Modell: gpt-4o-mini').waitFor();
    // What is not translated stays English, but its numbers are written the German way (the host
    // works the separators out for the webview).
    await ui.button('Send').waitFor();
    assert.match((await ui.chat.locator('header .model').textContent()) ?? '', /^gpt-4o-mini · ≈?\d+ of 128\.000 tokens$/);
  });

  it('the host says what it says in the display language', async () => {
    const { ui } = editor;
    // No editor is open: the host answers "Active file" with a notification.
    await ui.button('Add Context').click();
    await ui.quickInput({ row: 'Aktive Datei' });
    await ui.page.locator('.notification-toast', { hasText: `Parley: ${GERMAN['Open a file in an editor first.']!}` }).waitFor();
    // The model button's quick pick is the host's too.
    await ui.button('Modell: gpt-4o-mini').click();
    await ui.page.locator('.quick-input-widget').getByRole('button', { name: GERMAN['Refresh the model list']! }).waitFor();
    await ui.page.keyboard.press('Escape');
    await ui.pickInput('Model').waitFor({ state: 'hidden' });
  });
});
