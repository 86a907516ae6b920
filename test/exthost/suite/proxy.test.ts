// Requests to the model honour VS Code's proxy settings. The OpenAI SDK uses the global fetch, which
// VS Code's extension host routes by http.proxy, http.noProxy and the proxy environment variables
// (http.fetchAdditionalSupport, on by default); these tests hold that promise to account.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../../src/extension';
import type { AssistantTurnView } from '../../../src/shared/protocol';
import { CountingProxy } from '../../support/countingProxy';
import { FakeOpenAI, type RecordedRequest } from '../../support/fakeOpenAI';
import { until } from '../../support/until';

// VS Code sends requests to loopback addresses past any proxy, so the server has a name that only
// the proxy can reach (.invalid never resolves).
const HOST = 'openai.parley-proxy-test.invalid';

const parley = () => vscode.workspace.getConfiguration('parley');
/** The hosts Parley has warned about this session: it warns once per address. */
const warnedHosts = new Set<string>();
const http = () => vscode.workspace.getConfiguration('http');

/** Sets an http.* setting and waits until this extension host reads it, as its fetch does. */
async function setHttp(key: string, value: unknown): Promise<void> {
  await http().update(key, value, vscode.ConfigurationTarget.Global);
  await until(() => JSON.stringify(http().get(key)) === JSON.stringify(value ?? http().inspect(key)?.defaultValue), `http.${key} to apply`);
}

/**
 * Points Parley at a server by name for the tests of one describe. A server that is not on this
 * machine needs a key; Parley reads this one from the environment of the extension host, which
 * these tests share with it.
 */
function useServerByName(): { ask(host: string, question: string): Promise<AssistantTurnView> } {
  const keyBefore = process.env.OPENAI_API_KEY;
  let api: ParleyApi | undefined;
  before(async () => {
    process.env.OPENAI_API_KEY = 'sk-proxy-test';
    await parley().update('model', 'gpt-4o-mini', vscode.ConfigurationTarget.Global);
    api = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
  });
  after(async () => {
    if (keyBefore === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = keyBefore;
    for (const key of ['baseUrl', 'model']) await parley().update(key, undefined, vscode.ConfigurationTarget.Global);
  });
  const askInNewChat = async (question: string): Promise<AssistantTurnView> => {
    await vscode.commands.executeCommand('parley.newChat');
    await api!.ask(question);
    const answer = (await api!.state()).turns.at(-1);
    assert.ok(answer?.role === 'assistant', 'the last turn is an answer');
    return answer;
  };
  return {
    async ask(host, question) {
      const baseUrl = `http://${host}/v1`;
      if (parley().get('baseUrl') !== baseUrl) await parley().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
      // The key would cross the network in plain http: the first question there is not sent, and warns.
      if (!warnedHosts.has(host)) {
        const warned = await askInNewChat(question);
        assert.equal(warned.error?.kind, 'config', JSON.stringify(warned));
        assert.ok(warned.error.message.includes(`${baseUrl} is a plain http:// address`), warned.error.message);
        warnedHosts.add(host);
      }
      return askInNewChat(question);
    },
  };
}

describe('Requests to the model go through the proxy VS Code is set to', function () {
  let fake: FakeOpenAI;
  let proxy: CountingProxy;
  const server = useServerByName();

  before(async () => {
    fake = await FakeOpenAI.start();
    proxy = await CountingProxy.start(fake.baseUrl);
    await setHttp('proxy', proxy.url);
  });

  beforeEach(() => {
    fake.reset();
    proxy.targets.length = 0;
  });

  after(async () => {
    for (const key of ['proxy', 'noProxy']) await setHttp(key, undefined);
    await proxy.close();
    await fake.close();
  });

  it('with http.proxy set, the question goes through the proxy and the answer comes back', async () => {
    fake.script({ kind: 'reply', text: 'Hello from behind the proxy.' });
    const answer = await server.ask(HOST, 'Can you hear me?');
    assert.equal(answer.status, 'complete', JSON.stringify(answer.error));
    assert.equal(answer.text, 'Hello from behind the proxy.');
    assert.equal(fake.requests.length, 1);
    // Pointing Parley at the server also asks it for its models, at a time of its own: that request
    // is proxied too, so the proxy may have carried more than the question.
    assert.ok(proxy.targets.length >= 1 && proxy.targets.every((target) => target === `${HOST}:80`), proxy.targets.join(', '));
    assert.equal(fake.requests[0]!.headers.authorization, 'Bearer sk-proxy-test');
  });

  it('a host that http.noProxy names is reached directly, not through the proxy', async () => {
    await setHttp('noProxy', [HOST]);
    try {
      const answer = await server.ask(HOST, 'Can you hear me?');
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

// VS Code reads the proxy variables once, when the extension host starts, so the runner
// (test/exthost/run.ts) starts this proxy and the fake server behind it before the editor, and
// names the fake's address here.
describe('Requests to the model go through the proxy that HTTP_PROXY names, as the extension host started with it', function () {
  const upstream = process.env.PARLEY_TEST_ENV_PROXY_UPSTREAM;
  const server = useServerByName();

  async function upstreamRequests(): Promise<RecordedRequest[]> {
    const response = await fetch(`${upstream}/__control/requests`);
    return ((await response.json()) as { requests: RecordedRequest[] }).requests;
  }

  before(function () {
    assert.ok(upstream && process.env.HTTP_PROXY && process.env.NO_PROXY, 'the runner starts the extension host with a proxy in its environment');
    assert.equal(http().inspect('proxy')?.globalValue, undefined, 'no http.proxy setting stands in for the environment');
  });

  beforeEach(async () => {
    await fetch(`${upstream}/__control/reset`, { method: 'POST' });
  });

  it('the question goes through the proxy and the answer comes back', async () => {
    const host = 'openai.parley-env-proxy-test.invalid';
    const answer = await server.ask(host, 'Are you there?');
    assert.equal(answer.status, 'complete', JSON.stringify(answer.error));
    assert.equal(answer.text, 'You said: Are you there?');
    const requests = await upstreamRequests();
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.headers.host, host, 'the proxy carried a request for the name only it can reach');
    assert.equal(requests[0]!.headers.authorization, 'Bearer sk-proxy-test');
  });

  it('a host that NO_PROXY names is reached directly, not through the proxy', async () => {
    const answer = await server.ask(process.env.NO_PROXY!, 'Are you there?');
    // Directly, the made-up name does not resolve; through the proxy it would have been answered.
    assert.equal(answer.status, 'error');
    assert.equal(answer.error?.kind, 'network', answer.error?.message);
    assert.deepEqual(await upstreamRequests(), []);
  });
});
