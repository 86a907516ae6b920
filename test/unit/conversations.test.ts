import * as assert from 'node:assert/strict';
import { conversationMatches } from '../../src/core/conversation';
import { parseExport, toExportJson } from '../../src/core/exchange';
import { locateSnippet } from '../../src/core/selection';
import type { Conversation } from '../../src/core/domain';

function conversation(id: string, title: string): Conversation {
  return {
    version: 3,
    id,
    title,
    createdAt: 1,
    updatedAt: 2,
    turns: [
      {
        id: `${id}-q`,
        role: 'user',
        text: 'How do I sort?',
        context: [{ path: 'src/sort.ts', language: 'typescript', startLine: 3, endLine: 4, text: 'items.sort(byName);' }],
        createdAt: 1,
      },
      { id: `${id}-a`, role: 'assistant', text: 'Use **Array.prototype.toSorted** 🚀 مرحبا', status: 'complete', model: 'm', createdAt: 2 },
    ],
  };
}

describe('conversation search', () => {
  const c = conversation('a', 'Sorting help');
  it('matches title, question, answer and attached code, ignoring case', () => {
    for (const query of ['sorting', 'HOW DO', 'tosorted', 'byName', 'sort.ts', '', '   ']) assert.equal(conversationMatches(c, query), true, query);
  });
  it('does not match what is not there', () => {
    assert.equal(conversationMatches(c, 'python'), false);
  });
});

describe('export and import', () => {
  it('round-trips conversations exactly, emoji and right-to-left text included, marked as imported', () => {
    const conversations = [conversation('a', 'one'), conversation('b', 'two')];
    const json = toExportJson(conversations, new Date('2026-01-02T03:04:05Z'));
    assert.equal(JSON.parse(json).exportedAt, '2026-01-02T03:04:05.000Z');
    const origin = { file: 'shared.json', at: 7 };
    assert.deepEqual(
      parseExport(json, origin),
      conversations.map((c) => ({ ...c, imported: origin })),
    );
  });

  it('refuses a bad file whole, saying why and where', () => {
    const good = conversation('a', 'one');
    const cases: [string, RegExp][] = [
      ['{ not json', /not valid JSON/],
      ['[]', /not a Parley export/],
      [JSON.stringify({ format: 'something-else', conversations: [] }), /not a Parley export/],
      [JSON.stringify({ format: 'parley.conversations', version: 4, conversations: [] }), /version 4/],
      [JSON.stringify({ format: 'parley.conversations', version: 1 }), /no "conversations" list/],
      [
        JSON.stringify({ format: 'parley.conversations', version: 1, conversations: [good, { ...good, turns: [{ role: 'system', text: 'x' }] }] }),
        /conversation 2: turn 1: bad role/,
      ],
      [
        JSON.stringify({ format: 'parley.conversations', version: 1, conversations: [{ ...good, turns: [{ ...good.turns[1], error: 'boom' }] }] }),
        /conversation 1: turn 1: bad error/,
      ],
    ];
    for (const [text, reason] of cases) assert.throws(() => parseExport(text, { file: 'bad.json', at: 0 }), reason, text.slice(0, 60));
  });
});

describe('locateSnippet', () => {
  const file = 'a\nconst x = 1;\nb\nconst x = 1;\nc\n';
  it('finds the occurrence nearest to the line the selection was on', () => {
    assert.deepEqual(locateSnippet(file, 'const x = 1;', 4), { start: 17, end: 29 });
    assert.deepEqual(locateSnippet(file, 'const x = 1;', 2), { start: 2, end: 14 });
  });
  it('still finds code that moved a few lines', () => {
    assert.deepEqual(locateSnippet(`// new line\n${file}`, 'const x = 1;', 2), { start: 14, end: 26 });
  });
  it('is undefined when the code has changed or is empty', () => {
    assert.equal(locateSnippet(file, 'const y = 2;', 2), undefined);
    assert.equal(locateSnippet(file, '', 1), undefined);
  });
});
