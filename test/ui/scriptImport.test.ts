// Import Chats… reads a Markdown script that is then continued (the next request carries its
// turns), and lists the histories other tools left on this machine: a Cline task is imported
// from that list and read in the panel.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CodeServer } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { REPO_ROOT } from '../support/codeServer';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

const SCRIPT = '# Names\n\n**User:** My name is Ada.\n\n**Assistant:** Hello, Ada!\n';

describe('Import Chats… reads scripts and other tools’ histories', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let server: CodeServer;
  let browser: Browser;
  let ui: ParleyUi;

  const editor = useEditorSession('ui-script-import', (started) => ({
    settings: { 'parley.baseUrl': started.baseUrl, 'parley.model': 'gpt-4o-mini' },
  }));
  const workbench = () => browser.page;
  const toast = (text: string) => workbench().locator('.notification-toast', { hasText: text }).first().waitFor();

  before(() => {
    ({ fake, server, browser, ui } = editor);
    writeFileSync(join(server.workspace, 'names.md'), SCRIPT);
    // Cline keeps each task in its global storage, a sibling of Parley's.
    const task = join(server.userDataDir, 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'tasks', '1760200000000');
    mkdirSync(task, { recursive: true });
    copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'imports', 'api_conversation_history.json'), join(task, 'api_conversation_history.json'));
  });

  it('a Markdown script imports, and its next question carries the imported turns', async () => {
    await ui.explorerContextMenu('names.md', 'Import Chats…');
    await toast('imported 1 conversation');
    await ui.chat.locator('h1', { hasText: 'Names' }).waitFor();
    await ui.questions.first().getByText('My name is Ada.').waitFor();
    await ui.answers.first().getByText('Hello, Ada!').waitFor();

    fake.script({ kind: 'reply', text: 'Your name is Ada.' });
    await ui.ask('What is my name?');
    await (await ui.answerDone(2)).getByText('Your name is Ada.').waitFor();
    const messages = (fake.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages;
    assert.deepEqual(
      messages.filter((m) => m.role !== 'system'),
      [
        { role: 'user', content: 'My name is Ada.' },
        { role: 'assistant', content: 'Hello, Ada!' },
        { role: 'user', content: 'What is my name?' },
      ],
    );
  });

  it('lists the Cline task found on this machine beside From a file…, and imports it', async () => {
    const input = workbench().locator('.quick-input-widget input.input');
    await workbench().keyboard.press('F1');
    await input.fill('>Parley: Import Chats');
    await workbench().locator('.quick-input-list .monaco-list-row', { hasText: 'Import Chats' }).first().click();
    const pick = workbench().locator('.quick-input-widget input.input[aria-label*="Import Chats"]');
    await pick.waitFor();
    await workbench().locator('.quick-input-list .monaco-list-row', { hasText: 'From a file…' }).waitFor();
    await workbench().locator('.quick-input-list .monaco-list-row', { hasText: 'Cline tasks' }).getByText('1 conversation').waitFor();
    await ui.quickInput({ row: 'Cline tasks' }, 'Import Chats');
    await toast('imported 1 conversation');

    await ui.open();
    await ui.button('History').click();
    await ui.chat.getByRole('region', { name: 'Conversation list' }).locator('.history-open', { hasText: 'Add a README' }).click();
    await ui.chat.locator('h1', { hasText: 'Add a README' }).waitFor();
    await ui.questions.first().getByText('Add a README').waitFor();
    await ui.answers.first().getByText('I will write it.').waitFor();
    await ui.answers.nth(1).getByText('Done: README.md is written.').waitFor();
  });

  // One file of each other tool's format, imported as a user would (right-click it in the Explorer),
  // each read back in the panel.
  for (const [file, conversations, title, question] of [
    ['vscode-chat-session.json', 1, 'Explain the debounce helper', 'What does debounce do?'],
    ['vscode-chat-session.jsonl', 1, 'Closures in JavaScript', 'What is a closure?'],
    ['continue-session.json', 1, 'Sorting a list in Python', 'How do I sort a list in place?'],
    ['conversations.json', 2, 'Rust lifetimes', 'What is a lifetime?'],
    ['cline_task_nov-1-2025_10-00-00-am.md', 1, undefined, 'Explain this regex'],
  ] as const) {
    it(`imports ${file} and shows its turns`, async () => {
      copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'imports', file), join(server.workspace, file));
      await ui.explorerContextMenu(file, 'Import Chats…');
      await toast(`imported ${conversations} conversation`);
      await ui.open();
      await ui.button('History').click();
      const rows = ui.chat.getByRole('region', { name: 'Conversation list' }).locator('.history-open');
      await rows
        .filter({ hasText: title ?? question })
        .first()
        .click();
      await ui.questions.first().getByText(question).waitFor();
      assert.ok((await ui.answers.count()) >= 1, 'its answers are shown too');
    });
  }
});
