// Providers and models in the composer's toolbar: the model button's quick pick lists what the server
// offers, and a conversation switches provider and model midway, its next request going to the new server.
import * as assert from 'node:assert/strict';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { until } from '../support/until';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

type Body = { model: string; messages: { role: string; content: string }[] };

describe('Parley providers and models in a real editor', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let ollama: FakeOpenAI;
  let gone: FakeOpenAI;
  let ui: ParleyUi;

  // Started before the editor, whose settings point the Ollama and LM Studio presets at them.
  before(async () => {
    ollama = await FakeOpenAI.start();
    gone = await FakeOpenAI.start();
    await gone.close();
  });
  const editor = useEditorSession('providers', (started) => ({
    settings: {
      'parley.provider': 'custom',
      'parley.baseUrl': started.baseUrl,
      'parley.providerUrls': { ollama: ollama.baseUrl, lmstudio: gone.baseUrl },
      'parley.model': 'gpt-4o-mini',
      'parley.prices': { 'qwen2.5-coder': { input: 1000, output: 2000 } },
    },
  }));
  before(() => ({ fake, ui } = editor));
  afterEach(() => ollama.reset());
  after(() => ollama.close());

  const modelStatus = () => ui.chat.locator('.model-status');
  /** The model button's tooltip holds what the provider lists: "Model: gpt-4o-mini · 2 models". */
  const listedCount = (count: string) =>
    until(async () => ((await ui.picker('Model').getAttribute('title')) ?? '').endsWith(`· ${count}`), `the model button to say ${count}`);
  const modelRows = () => ui.quickPickLabels();
  const refresh = () => ui.page.locator('.quick-input-widget').getByRole('button', { name: 'Refresh the model list' });

  it("the model button's quick pick lists what the server offers, the current model marked, and Refresh asks again", async () => {
    await listedCount('2 models'); // the fake's own list, fetched when the panel opened
    assert.equal(await ui.picker('Model').getAttribute('aria-label'), 'Model: gpt-4o-mini');
    await ui.picker('Model').click();
    await ui.pickInput('Model').waitFor();
    assert.deepEqual(await modelRows(), ['gpt-4o', 'gpt-4o-mini']);
    await ui.quickPickRows('gpt-4o-mini').locator('.label-description', { hasText: 'current' }).waitFor();
    fake.setModels(['alpha-model', 'beta-model', 'gpt-4o-mini']);
    const asked = fake.modelListRequests;
    await refresh().click();
    await until(() => fake.modelListRequests > asked, 'Refresh to ask the server again');
    // The list is redrawn in the open quick pick when the server answers.
    await until(async () => (await modelRows()).join() === 'alpha-model,beta-model,gpt-4o-mini', 'the new list in the quick pick');
    await ui.page.keyboard.press('Escape');
    await ui.pickInput('Model').waitFor({ state: 'hidden' });
    await listedCount('3 models');
    assert.equal(await ui.picker('Model').getAttribute('aria-label'), 'Model: gpt-4o-mini', 'closing the pick changes nothing');
  });

  it('while Refresh waits for the server, the quick pick goes on offering the models it listed', async () => {
    const release = fake.holdModelLists();
    const asked = fake.modelListRequests;
    fake.setModels(['gamma-model', 'delta-model', 'epsilon-model', 'gpt-4o-mini']);
    await ui.picker('Model').click();
    await ui.pickInput('Model').waitFor();
    await refresh().click();
    // Busy: the quick pick's progress bar, and the panel's status (for screen readers) and spinning button.
    await until(async () => (await modelStatus().textContent()) === 'Listing models…', 'the status to say the list is coming');
    await ui.picker('Model').locator('.codicon-loading').waitFor();
    await until(() => fake.modelListRequests > asked, 'Refresh to ask the server again');
    assert.deepEqual(await modelRows(), ['alpha-model', 'beta-model', 'gpt-4o-mini'], 'the list before the refresh');
    release();
    await until(async () => (await modelRows()).join() === 'delta-model,epsilon-model,gamma-model,gpt-4o-mini', 'the new list in the quick pick');
    await ui.page.keyboard.press('Escape');
    await listedCount('4 models');
    assert.equal(await ui.picker('Model').locator('.codicon-loading').count(), 0, 'the button stops spinning');
  });

  it('switches provider and model mid-conversation: the next request goes to the new server and model', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'Hi from the custom server.' });
    await ui.ask('Hello?');
    await (await ui.answerDone(1)).getByText('Hi from the custom server.').waitFor();
    assert.equal((fake.requests[0]!.body as Body).model, 'gpt-4o-mini');

    // A server that states a model's context window (as vLLM and OpenRouter do) sets the header's.
    ollama.setModels(['llama3.2', { id: 'qwen2.5-coder', context_length: 32_768 }]);
    await ui.choose('Provider', { label: 'Ollama' });
    await ui.chat.getByRole('button', { name: 'Provider: Ollama' }).waitFor();
    await listedCount('2 models');
    await ui.picker('Model').click();
    // The model the conversation goes on with is first, marked current, though Ollama does not list it.
    await until(async () => (await modelRows()).join() === 'gpt-4o-mini,llama3.2,qwen2.5-coder', "Ollama's models in the quick pick");
    await ui.quickPickRows('qwen2.5-coder').click();
    await ui.pickInput('Model').waitFor({ state: 'hidden' });
    await ui.chat.locator('.model', { hasText: 'qwen2.5-coder' }).waitFor();
    await ui.chat.locator('.model', { hasText: 'of 32,768 tokens' }).waitFor();

    ollama.script({ kind: 'reply', text: 'Hi from Ollama.' });
    await ui.ask('And now?');
    await (await ui.answerDone(2)).getByText('Hi from Ollama.').waitFor();
    assert.equal(fake.requests.length, 1, 'nothing more went to the first server');
    assert.equal(ollama.requests.length, 1);
    const body = ollama.requests[0]!.body as Body;
    assert.equal(body.model, 'qwen2.5-coder');
    assert.deepEqual(body.messages.slice(-3), [
      { role: 'user', content: 'Hello?' },
      { role: 'assistant', content: 'Hi from the custom server.' },
      { role: 'user', content: 'And now?' },
    ]);
    assert.equal(ollama.requests[0]!.headers.authorization, undefined, 'a local server gets no key');

    // Usage from the server under each answer, priced where a price is set, and the total.
    const prompt = body.messages.reduce((sum, m) => sum + Math.ceil(m.content.length / 4), 0);
    const output = Math.ceil('Hi from Ollama.'.length / 4);
    const cost = (prompt * 1000 + output * 2000) / 1_000_000;
    await ui.answers
      .nth(1)
      .locator('.usage', { hasText: `${prompt} tokens in · ${output} out · $${cost.toFixed(2)}` })
      .waitFor();
    await ui.chat.locator('.usage-total', { hasText: 'Total:' }).waitFor();

    // Back to the custom server: the choice is the conversation's, and the picker follows it.
    await ui.choose('Provider', { label: 'Custom OpenAI-compatible server' });
    await ui.chat.locator('.model', { hasText: 'gpt-4o-mini' }).waitFor();
    await ui.ask('Still there?');
    await ui.answerDone(3);
    assert.equal(fake.requests.length, 2);
    assert.equal((fake.requests[1]!.body as Body).model, 'gpt-4o-mini', 'its default model: none was picked for it');
  });

  it("a reasoning model's thinking shows apart from its answer, open while it thinks, and is not sent back", async () => {
    await ui.newChat();
    const asked = fake.requests.length;
    fake.script(
      { kind: 'reply', reasoning: 'The user asks for a prime. 7 is prime.', text: 'Seven.', chunkSize: 3, delayMs: 60 },
      // Inline, as DeepSeek-R1 or Qwen3 answer when their server runs no reasoning parser.
      { kind: 'reply', text: '<think>Halve it: 3.5.</think>\n\nAbout 3.5.' },
    );
    await ui.ask('Name a prime.');
    const first = ui.answers.first();
    await first.locator('details.reasoning[open] summary', { hasText: 'Thinking…' }).waitFor();
    await ui.answerDone(1);
    await first.locator('.body').getByText('Seven.').waitFor();
    // Closed once the answer came; the user opens it.
    assert.equal(await first.locator('details.reasoning').getAttribute('open'), null);
    await first.locator('details.reasoning summary', { hasText: 'Reasoning' }).click();
    await first.locator('.reasoning-text').getByText('The user asks for a prime. 7 is prime.').waitFor();
    assert.equal((await first.locator('.body').innerText()).trim(), 'Seven.');

    await ui.ask('Half of it?');
    const second = await ui.answerDone(2);
    await second.locator('.body').getByText('About 3.5.').waitFor();
    assert.equal(await second.locator('.reasoning-text').textContent(), 'Halve it: 3.5.');
    assert.equal((await second.locator('.body').innerText()).trim(), 'About 3.5.');
    // Each finished answer has one Save as Example, last in its head, and one usage line under it, however it was last redrawn.
    for (const answer of [first, second]) {
      const save = answer.getByRole('button', { name: 'Save as Example' });
      assert.equal(await save.count(), 1);
      assert.equal(await save.evaluate((b) => b.parentElement?.classList.contains('turn-actions') && b === b.parentElement.lastElementChild), true);
      assert.equal(await answer.locator(':scope > .usage').count(), 1);
    }
    assert.deepEqual((fake.requests[asked + 1]!.body as Body).messages.slice(-3), [
      { role: 'user', content: 'Name a prime.' },
      { role: 'assistant', content: 'Seven.' },
      { role: 'user', content: 'Half of it?' },
    ]);
  });

  it('a model list that fails says why under the toolbar', async () => {
    await ui.choose('Provider', { label: 'LM Studio' });
    await modelStatus()
      .getByText(/Could not list the models: Could not reach/)
      .waitFor();
    await ui.choose('Provider', { label: 'Custom OpenAI-compatible server' });
    await until(async () => /· \d+ models?$/.test((await ui.picker('Model').getAttribute('title')) ?? ''), 'the count in the model button');
    assert.equal(await modelStatus().textContent(), '', 'the failure is gone');
  });
});
