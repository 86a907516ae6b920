import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TokenCounter } from '../../src/core/budget';
import {
  ASSUMED_WINDOW,
  ContextBudget,
  ESTIMATED_TOKENS,
  answerReserve,
  rememberingCounter,
  contextWindowFor,
  fitMessages,
  messageTokens,
  usesOpenAITokenizer,
} from '../../src/core/budget';
import { parseOverflow } from '../../src/core/client';
import { openAITokenizer } from '../../src/node/tokenizer';
import type { ChatMessage } from '../../src/core/domain';

/** One token per character: sizes in the tests read directly. */
const CHARS: TokenCounter = { exact: true, count: (text) => text.length };
/** Each message costs its characters plus this much (role and separators). */
const OVERHEAD = messageTokens([{ role: 'user', content: '' }], CHARS) - messageTokens([], CHARS);

function conversation(exchanges: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'example q' },
    { role: 'assistant', content: 'example a' },
  ];
  for (let i = 1; i <= exchanges; i++)
    messages.push({ role: 'user', content: `q${i}`.padEnd(100, '.') }, { role: 'assistant', content: `a${i}`.padEnd(100, '.') });
  messages.push({ role: 'user', content: 'the new question' });
  return messages;
}

describe('context budget', () => {
  describe('fitMessages', () => {
    it('sends everything when it fits', () => {
      const messages = conversation(3);
      const fitted = fitMessages(messages, 3, 10_000, CHARS);
      assert.ok(fitted.ok);
      assert.deepEqual(fitted.messages, messages);
      assert.equal(fitted.leftOut, 0);
      assert.equal(fitted.counted, messageTokens(messages, CHARS));
    });

    it('drops the oldest exchanges first, keeping system, examples and the new question', () => {
      const messages = conversation(5);
      // Room for the head, the question and two exchanges, not three.
      const limit = messageTokens([...messages.slice(0, 3), ...messages.slice(-5)], CHARS) + 10;
      const fitted = fitMessages(messages, 3, limit, CHARS);
      assert.ok(fitted.ok);
      assert.equal(fitted.leftOut, 6);
      assert.deepEqual(
        fitted.messages.map((m) => m.content.slice(0, 9)),
        ['sys', 'example q', 'example a', 'q4........', 'a4........', 'q5........', 'a5........', 'the new q'].map((s) => s.slice(0, 9)),
      );
      assert.ok(messageTokens(fitted.messages, CHARS) <= limit);
    });

    it('never keeps an answer without its question', () => {
      const messages = conversation(2);
      // One token short of everything: the first question goes, and so must its answer.
      const fitted = fitMessages(messages, 3, messageTokens(messages, CHARS) - 1, CHARS);
      assert.ok(fitted.ok);
      assert.equal(fitted.messages[3]?.role, 'user');
      assert.equal(fitted.leftOut, 2);
    });

    it('applies the calibration scale', () => {
      const messages = conversation(1);
      const total = messageTokens(messages, CHARS);
      const unscaled = fitMessages(messages, 3, total, CHARS, 1);
      assert.ok(unscaled.ok);
      assert.equal(unscaled.leftOut, 0);
      const scaled = fitMessages(messages, 3, total, CHARS, 1.5);
      assert.ok(scaled.ok);
      assert.equal(scaled.leftOut, 2, 'the server counts 1.5 times more, so history goes');
    });

    it('says how much is needed when even the question alone does not fit', () => {
      const messages = conversation(2);
      const fixed = messageTokens([...messages.slice(0, 3), messages.at(-1)!], CHARS);
      const fitted = fitMessages(messages, 3, fixed - 1, CHARS);
      assert.deepEqual(fitted, { ok: false, needed: fixed, limit: fixed - 1 });
    });
  });

  describe('context windows', () => {
    it('knows common OpenAI models, takes the setting over the table, and states the assumption for others', () => {
      assert.deepEqual(contextWindowFor('gpt-4o-mini'), { tokens: 128_000, source: 'known' });
      assert.deepEqual(contextWindowFor('gpt-4.1-nano'), { tokens: 1_047_576, source: 'known' });
      assert.deepEqual(contextWindowFor('gpt-4'), { tokens: 8_192, source: 'known' });
      assert.deepEqual(contextWindowFor('openai/gpt-4o'), { tokens: 128_000, source: 'known' });
      assert.deepEqual(contextWindowFor('llama3.2'), { tokens: ASSUMED_WINDOW, source: 'assumed' });
      assert.deepEqual(contextWindowFor('gpt-4o-mini', 4096), { tokens: 4096, source: 'setting' });
      // What the provider states beats the table; the user's setting beats both.
      assert.deepEqual(contextWindowFor('llama3.2', 0, 131_072), { tokens: 131_072, source: 'provider' });
      assert.deepEqual(contextWindowFor('gpt-4o-mini', 0, 64_000), { tokens: 64_000, source: 'provider' });
      assert.deepEqual(contextWindowFor('llama3.2', 4096, 131_072), { tokens: 4096, source: 'setting' });
      assert.equal(answerReserve(8192), 2048);
      assert.equal(answerReserve(128_000), 4096);
    });

    it('uses the OpenAI tokenizer only for OpenAI models', () => {
      assert.equal(usesOpenAITokenizer('gpt-4o-mini'), true);
      assert.equal(usesOpenAITokenizer('o3-mini'), true);
      assert.equal(usesOpenAITokenizer('llama3.2'), false);
      assert.equal(usesOpenAITokenizer('qwen2.5-coder:7b'), false);
    });
  });

  describe('ContextBudget', () => {
    const window = { tokens: 10_000, source: 'known' } as const;

    it('calibrates its count with the usage the server reports, within bounds', () => {
      const budget = new ContextBudget();
      assert.equal(budget.scale('m'), 1);
      budget.calibrate('m', 1000, 1300);
      assert.equal(budget.scale('m'), 1.3);
      budget.calibrate('m', 1000, 100_000);
      assert.equal(budget.scale('m'), 4, 'a nonsense report is bounded');
      assert.equal(budget.scale('other'), 1, 'per model');
    });

    it('learns a smaller limit from an overflow, with or without numbers, and each overflow lowers it', () => {
      const budget = new ContextBudget();
      assert.equal(budget.limit('m', window), 10_000 - 2500);
      budget.overflowed('m', 6000, parseOverflow("This model's maximum context length is 8,192 tokens. However, your messages resulted in 9,000 tokens."));
      assert.equal(budget.scale('m'), 1.5);
      assert.equal(budget.limit('m', window), 8192 - 2048);
      budget.overflowed('m', 4000, parseOverflow('context too long'));
      assert.equal(budget.limit('m', window), Math.floor(4000 * 1.5 * 0.75));
    });

    it('parses the numbers servers give', () => {
      assert.deepEqual(parseOverflow("This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens."), {
        window: 128000,
        sent: 130532,
      });
      assert.deepEqual(parseOverflow('the model is loaded with context length of only 4096 tokens'), { window: 4096 });
      assert.deepEqual(parseOverflow('too long'), {});
    });
  });

  describe('token counting', () => {
    it('the estimate counts ASCII by four and other characters one each (a pair is one)', () => {
      assert.equal(ESTIMATED_TOKENS.count(''), 0);
      assert.equal(ESTIMATED_TOKENS.count('abcdefgh'), 2);
      assert.equal(ESTIMATED_TOKENS.count('你好'), 2);
      assert.equal(ESTIMATED_TOKENS.count('👋'), 1);
      assert.equal(ESTIMATED_TOKENS.count('\uD800'), 1, 'a lone surrogate counts, and does not throw');
    });

    it('a remembering counter tokenizes each text once, and forgets the least recently used beyond its capacity', () => {
      const counted: string[] = [];
      const counter = rememberingCounter({ exact: true, count: (text) => (counted.push(text), text.length) }, 10);
      assert.equal(counter.exact, true);
      assert.deepEqual(
        ['abcd', 'efgh', 'abcd', 'efgh'].map((t) => counter.count(t)),
        [4, 4, 4, 4],
      );
      assert.deepEqual(counted, ['abcd', 'efgh'], 'each text tokenized once');
      counter.count('ijkl'); // 12 characters remembered > 10: the least recently used ('abcd') goes
      counter.count('efgh');
      counter.count('abcd');
      assert.deepEqual(counted, ['abcd', 'efgh', 'ijkl', 'abcd']);
      assert.equal(counter.count('x'.repeat(11)), 11, 'a text larger than the capacity is counted, not kept');
      assert.equal(counter.count('x'.repeat(11)), 11);
      assert.equal(counted.filter((t) => t.length === 11).length, 2);
    });

    it("OpenAI's tokenizer loads from its own bundle, counts exactly, and takes any text", () => {
      const counter = openAITokenizer(join(__dirname, '../../src/node/tokenizerBundle.js'));
      assert.equal(counter.exact, true);
      assert.equal(counter.count('hello world'), 2);
      assert.ok(counter.count('a <|endoftext|> b \u0000 \uD800 مرحبا 👋') > 0, 'special tokens, NUL, lone surrogates, RTL are plain text');
      assert.equal(OVERHEAD, 4);
    });
  });
});
