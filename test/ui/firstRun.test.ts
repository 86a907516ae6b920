// First use with nothing set up and no model server found: Parley says once what is missing, with
// every way forward (a key, or another provider), and the question that waited goes out as soon as
// one is taken — never typed twice.
import * as assert from 'node:assert/strict';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { useEditorSession } from './editorSession';

describe('Parley on first use, with nothing found to answer', function () {
  this.timeout(120_000);
  let ollama: FakeOpenAI;

  before(async () => {
    ollama = await FakeOpenAI.start();
  });
  const editor = useEditorSession('first-run', () => ({ settings: { 'parley.providerUrls': { ollama: ollama.baseUrl } } }));
  after(() => ollama.close());

  it('says once that a key or another provider is needed; Choose Provider… sends the waiting question there', async () => {
    const { ui, fake } = editor;
    const saysKeyIsMissing = () => ui.chat.getByText('Parley needs an API key for https://api.openai.com/v1');
    const banner = ui.chat.getByRole('status').filter({ has: saysKeyIsMissing() });
    await banner.getByRole('button', { name: 'Set API Key' }).waitFor();
    await banner.getByRole('button', { name: 'Choose Provider…' }).waitFor();
    // The probe finds no server: this one answers its model list with a redirect, which Parley refuses.
    ollama.redirectModels('http://127.0.0.1:9/v1/models');
    await ui.ask('Who is answering?');
    const answer = ui.answers.first();
    await answer.getByRole('button', { name: 'Choose Provider…' }).waitFor();
    await answer.getByRole('button', { name: 'Set API Key' }).waitFor();
    await banner.waitFor({ state: 'detached' });
    // Once on screen (the answer's announcement for screen readers says it too, unseen).
    assert.equal(await saysKeyIsMissing().filter({ visible: true }).count(), 1, 'said once, in the answer that waits for it');
    assert.equal(await ui.chat.getByText('to list its models').count(), 0, 'the model list does not say it again');

    ollama.redirectModels();
    ollama.setModels(['llama3.2']);
    ollama.script({ kind: 'reply', text: 'Ollama here.' });
    await answer.getByRole('button', { name: 'Choose Provider…' }).click();
    await ui.quickInput({ row: 'Ollama' }, 'Parley: Choose Provider');
    await (await ui.answerDone(1)).getByText('Ollama here.').waitFor();
    assert.equal(ollama.requests.length, 1, 'the waiting question went to the provider chosen');
    assert.equal((ollama.requests[0]!.body as { messages: { role: string; content: string }[] }).messages.at(-1)?.content, 'Who is answering?');
    assert.equal(await ui.questions.count(), 1, 'sent again, not typed again');
    assert.equal(fake.requests.length, 0, 'nothing went anywhere else');
    assert.equal(await saysKeyIsMissing().filter({ visible: true }).count(), 0, 'nothing is missing now');
  });
});
