// Branches in the real editor: Regenerate and Edit & Resend keep every version, ‹ › moves between
// them, the next request carries the branch on screen, and Fork from here makes a second
// conversation that History lists and that links back to the first.
import * as assert from 'node:assert/strict';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { until } from '../support/until';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

type Message = { role: string; content: string };

describe('Branches and forks in a real editor', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let ui: ParleyUi;
  const messages = (i: number) => (fake.requests[i]!.body as { messages: Message[] }).messages.filter((m) => m.role !== 'system');

  const editor = useEditorSession('ui-branches', (started) => ({ settings: { 'parley.baseUrl': started.baseUrl, 'parley.model': 'gpt-4o-mini' } }));
  before(async () => {
    ({ fake, ui } = editor);
    // The first request asks for a key; give it one so every later request goes out.
    fake.script({ kind: 'status', status: 401 }, { kind: 'reply', text: 'Hello.' });
    await ui.ask('Hello?');
    await ui.answers.first().getByRole('button', { name: 'Set API Key' }).click();
    await ui.quickInput({ text: 'sk-test' });
    await ui.answers.first().getByText('Hello.').waitFor();
    await ui.newChat();
    fake.reset();
  });

  it('regenerate twice, move between the three answers with ‹ ›, and the follow-up carries the one on screen', async () => {
    fake.script({ kind: 'reply', text: 'Red.' }, { kind: 'reply', text: 'Green.' }, { kind: 'reply', text: 'Blue.' });
    await ui.ask('Name a colour.');
    await (await ui.answerDone(1)).getByText('Red.').waitFor();
    const answer = ui.answers.first();
    await answer.getByRole('button', { name: 'Regenerate answer' }).click();
    await answer.getByText('Green.').waitFor();
    await (await ui.answerDone(1)).getByRole('button', { name: 'Regenerate answer' }).click();
    await answer.getByText('Blue.').waitFor();
    await ui.answerDone(1);
    const versions = answer.getByRole('group', { name: 'Version 3 of 3' });
    await versions.getByText('3 / 3').waitFor();
    assert.equal(await answer.getByRole('button', { name: 'Next version (Version 3 of 3)' }).isDisabled(), true, 'no version after the newest');

    // With the keyboard: the focus stays on ‹ as the versions change under it.
    await answer.getByRole('button', { name: 'Previous version (Version 3 of 3)' }).focus();
    await ui.page.keyboard.press('Enter');
    await answer.getByText('Green.').waitFor();
    await until(async () => (await ui.chat.locator(':focus').getAttribute('aria-label')) === 'Previous version (Version 2 of 3)', 'focus stays on ‹');
    await ui.page.keyboard.press('Enter');
    await answer.getByText('Red.').waitFor();
    await answer.getByRole('button', { name: 'Next version (Version 1 of 3)' }).click();
    await answer.getByText('Green.').waitFor();
    assert.equal(await ui.answers.count(), 1);

    fake.script({ kind: 'reply', text: 'Green is calm.' });
    await ui.ask('Why that one?');
    await (await ui.answerDone(2)).getByText('Green is calm.').waitFor();
    await fake.waitForRequests(4);
    assert.deepEqual(messages(3), [
      { role: 'user', content: 'Name a colour.' },
      { role: 'assistant', content: 'Green.' },
      { role: 'user', content: 'Why that one?' },
    ]);
  });

  it('edit a question: the new version shows alone, and the old branch is still there', async () => {
    fake.script({ kind: 'reply', text: 'Cats purr.' });
    await ui.questions.first().getByRole('button', { name: 'Edit and resend this question' }).click();
    await ui.composer.fill('Name an animal.');
    await ui.composer.press('Enter');
    await (await ui.answerDone(1)).getByText('Cats purr.').waitFor();
    assert.deepEqual(await ui.questionTexts(), ['Name an animal.']);
    await ui.questions.first().getByRole('button', { name: 'Previous version (Version 2 of 2)' }).click();
    await ui.questions.nth(1).getByText('Why that one?').waitFor();
    assert.deepEqual(await ui.questionTexts(), ['Name a colour.', 'Why that one?']);
    await ui.answers.first().getByText('Green.').waitFor();
  });

  it('Fork from here makes a second conversation, listed in History, that links back', async () => {
    await ui.answers.first().getByRole('button', { name: 'Fork from here: a new conversation with the messages up to this one' }).click();
    await ui.chat.getByRole('note').getByRole('button', { name: 'Open the original conversation, “Name a colour.”' }).waitFor();
    await until(async () => (await ui.questionTexts()).join('|') === 'Name a colour.', 'the fork holds the turns up to the answer');
    await ui.answers.first().getByText('Green.').waitFor();
    await ui.chat.locator('h1', { hasText: 'Name a colour. (fork)' }).waitFor();

    fake.script({ kind: 'reply', text: 'Forest green.' });
    await ui.ask('A darker one?');
    await (await ui.answerDone(2)).getByText('Forest green.').waitFor();
    assert.deepEqual(messages(fake.requests.length - 1), [
      { role: 'user', content: 'Name a colour.' },
      { role: 'assistant', content: 'Green.' },
      { role: 'user', content: 'A darker one?' },
    ]);

    const history = ui.chat.getByRole('region', { name: 'Conversation list' });
    await ui.button('History').click();
    const titles = async () => (await history.locator('.history-title').allInnerTexts()).map((t) => t.trim());
    await until(async () => {
      const shown = await titles();
      return shown.includes('Name a colour. (fork)') && shown.includes('Name a colour.');
    }, 'History lists both conversations');
    await history.getByRole('button', { name: 'Close conversation list' }).click();

    await ui.chat.getByRole('button', { name: 'Open the original conversation, “Name a colour.”' }).click();
    await ui.questions.nth(1).getByText('Why that one?').waitFor();
    assert.deepEqual(await ui.questionTexts(), ['Name a colour.', 'Why that one?']);
  });
});
