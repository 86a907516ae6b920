// Each preset sends correctly shaped requests to a local server standing in for it: the URL, the
// headers, Azure's deployment path, api-version and api-key included; and the probe of local servers.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatRequest } from '../../src/core/client';
import type { Endpoint, ProviderId, ProviderSettings } from '../../src/core/providers';
import { DEFAULT_AZURE_API_VERSION, effectiveProvider, endpointAddress, providerPresets, resolveEndpoint } from '../../src/core/providers';
import { OpenAIChatClient } from '../../src/node/openaiClient';
import { probeLocalServers } from '../../src/node/probe';
import { FakeOpenAI } from '../support/fakeOpenAI';

const KEY = 'sk-preset-key';
const REQUEST: ChatRequest = { model: 'some-model', messages: [{ role: 'user', content: 'Hi' }] };

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    provider: undefined,
    baseUrl: 'https://api.openai.com/v1',
    baseUrlSetByUser: false,
    providerUrls: {},
    customHeaders: {},
    azureEndpoint: '',
    azureDeployment: '',
    azureApiVersion: '',
    ...overrides,
  };
}

function endpointOf(s: ProviderSettings, id: ProviderId): Endpoint {
  const reading = resolveEndpoint(s, id);
  if (!reading.ok) assert.fail(reading.problem);
  return reading.endpoint;
}

/** The endpoint of an HTTP provider, as OpenAIChatClient takes it. */
function httpEndpointOf(s: ProviderSettings, id: ProviderId): Exclude<Endpoint, { api: 'vscode-lm' }> {
  const endpoint = endpointOf(s, id);
  if (endpoint.api === 'vscode-lm') assert.fail(`${id} is not an HTTP provider`);
  return endpoint;
}

describe('provider presets', () => {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await FakeOpenAI.start();
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  async function ask(endpoint: Endpoint, apiKey: string | undefined, request: ChatRequest = REQUEST) {
    if (endpoint.api === 'vscode-lm') assert.fail('not an HTTP endpoint');
    const outcome = await new OpenAIChatClient({ endpoint, apiKey }).stream(request, () => undefined).outcome;
    assert.equal(outcome.kind, 'complete', JSON.stringify(outcome));
    assert.equal(fake.requests.length, 1);
    return fake.requests[0]!;
  }

  it('default to the documented servers; local ones need no key, remote ones do', () => {
    const expected: Record<string, [string, boolean]> = {
      openai: ['https://api.openai.com/v1', true],
      ollama: ['http://localhost:11434/v1', false],
      lmstudio: ['http://localhost:1234/v1', false],
      llamacpp: ['http://localhost:8080/v1', false],
      vllm: ['http://localhost:8000/v1', false],
      openrouter: ['https://openrouter.ai/api/v1', true],
    };
    for (const [id, [url, needsKey]] of Object.entries(expected)) {
      const endpoint = endpointOf(settings(), id as ProviderId);
      assert.equal(endpointAddress(endpoint), url, id);
      assert.equal(endpoint.needsKey, needsKey, id);
    }
    assert.deepEqual(endpointOf(settings(), 'vscode-lm'), { api: 'vscode-lm', provider: 'vscode-lm', needsKey: false });
  });

  for (const id of ['openai', 'ollama', 'lmstudio', 'llamacpp', 'vllm', 'openrouter'] as const) {
    it(`${id}: POST {its URL}/chat/completions with the key as a bearer token`, async () => {
      const endpoint = endpointOf(settings({ providerUrls: { [id]: `${fake.baseUrl}/` } }), id);
      const request = await ask(endpoint, KEY);
      assert.equal(request.path, '/v1/chat/completions');
      assert.deepEqual(request.query, {});
      assert.equal(request.headers.authorization, `Bearer ${KEY}`);
      assert.equal(request.headers['api-key'], undefined);
      assert.equal((request.body as { model: string }).model, 'some-model');
      assert.equal(request.headers['x-title'], id === 'openrouter' ? 'Parley' : undefined, 'OpenRouter alone gets the app attribution');
    });
  }

  it('a local preset without a key sends no Authorization header at all', async () => {
    const request = await ask(endpointOf(settings({ providerUrls: { ollama: fake.baseUrl } }), 'ollama'), undefined);
    assert.equal(request.headers.authorization, undefined);
  });

  it('custom: parley.baseUrl with the extra headers; a remote one needs a key, a loopback one not', async () => {
    const s = settings({ provider: 'custom', baseUrl: fake.baseUrl, baseUrlSetByUser: true, customHeaders: { 'X-Team': 'tools', 'x-trace': '1' } });
    const endpoint = endpointOf(s, 'custom');
    assert.equal(endpoint.needsKey, false);
    const request = await ask(endpoint, KEY);
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers['x-team'], 'tools');
    assert.equal(request.headers['x-trace'], '1');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(endpointOf(settings({ baseUrl: 'https://llm.example.com/v1' }), 'custom').needsKey, true);
  });

  it('custom: a header that is not a valid HTTP header stops requests, naming it', () => {
    for (const customHeaders of [{ 'Bad Name': 'x' }, { Good: 'two\nlines' }, { Good: 3 }]) {
      const reading = resolveEndpoint(settings({ baseUrl: fake.baseUrl, customHeaders }), 'custom');
      assert.ok(!reading.ok && /parley.customHeaders .* needs a valid header name/.test(reading.problem), JSON.stringify(customHeaders));
    }
    const reading = resolveEndpoint(settings({ baseUrl: fake.baseUrl, customHeaders: ['x'] }), 'custom');
    assert.ok(!reading.ok && /must be an object/.test(reading.problem));
  });

  it('azure: {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…, key in api-key', async () => {
    const endpoint = endpointOf(settings({ azureEndpoint: `${fake.origin}/`, azureApiVersion: '2025-01-01-preview' }), 'azure');
    assert.equal(endpoint.needsKey, true);
    const request = await ask(endpoint, KEY, { ...REQUEST, model: 'my-gpt4o-deployment' });
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/openai/deployments/my-gpt4o-deployment/chat/completions');
    assert.deepEqual(request.query, { 'api-version': '2025-01-01-preview' });
    assert.equal(request.headers['api-key'], KEY);
    assert.equal(request.headers.authorization, undefined, 'the key goes only in api-key');
  });

  it('azure: the API version defaults; a missing or bad endpoint stops requests with the setting named', () => {
    const endpoint = endpointOf(settings({ azureEndpoint: 'https://r.openai.azure.com' }), 'azure');
    assert.ok(endpoint.api === 'azure' && endpoint.apiVersion === DEFAULT_AZURE_API_VERSION);
    const missing = resolveEndpoint(settings(), 'azure');
    assert.ok(!missing.ok && /parley.azure.endpoint/.test(missing.problem));
    const bad = resolveEndpoint(settings({ azureEndpoint: 'r.openai.azure.com' }), 'azure');
    assert.ok(!bad.ok && /parley.azure.endpoint "r.openai.azure.com" has no http/.test(bad.problem));
  });

  it('a bad preset URL override stops requests, naming its setting', () => {
    const reading = resolveEndpoint(settings({ providerUrls: { ollama: 'ftp://box/v1' } }), 'ollama');
    assert.ok(!reading.ok && /parley.providerUrls.ollama "ftp:\/\/box\/v1" uses "ftp:"/.test(reading.problem));
  });

  it("lists the server's models (GET {base}/models) with the key, sorted, with the context windows it states", async () => {
    // OpenRouter states context_length, vLLM max_model_len; most servers state none.
    fake.setModels([
      { id: 'qwen2.5-coder', max_model_len: 32_768 },
      'llama3.2',
      { id: 'mistral', context_length: 131_072 },
      { id: 'odd', context_length: 'big' },
    ]);
    const client = new OpenAIChatClient({ endpoint: httpEndpointOf(settings({ providerUrls: { vllm: fake.baseUrl } }), 'vllm'), apiKey: KEY });
    assert.deepEqual(await client.listModels(), [
      { id: 'llama3.2' },
      { id: 'mistral', contextWindow: 131_072 },
      { id: 'odd' },
      { id: 'qwen2.5-coder', contextWindow: 32_768 },
    ]);
    assert.equal(fake.modelLists.length, 1);
    assert.equal(fake.modelLists[0]!.headers.authorization, `Bearer ${KEY}`);
  });

  it('a model list that fails says why, as a failed request would', async () => {
    const dead = await FakeOpenAI.start();
    await dead.close();
    const client = new OpenAIChatClient({ endpoint: httpEndpointOf(settings({ providerUrls: { ollama: dead.baseUrl } }), 'ollama'), apiKey: undefined });
    const error = await client.listModels().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error, 'the list failed');
    assert.match(client.describeListFailure(error), new RegExp(`Could not reach ${dead.baseUrl.replace(/[.]/g, '\\.')}`));
  });

  it('the conversation’s provider wins, then parley.provider, then a user-set parley.baseUrl (custom), then OpenAI', () => {
    assert.deepEqual(effectiveProvider(settings({ provider: 'vllm' }), 'ollama'), { id: 'ollama', chosen: true });
    assert.deepEqual(effectiveProvider(settings({ provider: 'vllm', baseUrlSetByUser: true }), undefined), { id: 'vllm', chosen: true });
    assert.deepEqual(effectiveProvider(settings({ baseUrlSetByUser: true }), 'no-such-provider'), { id: 'custom', chosen: true });
    assert.deepEqual(effectiveProvider(settings(), undefined), { id: 'openai', chosen: false });
    assert.deepEqual(effectiveProvider(settings({ provider: 'bogus' }), undefined), { id: 'openai', chosen: false });
  });

  it('every preset has a label and a resolvable endpoint once set up', () => {
    const s = settings({ azureEndpoint: 'https://r.openai.azure.com', baseUrl: 'http://localhost:9/v1' });
    for (const preset of providerPresets()) {
      assert.ok(preset.label);
      assert.ok(resolveEndpoint(s, preset.id).ok, preset.id);
    }
  });
});

describe('probeLocalServers', () => {
  it('finds, at once, the loopback servers that list models, and skips the silent, the slow and the remote', async () => {
    const ollama = await FakeOpenAI.start();
    const vllm = await FakeOpenAI.start();
    vllm.setModels(['b-model', 'a-model']);
    const closed = await FakeOpenAI.start();
    await closed.close();
    // Accepts the request, never answers; notes what the fast servers had been asked when Parley gave up on it.
    const slow = http.createServer();
    let askedBeforeGivingUp: number[] | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      slow.on('request', (request: http.IncomingMessage) =>
        request.socket.on('close', () => {
          askedBeforeGivingUp = [ollama.modelListRequests, vllm.modelListRequests];
          resolve();
        }),
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/v1`;
    try {
      const found = await probeLocalServers(
        [
          { provider: 'ollama', baseUrl: ollama.baseUrl },
          { provider: 'lmstudio', baseUrl: closed.baseUrl },
          { provider: 'llamacpp', baseUrl: slowUrl },
          { provider: 'vllm', baseUrl: vllm.baseUrl },
          { provider: 'openrouter', baseUrl: 'https://openrouter.ai/api/v1' },
        ],
        300,
      );
      assert.deepEqual(found, [
        { provider: 'ollama', baseUrl: ollama.baseUrl, models: ['gpt-4o', 'gpt-4o-mini'] },
        { provider: 'vllm', baseUrl: vllm.baseUrl, models: ['a-model', 'b-model'] },
      ]);
      await gaveUp;
      assert.deepEqual(askedBeforeGivingUp, [1, 1], 'every server is asked at once, not after the slow one gives up');
      assert.equal(ollama.modelListRequests, 1);
      assert.equal(ollama.requests.length + ollama.otherRequests.length, 0, 'nothing but GET /v1/models');
    } finally {
      slow.closeAllConnections();
      slow.close();
      await ollama.close();
      await vllm.close();
    }
  });
});
