// Providers and models in the composer's toolbar: the model picker lists what the server offers, and a
// conversation switches provider and model midway, its next request going to the new server.
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

  const providerPicker = () => ui.chat.getByRole('combobox', { name: 'Provider' });
  const modelField = () => ui.chat.locator('input.model-picker');
  const modelStatus = () => ui.chat.locator('.model-status');
  const listedModels = () => ui.chat.locator('#parley-models option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

  /** Until GET /v1/models has been asked more than `count` times and its answer is shown. */
  async function listedAfter(count: number, status: string): Promise<void> {
    await until(() => fake.modelListRequests > count, 'Refresh to ask the server again');
    await modelStatus().getByText(status).waitFor();
  }

  it('the model picker lists what the server offers, and Refresh asks again', async () => {
    await modelStatus().getByText('2 models').waitFor(); // the fake's own list, fetched when the panel opened
    fake.setModels(['alpha-model', 'beta-model', 'gpt-4o-mini']);
    const asked = fake.modelListRequests;
    await ui.button('Refresh the model list').click();
    // The status already read "N models" before the click; only the server's new answer counts.
    await listedAfter(asked, '3 models');
    assert.deepEqual(await listedModels(), ['alpha-model', 'beta-model', 'gpt-4o-mini']);
    assert.equal(await modelField().inputValue(), 'gpt-4o-mini');
  });

  it('while Refresh waits for the server, the picker goes on offering the models it listed', async () => {
    const release = fake.holdModelLists();
    const asked = fake.modelListRequests;
    fake.setModels(['gamma-model', 'delta-model', 'epsilon-model', 'gpt-4o-mini']);
    await ui.button('Refresh the model list').click();
    await modelStatus().getByText('Listing models…').waitFor();
    assert.deepEqual(await listedModels(), ['alpha-model', 'beta-model', 'gpt-4o-mini'], 'the list before the refresh');
    release();
    await listedAfter(asked, '4 models');
    assert.deepEqual(await listedModels(), ['delta-model', 'epsilon-model', 'gamma-model', 'gpt-4o-mini']);
  });

  it('switches provider and model mid-conversation: the next request goes to the new server and model', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'Hi from the custom server.' });
    await ui.ask('Hello?');
    await (await ui.answerDone(1)).getByText('Hi from the custom server.').waitFor();
    assert.equal((fake.requests[0]!.body as Body).model, 'gpt-4o-mini');

    // A server that states a model's context window (as vLLM and OpenRouter do) sets the header's.
    ollama.setModels(['llama3.2', { id: 'qwen2.5-coder', context_length: 32_768 }]);
    await providerPicker().selectOption('ollama');
    await modelStatus().getByText('2 models').waitFor();
    assert.deepEqual(await listedModels(), ['llama3.2', 'qwen2.5-coder']);
    await modelField().fill('qwen2.5-coder');
    await modelField().press('Enter');
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
    await providerPicker().selectOption('custom');
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

  it('a model list that fails says why in the header', async () => {
    await providerPicker().selectOption('lmstudio');
    await modelStatus()
      .getByText(/Could not list the models: Could not reach/)
      .waitFor();
    await providerPicker().selectOption('custom');
    await modelStatus()
      .getByText(/\d+ models?/)
      .waitFor();
  });
});
