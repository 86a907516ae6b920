// Parley in a view of its own, as well as in an editor tab: moved from the tab to the side bar and
// back by a user, the same conversation goes on in either; "Open Chat" opens it where it was last;
// while the tab draws it, the view says so and brings it back.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { runCommand, screenshot } from '../support/codeServer';
import { ParleyUi } from './parleyUi';
import { until } from '../support/until';
import { useEditorSession } from './editorSession';

describe('Parley in the side bar', function () {
  this.timeout(120_000);
  const editor = useEditorSession('ui-side-bar', (fake) => ({ settings: { 'parley.provider': 'custom', 'parley.baseUrl': fake.baseUrl } }));
  const page = () => editor.browser.page;
  const webviews = () => page().locator('iframe.webview[src*="extensionId=parley.parley"]');
  /** Parley's webviews, each by what it shows: the chat, or the view's line that the chat is in a tab. */
  async function frames(): Promise<{ chats: FrameLocator[]; shownElsewhere: FrameLocator[] }> {
    const all = Array.from({ length: await webviews().count() }, (_, i) =>
      page().frameLocator('iframe.webview[src*="extensionId=parley.parley"]').nth(i).frameLocator('#active-frame'),
    );
    const placeholders = await Promise.all(all.map(async (frame) => (await frame.locator('.shown-elsewhere').count()) > 0));
    return { chats: all.filter((_, i) => !placeholders[i]), shownElsewhere: all.filter((_, i) => placeholders[i]) };
  }
  const chatTab = () => page().locator('.tabs-container .tab', { hasText: 'Parley' });

  it('moves the conversation from its tab to the side bar, where it goes on with everything said before', async () => {
    const { fake, ui } = editor;
    fake.script({ kind: 'reply', text: 'Paris.' });
    await ui.ask('What is the capital of France?');
    await (await ui.answerDone(1)).getByText('Paris.').waitFor();
    await runCommand(page(), 'Parley: Move Chat to Side Bar');
    await chatTab().waitFor({ state: 'detached' });
    assert.equal(await webviews().count(), 1, 'the tab is gone: only the view is left');
    const view = editor.ui;
    await view.answers.first().getByText('Paris.').waitFor();
    fake.script({ kind: 'reply', text: 'Paris is the capital.' });
    await view.ask('Say that in one sentence.');
    await (await view.answerDone(2)).getByText('Paris is the capital.').waitFor();
    const sent = (fake.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] }).messages.filter((m) => m.role !== 'system');
    assert.deepEqual(
      sent.slice(-3).map((m) => [m.role, m.content]),
      [
        ['user', 'What is the capital of France?'],
        ['assistant', 'Paris.'],
        ['user', 'Say that in one sentence.'],
      ],
      'the follow-up carried the exchange from the tab',
    );
    await screenshot(page(), 'side-bar-chat');
    // Where the user left it: with the side bar closed, Open Chat opens the view again, not a tab.
    await runCommand(page(), 'View: Close Primary Side Bar');
    await view.composer.waitFor({ state: 'hidden' });
    await runCommand(page(), 'Parley: Open Chat');
    await view.questions.nth(1).waitFor();
    await page().locator('.part.sidebar', { hasText: 'Parley' }).waitFor();
    assert.equal(await chatTab().count(), 0, 'no tab was opened');
  });

  it('moves it back to a tab; the view then says where it is and brings it back', async () => {
    await runCommand(page(), 'Parley: Move Chat to Editor Tab');
    await chatTab().waitFor();
    await until(async () => (await frames()).shownElsewhere.length === 1, 'the view to say the chat is in a tab');
    const { chats, shownElsewhere } = await frames();
    assert.equal(chats.length, 1, 'one webview draws the chat');
    const tab = new ParleyUi(page(), chats[0]!);
    await tab.questions.nth(1).waitFor();
    assert.deepEqual(await tab.questionTexts(), ['What is the capital of France?', 'Say that in one sentence.']);
    await shownElsewhere[0]!.getByText('Parley is open in an editor tab.').waitFor();
    await screenshot(page(), 'side-bar-shown-elsewhere');
    await shownElsewhere[0]!.getByRole('link', { name: 'Move it here' }).click();
    await chatTab().waitFor({ state: 'detached' });
    await until(async () => (await webviews().count()) === 1, 'the tab closed');
    await editor.ui.questions.nth(1).waitFor();
    assert.deepEqual(await editor.ui.questionTexts(), ['What is the capital of France?', 'Say that in one sentence.']);
  });

  it('moves while an answer streams, and the answer goes on in the tab to its last word', async () => {
    const { fake, ui } = editor;
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    fake.script({ kind: 'reply', text, chunkSize: 6, delayMs: 50 });
    await ui.ask('Count for me.');
    await ui.answers.nth(2).getByText('word3', { exact: false }).waitFor();
    await runCommand(page(), 'Parley: Move Chat to Editor Tab');
    await chatTab().waitFor();
    await until(async () => (await frames()).shownElsewhere.length === 1, 'the view to say the chat is in a tab');
    const tab = new ParleyUi(page(), (await frames()).chats[0]!);
    const answer = await tab.answerDone(3);
    assert.equal((await answer.locator('.body').innerText()).trim(), text, 'every word arrived, once, in order');
  });
});
