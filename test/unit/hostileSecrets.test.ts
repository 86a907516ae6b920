// Hostile inputs for credentials: base URLs with secrets in every place and encoding, servers that
// echo the key back, redirect chains that lead elsewhere, and header names. Each input asserts its
// exact outcome; the suite counts secrets found in what Parley stores, shows or logs, and requests
// that carried a credential to another origin, and prints the figure.
import * as assert from 'node:assert/strict';
import type { FailureText } from '../../src/core/failureText';
import { failureText } from '../../src/core/failureText';
import type { ChatOutcome, ChatRequest } from '../../src/core/client';
import type { Endpoint } from '../../src/core/providers';
import { endpointAddress, resolveEndpoint } from '../../src/core/providers';
import { isCredentialName } from '../../src/core/secrets';
import { OpenAIChatClient } from '../../src/node/openaiClient';
import { customEndpoint } from '../support/endpoints';
import type { RecordedRequest, Script } from '../support/fakeOpenAI';
import { FakeOpenAI } from '../support/fakeOpenAI';

const KEY = 'sk-proj-HostileKey0123456789abcdef';
const REQUEST: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
type RemoteEndpoint = Extract<Endpoint, { api: 'openai' | 'azure' }>;

const tally = { inputs: 0, secretsFound: 0, crossOrigin: 0 };

/** Whether `text` holds `secret`, in an encoding a server might use, or a piece long enough to matter. */
function holds(text: string, secret: string): boolean {
  const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  try {
    forms.push(decodeURIComponent(secret));
  } catch {
    // not percent-encoded
  }
  const lower = text.toLowerCase();
  if (forms.some((form) => lower.includes(form.toLowerCase()))) return true;
  // A secret cut at the 300-character limit leaves its start behind.
  const piece = 10;
  for (let i = 0; secret.length > piece && i + piece <= secret.length; i++) if (text.includes(secret.slice(i, i + piece))) return true;
  return false;
}

/** Counts the secrets in what Parley keeps or prints; the assertion shows which text held one. */
function assertNoSecrets(texts: Record<string, string>, secrets: readonly string[]): void {
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of secrets) {
      if (holds(text, secret)) {
        tally.secretsFound++;
        assert.fail(`${where} holds ${JSON.stringify(secret)}: ${text}`);
      }
    }
  }
}

/** Requests another origin received with a credential in them. */
function credentialed(requests: readonly RecordedRequest[], secrets: readonly string[]): number {
  return requests.filter((r) => secrets.some((s) => holds(JSON.stringify(r.headers) + r.url, s))).length;
}

function errorOf(outcome: ChatOutcome): FailureText {
  assert.equal(outcome.kind, 'error', JSON.stringify(outcome));
  return failureText((outcome as Extract<ChatOutcome, { kind: 'error' }>).error);
}

describe('hostile secrets', function () {
  let fake: FakeOpenAI;
  let other: FakeOpenAI;

  before(async () => {
    [fake, other] = await Promise.all([FakeOpenAI.start(), FakeOpenAI.start()]);
  });
  beforeEach(() => tally.inputs++);
  afterEach(() => {
    fake.reset();
    other.reset();
  });
  after(async () => {
    await Promise.all([fake.close(), other.close()]);
    console.log(
      `hostile secrets: ${tally.inputs} inputs, secrets found in errors/logs/stored text ${tally.secretsFound}, credentials sent across origins ${tally.crossOrigin}`,
    );
    assert.ok(tally.inputs >= 30, `${tally.inputs} inputs`);
  });

  /** One request through the adapter; what Parley would store (the error) and show or log (the address). */
  async function ask(endpoint: RemoteEndpoint, apiKey: string | undefined = KEY, request = REQUEST) {
    const client = new OpenAIChatClient({ endpoint, apiKey });
    const outcome = await client.stream(request, () => undefined).outcome;
    return { outcome, shown: endpointAddress(endpoint) };
  }

  describe('base URLs with credentials in them', () => {
    const cases: { url: (origin: string) => string; shown: (origin: string) => string; secrets: string[] }[] = [
      { url: (o) => o.replace('//', '//user:pw-plain-1111@') + '/v1', shown: (o) => o.replace('//', '//***@') + '/v1', secrets: ['pw-plain-1111'] },
      { url: (o) => o.replace('//', '//sk-as-user-2222222@') + '/v1', shown: (o) => o.replace('//', '//***@') + '/v1', secrets: ['sk-as-user-2222222'] },
      { url: (o) => o.replace('//', '//u%40x:p%3Aw%2F3333@') + '/v1', shown: (o) => o.replace('//', '//***@') + '/v1', secrets: ['p%3Aw%2F3333', 'p:w/3333'] },
      { url: (o) => o.replace('//', '//u:p@ss@4444@') + '/v1', shown: (o) => o.replace('//', '//***@') + '/v1', secrets: ['p@ss@4444'] },
      { url: (o) => `${o}/v1?api-key=qk-5555-5555`, shown: (o) => `${o}/v1?api-key=***`, secrets: ['qk-5555-5555'] },
      {
        url: (o) => `${o}/v1?key=AIzaSyHostile6666666666666666666666666`,
        shown: (o) => `${o}/v1?key=***`,
        secrets: ['AIzaSyHostile6666666666666666666666666'],
      },
      { url: (o) => `${o}/v1?alt=json&access_token=at-7777-7777`, shown: (o) => `${o}/v1?alt=json&access_token=***`, secrets: ['at-7777-7777'] },
      { url: (o) => `${o}/v1?sv=2022&sig=sig%2B8888%3D`, shown: (o) => `${o}/v1?sv=2022&sig=***`, secrets: ['sig%2B8888%3D', 'sig+8888='] },
      { url: (o) => `${o}/v1?api%2Dkey=enc-9999-9999`, shown: (o) => `${o}/v1?api%2Dkey=***`, secrets: ['enc-9999-9999'] },
      { url: (o) => `${o}/v1?API_KEY=up-1010-1010`, shown: (o) => `${o}/v1?API_KEY=***`, secrets: ['up-1010-1010'] },
      { url: (o) => `${o}/v1?password=pw-1212-1212&x=1`, shown: (o) => `${o}/v1?password=***&x=1`, secrets: ['pw-1212-1212'] },
      { url: (o) => `${o}/v1?token=tk%20with%20space13`, shown: (o) => `${o}/v1?token=***`, secrets: ['tk with space13'] },
    ];
    for (const [index, { url, shown, secrets }] of cases.entries()) {
      it(`#${index + 1} ${url('http://host')}: shown without it, and not in the stored error`, async () => {
        fake.script({ kind: 'echo-credentials', status: 500 });
        const endpoint = customEndpoint(url(fake.origin));
        const result = await ask(endpoint);
        assert.equal(result.shown, shown(fake.origin));
        const error = errorOf(result.outcome);
        // fetch cannot send a user name or password in an address: such a request never leaves.
        assert.equal(error.kind, url('http://h').includes('@') ? 'network' : 'server');
        assertNoSecrets(
          { 'the shown address': result.shown, 'the stored error': JSON.stringify(error), 'the log line': `POST ${result.shown}/chat/completions` },
          [KEY, ...secrets],
        );
      });
    }

    it('#13 the settings refuse a base URL with a user name or password, without repeating it', () => {
      const reading = resolveEndpoint(
        {
          provider: 'custom',
          baseUrl: 'https://me:sk-settings-1414141414@host/v1',
          baseUrlSetByUser: true,
          providerUrls: undefined,
          customHeaders: undefined,
          azureEndpoint: undefined,
          azureDeployment: undefined,
          azureApiVersion: undefined,
        },
        'custom',
      );
      assert.equal(reading.ok, false);
      assertNoSecrets({ 'the settings problem': (reading as { problem: string }).problem }, ['sk-settings-1414141414']);
    });
  });

  describe('servers that echo the credentials', () => {
    const echo: { name: string; step: (secret: string) => Script; endpoint: () => RemoteEndpoint; key: string; secrets: string[]; kind: string }[] = [
      {
        name: 'the headers, as JSON',
        step: () => ({ kind: 'echo-credentials', status: 401 }),
        endpoint: () => customEndpoint(fake.baseUrl),
        key: KEY,
        secrets: [],
        kind: 'auth',
      },
      {
        name: 'the key in the message',
        step: (s) => ({ kind: 'status', status: 400, message: `Key ${s} is not valid here` }),
        endpoint: () => customEndpoint(fake.baseUrl),
        key: 'custom-shape-no-prefix-15',
        secrets: [],
        kind: 'bad-request',
      },
      {
        name: 'the key across the 300-character cut',
        step: (s) => ({ kind: 'status', status: 500, message: `${'x'.repeat(288)} ${s}` }),
        endpoint: () => customEndpoint(fake.baseUrl),
        key: 'straddling-secret-16-abcdefghij',
        secrets: [],
        kind: 'server',
      },
      {
        name: 'the key percent-encoded',
        step: (s) => ({ kind: 'status', status: 400, message: `bad key=${encodeURIComponent(s)}!` }),
        endpoint: () => customEndpoint(fake.baseUrl),
        key: 'p@ss/w rd+17',
        secrets: [],
        kind: 'bad-request',
      },
      {
        name: 'in an error event inside the stream',
        step: (s) => ({ kind: 'stream-error', text: 'Partial', message: `upstream said Authorization: Bearer ${s}` }),
        endpoint: () => customEndpoint(fake.baseUrl),
        key: 'stream-bearer-18-zzzzzzzz',
        secrets: [],
        kind: 'server',
      },
      {
        name: "Azure's api-key",
        step: () => ({ kind: 'echo-credentials', status: 500 }),
        endpoint: () => ({ api: 'azure', provider: 'azure', endpoint: fake.origin, apiVersion: '2024-10-21', needsKey: true }),
        key: '0123456789abcdef0123456789abcd19',
        secrets: [],
        kind: 'server',
      },
      {
        name: 'custom credential headers (Ocp-Apim-Subscription-Key, Cookie, X-Goog-Api-Key)',
        step: () => ({ kind: 'echo-credentials', status: 403 }),
        endpoint: () => ({
          ...customEndpoint(fake.baseUrl),
          headers: { 'Ocp-Apim-Subscription-Key': 'apim-2020-2020', Cookie: 'session=ck-2020-2020', 'X-Goog-Api-Key': 'goog-2020-2020' },
        }),
        key: KEY,
        secrets: ['apim-2020-2020', 'ck-2020-2020', 'goog-2020-2020'],
        kind: 'auth',
      },
      {
        name: 'a Proxy-Authorization header set in parley.customHeaders, with no key',
        step: () => ({ kind: 'echo-credentials', status: 400 }),
        endpoint: () => ({ ...customEndpoint(fake.baseUrl), headers: { 'Proxy-Authorization': 'Basic dXNlcjpodW50ZXIyMQ==' } }),
        key: '',
        secrets: ['dXNlcjpodW50ZXIyMQ=='],
        kind: 'bad-request',
      },
      {
        name: 'a well-known key shape that is not the key in use',
        step: () => ({ kind: 'status', status: 400, message: 'your other key ghp_abcdefghijklmnopqrstuvwxyz0123456789 and AKIAIOSFODNN7EXAMPLE' }),
        endpoint: () => customEndpoint(fake.baseUrl),
        key: KEY,
        secrets: ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'AKIAIOSFODNN7EXAMPLE'],
        kind: 'bad-request',
      },
    ];
    for (const [index, { name, step, endpoint, key, secrets, kind }] of echo.entries()) {
      it(`#${index + 14} ${name}`, async () => {
        fake.script(step(key));
        const result = await ask(endpoint(), key || undefined);
        const error = errorOf(result.outcome);
        assert.equal(error.kind, kind);
        assertNoSecrets({ 'the stored error': JSON.stringify(error) }, [...(key ? [key] : []), ...secrets]);
      });
    }

    it('#23 a model list redirected to an address that carries the key logs none of it', async () => {
      const client = new OpenAIChatClient({ endpoint: customEndpoint(`${fake.baseUrl}?key=list-key-2929`), apiKey: KEY });
      fake.redirectModels(`${other.baseUrl}/models?echo=${KEY}&key=list-key-2929`);
      const failure = await client.listModels().then(
        () => 'listed',
        (error: unknown) => client.describeListFailure(error),
      );
      assert.notEqual(failure, 'listed');
      assertNoSecrets({ 'the logged list failure': `GET ${endpointAddress(customEndpoint(`${fake.baseUrl}?key=list-key-2929`))}/models failed: ${failure}` }, [
        KEY,
        'list-key-2929',
      ]);
    });
  });

  describe('redirect chains', () => {
    const headers = { 'X-Api-Key': 'hdr-secret-3030', 'X-Title': 'Parley' };
    const chains: { name: string; steps: (other: FakeOpenAI) => Script[]; refused: boolean }[] = [
      ...([301, 302, 303, 307, 308] as const).map((status) => ({
        name: `${status} to another port`,
        steps: (o: FakeOpenAI) => [{ kind: 'redirect' as const, status, location: `${o.baseUrl}/chat/completions` }],
        refused: true,
      })),
      {
        name: 'same origin, then another origin',
        steps: (o) => [
          { kind: 'redirect', location: '/v1/chat/completions?hop=1' },
          { kind: 'redirect', location: `${o.baseUrl}/chat/completions` },
        ],
        refused: true,
      },
      { name: 'protocol-relative to another port', steps: (o) => [{ kind: 'redirect', location: `//127.0.0.1:${o.port}/v1/chat/completions` }], refused: true },
      {
        name: 'the same port under the name localhost',
        steps: () => [{ kind: 'redirect', location: `http://localhost:${fake.port}/v1/chat/completions` }],
        refused: true,
      },
      { name: 'the same host over https', steps: () => [{ kind: 'redirect', location: `https://127.0.0.1:${fake.port}/v1/chat/completions` }], refused: true },
      { name: 'a file: address', steps: () => [{ kind: 'redirect', location: 'file:///etc/passwd' }], refused: true },
      {
        name: 'another port with credentials in the Location',
        steps: (o) => [{ kind: 'redirect', location: `http://a:b@127.0.0.1:${o.port}/v1/chat/completions` }],
        refused: true,
      },
      {
        name: 'a relative path on the same origin (followed)',
        steps: () => [
          { kind: 'redirect', location: 'completions?again=1' },
          { kind: 'reply', text: 'ok' },
        ],
        refused: false,
      },
    ];
    for (const [index, { name, steps, refused }] of chains.entries()) {
      it(`#${index + 24} ${name}: ${refused ? 'refused, the other origin sees nothing' : 'followed'}`, async () => {
        fake.script(...steps(other));
        const result = await ask({ ...customEndpoint(fake.baseUrl), headers });
        const seen = [...other.requests, ...other.otherRequests, ...other.modelLists];
        tally.crossOrigin += credentialed(seen, [KEY, 'hdr-secret-3030']);
        assert.deepEqual(seen, []);
        if (refused) {
          const error = errorOf(result.outcome);
          assert.equal(error.kind, 'config');
          assert.ok(error.message.includes(fake.origin), error.message);
          assertNoSecrets({ 'the stored error': JSON.stringify(error) }, [KEY, 'hdr-secret-3030']);
        } else {
          assert.equal(result.outcome.kind, 'complete');
          assert.equal(fake.requests.at(-1)?.headers['x-api-key'], 'hdr-secret-3030');
        }
      });
    }

    it('#35 a model list redirected to another origin', async () => {
      fake.redirectModels(`${other.baseUrl}/models`, 301);
      const client = new OpenAIChatClient({ endpoint: { ...customEndpoint(fake.baseUrl), headers }, apiKey: KEY });
      const failure = await client.listModels().then(
        () => 'listed',
        (error: unknown) => client.describeListFailure(error),
      );
      const seen = [...other.requests, ...other.otherRequests, ...other.modelLists];
      tally.crossOrigin += credentialed(seen, [KEY, 'hdr-secret-3030']);
      assert.deepEqual(seen, []);
      assert.ok(failure.includes(other.origin), failure);
    });

    it("#36 Azure's api-key redirected to another origin", async () => {
      fake.script({ kind: 'redirect', status: 308, location: `${other.origin}/openai/deployments/d/chat/completions?api-version=2024-10-21` });
      const result = await ask({ api: 'azure', provider: 'azure', endpoint: fake.origin, apiVersion: '2024-10-21', needsKey: true }, KEY, {
        ...REQUEST,
        model: 'd',
      });
      const seen = [...other.requests, ...other.otherRequests];
      tally.crossOrigin += credentialed(seen, [KEY]);
      assert.deepEqual(seen, []);
      assert.equal(errorOf(result.outcome).kind, 'config');
    });
  });

  describe('header names', () => {
    const names: [string, boolean][] = [
      ['Authorization', true],
      ['x-api-key', true],
      ['Ocp-Apim-Subscription-Key', true],
      ['X-Auth-Token', true],
      ['Cookie', true],
      ['anthropic-api-key', true],
      ['X-Title', false],
      ['HTTP-Referer', false],
      ['OpenAI-Organization', false],
      ['X-Max-Tokens', false],
    ];
    for (const [index, [name, credential]] of names.entries()) {
      it(`#${index + 37} ${name} ${credential ? 'carries' : 'does not carry'} a credential`, () => assert.equal(isCredentialName(name), credential));
    }
  });
});
