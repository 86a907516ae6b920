import * as assert from 'node:assert/strict';
import type { ChatOutcome } from '../../src/core/client';
import type { Endpoint } from '../../src/core/providers';
import { failureText } from '../../src/core/failureText';
import { OpenAIChatClient } from '../../src/node/openaiClient';
import type { ServerSentEvent } from '../../src/node/sse';
import { serverSentEvents } from '../../src/node/sse';
import { customEndpoint } from '../support/endpoints';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { providerFixtures, readsOf, replayStep } from '../support/providerFixtures';

const PROVIDERS = ['openai', 'azure', 'ollama', 'llamacpp', 'vllm', 'lmstudio', 'openrouter', 'deepseek', 'groq', 'mistral', 'gemini', 'anthropic'];

describe('every provider as it really speaks: its documented bytes through the real client', function () {
  const fixtures = providerFixtures();
  let fake: FakeOpenAI;

  before(async () => {
    fake = await FakeOpenAI.start();
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  it('has a stream and an error of each provider, each with the page it was taken from', () => {
    for (const provider of PROVIDERS) {
      const own = fixtures.filter((fixture) => fixture.provider === provider);
      assert.ok(
        own.some((fixture) => fixture.status === 200 && fixture.expect.outcome === 'complete'),
        `${provider} has a stream that completes`,
      );
      assert.ok(
        own.some((fixture) => fixture.expect.outcome === 'error'),
        `${provider} has an error`,
      );
    }
    for (const fixture of fixtures) assert.match(fixture.source, /https:\/\/|#\d+/, `${fixture.name} names where its bytes come from`);
  });

  it('replays a body byte for byte, however it is split', () => {
    for (const fixture of fixtures) {
      assert.deepEqual(Buffer.concat(readsOf(fixture).map((read) => Buffer.from(read.base64, 'base64'))), fixture.body, fixture.name);
    }
  });

  for (const fixture of providerFixtures()) {
    it(`${fixture.name}: ${fixture.notes}`, async () => {
      fake.script(replayStep(fixture));
      const endpoint: Extract<Endpoint, { api: 'openai' | 'azure' }> =
        fixture.api === 'azure'
          ? { api: 'azure', provider: 'azure', endpoint: fake.origin, apiVersion: '2024-10-21', needsKey: true }
          : customEndpoint(fake.baseUrl);
      const client = new OpenAIChatClient({ endpoint, apiKey: 'sk-fixture-key' });
      const pieces = { text: '', reasoning: '' };
      const running = client.stream({ model: 'the-model', messages: [{ role: 'user', content: 'Hi' }] }, (piece) => (pieces[piece.part] += piece.text));
      const outcome: ChatOutcome = await running.outcome;
      const { expect } = fixture;
      const shown = outcome.kind === 'error' ? failureText(outcome.error).message : '';
      assert.equal(outcome.kind, expect.outcome, `${fixture.name}: ${JSON.stringify(outcome)}`);
      assert.equal(pieces.text, expect.text ?? pieces.text, 'the text');
      assert.doesNotMatch(pieces.text, /\[object Object\]/);
      assert.equal(pieces.reasoning, expect.reasoning ?? '', 'the reasoning');
      if (outcome.kind === 'complete') {
        assert.equal(outcome.finishReason, expect.finishReason);
        assert.deepEqual(outcome.usage, expect.usage, 'the usage');
      }
      if (outcome.kind === 'error') {
        const failure = outcome.error as unknown as Record<string, unknown>;
        for (const [fact, value] of Object.entries(expect.failure ?? {}))
          assert.deepEqual(failure[fact], value, `${fixture.name}: ${fact} of ${JSON.stringify(failure)}`);
        // The server's own words are shown beside Parley's sentence, whatever shape they came in.
        const said = failure.serverMessage ?? failure.refusal;
        assert.ok(typeof said === 'string' && said.length > 0, `${fixture.name} keeps the server's message: ${JSON.stringify(failure)}`);
        assert.ok(shown.includes(said), `${fixture.name} shows it: ${shown}`);
      }
    });
  }
});

describe('server-sent events as servers send them', () => {
  /** The events of a body that arrives in these reads. */
  async function eventsOf(...reads: string[]): Promise<ServerSentEvent[]> {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const read of reads) controller.enqueue(encoder.encode(read));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of serverSentEvents(body)) events.push(event);
    return events;
  }

  it('a CRLF split between two reads ends one line, not two', async () => {
    assert.deepEqual(await eventsOf('data: a\r', '\n\r\n', 'data: b\r\n\r\n'), [
      { data: 'a', other: {} },
      { data: 'b', other: {} },
    ]);
  });

  it('lines ended by CR alone, several data lines, comments, an id and a retry', async () => {
    assert.deepEqual(await eventsOf(': hi\rid: 7\rretry: 10\rdata: one\rdata:two\r\r'), [{ data: 'one\ntwo', other: {} }]);
  });

  it('keeps a named event and a field the specification does not know', async () => {
    assert.deepEqual(await eventsOf('event: error\ndata: {"message":"boom"}\n\nerror: {"code":500}\n\n'), [
      { event: 'error', data: '{"message":"boom"}', other: {} },
      { data: '', other: { error: '{"code":500}' } },
    ]);
  });

  it('a last event without its blank line, or without its line end, still arrives', async () => {
    assert.deepEqual(await eventsOf('data: [DONE]\n'), [{ data: '[DONE]', other: {} }]);
    assert.deepEqual(await eventsOf('data: [DONE]'), [{ data: '[DONE]', other: {} }]);
  });
});

describe('mid-stream errors in the other forms providers use', function () {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await FakeOpenAI.start();
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  async function outcomeOf(body: string): Promise<ChatOutcome> {
    fake.script({ kind: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, reads: [body] });
    const client = new OpenAIChatClient({ endpoint: customEndpoint(fake.baseUrl), apiKey: undefined });
    return client.stream({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }, () => undefined).outcome;
  }

  it('an `event: error` event: the server, in its words', async () => {
    const outcome = await outcomeOf('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\nevent: error\ndata: {"error":{"message":"Overloaded"}}\n\n');
    assert.deepEqual(outcome, { kind: 'error', error: { kind: 'server', reason: 'stream-error', serverMessage: 'Overloaded' } });
  });

  it('vLLM’s top-level error object inside a stream', async () => {
    const outcome = await outcomeOf('data: {"object":"error","message":"The engine died","type":"InternalServerError","param":null,"code":500}\n\n');
    assert.deepEqual(outcome, { kind: 'error', error: { kind: 'server', reason: 'stream-error', serverMessage: 'The engine died' } });
  });

  it('a finish reason of "error" with no error object', async () => {
    const outcome = await outcomeOf('data: {"choices":[{"index":0,"delta":{},"finish_reason":"error"}]}\n\ndata: [DONE]\n\n');
    assert.deepEqual(outcome, { kind: 'error', error: { kind: 'server', reason: 'stream-error' } });
  });

  it('a content filter inside a stream names the filter', async () => {
    const outcome = await outcomeOf(
      'data: {"error":{"code":"content_filter","message":"filtered","innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"violence":{"filtered":true,"severity":"high"}}}}}\n\n',
    );
    assert.deepEqual(outcome, { kind: 'error', error: { kind: 'refused', reason: 'content-filtered', filters: ['violence'], serverMessage: 'filtered' } });
  });
});
