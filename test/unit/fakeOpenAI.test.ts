import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHAT_REQUEST_PROPERTIES, validateChatRequest } from '../support/chatSchema';
import { FakeOpenAI, countTokens } from '../support/fakeOpenAI';
import { until } from '../support/until';

const VALID = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  stream: true,
  stream_options: { include_usage: true },
};

function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

/** Splits an SSE body into its `data:` payloads, checking the framing on the way. */
function sseData(text: string): string[] {
  assert.ok(text.endsWith('\n\n'), 'every event ends with a blank line');
  const events = text.slice(0, -2).split('\n\n');
  for (const event of events) assert.match(event, /^data: [^\n]+$/, `one data line per event: ${JSON.stringify(event)}`);
  return events.map((event) => event.slice('data: '.length));
}

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; delta: { role?: string; content?: string }; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/** Reads a body until the server ends it or breaks it; returns what arrived and whether it broke. */
async function readAll(response: Response): Promise<{ text: string; broken: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, broken: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, broken: true };
  }
}

describe('validateChatRequest (test/support/chatSchema)', () => {
  it('accepts a minimal body and a full one using every message role and content parts', () => {
    assert.deepEqual(validateChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), []);
    assert.deepEqual(validateChatRequest(VALID), []);
    assert.deepEqual(
      validateChatRequest({
        model: 'gpt-4o',
        messages: [
          { role: 'developer', content: [{ type: 'text', text: 'Rules' }] },
          { role: 'system', content: 'Be brief.', name: 'setup' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            ],
          },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', content: 'result', tool_call_id: 'call_1' },
          { role: 'assistant', content: 'Done.' },
        ],
        temperature: 2,
        top_p: 0,
        n: 1,
        max_completion_tokens: 256,
        frequency_penalty: -2,
        presence_penalty: null,
        stop: ['\n\n', 'END'],
        seed: 42,
        user: 'u-1',
        metadata: { feature: 'parley' },
        logit_bias: { '50256': -100 },
        reasoning_effort: 'low',
        stream: false,
      }),
      [],
    );
  });

  // Which names, exactly, is the OpenAPI test's to say (below); this one holds where that file is not at hand.
  it('lists the property names of CreateChatCompletionRequest once each, the ones Parley sends among them', () => {
    assert.equal(new Set(CHAT_REQUEST_PROPERTIES).size, CHAT_REQUEST_PROPERTIES.length);
    for (const name of ['model', 'messages', 'stream', 'stream_options', 'temperature', 'max_tokens', 'max_completion_tokens', 'tools']) {
      assert.ok(CHAT_REQUEST_PROPERTIES.includes(name), name);
    }
  });

  it("matches the property names in OpenAI's OpenAPI description, when it is at hand", function () {
    // The description is not ours to commit: it lies in shared/reference/ beside the checkout.
    const spec = process.env.OPENAI_OPENAPI_JSON ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'openai-openapi.json');
    if (!existsSync(spec)) {
      console.warn(`      skipped: OpenAI's OpenAPI description is not at ${spec} (set OPENAI_OPENAPI_JSON to its path)`);
      this.skip();
    }
    type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, unknown> };
    const schemas = (JSON.parse(readFileSync(spec, 'utf8')) as { components: { schemas: Record<string, Schema> } }).components.schemas;
    const names = (schema: Schema): string[] =>
      schema.$ref ? names(schemas[schema.$ref.split('/').pop()!]) : [...(schema.allOf ?? []).flatMap(names), ...Object.keys(schema.properties ?? {})];
    assert.deepEqual([...new Set(CHAT_REQUEST_PROPERTIES)].sort(), [...new Set(names(schemas.CreateChatCompletionRequest))].sort());
  });

  it('names each problem of an invalid body', () => {
    const problems = validateChatRequest({
      model: '',
      messages: [
        { role: 'bot', content: 'x' },
        { role: 'user' },
        { role: 'user', content: 42, id: 'turn-3' },
        { role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] },
        { role: 'assistant' },
        { role: 'tool', content: 'r' },
      ],
      stream: 'yes',
      stream_options: { include_usage: 1, extra: true },
      temperature: 2.5,
      top_p: -0.1,
      n: 0,
      max_tokens: 10.5,
      stop: ['a', 'b', 'c', 'd', 'e'],
      systemPrompt: 'leaked',
    });
    assert.deepEqual(problems, [
      'systemPrompt: unknown property (not in CreateChatCompletionRequest)',
      'model: must be a non-empty string (got "")',
      'messages[0].role: must be one of system, developer, user, assistant, tool (got "bot")',
      'messages[1].content: required',
      'messages[2].id: unknown property for a user message',
      'messages[2].content: must be a string or an array of content parts (got 42)',
      'messages[3].content[0].type: a system message accepts parts of type text (got "image_url")',
      'messages[4].content: an assistant message needs content or tool_calls',
      'messages[5].tool_call_id: required string (got undefined)',
      'temperature: must be between 0 and 2 (got 2.5)',
      'top_p: must be between 0 and 1 (got -0.1)',
      'n: must be between 1 and 128 (got 0)',
      'max_tokens: must be an integer (got 10.5)',
      'stream: must be a boolean (got "yes")',
      'stream_options.include_usage: must be a boolean (got 1)',
      'stream_options.extra: unknown property',
      'stream_options: only allowed when stream is true',
      'stop: must be a string or an array of 1 to 4 strings',
    ]);
  });

  it('rejects what is not a body at all, and missing or empty required fields', () => {
    assert.deepEqual(validateChatRequest('{"model":"m"}'), ['body: must be a JSON object (got "{\\"model\\":\\"m\\"}")']);
    assert.deepEqual(validateChatRequest(null), ['body: must be a JSON object (got null)']);
    assert.deepEqual(validateChatRequest({}), ['model: required', 'messages: required']);
    assert.deepEqual(validateChatRequest({ model: 'm', messages: [] }), ['messages: must have at least 1 item']);
    assert.deepEqual(validateChatRequest({ model: 'm', messages: [{ role: 'function', content: 'x', name: 'f' }] }), [
      'messages[0].role: must be one of system, developer, user, assistant, tool (got "function")',
    ]);
  });
});

describe('FakeOpenAI (test/support/fakeOpenAI)', () => {
  let fake: FakeOpenAI;

  before(async () => {
    fake = await FakeOpenAI.start();
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  it('listens on 127.0.0.1 with a /v1 base URL', () => {
    assert.match(fake.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.notEqual(fake.port, 0);
  });

  it('streams SSE: role chunk, content deltas, finish chunk, usage chunk, [DONE]', async () => {
    fake.script({ kind: 'reply', text: 'Hello, world', chunkSize: 5 });
    const response = await post(`${fake.baseUrl}/chat/completions`, VALID);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(response.headers.get('x-request-id') ?? '', /^req_/);

    const data = sseData(await response.text());
    assert.equal(data[data.length - 1], '[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
    assert.equal(chunks.length, 1 + 3 + 1 + 1);
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.id, chunks[0].id);
      assert.match(chunk.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
      assert.equal(chunk.model, 'gpt-4o-mini');
      assert.ok(Math.abs(chunk.created - Date.now() / 1000) < 60);
    }
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '', refusal: null });
    assert.deepEqual(
      chunks.slice(1, 4).map((c) => c.choices[0].delta),
      [{ content: 'Hello' }, { content: ', wor' }, { content: 'ld' }],
    );
    assert.ok(chunks.slice(0, 4).every((c) => c.choices[0].finish_reason === null && c.usage === null));
    assert.deepEqual(chunks[4].choices, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    assert.deepEqual(chunks[5].choices, []);
    assert.deepEqual(
      { prompt: chunks[5].usage?.prompt_tokens, completion: chunks[5].usage?.completion_tokens, total: chunks[5].usage?.total_tokens },
      { prompt: countTokens('Be brief.') + countTokens('Hi'), completion: countTokens('Hello, world'), total: 3 + 1 + 3 },
    );
  });

  it('sends no usage chunk (and no usage fields) without stream_options.include_usage', async () => {
    fake.script({ kind: 'reply', text: 'abc', finishReason: 'length' });
    const response = await post(`${fake.baseUrl}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    const data = sseData(await response.text());
    assert.equal(data.length, 4, 'role, content, finish, [DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
    assert.ok(chunks.every((c) => !('usage' in c)));
    assert.equal(chunks[2].choices[0].finish_reason, 'length');
  });

  it('answers stream: false with a chat.completion object', async () => {
    const response = await post(`${fake.baseUrl}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'ping' }] });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      object: string;
      choices: Array<{ message: { role: string; content: string }; finish_reason: string }>;
      usage: { completion_tokens: number };
    };
    assert.equal(body.object, 'chat.completion');
    assert.deepEqual(body.choices[0].message.role, 'assistant');
    assert.equal(body.choices[0].message.content, 'You said: ping', 'the default reply echoes the last user message');
    assert.equal(body.choices[0].finish_reason, 'stop');
    assert.equal(body.usage.completion_tokens, countTokens('You said: ping'));
  });

  it("answers a status step with OpenAI's error body, and retry-after when given", async () => {
    fake.script(
      { kind: 'status', status: 429, retryAfter: '7' },
      { kind: 'status', status: 400, code: 'context_length_exceeded', message: 'Too long', param: 'messages' },
    );
    const limited = await post(`${fake.baseUrl}/chat/completions`, VALID);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.deepEqual(await limited.json(), {
      error: {
        message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    const tooLong = await post(`${fake.baseUrl}/chat/completions`, VALID);
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.headers.get('retry-after'), null);
    assert.deepEqual(await tooLong.json(), {
      error: { message: 'Too long', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' },
    });
  });

  it('takes scripted steps in order, then falls back to the default (replaceable with setDefault)', async () => {
    fake.script({ kind: 'reply', text: 'first' }, { kind: 'reply', text: 'second' });
    const contentOf = async (): Promise<string> => {
      const response = await post(`${fake.baseUrl}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'q' }] });
      return ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
    };
    assert.equal(await contentOf(), 'first');
    assert.equal(fake.pending, 1);
    assert.equal(await contentOf(), 'second');
    assert.equal(await contentOf(), 'You said: q');
    fake.setDefault((body) => ({ kind: 'reply', text: `model ${String(body.model)}` }));
    assert.equal(await contentOf(), 'model m');
    assert.equal(fake.requests.length, 4);
  });

  it('records chat requests with headers and body; other requests separately; /v1/models not at all', async () => {
    await post(`${fake.baseUrl}/chat/completions`, { model: 'my-local-model', messages: [{ role: 'user', content: 'a' }] }, { authorization: 'Bearer sk-1' });
    const models = await fetch(`${fake.baseUrl}/models`);
    const list = (await models.json()) as { object: string; data: Array<{ id: string; object: string; owned_by: string }> };
    assert.equal(list.object, 'list');
    assert.deepEqual(
      list.data.map((m) => m.id),
      ['gpt-4o-mini', 'gpt-4o', 'my-local-model'],
    );
    assert.ok(list.data.every((m) => m.object === 'model' && m.owned_by === 'fake-openai'));
    const image = await fetch(`http://127.0.0.1:${fake.port}/image.png`);
    assert.equal(image.status, 404);
    assert.equal(((await image.json()) as { error: { type: string } }).error.type, 'invalid_request_error');

    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0].method, 'POST');
    assert.equal(fake.requests[0].url, '/v1/chat/completions');
    assert.equal(fake.requests[0].headers.authorization, 'Bearer sk-1');
    assert.deepEqual(fake.requests[0].body, { model: 'my-local-model', messages: [{ role: 'user', content: 'a' }] });
    assert.deepEqual(
      fake.otherRequests.map((r) => `${r.method} ${r.url}`),
      ['GET /image.png'],
    );
    assert.equal(fake.modelListRequests, 1);
  });

  it('answers 400 to a body that is not JSON or fails the schema, and still records it', async () => {
    const notJson = await post(`${fake.baseUrl}/chat/completions`, '{oops');
    assert.equal(notJson.status, 400);
    const invalid = await post(`${fake.baseUrl}/chat/completions`, { model: 'm', messages: [], temprature: 1 });
    assert.equal(invalid.status, 400);
    const { error } = (await invalid.json()) as { error: { message: string; type: string } };
    assert.equal(error.type, 'invalid_request_error');
    assert.match(error.message, /temprature: unknown property/);
    assert.match(error.message, /messages: must have at least 1 item/);
    assert.deepEqual(
      fake.requests.map((r) => r.body),
      ['{oops', { model: 'm', messages: [], temprature: 1 }],
    );
  });

  it('cut: sends the text, then breaks the connection without finish_reason or [DONE]', async () => {
    fake.script({ kind: 'cut', text: 'partial' });
    const response = await post(`${fake.baseUrl}/chat/completions`, VALID);
    const { text, broken } = await readAll(response);
    assert.equal(broken, true, 'the body ends in a transport error, not a clean end');
    const chunks = sseData(text).map((d) => JSON.parse(d) as Chunk);
    assert.equal(chunks.map((c) => c.choices[0].delta.content ?? '').join(''), 'partial');
    assert.ok(chunks.every((c) => c.choices[0].finish_reason === null));
    assert.ok(!text.includes('[DONE]'));
    assert.equal(fake.responsesLeftByClient, 0, 'the server cut it; the client did not go');
  });

  it('malformed: good chunks, then a `data: {not json` line', async () => {
    fake.script({ kind: 'malformed', text: 'ok' });
    const text = await (await post(`${fake.baseUrl}/chat/completions`, VALID)).text();
    const data = sseData(text);
    assert.equal(data[data.length - 1], '{not json');
    assert.equal(JSON.parse(data[1]).choices[0].delta.content, 'ok');
    assert.ok(!text.includes('[DONE]'));
  });

  it('stream-error: good chunks, then an in-stream error event', async () => {
    fake.script({ kind: 'stream-error', text: 'ok', message: 'boom', code: 'server_error' });
    const data = sseData(await (await post(`${fake.baseUrl}/chat/completions`, VALID)).text());
    assert.deepEqual(JSON.parse(data[data.length - 1]), { error: { message: 'boom', type: 'server_error', param: null, code: 'server_error' } });
  });

  it('hang: headers arrive, then nothing until the client aborts', async () => {
    fake.script({ kind: 'hang' });
    const abort = new AbortController();
    const response = await post(`${fake.baseUrl}/chat/completions`, VALID, {}, abort.signal);
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const first = reader.read();
    const nothing = await Promise.race([first.then(() => 'data'), new Promise((resolve) => setTimeout(() => resolve('nothing'), 150))]);
    assert.equal(nothing, 'nothing');
    abort.abort();
    await assert.rejects(first);
    await until(() => fake.responsesLeftByClient === 1, 'the server to see its client go');
    // The server is still fine afterwards.
    assert.equal((await post(`${fake.baseUrl}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] })).status, 200);
  });

  it('a slow drip paces the chunks by delayMs', async () => {
    fake.script({ kind: 'reply', text: 'abcdef', chunkSize: 2, delayMs: 40 });
    const started = Date.now();
    await (await post(`${fake.baseUrl}/chat/completions`, VALID)).text();
    assert.ok(Date.now() - started >= 110, `took ${Date.now() - started} ms for 3 chunks at 40 ms`);
  });

  it('waitForRequests resolves on the nth request and rejects on timeout', async () => {
    const waiting = fake.waitForRequests(2, 2000);
    await post(`${fake.baseUrl}/chat/completions`, VALID).then((r) => r.text());
    await post(`${fake.baseUrl}/chat/completions`, VALID).then((r) => r.text());
    await waiting;
    await assert.rejects(fake.waitForRequests(3, 50), /waited 50 ms for 3 chat request\(s\), got 2/);
  });

  it('reset forgets requests and queued steps', async () => {
    fake.script({ kind: 'status', status: 500 });
    await post(`${fake.baseUrl}/chat/completions`, VALID).then((r) => r.text());
    fake.script({ kind: 'status', status: 500 });
    fake.reset();
    assert.equal(fake.requests.length, 0);
    assert.equal(fake.pending, 0);
    assert.equal((await post(`${fake.baseUrl}/chat/completions`, VALID)).status, 200);
  });

  it('runs as a standalone process driven by the control API', async function () {
    this.timeout(8000);
    const script = path.join(__dirname, '..', 'support', 'fakeOpenAI.js');
    const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (data: Buffer) => {
          out += data.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.once('exit', () => reject(new Error(`exited before printing its URL: ${out}`)));
      });
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const origin = new URL(baseUrl).origin;

      const queued = await post(`${origin}/__control/script`, [{ kind: 'reply', text: 'from the script' }]);
      assert.deepEqual(await queued.json(), { ok: true, pending: 1 });
      assert.equal((await post(`${origin}/__control/script`, [{ kind: 'nope' }])).status, 400);
      const answer = await post(`${baseUrl}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(((await answer.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content, 'from the script');

      const recorded = (await (await fetch(`${origin}/__control/requests`)).json()) as {
        requests: Array<{ url: string; body: unknown }>;
        otherRequests: unknown[];
      };
      assert.deepEqual(
        recorded.requests.map((r) => r.url),
        ['/v1/chat/completions'],
        'control requests are not recorded',
      );
      assert.deepEqual(recorded.otherRequests, []);

      await post(`${origin}/__control/reset`, {});
      const afterReset = (await (await fetch(`${origin}/__control/requests`)).json()) as { requests: unknown[] };
      assert.deepEqual(afterReset.requests, []);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
