// The texts the panel shows (src/webview/format.ts), in English and with another language's
// number separators: what the header, an answer's footer and a screen reader say.
import * as assert from 'node:assert/strict';
import { separatorsFor, useNumberSeparators } from '../../src/shared/numbers';
import type { AssistantTurnView } from '../../src/shared/protocol';
import {
  actionLabel,
  announcement,
  contextSummary,
  conversationSize,
  modelCount,
  statusText,
  tokenText,
  usageText,
  usageTotalText,
} from '../../src/webview/format';

const answer = (fields: Partial<AssistantTurnView>): AssistantTurnView => ({ id: 'a', role: 'assistant', text: '', status: 'complete', ...fields });
const context = { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 3, text: 'x' };

describe('webview texts', () => {
  afterEach(() => useNumberSeparators(separatorsFor('en')));

  it('counts tokens and models, one and many', () => {
    assert.equal(tokenText(1, false), '≈1 token');
    assert.equal(tokenText(12_345, false), '≈12,345 tokens');
    assert.equal(tokenText(1, true), '1 token');
    assert.equal(tokenText(12_345, true), '12,345 tokens');
    assert.equal(modelCount(1), '1 model');
    assert.equal(modelCount(3), '3 models');
  });

  it("writes an answer's usage with its cost: two decimals, or two significant digits below a cent", () => {
    assert.equal(usageText({ promptTokens: 1234, completionTokens: 56 }), '1,234 tokens in · 56 out');
    assert.equal(usageText({ promptTokens: 1234, completionTokens: 56, cost: 0.001234 }), '1,234 tokens in · 56 out · $0.0012');
    assert.equal(usageText({ promptTokens: 1, completionTokens: 2, cost: 1.5 }), '1 tokens in · 2 out · $1.50');
    assert.equal(usageText({ promptTokens: 1, completionTokens: 2, cost: 0 }), '1 tokens in · 2 out · $0.00');
  });

  it("writes the conversation's total, and leaves out a cost no answer has", () => {
    const total = { promptTokens: 2000, completionTokens: 100, cost: 0.5, unpriced: 0, answers: 3 };
    assert.equal(usageTotalText({ ...total, answers: 0 }), '');
    assert.equal(usageTotalText(total), 'Total: 2,000 tokens in · 100 out · $0.50');
    assert.equal(usageTotalText({ ...total, unpriced: 1 }), 'Total: 2,000 tokens in · 100 out · $0.50 (1 answer without a price)');
    assert.equal(usageTotalText({ ...total, unpriced: 2 }), 'Total: 2,000 tokens in · 100 out · $0.50 (2 answers without a price)');
    assert.equal(usageTotalText({ ...total, unpriced: 3 }), 'Total: 2,000 tokens in · 100 out');
  });

  it('says whether the size of the conversation is counted or estimated', () => {
    const exact = conversationSize({ model: 'm', size: { tokens: 4321, window: 128_000, exact: true } });
    assert.equal(exact.label, 'm · 4,321 of 128,000 tokens');
    assert.match(exact.title, /^This conversation is 4,321 tokens .*; m reads 128,000\.$/);
    const estimated = conversationSize({ model: 'm', size: { tokens: 4321, window: 128_000, exact: false } });
    assert.equal(estimated.label, 'm · ≈4,321 of 128,000 tokens');
    assert.match(estimated.title, /^This conversation is about 4,321 tokens .*Estimated: the exact count needs the model’s tokenizer\.$/);
  });

  it('writes numbers with the display language’s separators', () => {
    useNumberSeparators(separatorsFor('de'));
    assert.equal(tokenText(12_345, false), '≈12.345 tokens');
    assert.equal(usageText({ promptTokens: 1234, completionTokens: 5, cost: 2.5 }), '1.234 tokens in · 5 out · $2,50');
    assert.equal(conversationSize({ model: 'm', size: { tokens: 1000, window: 8192, exact: true } }).label, 'm · 1.000 of 8.192 tokens');
  });

  it('says where attached code is from and how much of it was left out', () => {
    assert.equal(contextSummary(context), 'src/a.ts (line 3)');
    assert.equal(contextSummary({ ...context, endLine: 9 }), 'src/a.ts (lines 3-9)');
    assert.equal(contextSummary({ ...context, endLine: 9, omittedLines: 40 }), 'src/a.ts (lines 3-9) — 40 more lines left out');
  });

  it('badges only the answers that did not end normally, and labels their follow-up', () => {
    assert.deepEqual((['streaming', 'complete', 'stopped', 'interrupted', 'error'] as const).map(statusText), ['', '', 'Stopped', 'Interrupted', 'Failed']);
    assert.deepEqual((['setApiKey', 'openSettings', 'retry'] as const).map(actionLabel), ['Set API Key', 'Open Settings', 'Retry']);
  });

  it('announces how an answer ended, its text on one line, cut at 300 characters, then its failure', () => {
    assert.equal(announcement(answer({ text: '  Two\n\nlines  ' })), 'Parley answered: Two lines');
    // Only its start is said, white space collapsed, however the spaces fall around where it is cut.
    const words = 'word '.repeat(100);
    assert.equal(announcement(answer({ text: `${' '.repeat(2_000)}${words}` })), `Parley answered: ${words.slice(0, 300)}…`);
    assert.equal(announcement(answer({ text: `${'a\n\n\n'.repeat(1_000)}` })), `Parley answered: ${'a '.repeat(150)}…`);
    assert.equal(announcement(answer({ text: `${'x'.repeat(300)}${' '.repeat(1_000)}` })), `Parley answered: ${'x'.repeat(300)}`);
    assert.equal(announcement(answer({ text: `${'x'.repeat(300)}${' '.repeat(1_000)}y` })), `Parley answered: ${'x'.repeat(300)}…`);
    assert.equal(announcement(answer({ text: 'Half', status: 'stopped' })), 'Parley’s answer stopped: Half');
    assert.equal(announcement(answer({ text: 'Half', status: 'interrupted' })), 'Parley’s answer interrupted: Half');
    assert.equal(
      announcement(answer({ text: 'Half', status: 'error', error: { kind: 'network', message: 'No server.' } })),
      'Parley’s answer failed: Half No server.',
    );
    const long = announcement(answer({ text: 'x'.repeat(301) }));
    assert.equal(long, `Parley answered: ${'x'.repeat(300)}…`);
    assert.equal(announcement(answer({ text: 'x'.repeat(300) })), `Parley answered: ${'x'.repeat(300)}`);
  });
});
