// Every provider as it really speaks, through the panel: each recorded stream and error of
// test/fixtures/providers/ replayed byte for byte by the fake server, and what the user reads. And
// the header's window when a local server says it runs a model with less than the model reads.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenshot } from '../support/codeServer';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { PROVIDER_FIXTURES, providerFixtures, replayStep } from '../support/providerFixtures';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

describe('Parley in a real editor, against what each provider really sends', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let ui: ParleyUi;
  let ollama: FakeOpenAI;
  let llamacpp: FakeOpenAI;

  before(async () => {
    ollama = await FakeOpenAI.start();
    llamacpp = await FakeOpenAI.start();
  });
  const editor = useEditorSession('provider-formats', (started) => ({
    settings: {
      'parley.provider': 'custom',
      'parley.baseUrl': started.baseUrl,
      'parley.providerUrls': { ollama: ollama.baseUrl, llamacpp: llamacpp.baseUrl },
      'parley.model': 'the-model',
      // Azure's replies come through Parley's Azure provider: its deployment URL and api-key header.
      'parley.azure.endpoint': started.origin,
      'parley.azure.deployment': 'the-deployment',
    },
    env: { AZURE_OPENAI_API_KEY: 'azure-test-key' },
  }));
  before(() => ({ fake, ui } = editor));
  after(() => Promise.all([ollama.close(), llamacpp.close()]));

  /** Types the model in the model button's quick pick and presses Enter, as a name typed by hand. */
  async function pickModel(model: string): Promise<void> {
    await ui.choose('Model', { text: model });
    await ui.chat.locator('.model', { hasText: model }).waitFor();
    await ui.chat.getByRole('button', { name: `Model: ${model}`, exact: true }).waitFor();
  }

  for (const fixture of providerFixtures()) {
    it(`${fixture.name}: ${fixture.expect.outcome === 'complete' ? 'the answer and its thinking' : 'the failure, in the server’s words'}`, async () => {
      await ui.newChat();
      const azure = fixture.provider === 'azure';
      if (azure) {
        await ui.choose('Provider', { label: 'Azure OpenAI' });
        await ui.chat.locator('.model', { hasText: 'the-deployment' }).waitFor();
      } else {
        // A model of its own: what one server said about the window (an overflow's numbers) is not another's.
        await pickModel(fixture.name.replace('/', '-'));
      }
      fake.script(replayStep(fixture, 20));
      await ui.ask(`Replay ${fixture.name}`);
      const answer = await ui.answerDone(1);
      if (azure) {
        const sent = fake.requests.at(-1)!;
        assert.equal(sent.path, '/openai/deployments/the-deployment/chat/completions');
        assert.equal(sent.headers['api-key'], 'azure-test-key');
        await ui.choose('Provider', { label: 'Custom OpenAI-compatible server' });
      }
      const shown = await answer.innerText();
      assert.doesNotMatch(shown, /\[object Object\]/);
      const { expect } = fixture;
      if (expect.text) assert.ok(shown.includes(expect.text.trim()), `${fixture.name} shows "${expect.text}": ${shown}`);
      if (expect.reasoning) assert.equal(await answer.locator('.reasoning-text').textContent(), expect.reasoning);
      else assert.equal(await answer.locator('details.reasoning').count(), 0, 'no thinking section');
      const error = answer.locator('.error-message');
      if (expect.outcome === 'complete') {
        assert.equal(await error.count(), 0, `${fixture.name} completes: ${shown}`);
        return;
      }
      const said = (expect.failure?.serverMessage ?? expect.failure?.refusal) as string | undefined;
      const message = await error.innerText();
      if (said) assert.ok(message.includes(said), `${fixture.name} shows the server's words: ${message}`);
      if (expect.failure?.kind === 'context-length') await answer.getByRole('button', { name: 'Retry', exact: true }).waitFor();
      if (expect.failure?.reason === 'moderation-flagged') assert.match(message, /moderation flagged the question \(harassment\).*The key is fine/);
      if (expect.failure?.reason === 'content-filtered') assert.match(message, /content filter stopped the request: jailbreak fired/);
      if (expect.failure?.reason === 'model-refused') assert.match(message, /declined to answer/);
    });
  }

  const window = (provider: string, file: string): unknown => JSON.parse(readFileSync(join(PROVIDER_FIXTURES, provider, 'window', file), 'utf8'));
  it('the header shows the window Ollama runs the model with, and the answer fits into it', async () => {
    await ui.newChat();
    ollama.setModels(['qwen3:8b']);
    ollama.setServerApi({ 'GET /api/ps': window('ollama', 'api-ps.json'), 'POST /api/show': window('ollama', 'api-show.json') });
    await ui.choose('Provider', { label: 'Ollama' });
    await pickModel('qwen3:8b');
    await ui.chat.locator('.model', { hasText: 'of 4,096 tokens' }).waitFor();
    const note = ui.chat.locator('header .window-note');
    await note.getByText(/Ollama runs qwen3:8b with a 4,096-token window, though the model reads 40,960\..*OLLAMA_CONTEXT_LENGTH/).waitFor();
    await screenshot(ui.page, 'ollama-window-note');
    ollama.script({ kind: 'reply', text: 'Hi from a small window.' });
    await ui.ask('Hello?');
    await (await ui.answerDone(1)).getByText('Hi from a small window.').waitFor();
    assert.ok(
      ollama.serverApiRequests.some((request) => request.path === '/api/ps'),
      'Ollama was asked what it runs',
    );
  });

  it('Ollama loads a model it has not loaded yet before the first question, so the question fits the window it gets', async () => {
    await ui.newChat();
    // Another model than the test before's, whose window Parley has just read.
    const model = 'gemma3:4b';
    ollama.setModels([model]);
    // Without a Modelfile's num_ctx, which would state the window before the model is loaded.
    const show = { ...(window('ollama', 'api-show.json') as Record<string, unknown>), parameters: '' };
    const running = JSON.parse(JSON.stringify(window('ollama', 'api-ps.json')).replaceAll('qwen3:8b', model)) as unknown;
    const loaded = (seen: readonly { path: string }[]) => seen.some((request) => request.path === '/api/generate');
    let questionsWhenLoaded: number | undefined;
    ollama.setServerApi({
      // Not loaded: Ollama lists nothing running until a request loads the model.
      'GET /api/ps': (seen: readonly { path: string }[]) => (loaded(seen) ? running : { models: [] }),
      'POST /api/show': show,
      'POST /api/generate': () => {
        questionsWhenLoaded ??= ollama.requests.length;
        return { model, created_at: '2026-12-02T06:00:00Z', response: '', done: true, done_reason: 'load' };
      },
    });
    await ui.choose('Provider', { label: 'Ollama' });
    await pickModel(model);
    assert.equal(await ui.chat.locator('.model', { hasText: 'of 4,096 tokens' }).count(), 0, 'the window is not known before the model is loaded');
    ollama.script({ kind: 'reply', text: 'Loaded and answering.' });
    const questionsBefore = ollama.requests.length;
    await ui.ask('Hello?');
    await (await ui.answerDone(1)).getByText('Loaded and answering.').waitFor();
    const paths = ollama.serverApiRequests.map((request) => request.path);
    assert.ok(paths.includes('/api/generate'), `Ollama was asked to load the model: ${JSON.stringify(paths)}`);
    assert.equal(questionsWhenLoaded, questionsBefore, 'the model was loaded before the question went');
    await ui.chat.locator('.model', { hasText: 'of 4,096 tokens' }).waitFor();
  });

  it('the header shows the window llama.cpp was started with', async () => {
    await ui.newChat();
    llamacpp.setModels([window('llamacpp', 'models-meta.json') as { id: string }]);
    llamacpp.setServerApi({ 'GET /props': window('llamacpp', 'props.json') });
    await ui.choose('Provider', { label: 'llama.cpp server' });
    await pickModel('qwen3-8b-q4_k_m.gguf');
    await ui.chat.locator('.model', { hasText: 'of 4,096 tokens' }).waitFor();
    await ui.chat.locator('header .window-note', { hasText: 'start llama-server with a larger -c (--ctx-size)' }).waitFor();
    await ui.choose('Provider', { label: 'Custom OpenAI-compatible server' });
    await ui.chat.locator('header .window-note').waitFor({ state: 'hidden' });
  });
});
