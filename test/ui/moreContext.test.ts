// More context as a user attaches it: the changes of a Git repository, the last terminal command,
// a folder within its token budget and a symbol, each from Add Context's quick pick or `#` in the
// composer typed with the keyboard alone, and each found in the request exactly as its chip shows.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createSampleWorkspace, runCommand } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import type { ParleyUi } from './parleyUi';
import { fakeServerSettings, useEditorSession } from './editorSession';

type Body = { messages: { role: string; content: string }[] };

/** Lines of a generated text file, `count` of them. */
const lines = (name: string, count: number) => Array.from({ length: count }, (_, i) => `line ${String(i + 1).padStart(5, '0')} of ${name}`).join('\n');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

describe('More context in a real editor: changes, terminal, folders, symbols and #', function () {
  this.timeout(180_000);
  let fake: FakeOpenAI;
  let ui: ParleyUi;
  let workspace: string;

  const lastQuestion = (i: number) => (fake.requests[i]!.body as Body).messages.at(-1)!.content;

  /** A row of the open quick pick whose label is `label`, exactly. */
  const quickPickRow = (label: string | RegExp) =>
    ui.page
      .locator('.quick-input-list .monaco-list-row', {
        has: ui.page.locator('.label-name', { hasText: typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label }),
      })
      .first();

  /** Add Context: searches the host's quick pick for `label` and picks it. */
  async function addContext(label: string): Promise<void> {
    await ui.button('Add Context').click();
    const input = ui.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(label);
    await quickPickRow(label).click();
  }

  /** Each chip's label and the exact text its preview shows. */
  async function shownChips(): Promise<{ label: string; text: string; notice: string }[]> {
    const shown = [];
    for (let i = 0; i < (await ui.chips.count()); i++) {
      const chip = ui.chips.nth(i);
      const details = chip.locator('details');
      if ((await details.getAttribute('open')) === null) await chip.locator('summary').click();
      await chip.locator('pre').waitFor({ state: 'visible' });
      shown.push({
        label: await chip.locator('.chip-label').innerText(),
        text: (await chip.locator('pre').textContent()) ?? '',
        notice: (await chip.locator('.chip-notice').count()) ? await chip.locator('.chip-notice').innerText() : '',
      });
    }
    return shown;
  }

  const editor = useEditorSession('more-context', (started) => {
    workspace = createSampleWorkspace(mkdtempSync(join(tmpdir(), 'parley-context-ws-')));
    mkdirSync(join(workspace, 'lib', 'nested'), { recursive: true });
    writeFileSync(join(workspace, 'lib', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(workspace, 'lib', 'b.ts'), 'export const b = 2;\n');
    // Too big to read at all for a budget of 16,000 tokens; the next two fit alone, not together.
    writeFileSync(join(workspace, 'lib', 'huge.txt'), `${lines('huge', 8000)}\n`);
    writeFileSync(join(workspace, 'lib', 'medium.txt'), `${lines('medium', 1800)}\n`);
    writeFileSync(join(workspace, 'lib', 'nested', 'more.txt'), `${lines('more', 1600)}\n`);
    git(workspace, 'init', '-q');
    git(workspace, '-c', 'user.name=Parley Test', '-c', 'user.email=test@parley.invalid', 'commit', '-q', '--allow-empty', '-m', 'empty');
    git(workspace, 'add', '-A');
    git(workspace, '-c', 'user.name=Parley Test', '-c', 'user.email=test@parley.invalid', 'commit', '-q', '-m', 'sample');
    // One change not staged, one staged.
    appendFileSync(join(workspace, 'src', 'math.ts'), '// changed, not staged\n');
    appendFileSync(join(workspace, 'README.md'), '\nA staged line.\n');
    git(workspace, 'add', 'README.md');
    return {
      workspace,
      settings: {
        ...fakeServerSettings(started),
        'terminal.integrated.defaultProfile.linux': 'bash',
        'terminal.integrated.shellIntegration.enabled': true,
        // The DOM renderer, so the test can read what the terminal shows.
        'terminal.integrated.gpuAcceleration': 'off',
      },
    };
  });
  before(() => ({ fake, ui } = editor));

  it('# in the composer, with the keyboard alone, attaches the unstaged changes; Add Context searches for the staged ones', async () => {
    await ui.composer.focus();
    await ui.composer.pressSequentially('What changed? #cha');
    const list = ui.chat.getByRole('listbox', { name: 'Context to attach' });
    await list.waitFor();
    assert.equal(await ui.composer.getAttribute('role'), 'combobox');
    assert.equal(await ui.composer.getAttribute('aria-expanded'), 'true');
    const options = list.getByRole('option');
    assert.deepEqual(await options.locator('.context-word').allInnerTexts(), ['#changes']);
    assert.equal(await ui.composer.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    // Escape closes the list and keeps the text; a new # opens it again.
    await ui.composer.press('Escape');
    await list.waitFor({ state: 'hidden' });
    assert.equal(await ui.composer.getAttribute('aria-expanded'), 'false');
    assert.equal(await ui.composer.inputValue(), 'What changed? #cha');
    for (let i = 0; i < 4; i++) await ui.composer.press('Backspace');
    await ui.composer.press('#');
    await list.waitFor();
    assert.ok((await options.count()) > 3, 'a bare # offers every source');
    const words = await options.locator('.context-word').allInnerTexts();
    for (const word of ['#file', '#selection', '#problems', '#changes', '#terminal', '#symbol']) assert.ok(words.includes(word), `# offers ${word}`);
    await ui.composer.pressSequentially('ch');
    await ui.composer.press('ArrowDown');
    await ui.composer.press('ArrowUp');
    assert.equal(await ui.composer.getAttribute('aria-activedescendant'), 'context-option-changes');
    await ui.composer.press('Enter');
    await ui.chips.first().waitFor();
    assert.equal(await ui.composer.inputValue(), 'What changed? ', 'the #word left the text');
    assert.equal(await list.isHidden(), true);

    await addContext('Staged changes (git diff --cached)');
    await ui.chips.nth(1).waitFor();
    const shown = await shownChips();
    const name = basename(workspace);
    assert.deepEqual(
      shown.map((c) => c.label),
      [`Unstaged changes in ${name}`, `Staged changes in ${name}`],
    );
    assert.match(shown[0]!.text, /^The changes not yet staged in the repository `[^`]+` \(git diff\):\n```diff\ndiff --git a\/src\/math.ts b\/src\/math.ts\n/);
    assert.match(shown[0]!.text, /\n\+\/\/ changed, not staged\n```$/);
    assert.match(shown[1]!.text, /^The staged changes in the repository `[^`]+` \(git diff --cached\):\n```diff\ndiff --git a\/README.md b\/README.md\n/);
    assert.ok(!shown[1]!.text.includes('math.ts'), 'the staged diff holds only what is staged');

    fake.script({ kind: 'reply', text: 'Two changes.' });
    await ui.composer.press('End');
    await ui.composer.press('Enter');
    await ui.answerDone(1);
    assert.equal(lastQuestion(0), ['What changed?', ...shown.map((c) => c.text)].join('\n\n'), 'the question carries exactly what the chips showed');
  });

  it('attaches the last terminal command and its output, read through shell integration', async () => {
    await ui.newChat();
    await runCommand(ui.page, 'Terminal: Create New Terminal');
    const terminal = ui.page.locator('.terminal-wrapper.active .xterm');
    await terminal.waitFor();
    // A prompt shows once the shell is ready for input.
    await terminal.locator('.xterm-rows', { hasText: /\S/ }).waitFor({ timeout: 20_000 });
    await terminal.click();
    // VS Code passes a command's output on to extensions a moment after the command starts: one
    // that ends at once (a bare echo) can go by unread, which Parley then says. This one takes a second.
    await ui.page.keyboard.type('sleep 1; echo parley-$((6*7))');
    await ui.page.keyboard.press('Enter');
    await terminal.locator('.xterm-rows', { hasText: 'parley-42' }).waitFor();
    await ui.open();
    // Shell integration reports the command's end just after its output.
    for (let attempt = 1; (await ui.chips.count()) === 0; attempt++) {
      await addContext('Last terminal command and its output');
      const attached = await ui.chips
        .first()
        .waitFor({ timeout: 3000 })
        .then(
          () => true,
          () => false,
        );
      if (!attached && attempt === 5) throw new Error('the terminal command was never attached');
    }
    const [chip] = await shownChips();
    assert.equal(chip!.label, 'Terminal bash: sleep 1; echo parley-$((6*7))');
    assert.equal(chip!.text, 'The last command in the terminal `bash`, and its output:\n```console\n$ sleep 1; echo parley-$((6*7))\nparley-42\n```');
    fake.script({ kind: 'reply', text: 'It printed.' });
    await ui.ask('What did it print?');
    await ui.answerDone(1);
    assert.equal(lastQuestion(0), `What did it print?\n\n${chip!.text}`);
    await runCommand(ui.page, 'View: Toggle Panel Visibility');
  });

  it('attaches a folder within its token budget, naming the files left out, and a symbol with its path and lines', async () => {
    await ui.newChat();
    await ui.openFile('math.ts');
    await ui.open();
    await addContext('Files or folder…');
    const input = ui.page.locator('.quick-input-widget input.input');
    await input.fill('lib/');
    // In a pick of many, a click on a row checks it; Enter then takes the checked ones.
    await quickPickRow('lib/').click();
    await input.press('Enter');
    await ui.chips.first().waitFor();

    await addContext('Symbol (function or class)…');
    // The TypeScript server answers once it has loaded the project: ask again until it does.
    // TypeScript names a function with its parentheses.
    const symbolRow = quickPickRow(/fibonacci\(\)$/);
    for (let attempt = 1; ; attempt++) {
      await input.fill(attempt % 2 ? 'fibonacci' : 'fibonacc');
      if (
        await symbolRow.waitFor({ timeout: 4000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (attempt === 8) throw new Error('no workspace symbol fibonacci');
    }
    await input.fill('fibonacci');
    await symbolRow.waitFor();
    await input.press('Enter');
    await ui.chips.nth(1).waitFor();

    const [folder, symbol] = await shownChips();
    assert.equal(folder!.label, 'lib (folder, files within 16,000 tokens)');
    assert.match(folder!.notice, /^Left out, over the budget of 16,000 tokens or not text \(2 files\): lib\/huge.txt, lib\/nested\/more.txt$/);
    assert.match(
      folder!.text,
      /^The folder `lib` \(files chosen within a budget of 16000 tokens\):\n\nThe file `lib\/a.ts`:\n```ts\nexport const a = 1;\n```\n\nThe file `lib\/b.ts`:/,
    );
    assert.ok(folder!.text.includes('The file `lib/medium.txt`:\n```txt\nline 00001 of medium\n'));
    assert.match(folder!.text, /\n\n\(Left out, over the budget or not text: `lib\/huge.txt`, `lib\/nested\/more.txt`\.\)$/);
    assert.equal(symbol!.label, 'fibonacci in src/math.ts (lines 5-7)');
    assert.equal(
      symbol!.text,
      'The symbol `fibonacci` from `src/math.ts` (lines 5-7):\n```typescript\nexport function fibonacci(n: number): number {\n  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);\n}\n```',
    );

    fake.script({ kind: 'reply', text: 'Read them.' });
    await ui.ask('Where is fibonacci used?');
    await ui.answerDone(1);
    assert.equal(lastQuestion(0), ['Where is fibonacci used?', folder!.text, symbol!.text].join('\n\n'));
  });

  it('says why when there is nothing to attach: no symbol of that name', async () => {
    await ui.newChat();
    await addContext('Symbol (function or class)…');
    const input = ui.page.locator('.quick-input-widget input.input');
    await input.fill('noSuchSymbolAnywhere');
    await ui.page.locator('.quick-input-widget', { hasText: 'No symbol found for "noSuchSymbolAnywhere".' }).waitFor();
    await input.press('Enter');
    await ui.page.locator('.notification-toast', { hasText: 'Parley: No symbol found for "noSuchSymbolAnywhere".' }).waitFor();
    assert.equal(await ui.chips.count(), 0);
  });
});
