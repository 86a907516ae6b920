import * as assert from 'node:assert/strict';
import type { FailureText } from '../../src/core/failureText';
import { failureText } from '../../src/core/failureText';
import type { ChatOutcome, ChatRequest } from '../../src/core/client';
import type { Endpoint } from '../../src/core/providers';
import { OpenAIChatClient } from '../../src/node/openaiClient';
import { customEndpoint } from '../support/endpoints';
import { validateChatRequest } from '../support/chatSchema';
import { FakeOpenAI, countTokens } from '../support/fakeOpenAI';

const KEY = 'sk-test-0123456789';

const REQUEST: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are Parley.' },
    { role: 'user', content: 'Hello?' },
    { role: 'assistant', content: 'Hi! How can I help?' },
    { role: 'user', content: 'Explain closures in one line.' },
  ],
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles with the promise, or rejects after `ms`: a hang becomes a clear failure, not a mocha timeout. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function errorOf(outcome: ChatOutcome): FailureText {
  assert.equal(outcome.kind, 'error', `expected an error outcome, got ${JSON.stringify(outcome)}`);
  return failureText((outcome as Extract<ChatOutcome, { kind: 'error' }>).error);
}

describe('OpenAIChatClient against FakeOpenAI', function () {
  let fake: FakeOpenAI;

  before(async () => {
    fake = await FakeOpenAI.start();
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  /** One call through the adapter; `texts` and `reasoning` collect the answer's pieces in order. */
  function send(
    options: { apiKey?: string | undefined; request?: ChatRequest; baseUrl?: string; endpoint?: Extract<Endpoint, { api: 'openai' | 'azure' }> } = {},
  ) {
    const apiKey = 'apiKey' in options ? options.apiKey : KEY;
    const client = new OpenAIChatClient({ endpoint: options.endpoint ?? customEndpoint(options.baseUrl ?? fake.baseUrl), apiKey });
    const [texts, reasoning]: string[][] = [[], []];
    const running = client.stream(options.request ?? REQUEST, (piece) => (piece.part === 'text' ? texts : reasoning).push(piece.text));
    return { texts, reasoning, running, outcome: within(running.outcome, 5000, 'the outcome') };
  }

  describe('a streamed answer', () => {
    it('delivers the text chunk by chunk, in order, and completes with the usage', async () => {
      const answer = 'Closures keep the variables of the scope they were made in.';
      fake.script({ kind: 'reply', text: answer, chunkSize: 7 });
      const { texts, outcome } = send();
      const result = await outcome;

      const expectedChunks = answer.match(/.{1,7}/g);
      assert.deepEqual(texts, expectedChunks);
      assert.equal(texts.join(''), answer);
      const promptTokens = REQUEST.messages.reduce((sum, m) => sum + countTokens(m.content), 0);
      assert.deepEqual(result, { kind: 'complete', finishReason: 'stop', usage: { promptTokens, completionTokens: countTokens(answer) } });
    });

    for (const reasoningField of ['reasoning_content', 'reasoning'] as const) {
      it(`delivers a reasoning model's ${reasoningField} apart from the answer, before it`, async () => {
        fake.script({ kind: 'reply', reasoning: 'The user greets me; greet back.', reasoningField, text: 'Hello!', chunkSize: 5 });
        const { texts, reasoning, outcome } = send();
        assert.equal((await outcome).kind, 'complete');
        assert.equal(reasoning.join(''), 'The user greets me; greet back.');
        assert.equal(texts.join(''), 'Hello!');
      });
    }

    it('passes the finish reason through (length)', async () => {
      fake.script({ kind: 'reply', text: 'Cut short by max tokens', finishReason: 'length' });
      const { outcome } = send();
      const result = await outcome;
      assert.equal(result.kind, 'complete');
      assert.equal((result as Extract<ChatOutcome, { kind: 'complete' }>).finishReason, 'length');
    });

    it('keeps non-ASCII text intact across chunks', async () => {
      const answer = 'Grüße 👋 — 你好, naïve café';
      fake.script({ kind: 'reply', text: answer, chunkSize: 1 });
      const { texts, outcome } = send();
      assert.equal((await outcome).kind, 'complete');
      assert.equal(texts.join(''), answer);
      assert.equal(texts.length, Array.from(answer).length);
    });
  });

  describe('the request it sends', () => {
    it('is a valid Chat Completions request: model, messages in order, stream with usage, bearer key', async () => {
      const { outcome } = send();
      assert.equal((await outcome).kind, 'complete');

      assert.equal(fake.requests.length, 1);
      assert.deepEqual(fake.otherRequests, [], 'no request besides the chat completion');
      const [request] = fake.requests;
      assert.equal(request.method, 'POST');
      assert.equal(request.url, '/v1/chat/completions');
      assert.match(String(request.headers['content-type']), /^application\/json/);
      assert.equal(request.headers.authorization, `Bearer ${KEY}`);
      assert.deepEqual(validateChatRequest(request.body), []);
      assert.deepEqual(request.body, {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You are Parley.' },
          { role: 'user', content: 'Hello?' },
          { role: 'assistant', content: 'Hi! How can I help?' },
          { role: 'user', content: 'Explain closures in one line.' },
        ],
        stream: true,
        stream_options: { include_usage: true },
      });
    });

    it('sends only role and content of each message, even when the messages carry more', async () => {
      const extra = { role: 'user' as const, content: 'Q', id: 'turn-1', context: [] };
      const { outcome } = send({ request: { model: 'local-model', messages: [extra] } });
      assert.equal((await outcome).kind, 'complete');
      const body = fake.requests[0].body as { model: string; messages: unknown[] };
      assert.equal(body.model, 'local-model');
      assert.deepEqual(body.messages, [{ role: 'user', content: 'Q' }]);
      assert.deepEqual(validateChatRequest(body), []);
    });

    it('sends no Authorization header at all when there is no key', async () => {
      const { outcome } = send({ apiKey: undefined });
      assert.equal((await outcome).kind, 'complete');
      assert.equal(fake.requests.length, 1);
      const headers = fake.requests[0].headers;
      assert.equal(headers.authorization, undefined, `got Authorization: ${String(headers.authorization)}`);
      assert.ok(!Object.keys(headers).some((name) => name.toLowerCase() === 'authorization'));
      assert.deepEqual(validateChatRequest(fake.requests[0].body), []);
    });

    it('ignores OPENAI_* environment variables (key, organization, project)', async () => {
      const saved = { key: process.env.OPENAI_API_KEY, org: process.env.OPENAI_ORG_ID, project: process.env.OPENAI_PROJECT_ID };
      process.env.OPENAI_API_KEY = 'sk-from-env';
      process.env.OPENAI_ORG_ID = 'org-from-env';
      process.env.OPENAI_PROJECT_ID = 'proj-from-env';
      try {
        const { outcome } = send({ apiKey: undefined });
        assert.equal((await outcome).kind, 'complete');
      } finally {
        for (const [name, value] of [
          ['OPENAI_API_KEY', saved.key],
          ['OPENAI_ORG_ID', saved.org],
          ['OPENAI_PROJECT_ID', saved.project],
        ] as const) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
      const headers = fake.requests[0].headers;
      assert.equal(headers.authorization, undefined);
      assert.equal(headers['openai-organization'], undefined);
      assert.equal(headers['openai-project'], undefined);
    });
  });

  describe('stop()', () => {
    it('during a slow drip gives `stopped` and keeps the text received so far', async () => {
      const answer = 'one two three four five six seven eight nine ten';
      fake.script({ kind: 'reply', text: answer, chunkSize: 4, delayMs: 40 });
      const { texts, running, outcome } = send();
      await until(() => texts.length >= 2, 'two chunks');
      running.stop();
      assert.deepEqual(await outcome, { kind: 'stopped' });

      const received = texts.join('');
      assert.ok(received.length >= 8 && received.length < answer.length, `received ${JSON.stringify(received)}`);
      assert.ok(answer.startsWith(received), 'what arrived is a prefix of the answer');
      const countAtStop = texts.length;
      await sleep(150);
      assert.equal(texts.length, countAtStop, 'no text arrives after stop');
      assert.equal(fake.requests.length, 1);
    });

    it('while the server sends nothing after the headers gives `stopped`', async () => {
      fake.script({ kind: 'hang' });
      const { texts, running, outcome } = send();
      await fake.waitForRequests(1);
      await sleep(50);
      running.stop();
      assert.deepEqual(await outcome, { kind: 'stopped' });
      assert.deepEqual(texts, []);
    });

    it('before the request has gone out gives `stopped`', async () => {
      const { texts, running, outcome } = send();
      running.stop();
      assert.deepEqual(await outcome, { kind: 'stopped' });
      assert.deepEqual(texts, []);
    });
  });

  describe('HTTP errors', () => {
    it('401 → auth, with the Set API Key action', async () => {
      fake.script({ kind: 'status', status: 401 });
      const { outcome, texts } = send();
      const error = errorOf(await outcome);
      assert.equal(error.kind, 'auth');
      assert.equal(error.action, 'setApiKey');
      assert.ok(error.message.includes(fake.baseUrl), error.message);
      assert.ok(error.message.includes('401'), error.message);
      assert.ok(!error.message.includes(KEY), 'the key is never shown');
      assert.deepEqual(texts, []);
    });

    it('404 → model-not-found, naming the model', async () => {
      fake.script({ kind: 'status', status: 404 });
      const error = errorOf(await send({ request: { model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] } }).outcome);
      assert.equal(error.kind, 'model-not-found');
      assert.equal(error.action, 'pickModel');
      assert.ok(error.message.includes('"no-such-model"'), error.message);
      assert.ok(error.message.includes('does not exist or you do not have access'), 'the server message is passed on');
    });

    it('429 with retry-after: 7 → rate-limit, telling the user to wait 7 s', async () => {
      fake.script({ kind: 'status', status: 429, retryAfter: '7' });
      const error = errorOf(await send().outcome);
      assert.equal(error.kind, 'rate-limit');
      assert.equal(error.action, 'retry');
      assert.match(error.message, /Try again in 7 s\./);
      assert.equal(fake.requests.length, 1, 'the client does not wait out the 7 s and retry itself');
    });

    it('429 without retry-after → rate-limit without a number of seconds', async () => {
      fake.script({ kind: 'status', status: 429 });
      const error = errorOf(await send().outcome);
      assert.equal(error.kind, 'rate-limit');
      assert.doesNotMatch(error.message, /Try again in \d+ s/);
    });

    it('500 → server, with the Retry action', async () => {
      fake.script({ kind: 'status', status: 500 });
      const error = errorOf(await send().outcome);
      assert.equal(error.kind, 'server');
      assert.equal(error.action, 'retry');
      assert.ok(error.message.includes('(500)'), error.message);
    });

    it('400 with code context_length_exceeded → context-length (from the code alone)', async () => {
      fake.script({ kind: 'status', status: 400, code: 'context_length_exceeded', param: 'messages', message: 'Input is too long for this model.' });
      const error = errorOf(await send().outcome);
      assert.equal(error.kind, 'context-length');
      assert.equal(error.action, 'retry');
      assert.ok(error.message.includes('gpt-4o-mini'), error.message);
    });

    it("400 with OpenAI's context-length message and no code → context-length", async () => {
      fake.script({
        kind: 'status',
        status: 400,
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.",
      });
      assert.equal(errorOf(await send().outcome).kind, 'context-length');
    });

    it('any other 400 → bad-request, passing the server message on', async () => {
      fake.script({ kind: 'status', status: 400, message: 'Unrecognized request argument supplied: foo', param: 'foo' });
      const error = errorOf(await send().outcome);
      assert.equal(error.kind, 'bad-request');
      assert.ok(error.message.includes('Unrecognized request argument supplied: foo'), error.message);
    });

    for (const status of [408, 409, 429, 500, 502, 503]) {
      it(`makes exactly one request for a ${status} (no hidden SDK retries)`, async () => {
        fake.script({ kind: 'status', status, retryAfter: '0' });
        const result = await send().outcome;
        assert.equal(result.kind, 'error');
        await sleep(100);
        assert.equal(fake.requests.length, 1);
      });
    }
  });

  describe('broken streams and servers', () => {
    it('a stream cut before the finish → interrupted, with the text kept', async () => {
      fake.script({ kind: 'cut', text: 'The first half of an answ' });
      const { texts, outcome } = send();
      const error = errorOf(await outcome);
      assert.equal(error.kind, 'interrupted');
      assert.equal(error.action, 'retry');
      assert.match(error.message, /stopped before the server said it was finished/);
      assert.equal(texts.join(''), 'The first half of an answ');
      assert.equal(fake.requests.length, 1, 'no retry of a cut stream');
    });

    it('a malformed SSE line → an error outcome (no crash, no hang), with the good text kept', async () => {
      fake.script({ kind: 'malformed', text: 'Good so far' });
      const { texts, outcome } = send();
      const error = errorOf(await outcome);
      assert.equal(error.kind, 'interrupted');
      assert.match(error.message, /could not be read/);
      assert.equal(texts.join(''), 'Good so far');
    });

    it('a dead server (connection refused) → network', async () => {
      const dead = await FakeOpenAI.start();
      const baseUrl = dead.baseUrl;
      await dead.close();
      await dead.close(); // closing twice is harmless
      const { texts, outcome } = send({ baseUrl });
      const error = errorOf(await outcome);
      assert.equal(error.kind, 'network');
      assert.equal(error.action, 'retry');
      assert.ok(error.message.includes(baseUrl), error.message);
      assert.deepEqual(texts, []);
    });

    // BUG (src/node/openaiClient.ts, describe()): an error event inside a 200 stream
    // (`data: {"error": {...}}`, which OpenAI sends when it fails mid-answer) reaches describe() as an
    // APIError with status undefined, so describeFailure calls it 'network' ("Could not reach <url>…").
    // Un-skip once describe() handles an APIError without a status that is not a connection error.
    it('an error event inside the stream → server (not network), with the text kept', async () => {
      fake.script({ kind: 'stream-error', text: 'Partial', message: 'The server had an error while processing your request.' });
      const { texts, outcome } = send();
      const error = errorOf(await outcome);
      assert.equal(error.kind, 'server');
      assert.doesNotMatch(error.message, /Could not reach/);
      assert.equal(texts.join(''), 'Partial');
    });
  });
  describe('credentials', () => {
    const HEADER_SECRET = 'gw-header-secret-4242';
    const withHeader = (baseUrl = fake.baseUrl): Extract<Endpoint, { api: 'openai' }> => ({
      ...customEndpoint(baseUrl),
      headers: { 'X-Api-Key': HEADER_SECRET, 'X-Title': 'Parley' },
    });
    const azure = (): Extract<Endpoint, { api: 'azure' }> => ({
      api: 'azure',
      provider: 'azure',
      endpoint: fake.origin,
      apiVersion: '2024-10-21',
      needsKey: true,
    });
    let other: FakeOpenAI;

    before(async () => {
      other = await FakeOpenAI.start();
    });
    afterEach(() => other.reset());
    after(() => other.close());

    /** Every request the other origin saw, of any kind. */
    const seenByOther = () => [...other.requests, ...other.otherRequests, ...other.modelLists];

    it('an error body that echoes the key and the headers keeps none of them', async () => {
      fake.script({ kind: 'echo-credentials', status: 400 });
      const error = errorOf(await send({ endpoint: withHeader() }).outcome);
      assert.equal(fake.requests[0]?.headers['x-api-key'], HEADER_SECRET, 'the header was sent');
      assert.equal(error.kind, 'bad-request');
      assert.match(error.message, /refused; it carried/, 'the server text is still shown');
      assert.ok(!error.message.includes(KEY) && !error.message.includes(HEADER_SECRET), error.message);
    });

    it("an error body that echoes Azure's api-key keeps none of it", async () => {
      fake.script({ kind: 'echo-credentials', status: 500 });
      const error = errorOf(await send({ endpoint: azure(), request: { ...REQUEST, model: 'dep' } }).outcome);
      assert.equal(fake.requests[0]?.headers['api-key'], KEY, 'the key was sent as api-key');
      assert.ok(!error.message.includes(KEY), error.message);
    });

    it('a base URL with a user name and password: the failure repeats neither', async () => {
      const error = errorOf(await send({ baseUrl: fake.baseUrl.replace('http://', 'http://someone:pw-in-url-77@') }).outcome);
      assert.ok(!error.message.includes('pw-in-url-77') && !error.message.includes('someone'), error.message);
    });

    it('a base URL with a key in its query sends it to the right path and never shows it', async () => {
      fake.script({ kind: 'echo-credentials', status: 500 });
      const error = errorOf(await send({ baseUrl: `${fake.baseUrl}?api-key=qk-in-query-99` }).outcome);
      assert.equal(fake.requests.length, 1, `requests: ${JSON.stringify(fake.otherRequests.map((r) => r.url))}`);
      assert.equal(fake.requests[0]?.path, '/v1/chat/completions');
      assert.equal(fake.requests[0]?.query['api-key'], 'qk-in-query-99');
      assert.ok(!error.message.includes('qk-in-query-99'), error.message);
    });

    for (const status of [301, 302, 303, 307, 308] as const) {
      it(`a ${status} to another origin is refused, naming both; the other origin sees nothing`, async () => {
        fake.script({ kind: 'redirect', status, location: `${other.baseUrl}/chat/completions` });
        const error = errorOf(await send({ endpoint: withHeader() }).outcome);
        assert.deepEqual(seenByOther(), []);
        assert.equal(error.kind, 'config');
        assert.ok(error.message.includes(fake.origin) && error.message.includes(other.origin), error.message);
      });
    }

    it('a redirect to the same port under another host name is another origin', async () => {
      fake.script({ kind: 'redirect', location: `${fake.baseUrl.replace('127.0.0.1', 'localhost')}/chat/completions` });
      const error = errorOf(await send().outcome);
      assert.equal(error.kind, 'config');
      assert.equal(fake.requests.length, 1, 'the redirect was not followed');
    });

    it("Azure's api-key is not sent across a redirect", async () => {
      fake.script({ kind: 'redirect', location: `${other.origin}/openai/deployments/dep/chat/completions?api-version=2024-10-21` });
      const error = errorOf(await send({ endpoint: azure(), request: { ...REQUEST, model: 'dep' } }).outcome);
      assert.deepEqual(seenByOther(), []);
      assert.equal(error.kind, 'config');
    });

    it('a same-origin 307 is followed, with the key and body', async () => {
      fake.script({ kind: 'redirect', status: 307, location: '/v1/chat/completions?moved=1' }, { kind: 'reply', text: 'Moved answer' });
      const { texts, outcome } = send();
      assert.equal((await outcome).kind, 'complete');
      assert.equal(texts.join(''), 'Moved answer');
      assert.equal(fake.requests.length, 2);
      assert.equal(fake.requests[1]?.query.moved, '1');
      assert.equal(fake.requests[1]?.headers.authorization, `Bearer ${KEY}`);
      assert.deepEqual(fake.requests[1]?.body, fake.requests[0]?.body);
    });

    it('same-origin redirects are followed a bounded number of times', async () => {
      fake.setDefault(() => ({ kind: 'redirect', location: '/v1/chat/completions' }));
      const error = errorOf(await send().outcome);
      assert.ok(fake.requests.length > 1 && fake.requests.length <= 10, `${fake.requests.length} requests`);
      assert.match(error.message, /redirect/i);
    });

    it('a model list redirected to another origin is refused; the other origin sees nothing', async () => {
      fake.redirectModels(`${other.baseUrl}/models`);
      const client = new OpenAIChatClient({ endpoint: withHeader(), apiKey: KEY });
      const failure = await client.listModels().then(
        () => assert.fail('the list should fail'),
        (error: unknown) => client.describeListFailure(error),
      );
      assert.deepEqual(seenByOther(), []);
      assert.ok(failure.includes(other.origin), failure);
    });
  });
});
