// Tool calls over the Chat Completions API: what Parley sends (tools, tool_choice, the assistant's
// tool_calls, tool messages) and how it puts the streamed delta.tool_calls pieces back together.
import * as assert from 'node:assert/strict';
import type { ChatOutcome, ChatRequest } from '../../src/core/client';
import { ToolCallAssembler, readToolCallDeltas, wireMessage, wireTools } from '../../src/core/toolCalls';
import { readChunk } from '../../src/core/wireFormat';
import { OpenAIChatClient } from '../../src/node/openaiClient';
import { validateChatRequest } from '../support/chatSchema';
import { customEndpoint } from '../support/endpoints';
import { FakeOpenAI } from '../support/fakeOpenAI';

const WEATHER = {
  name: 'get_weather',
  description: 'The weather in a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('tool calls on the wire', function () {
  it('offers tools as functions with their schema as parameters, and asks for one when required', () => {
    assert.deepEqual(wireTools([WEATHER], true), {
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city.', parameters: WEATHER.inputSchema } }],
      tool_choice: 'required',
    });
    assert.deepEqual(wireTools([{ name: 'now', description: '' }], false), { tools: [{ type: 'function', function: { name: 'now' } }] });
    assert.deepEqual(wireTools([], true), {}, 'no tools, no tool_choice');
    assert.deepEqual(wireTools(undefined, undefined), {});
  });

  it('sends the assistant’s calls as tool_calls with JSON arguments, and each result as a tool message', () => {
    assert.deepEqual(wireMessage({ role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }] }), {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
    });
    assert.deepEqual(wireMessage({ role: 'assistant', content: 'Let me look.', toolCalls: [] }), { role: 'assistant', content: 'Let me look.' });
    assert.deepEqual(wireMessage({ role: 'tool', toolCallId: 'call_1', content: 'Rain, 8 °C' }), {
      role: 'tool',
      tool_call_id: 'call_1',
      content: 'Rain, 8 °C',
    });
    assert.deepEqual(wireMessage({ role: 'user', content: 'Hi' }), { role: 'user', content: 'Hi' });
  });

  it('reads a chunk’s tool call pieces', () => {
    const chunk = {
      choices: [
        { index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'now', arguments: '{' } }] }, finish_reason: null },
      ],
    };
    assert.deepEqual(readChunk(chunk).toolCalls, [{ index: 1, id: 'call_b', name: 'now', arguments: '{' }]);
    assert.equal(readChunk({ choices: [{ index: 0, delta: { content: 'Hi' } }] }).toolCalls, undefined);
    assert.deepEqual(
      readToolCallDeltas({ tool_calls: [{ function: { name: 'whole', arguments: '{}' } }] }),
      [{ index: 0, name: 'whole', arguments: '{}' }],
      'no index: its place',
    );
  });

  it('puts pieces back together by index, in the order the calls began, and parses their arguments', () => {
    const assembler = new ToolCallAssembler();
    assembler.add([{ index: 0, id: 'call_a', name: 'get_weather', arguments: '' }]);
    assembler.add([{ index: 0, arguments: '{"ci' }]);
    assembler.add([{ index: 1, id: 'call_b', name: 'now' }]);
    assembler.add([{ index: 0, arguments: 'ty":"Oslo"}' }]);
    assert.deepEqual(assembler.finish(), {
      ok: true,
      calls: [
        { id: 'call_a', name: 'get_weather', input: { city: 'Oslo' } },
        { id: 'call_b', name: 'now', input: {} },
      ],
    });
  });

  it('a call whose arguments are not a JSON object cannot be made: the problem names it', () => {
    const broken = new ToolCallAssembler();
    broken.add([{ index: 0, id: 'c', name: 'get_weather', arguments: '{"city": ' }]);
    const result = broken.finish();
    assert.ok(!result.ok);
    assert.match(result.problem, /the arguments of the call to get_weather are not JSON: \{"city": $/);
    const list = new ToolCallAssembler();
    list.add([{ index: 0, id: 'c', name: 'f', arguments: '[1]' }]);
    assert.ok(!list.finish().ok);
    const nameless = new ToolCallAssembler();
    nameless.add([{ index: 0, id: 'c', arguments: '{}' }]);
    assert.deepEqual(nameless.finish(), { ok: false, problem: 'tool call 0 has no name' });
  });
});

describe('OpenAIChatClient with tools, against FakeOpenAI', function () {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await FakeOpenAI.start();
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  function send(request: ChatRequest): Promise<{ outcome: ChatOutcome; text: string }> {
    let text = '';
    const client = new OpenAIChatClient({ endpoint: customEndpoint(fake.baseUrl), apiKey: 'sk-test' });
    return client.stream(request, (piece) => (text += piece.text)).outcome.then((outcome) => ({ outcome, text }));
  }

  it('streams the model’s tool calls, pieced together, as the outcome’s calls', async () => {
    fake.script({
      kind: 'tool-calls',
      text: 'Checking.',
      chunkSize: 3,
      calls: [
        { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { id: 'call_2', name: 'get_weather', arguments: '{"city":"Bergen"}' },
      ],
    });
    const { outcome, text } = await send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Oslo and Bergen?' }], tools: [WEATHER] });
    assert.equal(text, 'Checking.');
    assert.deepEqual(outcome, {
      kind: 'complete',
      finishReason: 'tool_calls',
      usage: outcome.kind === 'complete' ? outcome.usage : undefined,
      toolCalls: [
        { id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } },
        { id: 'call_2', name: 'get_weather', input: { city: 'Bergen' } },
      ],
    });
    const body = fake.requests[0]!.body as Record<string, unknown>;
    assert.deepEqual(validateChatRequest(body), []);
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'get_weather', description: WEATHER.description, parameters: WEATHER.inputSchema } }]);
    assert.equal(body.tool_choice, undefined, 'auto is the server’s default with tools');
  });

  it('sends the calls and their results back in the shape OpenAI takes', async () => {
    fake.script({ kind: 'reply', text: 'Rain in Oslo.' });
    const { outcome } = await send({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'tool', toolCallId: 'call_1', content: 'Rain, 8 °C' },
      ],
      tools: [WEATHER],
      toolRequired: true,
    });
    assert.equal(outcome.kind, 'complete');
    const body = fake.requests[0]!.body as Record<string, unknown>;
    assert.deepEqual(validateChatRequest(body), []);
    assert.equal(body.tool_choice, 'required');
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'Rain, 8 °C' },
    ]);
  });

  it('a call with arguments that are not JSON ends as a clear failure, not a call', async () => {
    fake.script({ kind: 'tool-calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city": Oslo}' }] });
    const { outcome } = await send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather?' }], tools: [WEATHER] });
    assert.ok(outcome.kind === 'error', JSON.stringify(outcome));
    assert.equal(outcome.error.kind, 'interrupted');
    assert.match(JSON.stringify(outcome.error), /the arguments of the call to get_weather are not JSON/);
  });
});
