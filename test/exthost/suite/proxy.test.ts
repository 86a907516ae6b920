// Requests to the model honour VS Code's proxy settings. The OpenAI SDK uses the global fetch, which
// VS Code's extension host routes by http.proxy, http.noProxy and the proxy environment variables
// (http.fetchAdditionalSupport, on by default); these tests hold that promise to account.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../../src/extension';
import type { AssistantTurnView } from '../../../src/shared/protocol';
import { CountingProxy } from '../../support/countingProxy';
import { FakeOpenAI } from '../../support/fakeOpenAI';
import { until } from '../until';

// VS Code sends requests to loopback addresses past any proxy, so the server has a name that only
// the proxy can reach (.invalid never resolves).
const HOST = 'openai.parley-proxy-test.invalid';

describe('Requests to the model go through the proxy VS Code is set to', function () {
  let fake: FakeOpenAI;
  let proxy: CountingProxy;
  let api: ParleyApi;
  const keyBefore = process.env.OPENAI_API_KEY;
  const parley = () => vscode.workspace.getConfiguration('parley');
  const http = () => vscode.workspace.getConfiguration('http');

  /** Sets an http.* setting and waits until this extension host reads it, as its fetch does. */
  async function setHttp(key: string, value: unknown): Promise<void> {
    await http().update(key, value, vscode.ConfigurationTarget.Global);
    await until(() => JSON.stringify(http().get(key)) === JSON.stringify(value ?? http().inspect(key)?.defaultValue), `http.${key} to apply`);
  }

  async function askAndAnswer(question: string): Promise<AssistantTurnView> {
    await vscode.commands.executeCommand('parley.newChat');
    await api.ask(question);
    const answer = (await api.state()).turns.at(-1);
    assert.ok(answer?.role === 'assistant', 'the last turn is an answer');
    return answer;
  }

  before(async () => {
    fake = await FakeOpenAI.start();
    proxy = await CountingProxy.start(fake.baseUrl);
    // A server that is not on this machine needs a key; Parley reads this one from the environment
    // of the extension host, which these tests share with it.
    process.env.OPENAI_API_KEY = 'sk-proxy-test';
    await parley().update('baseUrl', `http://${HOST}/v1`, vscode.ConfigurationTarget.Global);
    await parley().update('model', 'gpt-4o-mini', vscode.ConfigurationTarget.Global);
    await setHttp('proxy', proxy.url);
    api = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
  });

  beforeEach(() => {
    fake.reset();
    proxy.targets.length = 0;
  });

  after(async () => {
    if (keyBefore === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = keyBefore;
    for (const key of ['proxy', 'noProxy']) await setHttp(key, undefined);
    for (const key of ['baseUrl', 'model']) await parley().update(key, undefined, vscode.ConfigurationTarget.Global);
    await proxy.close();
    await fake.close();
  });

  it('with http.proxy set, the question goes through the proxy and the answer comes back', async () => {
    fake.script({ kind: 'reply', text: 'Hello from behind the proxy.' });
    const answer = await askAndAnswer('Can you hear me?');
    assert.equal(answer.status, 'complete', JSON.stringify(answer.error));
    assert.equal(answer.text, 'Hello from behind the proxy.');
    assert.deepEqual(proxy.targets, [`${HOST}:80`]);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]!.headers.authorization, 'Bearer sk-proxy-test');
  });

  it('a host that http.noProxy names is reached directly, not through the proxy', async () => {
    await setHttp('noProxy', [HOST]);
    try {
      const answer = await askAndAnswer('Can you hear me?');
      // Directly, the made-up name does not resolve: the request fails without touching the proxy.
      assert.equal(answer.status, 'error');
      assert.equal(answer.error?.kind, 'network', answer.error?.message);
      assert.deepEqual(proxy.targets, []);
      assert.equal(fake.requests.length, 0);
    } finally {
      await setHttp('noProxy', undefined);
    }
  });
});
