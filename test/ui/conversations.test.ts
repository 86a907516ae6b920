/// <reference lib="dom" />
// The chat as a daily tool: message and code-block actions, editing and undo, the conversation
// list, export and import, the keyboard and screen-reader paths, and the look in three themes.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CodeServer } from '../support/codeServer';
import { runCommand, screenshot } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';
import { until } from '../support/until';

type Message = { role: string; content: string };

const FIXED_ADD = 'export function add(a: number, b: number): number {\n  return a + b; // checked\n}';

describe('Parley as a daily tool', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let server: CodeServer;
  let browser: Browser;
  let ui: ParleyUi;

  const messages = (i: number) => (fake.requests[i]!.body as { messages: Message[] }).messages;
  const workbench = () => browser.page;
  const clipboard = () => workbench().evaluate(() => navigator.clipboard.readText());

  /** Asks a question and waits for its answer (the n-th, 1-based). */
  async function exchange(question: string, answer: string, n: number): Promise<void> {
    fake.script({ kind: 'reply', text: answer });
    await ui.ask(question);
    await (await ui.answerDone(n)).getByText(answer).waitFor();
  }

  const editor = useEditorSession('ui-daily', (started) => ({ settings: { 'parley.baseUrl': started.baseUrl, 'parley.model': 'gpt-4o-mini' } }));
  before(async () => {
    ({ fake, server, browser, ui } = editor);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  });

  it('the empty state says what is sent and to which model, and offers example questions', async () => {
    const empty = ui.log;
    await empty.getByText('gpt-4o-mini', { exact: false }).first().waitFor();
    for (const part of ['the system message of the profile “General”', 'its example exchanges', 'this whole conversation', 'any code you attach']) {
      await empty.getByText(part, { exact: false }).waitFor();
    }
    await ui.chat.getByRole('button', { name: /interface and a type alias/ }).click();
    assert.match(await ui.composer.inputValue(), /interface and a type alias/);
    await ui.composer.fill('');
  });

  it('Copy and Regenerate on answers; the earlier answer stays a version to go back to', async () => {
    await exchange('Name a prime.', 'Seven is prime.', 1);
    await ui.answers.first().getByRole('button', { name: 'Copy answer' }).click();
    await until(async () => (await clipboard()) === 'Seven is prime.', 'the answer is on the clipboard');

    fake.script({ kind: 'reply', text: 'Eleven is prime.' });
    await ui.answers.first().getByRole('button', { name: 'Regenerate answer' }).click();
    await ui.answers.first().getByText('Eleven is prime.').waitFor();
    assert.equal(await ui.answers.count(), 1);
    assert.deepEqual(messages(0).at(-1), { role: 'user', content: 'Name a prime.' }, 'regenerate asks the same question');
    assert.ok(!messages(0).some((m) => m.content === 'Seven is prime.'), 'the other version is not sent');
    assert.equal(await ui.button('Undo').count(), 0, 'nothing was replaced, so there is nothing to undo');
    await ui.answers.first().getByRole('button', { name: 'Previous version (Version 2 of 2)' }).click();
    await ui.answers.first().getByText('Seven is prime.').waitFor();
  });

  it('Up in the empty composer edits the last question; resending makes a new version, the old branch stays', async () => {
    await ui.newChat();
    await exchange('What is 2 + 2?', 'It is 4.', 1);
    await exchange('And 3 + 3?', 'It is 6.', 2);
    await ui.composer.focus();
    await ui.composer.press('ArrowUp');
    assert.equal(await ui.composer.inputValue(), 'And 3 + 3?');
    await ui.chat.getByText('Editing an earlier question', { exact: false }).waitFor();
    await ui.composer.press('Escape');
    assert.equal(await ui.composer.inputValue(), '', 'Escape cancels the edit');

    fake.script({ kind: 'reply', text: 'It is 10.' });
    await ui.questions.first().getByRole('button', { name: 'Edit and resend this question' }).click();
    assert.equal(await ui.composer.inputValue(), 'What is 2 + 2?');
    await ui.composer.fill('What is 5 + 5?');
    await ui.composer.press('Enter');
    await (await ui.answerDone(1)).getByText('It is 10.').waitFor();
    assert.equal(await ui.questions.count(), 1, 'the new version shows without what followed the old one');
    assert.deepEqual(
      messages(2).filter((m) => m.role !== 'system'),
      [{ role: 'user', content: 'What is 5 + 5?' }],
      'the edited question goes alone, without the other branch',
    );
    await ui.questions.first().getByRole('button', { name: 'Previous version (Version 2 of 2)' }).click();
    await ui.questions.nth(1).getByText('And 3 + 3?').waitFor();
    assert.deepEqual(
      (await ui.answers.allInnerTexts()).map((t) => /It is \d+\./.exec(t)?.[0]),
      ['It is 4.', 'It is 6.'],
    );
  });

  it('code blocks: Replace Selection, Compare, Open in Editor, Insert and Copy act on the editor', async () => {
    await ui.newChat();
    await ui.openFile('math.ts');
    await ui.selectLines(1, 3);
    fake.script({ kind: 'reply', text: `Add a comment:\n\n\`\`\`typescript\n${FIXED_ADD}\n\`\`\`\n` });
    await ui.editorContextMenu('export function add', 'Ask About Selection…');
    await ui.quickInput({ row: 'Find problems' }, 'Ask Parley about the selection');
    const answer = await ui.answerDone(1);
    const block = answer.locator('.code-block');

    await block.getByRole('button', { name: 'Compare' }).click();
    await workbench().locator('.tab.active', { hasText: '↔ Parley' }).waitFor();
    await workbench().locator('.editor-group-container.active .monaco-diff-editor').waitFor();

    await block.getByRole('button', { name: 'Replace Selection' }).click();
    await workbench().locator('.tab.active', { hasText: 'math.ts' }).waitFor();
    await until(async () => (await ui.activeEditorText()).includes('return a + b; // checked'), 'the selection was replaced');
    const text = await ui.activeEditorText();
    assert.ok(text.includes('export function fibonacci'), 'the rest of the file is untouched');
    assert.equal(text.match(/export function add/g)?.length, 1, 'replaced, not added');

    await ui.open();
    await block.getByRole('button', { name: 'Open in Editor' }).click();
    await workbench().locator('.tab.active', { hasText: 'Untitled' }).waitFor();
    await workbench().locator('.statusbar-item', { hasText: 'TypeScript' }).first().waitFor();
    assert.match(await ui.activeEditorText(), /return a \+ b; \/\/ checked/);

    // Insert goes where the cursor is in the editor used last: the end of the new document.
    await ui.open();
    await block.getByRole('button', { name: 'Insert' }).click();
    await until(async () => (await ui.activeEditorText()).match(/\/\/ checked/g)?.length === 2, 'the code was inserted at the cursor');

    await ui.open();
    await block.getByRole('button', { name: 'Copy code' }).click();
    await until(async () => (await clipboard()) === FIXED_ADD, 'the code is on the clipboard');
  });

  it('the conversation list: newest first, search across text, switch, rename, delete with Undo', async () => {
    await ui.newChat();
    await exchange('Tell me about owls.', 'Owls hunt at night; the barn owl hears mice under snow.', 1);
    await ui.newChat();
    await exchange('Tell me about bees.', 'Bees dance to show where flowers are.', 1);
    const history = ui.chat.getByRole('region', { name: 'Conversation list' });
    await ui.button('History').click();
    const search = history.getByRole('searchbox', { name: 'Search conversations' });
    await search.waitFor();
    const titles = async () => (await history.locator('.history-title').allInnerTexts()).map((t) => t.trim());
    await until(async () => (await titles())[0] === 'Tell me about bees.', 'the newest conversation comes first');
    assert.equal((await titles())[1], 'Tell me about owls.');

    await search.fill('barn owl');
    await until(async () => JSON.stringify(await titles()) === JSON.stringify(['Tell me about owls.']), 'search finds the text of an answer');
    await history.locator('.history-open', { hasText: 'Tell me about owls.' }).click();
    await ui.questions.first().getByText('Tell me about owls.').waitFor();
    assert.equal(await history.isVisible(), false, 'picking a conversation closes the list');

    await ui.button('History').click();
    await search.fill('');
    await history.getByRole('button', { name: 'Rename Tell me about owls.' }).click();
    await ui.quickInput({ text: 'Owl facts' }, 'Parley: Rename Conversation');
    await ui.chat.locator('h1', { hasText: 'Owl facts' }).waitFor();
    await until(async () => (await titles()).includes('Owl facts'), 'the list shows the new title');

    const before = (await titles()).length;
    await history.getByRole('button', { name: 'Delete Tell me about bees.' }).click();
    await until(async () => !(await titles()).includes('Tell me about bees.'), 'the deleted conversation leaves the list');
    assert.equal((await titles()).length, before - 1);
    const focused = await ui.chat.locator(':focus').getAttribute('class');
    assert.match(focused ?? '', /history-open/, 'focus moves to the next conversation');
    await ui.button('Undo').click();
    await until(async () => (await titles()).includes('Tell me about bees.'), 'Undo brings it back');
    // Search goes through an index kept by the store's writes: the conversation Undo saved again,
    // not shown, is found by its answer, and the renamed one by its text under its new title.
    await search.fill('flowers');
    await until(async () => JSON.stringify(await titles()) === JSON.stringify(['Tell me about bees.']), 'search finds what Undo brought back');
    await search.fill('barn owl');
    await until(async () => JSON.stringify(await titles()) === JSON.stringify(['Owl facts']), 'search finds the renamed conversation');
    await search.fill('');
    await history.getByRole('button', { name: 'Close conversation list' }).click();
  });

  it('Open Conversation… from the palette switches with a quick pick', async () => {
    const open = () => runCommand(workbench(), 'Parley: Open Conversation…');
    await open();
    await ui.quickInput({ text: 'bees' }, 'Parley: Open Conversation', open);
    await ui.questions.first().getByText('Tell me about bees.').waitFor();
  });

  it('exports all conversations as JSON and imports them from the Explorer; a bad file is refused with its reason', async () => {
    // The dialog offers a file in the workspace named for what it holds; the user accepts it.
    const exported = join(server.workspace, 'parley-conversations.json');
    await runCommand(workbench(), 'Parley: Export All Chats…');
    await ui.acceptFileDialog('Export All Parley Conversations');
    const readExport = () => JSON.parse(readFileSync(exported, 'utf8')) as { format: string; conversations: { title: string }[] };
    await until(async () => existsSync(exported) && readExport().conversations.length > 0, 'the export was written whole');
    const document = readExport();
    assert.equal(document.format, 'parley.conversations');
    const exportedTitles = document.conversations.map((c) => c.title);
    assert.ok(exportedTitles.includes('Owl facts') && exportedTitles.includes('Tell me about bees.'), exportedTitles.join(', '));

    const bad = join(server.workspace, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'parley.conversations',
        version: 1,
        conversations: [{ id: 'x', title: 't', version: 1, createdAt: 1, updatedAt: 1, turns: [{ role: 'robot' }] }],
      }),
    );
    await ui.explorerContextMenu('bad.json', 'Import Chats…');
    await workbench().locator('.notification-toast', { hasText: 'conversation 1: turn 1: bad role' }).waitFor();
    await workbench().locator('.notification-toast', { hasText: 'Nothing was changed' }).waitFor();

    await ui.explorerContextMenu('parley-conversations.json', 'Import Chats…');
    await workbench()
      .locator('.notification-toast', { hasText: `imported ${document.conversations.length} conversations` })
      .waitFor();
    await ui.button('History').click();
    const history = ui.chat.getByRole('region', { name: 'Conversation list' });
    await until(
      async () => (await history.locator('.history-title', { hasText: 'Owl facts' }).count()) === 2,
      'the import adds copies beside the originals, overwriting nothing',
    );
    await history.getByRole('button', { name: 'Close conversation list' }).click();
  });

  it('keyboard: the shortcut opens the chat in the composer; Tab reaches the controls with a visible focus ring', async () => {
    await ui.openFile('math.ts');
    await workbench().keyboard.press('Control+Alt+P');
    await until(async () => ui.composer.evaluate((el) => el === document.activeElement && document.hasFocus()), 'the composer has focus');
    // Walk backwards from the composer through the panel's controls.
    const reached = new Set<string>();
    for (let i = 0; i < 12; i++) {
      await workbench().keyboard.press('Shift+Tab');
      const focused = ui.chat.locator(':focus');
      if ((await focused.count()) === 0) break;
      const name = (await focused.getAttribute('aria-label')) ?? (await focused.innerText()).trim();
      const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
      assert.notEqual(outline, 'none', `${name} shows a focus ring`);
      reached.add(name);
    }
    for (const name of ['New Chat', 'History', 'Copy answer']) assert.ok(reached.has(name), `Tab reaches ${name}; reached ${[...reached].join(', ')}`);
  });

  it('a 300-message conversation opens at its newest message; the older ones follow, in order', async () => {
    const turns = Array.from({ length: 300 }, (_, i) =>
      i % 2 === 0
        ? { id: `long-q${i}`, role: 'user', text: `Long question ${i / 2}`, context: [], createdAt: i }
        : {
            id: `long-a${i}`,
            role: 'assistant',
            text: `Long answer ${(i - 1) / 2}, with **markdown**.`,
            status: 'complete',
            model: 'gpt-4o-mini',
            createdAt: i,
          },
    );
    const conversation = { id: 'long-talk', title: 'A long talk', version: 1, createdAt: 0, updatedAt: Date.now(), turns };
    writeFileSync(
      join(server.workspace, 'long.json'),
      JSON.stringify({ format: 'parley.conversations', version: 1, exportedAt: new Date().toISOString(), conversations: [conversation] }),
    );
    await ui.explorerContextMenu('long.json', 'Import Chats…');
    await workbench().locator('.notification-toast', { hasText: 'imported 1 conversation' }).waitFor();
    await ui.open();
    await ui.button('History').click();
    await ui.chat.getByRole('region', { name: 'Conversation list' }).locator('.history-open', { hasText: 'A long talk' }).click();
    const newest = ui.answers.last().getByText('Long answer 149, with');
    await newest.waitFor();
    assert.ok(await newest.isVisible(), 'the newest answer is in view');
    // Text content, not inner text: messages out of view are not laid out (content-visibility).
    const expected = Array.from({ length: 150 }, (_, i) => `Long question ${i}`).join('|');
    const questions = async () => (await ui.questions.locator('.user-text').allTextContents()).join('|');
    await until(async () => (await questions()) === expected, 'every message is drawn, in order, oldest first');
    assert.equal(await ui.chat.locator('article').count(), 300);
    await ui.questions.first().scrollIntoViewIfNeeded();
    await ui.questions.first().getByText('Long question 0').waitFor();
    await ui.answers.first().locator('strong', { hasText: 'markdown' }).waitFor();
  });

  it('screen readers hear each finished answer once, not every token', async () => {
    await ui.newChat();
    const announcer = ui.chat.locator('[role="status"][aria-live="polite"].visually-hidden');
    await announcer.evaluate((el) => {
      const changes: string[] = [];
      (window as unknown as { announced: string[] }).announced = changes;
      new MutationObserver(() => changes.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    fake.script({ kind: 'reply', text: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '), chunkSize: 4, delayMs: 10 });
    await ui.ask('Say forty words.');
    await ui.answerDone(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const announced = await announcer.evaluate(() => (window as unknown as { announced: string[] }).announced);
    assert.equal(announced.length, 1, `announced once: ${JSON.stringify(announced)}`);
    assert.match(announced[0]!, /^Parley answered: word0 word1/);
    assert.equal(await ui.log.getAttribute('aria-live'), 'off', 'the log itself does not read tokens');
  });

  it('renders a rich answer: headings, lists, a table, a quote and code', async () => {
    await ui.newChat();
    const rich = [
      '## Sorting in TypeScript',
      '1. Copy the array\n2. Sort the copy',
      '- [x] stable\n- [ ] in place',
      '| Method | Mutates |\n|---|---|\n| `sort` | yes |\n| `toSorted` | no |',
      '> Prefer `toSorted` when others hold the array.',
      '```typescript\nconst sorted = items.toSorted((a, b) => a.name.localeCompare(b.name));\n```',
    ].join('\n\n');
    fake.script({ kind: 'reply', text: rich });
    await ui.ask('How do I sort without mutating?');
    const answer = await ui.answerDone(1);
    for (const selector of ['h2', 'ol > li', 'ul > li', 'table td', 'blockquote', '.code-block pre code']) {
      assert.ok((await answer.locator(selector).count()) > 0, `the answer has ${selector}`);
    }
    await answer.getByText('in place').waitFor();
    // The answer ends with its closing fence and no line break: the fence is not shown as code.
    assert.doesNotMatch(await answer.locator('.code-block').innerText(), /```/);
  });

  it('the header shows the model and the conversation size against its window', async () => {
    await ui.newChat();
    const header = ui.chat.locator('header .model');
    const size = async () => {
      const match = /^gpt-4o-mini · (≈?)([\d,]+) of 128,000 tokens$/.exec((await header.innerText()).trim());
      assert.ok(match, `header reads: ${await header.innerText()}`);
      return { approx: match[1] === '≈', tokens: Number(match[2]!.replace(/,/g, '')) };
    };
    const empty = await size();
    await exchange('Count me.', 'Counted: this answer adds some tokens to the conversation.', 1);
    await until(async () => (await size()).tokens > empty.tokens, 'the size grows with the conversation');
    assert.equal((await size()).approx, false, 'once a request has loaded the tokenizer, an OpenAI model is counted exactly');
  });

  describe('in three themes', () => {
    // A conversation a user would recognise: a question about selected code, answered with prose,
    // a list and code. `npm run screenshots` keeps the light and dark shots for the README.
    before(async () => {
      await ui.newChat();
      await ui.openFile('math.ts');
      await ui.selectLines(1, 3);
      await ui.editorContextMenu('export function add', 'Ask About Selection…');
      fake.script({
        kind: 'reply',
        text: [
          '`add` returns the sum of its two numbers. TypeScript checks both arguments, so `add("1", 2)` does not compile.',
          '- **Pure**: no side effects, the same inputs always give the same result',
          '- **Typed**: `number` in, `number` out',
          'A variant that sums any count of numbers:',
          '```typescript\nexport function sum(...values: number[]): number {\n  return values.reduce((total, value) => total + value, 0);\n}\n```',
        ].join('\n\n'),
      });
      await ui.quickInput({ row: 'Explain' });
      await ui.answerDone(1);
    });

    for (const [theme, file, kind] of [
      ['Light Modern', 'light', 'vs'],
      ['Dark Modern', 'dark', 'vs-dark'],
      ['Dark High Contrast', 'high-contrast', 'hc-black'],
    ] as const) {
      it(`looks right in the ${file} theme (screenshot kept)`, async () => {
        await runCommand(workbench(), 'Preferences: Color Theme');
        await ui.quickInput({ text: theme }, 'Select Color Theme');
        await workbench().locator(`.monaco-workbench.${kind}`).waitFor();
        await ui.open();
        await ui.answers.first().locator('.code-block .hljs-keyword').first().waitFor();
        const shot = await screenshot(workbench(), `theme-${file}`);
        assert.ok(existsSync(shot));
        if (process.env.PARLEY_README_SCREENSHOTS && file !== 'high-contrast')
          copyFileSync(shot, join(__dirname, '..', '..', '..', 'docs', 'images', `parley-${file}.png`));
        // The webview takes its colours from the theme: the body's background follows it.
        const background = await ui.chat.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
        const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
        const lightness = ((r ?? 0) + (g ?? 0) + (b ?? 0)) / 3;
        assert.ok(file === 'light' ? lightness > 200 : lightness < 60, `${file} background is ${background}`);
      });
    }
  });
});
