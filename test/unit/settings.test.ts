import * as assert from 'node:assert/strict';
import { readSettings } from '../../src/core/settings';
import type { ProviderSettings } from '../../src/core/providers';
import { isLoopback, resolveEndpoint } from '../../src/core/providers';
import { DEFAULT_REASONING_MODELS } from '../../src/core/reasoning';
import { toCodeContext } from '../../src/core/selection';
import { titleFrom } from '../../src/core/conversation';
import { parseConversation } from '../../src/core/storedConversation';

describe('readSettings', () => {
  it('keeps valid values', () => {
    const { settings, problems } = readSettings({
      model: ' llama3.2 ',
      systemPrompt: 'Be brief.',
      examples: [{ user: 'q', assistant: 'a' }],
      prices: { 'gpt-4o': { input: 2.5, output: 10 } },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      model: 'llama3.2',
      systemPrompt: 'Be brief.',
      examples: [{ user: 'q', assistant: 'a' }],
      contextWindow: 0,
      reasoning: { models: DEFAULT_REASONING_MODELS, maxOutputTokens: 0 },
      prices: { 'gpt-4o': { input: 2.5, output: 10 } },
    });
  });

  it('drops malformed examples, reasoning settings and prices, saying which', () => {
    const { settings, problems, blocking } = readSettings({
      model: '',
      systemPrompt: 3,
      examples: [{ user: 'q' }, { user: 'q', assistant: 'a' }],
      maxOutputTokens: -5,
      reasoningEffort: 'extreme',
      reasoningModels: 'o1',
      prices: { good: { input: 1, output: 2 }, bad: { input: 'cheap' } },
    });
    assert.equal(blocking, undefined);
    assert.deepEqual(settings.examples, [{ user: 'q', assistant: 'a' }]);
    assert.equal(settings.systemPrompt, '');
    assert.deepEqual(settings.reasoning, { models: DEFAULT_REASONING_MODELS, maxOutputTokens: 0 });
    assert.deepEqual(settings.prices, { good: { input: 1, output: 2 } });
    assert.equal(problems.length, 6);
    assert.match(problems[0]!, /parley.model is empty/);
    assert.match(problems[1]!, /parley.examples\[0\]/);
    assert.match(problems[2]!, /parley.maxOutputTokens -5 must be a whole number/);
    assert.match(problems[3]!, /parley.reasoningModels must be a list/);
    assert.match(problems[4]!, /parley.reasoningEffort "extreme" is not one of default, minimal/);
    assert.match(problems[5]!, /parley.prices "bad" needs "input" and "output"/);
  });
});

describe('isLoopback', () => {
  it('is true only for loopback servers', () => {
    assert.equal(isLoopback('https://api.openai.com/v1'), false);
    assert.equal(isLoopback('https://openrouter.ai/api/v1'), false);
    assert.equal(isLoopback('http://localhost:11434/v1'), true);
    assert.equal(isLoopback('http://127.0.0.1:1234/v1'), true);
    assert.equal(isLoopback('http://[::1]:8080/v1'), true);
    assert.equal(isLoopback('http://localhost.evil.com/v1'), false);
  });
});

describe('toCodeContext', () => {
  it('passes a small selection through unchanged', () => {
    const raw = { path: 'a.ts', language: 'ts', startLine: 1, endLine: 2, text: 'a\nb' };
    assert.deepEqual(toCodeContext(raw), raw);
  });

  it('cuts a huge selection at a line end and counts the lines left out', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const context = toCodeContext({ path: 'a.ts', language: 'ts', startLine: 11, endLine: 110, text }, 50);
    assert.ok(context.text.length <= 50);
    assert.ok(!context.text.endsWith('\n'));
    const kept = context.text.split('\n').length;
    assert.equal(context.endLine, 11 + kept - 1);
    assert.equal(context.omittedLines, 100 - kept);
  });
});

describe('conversation helpers', () => {
  it('makes a title from the first line of the first question', () => {
    assert.equal(titleFrom('  Hi, my name is Ada.\nmore'), 'Hi, my name is Ada.');
    assert.equal(titleFrom(''), 'New chat');
    const long = titleFrom('word '.repeat(40));
    assert.ok(long.length <= 61 && long.endsWith('…'));
  });

  it('refuses conversations that are not well formed, naming the problem', () => {
    assert.throws(() => parseConversation({ version: 4 }), /unsupported version/);
    assert.throws(() => parseConversation({ version: 1, id: 'a', title: 't', createdAt: 0, updatedAt: 0, turns: [{ role: 'x' }] }), /turn 1: bad role/);
    assert.throws(
      () =>
        parseConversation({ version: 1, id: 'a', title: 't', createdAt: 0, updatedAt: 0, turns: [{ id: '1', role: 'assistant', text: '', status: 'nope' }] }),
      /turn 1: bad status/,
    );
    const base = { version: 1, id: 'a', title: 't', createdAt: 0, updatedAt: 0, turns: [] };
    const answer = { id: '1', role: 'assistant', text: '', status: 'complete', createdAt: 0 };
    assert.throws(() => parseConversation({ ...base, turns: [{ ...answer, reasoning: 42 }] }), /turn 1: bad reasoning/);
    assert.throws(() => parseConversation({ ...base, turns: [{ ...answer, cutShort: 'tired' }] }), /turn 1: bad cutShort/);
    assert.throws(() => parseConversation({ ...base, steering: { profile: 'P', systemPrompt: 'S', examples: [{ user: 'q' }] } }), /bad steering record/);
    assert.throws(() => parseConversation({ ...base, steering: { profile: 'P', systemPrompt: 'S', examples: [], temperature: 9 } }), /bad steering record/);
    assert.throws(
      () =>
        parseConversation({
          ...base,
          turns: [{ id: '1', role: 'user', text: 'q', context: [{ path: 'a', language: 'x', startLine: 1, endLine: 1, text: '', kind: 'dir' }] }],
        }),
      /bad context/,
    );
  });

  it('reads conversations with and without a steering record', () => {
    const base = { version: 1, id: 'a', title: 't', createdAt: 0, updatedAt: 0, turns: [] };
    assert.equal(parseConversation(structuredClone(base)).steering, undefined);
    const steering = { profile: 'P', systemPrompt: 'S', examples: [{ user: 'q', assistant: 'a' }], model: 'm', temperature: 0 };
    assert.deepEqual(parseConversation({ ...base, steering }).steering, steering);
  });
});

describe('invalid settings stop requests with a clear message', () => {
  const base = { model: 'm', systemPrompt: '', examples: [] };
  const custom = (baseUrl: unknown) => {
    const settings: ProviderSettings = {
      provider: 'custom',
      baseUrl,
      baseUrlSetByUser: true,
      providerUrls: {},
      customHeaders: {},
      azureEndpoint: '',
      azureDeployment: '',
      azureApiVersion: '',
    };
    const reading = resolveEndpoint(settings, 'custom');
    return reading.ok ? '' : reading.problem;
  };
  it('a base URL without a scheme', () => {
    assert.match(custom('localhost:11434/v1'), /parley.baseUrl "localhost:11434\/v1" has no http:\/\/ or https:\/\/ at the start\. Nothing was sent/);
    assert.match(custom('api.openai.com/v1'), /has no http:\/\//);
    assert.match(custom(''), /has no http:\/\//);
  });
  it('a base URL with another scheme', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ws://localhost:1234', 'ftp://x']) {
      assert.match(custom(url), /but Parley speaks only http and https/, url);
    }
  });
  it('a negative or fractional context window; 0 and whole numbers are fine', () => {
    for (const value of [-1, 1.5, '4096', Number.NaN]) {
      assert.match(readSettings({ ...base, contextWindow: value }).blocking ?? '', /parley.contextWindow .* must be a whole number/, String(value));
    }
    for (const value of [0, 4096, undefined]) {
      const reading = readSettings({ ...base, contextWindow: value });
      assert.equal(reading.blocking, undefined);
      assert.equal(reading.settings.contextWindow, value ?? 0);
    }
  });
});
