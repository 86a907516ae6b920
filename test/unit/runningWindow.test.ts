// The window a local server really runs a model with, read from its own API as it documents it
// (test/fixtures/providers/<provider>/window/), used for the budget and explained when smaller.
import * as assert from 'node:assert/strict';
import { providerSettings } from '../support/providerSettings';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMessages, steeringMessages } from '../../src/core/prompt';
import { ContextBudget, ESTIMATED_TOKENS, fitMessages } from '../../src/core/budget';
import { resolveTarget } from '../../src/core/requestTarget';
import type { RunningWindow } from '../../src/core/runningWindow';
import { llamaCppWindow, lmStudioWindow, ollamaWindow, runningWindowNote, serverRoot } from '../../src/core/runningWindow';
import { readSettings } from '../../src/core/settings';
import { readRunningWindow } from '../../src/node/runningWindow';
import { buildSnapshot } from '../../src/vscode/snapshot';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { PROVIDER_FIXTURES } from '../support/providerFixtures';

const documented = (provider: string, file: string): unknown => JSON.parse(readFileSync(join(PROVIDER_FIXTURES, provider, 'window', file), 'utf8'));

describe('the window a local server runs', () => {
  it("Ollama: a loaded model's context_length from /api/ps, the model's own from /api/show", () => {
    const [ps, show] = [documented('ollama', 'api-ps.json'), documented('ollama', 'api-show.json')];
    assert.deepEqual(ollamaWindow('qwen3:8b', ps, show), { server: 'ollama', tokens: 4096, modelMaximum: 40960 });
    assert.equal(ollamaWindow('qwen3:8b', { models: [] }, show), undefined, 'not loaded, no num_ctx: not known yet');
    const withNumCtx = { ...(show as object), parameters: 'num_ctx                        8192\ntemperature 0.6' };
    assert.deepEqual(ollamaWindow('qwen3:8b', { models: [] }, withNumCtx), { server: 'ollama', tokens: 8192, modelMaximum: 40960 }, "a Modelfile's num_ctx");
    assert.deepEqual(ollamaWindow('llama3.2', { models: [{ name: 'llama3.2:latest', context_length: 2048 }] }, undefined), { server: 'ollama', tokens: 2048 });
  });

  it('llama.cpp: n_ctx from /props, n_ctx_train from the meta of /v1/models', () => {
    const models = { object: 'list', data: [documented('llamacpp', 'models-meta.json')] };
    assert.deepEqual(llamaCppWindow(documented('llamacpp', 'props.json'), models), { server: 'llamacpp', tokens: 4096, modelMaximum: 40960 });
    assert.equal(llamaCppWindow({ error: 'not found' }, models), undefined);
  });

  it("LM Studio: the loaded instance's context_length and max_context_length from /api/v1/models", () => {
    const list = documented('lmstudio', 'api-v1-models.json');
    assert.deepEqual(lmStudioWindow('gemma-3-270m-it-qat', list), { server: 'lmstudio', tokens: 4096, modelMaximum: 32768 });
    assert.equal(lmStudioWindow('text-embedding-nomic-embed-text-v1.5-embedding', list), undefined, 'not loaded');
    assert.equal(lmStudioWindow('other', list), undefined);
  });

  it("the server's own API is its OpenAI base URL without /v1", () => {
    assert.equal(serverRoot('http://localhost:11434/v1'), 'http://localhost:11434');
    assert.equal(serverRoot('http://localhost:8080/v1/'), 'http://localhost:8080');
    assert.equal(serverRoot('http://gpu-box/ollama/v1'), 'http://gpu-box/ollama');
  });

  it('a smaller window is explained with the way to raise it; a full one is not', () => {
    assert.match(
      runningWindowNote('qwen3:8b', { server: 'ollama', tokens: 4096, modelMaximum: 40960 })!,
      /4,096-token window.*40,960.*OLLAMA_CONTEXT_LENGTH.*num_ctx/s,
    );
    assert.match(runningWindowNote('m', { server: 'llamacpp', tokens: 4096, modelMaximum: 40960 })!, /-c \(--ctx-size\)/);
    assert.match(runningWindowNote('m', { server: 'lmstudio', tokens: 4096, modelMaximum: 32768 })!, /context length/);
    assert.equal(runningWindowNote('m', { server: 'ollama', tokens: 40960, modelMaximum: 40960 }), undefined);
    assert.equal(runningWindowNote('m', { server: 'ollama', tokens: 4096 }), undefined, 'the maximum is not known');
  });

  describe('asked of a server that answers as documented', function () {
    let fake: FakeOpenAI;
    before(async () => {
      fake = await FakeOpenAI.start();
    });
    afterEach(() => fake.reset());
    after(() => fake.close());

    it('Ollama', async () => {
      fake.setServerApi({ 'GET /api/ps': documented('ollama', 'api-ps.json'), 'POST /api/show': documented('ollama', 'api-show.json') });
      assert.deepEqual(await readRunningWindow('ollama', { baseUrl: fake.baseUrl, model: 'qwen3:8b' }), {
        server: 'ollama',
        tokens: 4096,
        modelMaximum: 40960,
      });
      const show = fake.serverApiRequests.find((request) => request.path === '/api/show');
      assert.deepEqual(show?.body, { model: 'qwen3:8b' });
    });

    it('llama.cpp', async () => {
      fake.setServerApi({ 'GET /props': documented('llamacpp', 'props.json') });
      fake.setModels([documented('llamacpp', 'models-meta.json') as { id: string }]);
      assert.deepEqual(await readRunningWindow('llamacpp', { baseUrl: fake.baseUrl, model: 'qwen3-8b-q4_k_m.gguf' }), {
        server: 'llamacpp',
        tokens: 4096,
        modelMaximum: 40960,
      });
    });

    it('LM Studio', async () => {
      fake.setServerApi({ 'GET /api/v1/models': documented('lmstudio', 'api-v1-models.json') });
      assert.deepEqual(await readRunningWindow('lmstudio', { baseUrl: fake.baseUrl, model: 'gemma-3-270m-it-qat' }), {
        server: 'lmstudio',
        tokens: 4096,
        modelMaximum: 32768,
      });
    });

    it('a server without that API: not known, and no failure', async () => {
      assert.equal(await readRunningWindow('ollama', { baseUrl: fake.baseUrl, model: 'qwen3:8b' }), undefined);
      fake.otherRequests.length = 0;
    });
  });

  it("is the budget: the request fits the server's window, old turns left out, the steering kept", () => {
    const providers = providerSettings({ provider: 'ollama' });
    const target = resolveTarget({
      settings: readSettings({ model: 'qwen3:8b', systemPrompt: '', examples: [] }),
      providers,
      provider: { id: 'ollama', chosen: true },
      hasKey: false,
      statedWindow: () => 40960,
      runningWindow: (id, model) => (id === 'ollama' && model === 'qwen3:8b' ? { server: 'ollama', tokens: 4096, modelMaximum: 40960 } : undefined),
    });
    assert.deepEqual(target.window, { tokens: 4096, source: 'provider' });
    assert.deepEqual(target.running, { server: 'ollama', tokens: 4096, modelMaximum: 40960 });
    const steering = { systemPrompt: 'You review Go code.', examples: [{ user: 'Example question', assistant: 'Example answer' }] };
    const turns = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? { id: `u${i}`, role: 'user' as const, text: 'x'.repeat(2000), context: [], createdAt: i }
        : { id: `a${i}`, role: 'assistant' as const, text: 'y'.repeat(2000), status: 'complete' as const, model: 'qwen3:8b', createdAt: i },
    );
    const budget = new ContextBudget();
    const fitted = fitMessages(buildMessages(steering, turns), steeringMessages(steering).length, budget.limit('qwen3:8b', target.window), ESTIMATED_TOKENS, 1);
    assert.ok(fitted.ok && fitted.leftOut > 0, 'old turns are left out');
    assert.ok(fitted.ok && fitted.messages[0]!.content.includes('You review Go code.'), 'the system message goes');
    assert.ok(fitted.ok && fitted.messages.some((m) => m.content === 'Example answer'), 'the examples go');
    const override = resolveTarget({
      settings: readSettings({ model: 'qwen3:8b', systemPrompt: '', examples: [], contextWindow: 32768 }),
      providers,
      provider: { id: 'ollama', chosen: true },
      hasKey: false,
      statedWindow: () => undefined,
      runningWindow: () => ({ server: 'ollama', tokens: 4096, modelMaximum: 40960 }),
    });
    assert.equal(override.running, undefined, 'parley.contextWindow decides, and the note is not about it');
  });
});

describe('the snapshot, when a server runs less than the model reads', () => {
  const providers = providerSettings({ provider: 'ollama' });
  const snapshotWith = (running: RunningWindow | undefined) => {
    const target = resolveTarget({
      settings: readSettings({ model: 'qwen3:8b', systemPrompt: '', examples: [] }),
      providers,
      provider: { id: 'ollama', chosen: true },
      hasKey: false,
      statedWindow: () => undefined,
      runningWindow: () => running,
    });
    return buildSnapshot({
      conversation: {
        conversationId: 'c',
        title: 't',
        turns: [],
        busy: false,
        attachments: [],
        usage: { promptTokens: 0, completionTokens: 0, cost: 0, unpriced: 0, answers: 0 },
      },
      turns: [],
      target,
      requestSteering: { profile: 'Default', systemPrompt: '', examples: [] },
      steering: { profiles: [], profile: 'Default', systemPrompt: '', examples: [], recorded: false, problems: [], saveTargets: [] },
      counter: ESTIMATED_TOKENS,
      providers: [],
      models: { state: 'ready', models: ['qwen3:8b'] },
    });
  };

  it("its window is the server's, and the note says how to give it more", () => {
    const snapshot = snapshotWith({ server: 'ollama', tokens: 4096, modelMaximum: 40960 });
    assert.equal(snapshot.size.window, 4096);
    assert.match(snapshot.windowNote ?? '', /OLLAMA_CONTEXT_LENGTH/);
  });

  it('no note when it runs all the model reads, or says nothing', () => {
    assert.equal(snapshotWith({ server: 'ollama', tokens: 40960, modelMaximum: 40960 }).windowNote, undefined);
    assert.equal(snapshotWith(undefined).windowNote, undefined);
  });
});
