// What providers state their models can do, read from their model lists: never claimed where not stated.
import * as assert from 'node:assert/strict';
import { lmStudioCapabilities, ollamaCapabilities, statedCapabilities } from '../../src/core/providers';
import { readServerCapabilities } from '../../src/node/runningWindow';
import { FakeOpenAI } from '../support/fakeOpenAI';

describe('stated model capabilities', function () {
  it('OpenRouter: tools in supported_parameters, image in input_modalities, its output limit', () => {
    const entry = {
      id: 'openai/gpt-4o',
      context_length: 128000,
      architecture: { input_modalities: ['text', 'image'], output_modalities: ['text'] },
      top_provider: { context_length: 128000, max_completion_tokens: 16384 },
      supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice'],
    };
    assert.deepEqual(statedCapabilities(entry), { toolCalling: true, imageInput: true, maxOutputTokens: 16384 });
    assert.deepEqual(statedCapabilities({ ...entry, supported_parameters: ['temperature'], architecture: { input_modalities: ['text'] }, top_provider: {} }), {
      toolCalling: false,
      imageInput: false,
    });
  });

  it('an OpenAI-style entry states nothing, so nothing is claimed', () => {
    assert.deepEqual(statedCapabilities({ id: 'gpt-4o-mini', object: 'model', created: 1, owned_by: 'openai' }), {});
  });

  it('Ollama: /api/show capabilities', () => {
    assert.deepEqual(ollamaCapabilities({ capabilities: ['completion', 'tools'] }), { toolCalling: true, imageInput: false });
    assert.deepEqual(ollamaCapabilities({ capabilities: ['completion', 'vision'] }), { toolCalling: false, imageInput: true });
    assert.deepEqual(ollamaCapabilities({ modelfile: '…' }), {}, 'an older Ollama says nothing');
    assert.deepEqual(ollamaCapabilities(undefined), {});
  });

  it('LM Studio: /api/v1/models capabilities of the model with that key', () => {
    const models = {
      models: [
        { key: 'google/gemma-3-4b', capabilities: { vision: true, trained_for_tool_use: false } },
        { key: 'qwen/qwen3.5-9b', capabilities: { vision: false, trained_for_tool_use: true } },
      ],
    };
    assert.deepEqual(lmStudioCapabilities('qwen/qwen3.5-9b', models), { toolCalling: true, imageInput: false });
    assert.deepEqual(lmStudioCapabilities('google/gemma-3-4b', models), { toolCalling: false, imageInput: true });
    assert.deepEqual(lmStudioCapabilities('other', models), {});
  });
});

describe('asking a local server what its models can do', function () {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await FakeOpenAI.start();
  });
  afterEach(() => fake.reset());
  after(() => fake.close());

  it('Ollama: asks /api/show for each model, by name', async () => {
    fake.setServerApi({ 'POST /api/show': { capabilities: ['completion', 'tools'] } });
    const stated = await readServerCapabilities('ollama', { baseUrl: fake.baseUrl }, ['qwen3:8b', 'llama3.2']);
    assert.deepEqual(
      [...stated],
      [
        ['qwen3:8b', { toolCalling: true, imageInput: false }],
        ['llama3.2', { toolCalling: true, imageInput: false }],
      ],
    );
    assert.deepEqual(fake.serverApiRequests.map((r) => (r.body as { model: string }).model).sort(), ['llama3.2', 'qwen3:8b']);
  });

  it('a server that does not answer states nothing', async () => {
    const stated = await readServerCapabilities('lmstudio', { baseUrl: fake.baseUrl }, ['qwen/qwen3.5-9b']);
    assert.equal(stated.size, 0);
  });
});
