// Parley's providers in VS Code's model picker: the language model chat provider of vendor
// `parley`, used through the Language Model API as the Chat view uses it, against a fake server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ESTIMATED_TOKENS, answerReserve } from '../../../src/core/budget';
import { PARLEY_VENDOR } from '../../../src/core/parleyModels';
import type { ParleyApi } from '../../../src/extension';
import { resolveTarget } from '../../../src/core/requestTarget';
import { listLanguageModels } from '../../../src/vscode/lmClient';
import { modelInformation } from '../../../src/vscode/lmProvider';
import { readParleySettings } from '../../../src/vscode/settings';
import { providerSettings } from '../../support/providerSettings';
import { FakeOpenAI } from '../../support/fakeOpenAI';
import { until } from '../../support/until';

type WireMessage = Record<string, unknown>;

const WEATHER: vscode.LanguageModelChatTool = {
  name: 'get_weather',
  description: 'The weather in a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe("Parley's models in VS Code's model picker", function () {
  let fake: FakeOpenAI;
  const config = () => vscode.workspace.getConfiguration('parley');

  async function parleyModels(): Promise<vscode.LanguageModelChat[]> {
    return vscode.lm.selectChatModels({ vendor: PARLEY_VENDOR });
  }

  async function model(id: string): Promise<vscode.LanguageModelChat> {
    let found: vscode.LanguageModelChat | undefined;
    await until(async () => (found = (await parleyModels()).find((m) => m.id === id)) !== undefined, `the model ${id} in the picker`);
    return found!;
  }

  function messagesOf(index: number): WireMessage[] {
    return (fake.requests[index]?.body as { messages: WireMessage[] }).messages;
  }

  before(async () => {
    fake = await FakeOpenAI.start();
    await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
  });

  beforeEach(async () => {
    fake.reset();
    fake.setModels([
      { id: 'tool-model', context_length: 32_000, supported_parameters: ['temperature', 'tools'] },
      { id: 'chat-model', context_length: 8_000, supported_parameters: ['temperature'] },
    ]);
    // A custom server on this machine: set up by its URL, no key needed.
    await config().update('provider', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['provider', 'baseUrl']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('lists the provider’s models with their windows', async () => {
    await until(async () => (await parleyModels()).length === 2, 'both models of the fake');
    const models = (await parleyModels()).sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(
      models.map(({ id, name, vendor, family, maxInputTokens }) => ({ id, name, vendor, family, maxInputTokens })),
      [
        { id: 'custom/chat-model', name: 'chat-model', vendor: 'parley', family: 'chat-model', maxInputTokens: 8_000 - answerReserve(8_000) },
        { id: 'custom/tool-model', name: 'tool-model', vendor: 'parley', family: 'tool-model', maxInputTokens: 32_000 - answerReserve(32_000) },
      ],
    );
  });

  it("Parley's own VS Code language models provider leaves Parley's models out", async () => {
    await model('custom/chat-model');
    const listed = await listLanguageModels();
    assert.deepEqual(
      listed.filter((m) => m.vendor === PARLEY_VENDOR),
      [],
    );
  });

  it('lists nothing when the provider is VS Code language models: no loop', async () => {
    await model('custom/chat-model');
    await config().update('provider', 'vscode-lm', vscode.ConfigurationTarget.Global);
    await until(async () => (await parleyModels()).length === 0, 'the picker to drop Parley’s models');
  });

  it('lists nothing when no provider is set up', async () => {
    await model('custom/chat-model');
    await config().update('provider', undefined, vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await until(async () => (await parleyModels()).length === 0, 'the picker to drop Parley’s models');
  });

  it('claims tool calling only for the model whose provider states it, and image input for none', () => {
    const target = (model: string) =>
      resolveTarget({
        settings: readParleySettings(),
        providers: providerSettings({ provider: 'custom', baseUrl: fake.baseUrl, baseUrlSetByUser: true }),
        provider: { id: 'custom', chosen: true },
        hasKey: false,
        pickedModel: model,
        statedWindow: () => 32_000,
      });
    const tools = modelInformation(
      { id: 'tool-model', contextWindow: 32_000, toolCalling: true, imageInput: true, maxOutputTokens: 2_000 },
      target('tool-model'),
    );
    assert.deepEqual(tools.capabilities, { toolCalling: true, imageInput: false });
    assert.equal(tools.maxOutputTokens, 2_000, 'the output limit the provider states');
    assert.deepEqual(modelInformation({ id: 'chat-model', contextWindow: 32_000 }, target('chat-model')).capabilities, {
      toolCalling: false,
      imageInput: false,
    });
  });

  it('streams the answer through the fake, as the panel sends it', async () => {
    const chat = await model('custom/chat-model');
    fake.script({ kind: 'reply', text: 'Hello from the fake.', chunkSize: 5, delayMs: 40 });
    const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User('Hello?')], { modelOptions: { temperature: 0.5 } });
    const parts: string[] = [];
    for await (const text of response.text) parts.push(text);
    assert.equal(parts.join(''), 'Hello from the fake.');
    assert.ok(parts.length > 1, `the answer arrived in parts: ${JSON.stringify(parts)}`);
    const body = fake.requests[0]?.body as Record<string, unknown>;
    assert.equal(body.model, 'chat-model');
    assert.equal(body.stream, true);
    assert.equal(body.temperature, 0.5);
    assert.equal(body.tools, undefined, 'no tools offered, none sent');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Hello?' }]);
  });

  it('instructions with the System role the Chat view uses go as a system message', async () => {
    const chat = await model('custom/chat-model');
    fake.script({ kind: 'reply', text: 'Brief.' });
    // The role VS Code's Chat view gives its instructions: System (3), proposed for callers, so not in the final types.
    const system = new vscode.LanguageModelChatMessage(3 as vscode.LanguageModelChatMessageRole, 'Be brief.');
    const response = await chat.sendRequest([system, vscode.LanguageModelChatMessage.User('Hello?')]);
    for await (const _ of response.text) void _;
    assert.deepEqual(messagesOf(0), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello?' },
    ]);
  });

  it('a tool call round-trips: the model asks, the result goes back as a tool message', async () => {
    const chat = await model('custom/tool-model');
    fake.script(
      { kind: 'tool-calls', calls: [{ id: 'call_oslo', name: 'get_weather', arguments: '{"city":"Oslo"}' }] },
      { kind: 'reply', text: 'It rains in Oslo.' },
    );
    const question = vscode.LanguageModelChatMessage.User('Weather in Oslo?');
    const first = await chat.sendRequest([question], { tools: [WEATHER], toolMode: vscode.LanguageModelChatToolMode.Required });
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of first.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
    assert.equal(calls.length, 1);
    assert.deepEqual([calls[0]!.callId, calls[0]!.name, calls[0]!.input], ['call_oslo', 'get_weather', { city: 'Oslo' }]);
    const firstBody = fake.requests[0]?.body as Record<string, unknown>;
    assert.deepEqual(firstBody.tools, [
      { type: 'function', function: { name: 'get_weather', description: WEATHER.description, parameters: WEATHER.inputSchema } },
    ]);
    assert.equal(firstBody.tool_choice, 'required');

    const second = await chat.sendRequest(
      [
        question,
        vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelToolCallPart(calls[0]!.callId, calls[0]!.name, calls[0]!.input)]),
        vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(calls[0]!.callId, [new vscode.LanguageModelTextPart('Rain, 8 °C')])]),
      ],
      { tools: [WEATHER] },
    );
    let answer = '';
    for await (const text of second.text) answer += text;
    assert.equal(answer, 'It rains in Oslo.');
    assert.deepEqual(messagesOf(1), [
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_oslo', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_oslo', content: 'Rain, 8 °C' },
    ]);
  });

  it('cancelling stops the stream and the request', async () => {
    const chat = await model('custom/chat-model');
    const text = 'A long story, told one character at a time, slowly.';
    fake.script({ kind: 'reply', text, chunkSize: 1, delayMs: 100 });
    const cancellation = new vscode.CancellationTokenSource();
    const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User('Tell me a story.')], {}, cancellation.token);
    let received = '';
    const reading = (async () => {
      for await (const piece of response.text) received += piece;
    })().catch(() => undefined);
    await until(() => received.length > 0, 'the first part');
    assert.equal(fake.openResponses, 1);
    cancellation.cancel();
    await reading;
    assert.ok(received.length < text.length, `the answer was cut short: ${JSON.stringify(received)}`);
    // The request itself was ended, not just its reading: the server saw its client go.
    await until(() => fake.responsesLeftByClient === 1, 'the server to see the request end');
    assert.equal(fake.openResponses, 0);
    cancellation.dispose();
  });

  it('counts tokens with Parley’s counter', async () => {
    const chat = await model('custom/chat-model');
    const text = 'How many tokens is this? Ünïcödé counts one a character.';
    assert.equal(await chat.countTokens(text), ESTIMATED_TOKENS.count(text));
    assert.equal(await chat.countTokens(vscode.LanguageModelChatMessage.User(text)), ESTIMATED_TOKENS.count(text));
  });

  it('a refused key is NoPermissions, with Parley’s message', async () => {
    const chat = await model('custom/chat-model');
    fake.script({ kind: 'status', status: 401 });
    await assert.rejects(
      async () => {
        const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User('Hello?')]);
        for await (const _ of response.text) void _;
      },
      (error: Error) => {
        assert.match(error.message, /refused the API key \(401\)/);
        assert.ok(error instanceof vscode.LanguageModelError, `a LanguageModelError: ${error.name}`);
        assert.equal(error.code, vscode.LanguageModelError.NoPermissions.name);
        return true;
      },
    );
  });

  it('a rate limit is Blocked, with the wait', async () => {
    const chat = await model('custom/chat-model');
    fake.script({ kind: 'status', status: 429, retryAfter: '20' });
    await assert.rejects(
      async () => {
        const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User('Hello?')]);
        for await (const _ of response.text) void _;
      },
      (error: Error) => {
        assert.ok(error instanceof vscode.LanguageModelError, `a LanguageModelError: ${error.name}`);
        assert.equal(error.code, vscode.LanguageModelError.Blocked.name);
        assert.match(error.message, /20/);
        return true;
      },
    );
  });
});
