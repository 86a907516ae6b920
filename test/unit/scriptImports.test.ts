// Export → import → export gives the same script, on every conversation the suites build.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awaitsSteeringChoice } from '../../src/core/conversation';
import type { Conversation } from '../../src/core/domain';
import { parseExport } from '../../src/core/exchange';
import { ImportRefused, readImportFile } from '../../src/core/importFile';
import { parseConversation } from '../../src/core/storedConversation';
import { toMarkdown } from '../../src/core/transcript';
import { storedConversation } from './imports.test';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const AT = new Date('2026-12-01T10:00:00Z');
const ORIGIN = { file: 'script.md', at: 9000 };

/** Every piece the script can print: each chip kind, each way an answer ends, steering in full, reasoning it cannot hold. */
function everything(): Conversation {
  return {
    version: 3,
    id: 'all',
    title: 'Everything a script holds',
    createdAt: 1,
    updatedAt: 2,
    steering: {
      profile: 'Reviewer (strict)',
      file: '.parley/profiles/reviewer.md',
      systemPrompt: 'Review.\n\n  Indented line.\nLast.',
      examples: [
        { user: 'Is `x` fine?', assistant: 'No:\n\n> quoted' },
        { user: 'Two?', assistant: 'Yes.' },
      ],
      model: 'gpt-4o, mini',
      temperature: 0.7,
    },
    turns: [
      {
        id: 'q1',
        role: 'user',
        text: 'Fix these\n\nplease',
        context: [
          { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 9, text: 'const a = "```";\n\nlet b;', omittedLines: 4 },
          { path: 'src/b.ts', language: 'typescript', startLine: 1, endLine: 2, text: 'x\ny', kind: 'file' },
          { path: 'src/c.ts', language: 'plaintext', startLine: 1, endLine: 1, text: 'line 1: error\nline 2: warning', kind: 'problems' },
          { path: 'd.py', language: '', startLine: 5, endLine: 5, text: '' },
        ],
        createdAt: 1,
      },
      { id: 'a1', role: 'assistant', text: 'Here:\n\n```ts\nok\n```', reasoning: 'Thought first.', status: 'complete', model: 'gpt-4o', createdAt: 2 },
      { id: 'q2', role: 'user', text: '', context: [{ path: 'only.ts', language: 'ts', startLine: 1, endLine: 3, text: 'a\nb\nc' }], createdAt: 3 },
      { id: 'a2', role: 'assistant', text: 'Half an ans', status: 'stopped', model: 'gpt-4o', createdAt: 4 },
      { id: 'q3', role: 'user', text: 'Again', context: [], createdAt: 5 },
      {
        id: 'a3',
        role: 'assistant',
        text: 'Partial\n\n> a quote of its own',
        status: 'error',
        error: { kind: 'server', reason: 'server-error', status: 500, serverMessage: 'boom' },
        model: 'gpt-4o',
        createdAt: 6,
      },
      { id: 'q4', role: 'user', text: 'Once more', context: [], createdAt: 7 },
      { id: 'a4', role: 'assistant', text: '', status: 'interrupted', error: { kind: 'interrupted', reason: 'window-closed' }, model: 'gpt-4o', createdAt: 8 },
      { id: 'q5', role: 'user', text: 'Last', context: [], createdAt: 9 },
      { id: 'a5', role: 'assistant', text: 'Still typing', status: 'streaming', model: 'gpt-4o', createdAt: 10 },
      { id: 'q6', role: 'user', text: 'Unanswered **User:** inside a line', context: [], createdAt: 11 },
    ],
  };
}

/** The conversations the suites build: the v1 fixtures (export and storage), the import tests' stored one, and the one above. */
function suiteConversations(): [string, Conversation][] {
  const v1 = join(FIXTURES, 'v1');
  const exported = parseExport(readFileSync(join(v1, 'export.json'), 'utf8'), { file: 'export.json', at: 1 });
  const stored = readdirSync(join(v1, 'storage')).map((name) => parseConversation(JSON.parse(readFileSync(join(v1, 'storage', name), 'utf8'))));
  return [
    ...exported.map((c): [string, Conversation] => [`v1 export: ${c.title}`, c]),
    ...stored.map((c): [string, Conversation] => [`v1 storage: ${c.title}`, c]),
    ['imports.test stored conversation', storedConversation('c1')],
    ['every piece a script prints', everything()],
  ];
}

describe('the Markdown script round-trips', () => {
  for (const [name, conversation] of suiteConversations()) {
    it(`export → import → export gives the same text: ${name}`, () => {
      const script = toMarkdown(conversation, AT);
      const [imported, ...more] = readImportFile('chat.md', script, ORIGIN);
      assert.equal(more.length, 0);
      // An answer streaming when it was exported is imported as interrupted, as every import does.
      assert.equal(toMarkdown(imported!, AT), script.replaceAll('_(still streaming when exported)_', '_(interrupted)_'));
      assert.equal(imported!.turns.length, conversation.turns.length);
      assert.deepEqual(imported!.imported, { at: ORIGIN.at, file: ORIGIN.file });
    });
  }

  it('reads the pieces back as data: steering, chips, statuses, failures', () => {
    const [imported] = readImportFile('chat.md', toMarkdown(everything(), AT), ORIGIN);
    const original = everything();
    assert.deepEqual(imported!.steering, original.steering);
    assert.ok(awaitsSteeringChoice(imported!), 'the user is asked to keep or replace the imported steering');
    assert.equal(imported!.title, original.title);
    const [q1, a1, q2, a2, , a3, , a4, , a5] = imported!.turns;
    assert.ok(q1?.role === 'user' && q2?.role === 'user');
    assert.equal(q1.text, 'Fix these\n\nplease');
    assert.deepEqual(
      q1.context.map((c) => [c.path, c.kind, c.text, c.omittedLines]),
      original.turns[0]!.role === 'user' ? original.turns[0]!.context.map((c) => [c.path, c.kind, c.text, c.omittedLines]) : [],
    );
    assert.deepEqual([q2.text, q2.context[0]?.startLine, q2.context[0]?.endLine], ['', 1, 3]);
    assert.ok(a1?.role === 'assistant' && a2?.role === 'assistant' && a3?.role === 'assistant' && a4?.role === 'assistant' && a5?.role === 'assistant');
    assert.equal(a1.reasoning, undefined, 'the script does not hold reasoning');
    assert.deepEqual([a2.status, a3.status, a4.status, a5.status], ['stopped', 'error', 'interrupted', 'interrupted']);
    assert.equal(a3.text, 'Partial\n\n> a quote of its own');
    assert.equal(a3.error?.reason, 'saved');
    assert.equal(a3.error?.imported, true);
    assert.equal(a1.model, 'gpt-4o, mini', "the steering's model, the only one the script names");
  });

  it('reads a plain script of User: / Assistant: turns, with or without blank lines', () => {
    const [c] = readImportFile('plain-script.md', readFileSync(join(FIXTURES, 'imports', 'plain-script.md'), 'utf8'), ORIGIN);
    assert.deepEqual(
      c!.turns.map((t) => [t.role, t.text]),
      [
        ['user', 'What is 2 + 2?'],
        ['assistant', '4.'],
        ['user', 'And times 3?'],
        ['assistant', '12.'],
      ],
    );
    assert.equal(c!.title, 'What is 2 + 2?');
    assert.equal(c!.steering, undefined);
  });

  it('reads a bold script without the export heading, CRLF and a byte order mark', () => {
    const [c] = readImportFile('x.md', '\uFEFF**User:** Hi\r\n\r\n**Assistant:** Hello\r\nthere\r\n', ORIGIN);
    assert.deepEqual(
      c!.turns.map((t) => [t.role, t.text]),
      [
        ['user', 'Hi'],
        ['assistant', 'Hello\nthere'],
      ],
    );
  });

  const BROKEN: [string, string, RegExp][] = [
    ['empty', '', /Markdown script: it has no \*\*User:\*\* or User: turn/],
    ['no turns', '# Notes\n\nJust notes.\n', /no \*\*User:\*\* or User: turn/],
    [
      'text before the first turn',
      '# T\n\n_Exported from Parley on 2026-01-01._\n\nStray words\n\n**User:** Hi\n',
      /text before its first turn: "Stray words"/,
    ],
    [
      'steering without its end',
      '# T\n\n_Exported from Parley on 2026-01-01._\n\n## Steering: P\n\n**User:** Hi\n',
      /steering section has no "## Conversation"/,
    ],
    [
      'steering that does not read back',
      '# T\n\n_Exported from Parley on 2026-01-01._\n\n## Steering: P\n\nSystem message:\n\nnot quoted\n\n## Conversation\n\n**User:** Hi\n',
      /steering section could not be read \(paragraph 2/,
    ],
  ];
  for (const [name, text, refused] of BROKEN) {
    it(`refuses a script with ${name}, naming the format`, () => {
      assert.throws(
        () => readImportFile('broken.md', text, ORIGIN),
        (error: unknown) => error instanceof ImportRefused && error.format === 'script' && refused.test(error.message),
      );
    });
  }
});
