// First use with nothing set up: no provider chosen, no key. Parley looks for model servers on
// this machine and offers the ones that answer; picked, the question goes there without a key.
import * as assert from 'node:assert/strict';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { useEditorSession } from './editorSession';

describe('Parley finds a model server on this machine on first use', function () {
  this.timeout(120_000);
  let ollama: FakeOpenAI;

  // Started before the editor, whose settings move the Ollama preset to it (still on loopback).
  before(async () => {
    ollama = await FakeOpenAI.start();
  });
  const editor = useEditorSession('probe', () => ({ settings: { 'parley.providerUrls': { ollama: ollama.baseUrl } } }));
  after(() => ollama.close());

  it('offers the server that answers; picked, the question goes to it with its model and no key', async () => {
    const { ui, fake } = editor;
    ollama.setModels(['llama3.2', 'qwen2.5-coder']);
    ollama.script({ kind: 'reply', text: 'Hello from the model server on this machine.' });
    await ui.ask('Who is answering?');
    await ui.quickInput({ row: 'Ollama' }, 'Parley found a model server on this machine');
    await (await ui.answerDone(1)).getByText('Hello from the model server on this machine.').waitFor();
    assert.ok(ollama.modelLists.length >= 1, 'the probe asked the server for its models');
    assert.equal(ollama.requests.length, 1);
    const request = ollama.requests[0]!;
    assert.equal((request.body as { model: string }).model, 'llama3.2', 'the first model it lists');
    assert.equal(request.headers.authorization, undefined, 'no key is sent to a local server');
    assert.equal(fake.requests.length, 0, 'nothing went anywhere else');
    // The toolbar shows the provider now used.
    await ui.chat.getByRole('button', { name: 'Provider: Ollama', exact: true }).waitFor();
  });
});
