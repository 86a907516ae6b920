// Parley inside VS Code's own Chat view, driven as a user drives it: Parley's models in the Chat
// view's model picker (a tool-calling one in Agent mode, a chat-only one only in Ask mode), `@parley`
// answering there with the profile's system message, and its conversation opened in Parley's panel.
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { Browser } from '../support/codeServer';
import { runCommand, screenshot } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { until } from '../support/until';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

interface SentMessage {
  readonly role: string;
  readonly content: string;
}

describe('Parley in VS Code’s Chat view', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let browser: Browser;
  let ui: ParleyUi;

  const editor = useEditorSession('ui-chat-view', (started) => {
    started.setModels([
      { id: 'tool-model', context_length: 32_000, supported_parameters: ['temperature', 'tools'] },
      { id: 'chat-model', context_length: 8_000, supported_parameters: ['temperature'] },
    ]);
    return {
      settings: {
        // The Chat view is what this suite is about.
        'chat.disableAIFeatures': false,
        'parley.provider': 'custom',
        'parley.baseUrl': started.baseUrl,
      },
    };
  });
  const workbench = () => browser.page;
  const chatView = () => workbench().locator('.part.auxiliarybar .chat-viewpane');
  const modelPicker = () => chatView().locator('.model-picker-item').first();
  const lastResponse = () => chatView().locator('.interactive-item-container.interactive-response').last();

  const pickerRows = () => workbench().locator('.action-widget .monaco-list-row');

  /** Opens the model picker with every model in view: Ask mode folds the rest under "Other Models". */
  async function openPicker(): Promise<void> {
    await modelPicker().click();
    await pickerRows().first().waitFor();
    const others = pickerRows().filter({ hasText: 'Other Models' });
    if ((await others.count()) > 0) {
      const count = await pickerRows().count();
      await others.first().click();
      await until(async () => (await pickerRows().count()) > count, 'the other models to unfold');
    }
  }

  /** The names the Chat view's model picker lists now. */
  async function pickerModels(): Promise<string[]> {
    await openPicker();
    const names = await pickerRows().allInnerTexts();
    await workbench().keyboard.press('Escape');
    return names.map((n) => n.trim());
  }

  async function pickModel(name: string): Promise<void> {
    await openPicker();
    await pickerRows().filter({ hasText: name }).first().click();
    await chatView().locator('.model-picker-item', { hasText: name }).waitFor();
  }

  /** Types into the Chat view's input and sends, as a user does. */
  async function send(text: string): Promise<Locator> {
    const before = await chatView().locator('.interactive-item-container.interactive-response').count();
    // A placeholder covers the input's textarea: click the editor itself.
    await chatView().locator('.interactive-input-part .monaco-editor').first().click();
    await workbench().keyboard.type(text);
    await workbench().keyboard.press('Enter');
    await chatView().locator('.interactive-item-container.interactive-response').nth(before).waitFor();
    return lastResponse();
  }

  before(async () => {
    ({ fake, browser, ui } = editor);
    // Parley is active (its panel is open), so the Chat view can hand `@parley` to it.
    await runCommand(workbench(), 'Chat: Open Chat');
    await chatView().waitFor();
  });

  it('lists Parley’s models in the picker, honestly: Agent mode only the one that calls tools, Ask mode both', async () => {
    await runCommand(workbench(), 'Chat: Open Chat (Agent)');
    const agent = await pickerModels();
    assert.ok(
      agent.some((n) => n.includes('tool-model')),
      `Agent mode lists the tool-calling model: ${JSON.stringify(agent)}`,
    );
    assert.ok(!agent.some((n) => n.includes('chat-model')), `Agent mode leaves the chat-only model out: ${JSON.stringify(agent)}`);
    await runCommand(workbench(), "Parley: Chat in VS Code's Chat View");
    const ask = await pickerModels();
    assert.ok(
      ask.some((n) => n.includes('chat-model')),
      `Ask mode lists the chat-only model: ${JSON.stringify(ask)}`,
    );
  });

  it('@parley answers with a chat-only model, steered by the profile, and the chat opens in Parley’s panel', async () => {
    await pickModel('chat-model');
    fake.script({ kind: 'reply', text: 'A p-value is the chance of data this extreme if nothing is going on.' });
    // Parley: Chat in VS Code's Chat View typed `@parley ` already.
    const response = await send('What is a p-value?');
    await response.locator('.rendered-markdown', { hasText: 'chance of data this extreme' }).waitFor();
    await response.getByText('Steered by “General”').waitFor();
    const messages = (fake.requests.at(-1)!.body as { model: string; messages: SentMessage[] }).messages;
    assert.equal((fake.requests.at(-1)!.body as { model: string }).model, 'chat-model');
    assert.equal(messages[0]?.role, 'system', 'Parley’s own model gets a real system message');
    assert.deepEqual(messages.at(-1), { role: 'user', content: 'What is a p-value?' });
    await screenshot(workbench(), 'chat-view-answer');

    await response.getByRole('button', { name: 'Open in Parley' }).click();
    await ui.questions.first().getByText('What is a p-value?').waitFor();
    await ui.answers.first().getByText('chance of data this extreme').waitFor();
  });

  for (const [theme, file, kind] of [
    ['Light Modern', 'light', 'vs'],
    ['Dark High Contrast', 'high-contrast', 'hc-black'],
  ] as const) {
    it(`shows the answer in the ${file} theme (screenshot kept)`, async () => {
      await runCommand(workbench(), 'Preferences: Color Theme');
      await ui.quickInput({ text: theme }, 'Select Color Theme');
      await workbench().locator(`.monaco-workbench.${kind}`).waitFor();
      await lastResponse().getByText('Steered by').waitFor();
      await screenshot(workbench(), `chat-view-${file}`);
    });
  }
});
