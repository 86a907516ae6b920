// Reasoning models get max_completion_tokens and reasoning_effort; a parameter the server refuses is
// reported by name. Usage per answer, its cost where a price is set, and the conversation's total.
import * as assert from 'node:assert/strict';
import type { ChatRequest } from '../../src/core/client';
import { classifyFailure } from '../../src/core/client';
import { failureText } from '../../src/core/failureText';
import { DEFAULT_REASONING_MODELS, isReasoningModel, outputOptions } from '../../src/core/reasoning';
import { answerCost, totalUsage } from '../../src/core/usage';
import { OpenAIChatClient } from '../../src/node/openaiClient';
import { customEndpoint } from '../support/endpoints';
import { FakeOpenAI } from '../support/fakeOpenAI';

describe('reasoning models', () => {
  it('are recognised by family prefix, after any vendor/ prefix', () => {
    for (const model of ['o1', 'o1-mini', 'o3-mini-2025-01-31', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'openai/o3', 'O3-MINI']) {
      assert.equal(isReasoningModel(model, DEFAULT_REASONING_MODELS), true, model);
    }
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'o10', 'gpt-50', 'llama3.2', 'gpt-4.1', 'claude-o3']) {
      assert.equal(isReasoningModel(model, DEFAULT_REASONING_MODELS), false, model);
    }
    assert.equal(isReasoningModel('deepseek-r1:8b', ['deepseek-r1']), true, 'the list is the user’s');
  });

  it('decide the output parameters', () => {
    const settings = { models: DEFAULT_REASONING_MODELS, maxOutputTokens: 500, effort: 'low' as const };
    assert.deepEqual(outputOptions('o3-mini', settings), { maxOutputTokens: 500, reasoning: { effort: 'low' } });
    assert.deepEqual(outputOptions('gpt-4o', settings), { maxOutputTokens: 500 });
    assert.deepEqual(outputOptions('o3-mini', { models: DEFAULT_REASONING_MODELS, maxOutputTokens: 0 }), { reasoning: {} });
    assert.deepEqual(outputOptions('gpt-4o', { models: DEFAULT_REASONING_MODELS, maxOutputTokens: 0 }), {});
  });

  describe('on the wire', () => {
    let fake: FakeOpenAI;
    before(async () => {
      fake = await FakeOpenAI.start();
    });
    afterEach(() => fake.reset());
    after(() => fake.close());

    async function send(request: ChatRequest) {
      const outcome = await new OpenAIChatClient({ endpoint: customEndpoint(fake.baseUrl), apiKey: 'sk-x' }).stream(request, () => undefined).outcome;
      return { outcome, body: fake.requests.at(-1)?.body as Record<string, unknown> };
    }
    const messages = [{ role: 'user' as const, content: 'Think.' }];

    it('a reasoning model gets max_completion_tokens and reasoning_effort, never max_tokens', async () => {
      const { outcome, body } = await send({ model: 'o3-mini', messages, maxOutputTokens: 800, reasoning: { effort: 'high' } });
      assert.equal(outcome.kind, 'complete');
      assert.equal(body.max_completion_tokens, 800);
      assert.equal(body.reasoning_effort, 'high');
      assert.ok(!('max_tokens' in body));
    });

    it('another model gets max_tokens, and nothing is sent that was not set', async () => {
      assert.equal((await send({ model: 'gpt-4o', messages, maxOutputTokens: 300 })).body.max_tokens, 300);
      const { body } = await send({ model: 'gpt-4o', messages });
      for (const param of ['max_tokens', 'max_completion_tokens', 'reasoning_effort']) assert.ok(!(param in body), param);
    });

    it('a 400 naming a parameter says which, and which setting sent it', async () => {
      fake.script({
        kind: 'status',
        status: 400,
        param: 'reasoning_effort',
        code: 'unsupported_parameter',
        message: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
      });
      const { outcome } = await send({ model: 'o1-mini', messages, reasoning: { effort: 'low' } });
      assert.ok(outcome.kind === 'error');
      assert.deepEqual(outcome.error, {
        kind: 'bad-request',
        reason: 'parameter-refused',
        status: 400,
        model: 'o1-mini',
        param: 'reasoning_effort',
        serverMessage: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
      });
      const shown = failureText(outcome.error);
      assert.match(shown.message, /^o1-mini refused the parameter "reasoning_effort" \(400\)\. Parley sent it because of parley\.reasoningEffort/);
      assert.match(shown.message, /is not supported with this model/);
      assert.equal(shown.action, 'openSettings');
    });
  });

  it('a refused parameter is found in the message when the error has no param', () => {
    const error = failureText(
      classifyFailure({
        status: 400,
        message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        model: 'o1',
        baseUrl: 'x',
      }),
    );
    assert.match(error.message, /^o1 refused the parameter "max_tokens" \(400\)\. Parley sent it because of parley\.maxOutputTokens/);
    const other = failureText(classifyFailure({ status: 400, param: 'messages[1].content', message: 'bad content', model: 'm', baseUrl: 'x' }));
    assert.match(other.message, /^The server refused the request \(400\)/);
  });
});

describe('usage and cost', () => {
  const price = { input: 2.5, output: 10 };
  it('costs an answer per 1M tokens, or nothing without a price', () => {
    assert.equal(answerCost({ promptTokens: 1_000_000, completionTokens: 100_000 }, price), 3.5);
    assert.equal(answerCost({ promptTokens: 10, completionTokens: 10 }, undefined), undefined);
  });

  it("sums a conversation's answers, counting those without a price", () => {
    const total = totalUsage(
      [
        { model: 'gpt-4o', usage: { promptTokens: 400_000, completionTokens: 20_000 } },
        { model: 'gpt-4o', usage: { promptTokens: 600_000, completionTokens: 80_000 } },
        { model: 'llama3.2', usage: { promptTokens: 50, completionTokens: 5 } },
        { model: 'gpt-4o' },
      ],
      { 'gpt-4o': price },
    );
    assert.deepEqual(total, { promptTokens: 1_000_050, completionTokens: 100_005, cost: 3.5, unpriced: 1, answers: 3 });
  });
});
