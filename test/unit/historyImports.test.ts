// The readers of other tools' histories, on fixtures written by hand from each tool's source
// (test/fixtures/imports), and on broken files of each format.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { showVersion } from '../../src/core/branches';
import type { Conversation } from '../../src/core/domain';
import type { ImportFormat } from '../../src/core/importFile';
import { ImportRefused, readImportFile } from '../../src/core/importFile';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports');
const ORIGIN = { file: 'history.json', at: 9000 };
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const script = (c: Conversation) => c.turns.map((t) => [t.role, t.text]);

describe('readers of other tools’ histories', () => {
  it('ChatGPT: a conversation opened and left with no question is left out, not the whole export refused', () => {
    const chats = JSON.parse(fixture('conversations.json')) as unknown[];
    const empty = {
      title: 'New chat',
      create_time: 1760000000,
      mapping: { root: { id: 'root', message: null, parent: null, children: [] } },
      current_node: 'root',
    };
    const read = readImportFile('conversations.json', JSON.stringify([...chats, empty]), ORIGIN);
    assert.deepEqual(
      read.map((c) => c.title),
      ['Rust lifetimes', 'Haiku'],
    );
    assert.throws(() => readImportFile('conversations.json', JSON.stringify([empty, empty]), ORIGIN), /holds no question/);
  });

  it('ChatGPT: each conversation, the branch that ends at current_node shown, the others as Parley branches (hidden system message left out)', () => {
    const [lifetimes, haiku, ...more] = readImportFile('conversations.json', fixture('conversations.json'), ORIGIN);
    assert.equal(more.length, 0);
    assert.equal(lifetimes!.title, 'Rust lifetimes');
    assert.deepEqual(script(lifetimes!), [
      ['user', 'What is a lifetime?'],
      ['assistant', 'How long a reference is valid.'],
      ['user', 'An example?'],
      ['assistant', "`fn f<'a>(x: &'a str) -> &'a str`"],
    ]);
    assert.equal(lifetimes!.createdAt, 1760000000500);
    assert.equal(lifetimes!.turns[1]!.role === 'assistant' && lifetimes!.turns[1]!.model, 'gpt-4o');
    assert.equal(lifetimes!.steering, undefined);
    // The regenerated answer is the other version of the first answer, shown as 2 of 2 after "a1-old".
    assert.deepEqual(lifetimes!.branches, {
      offPath: [
        {
          after: 'q1',
          turn: {
            id: 'a1-old',
            role: 'assistant',
            text: 'An older answer, regenerated.',
            status: 'complete',
            model: 'gpt-4o',
            createdAt: lifetimes!.branches!.offPath[0]!.turn.createdAt,
          },
        },
      ],
      points: [{ after: 'q1', versions: ['a1-old', 'a1'], shown: 'a1' }],
    });
    assert.equal(showVersion(lifetimes!, 'a1-old'), true);
    assert.deepEqual(script(lifetimes!), [
      ['user', 'What is a lifetime?'],
      ['assistant', 'An older answer, regenerated.'],
    ]);
    assert.equal(haiku!.branches, undefined, 'a chat without branches has none');
    assert.deepEqual(script(haiku!), [
      ['user', 'Write a haiku about tests'],
      ['assistant', 'Green bar at dawn'],
    ]);
    assert.ok(lifetimes!.imported && haiku!.imported);
  });

  it('VS Code chat session: each request and its markdown response, thinking as reasoning', () => {
    const [c] = readImportFile('5d1c9a52.json', fixture('vscode-chat-session.json'), ORIGIN);
    assert.equal(c!.title, 'Explain the debounce helper');
    assert.deepEqual(script(c!), [
      ['user', 'What does debounce do?'],
      ['assistant', 'It waits until calls stop for a while, then runs once.'],
      ['user', 'And throttle?'],
      ['assistant', 'Throttle runs at most once per interval.'],
    ]);
    const answer = c!.turns[1]!;
    assert.ok(answer.role === 'assistant');
    assert.equal(answer.reasoning, 'The user asks about debounce.');
    assert.equal(answer.model, 'copilot/gpt-4.1');
    assert.equal(c!.createdAt, 1760100000000);
  });

  it('VS Code chat session log (.jsonl): the whole session, then every change applied in order', () => {
    const [c] = readImportFile('5b1d2c3e.jsonl', fixture('vscode-chat-session.jsonl'), ORIGIN);
    assert.equal(c!.title, 'Closures in JavaScript');
    assert.deepEqual(script(c!), [
      ['user', 'What is a closure?'],
      ['assistant', 'A function that keeps the variables around it.'],
      ['user', 'Show one.'],
      ['assistant', '`const add = (a) => (b) => a + b;`'],
    ]);
  });

  it('VS Code chat session: a response kept as a string is read as its markdown', () => {
    const [c] = readImportFile('s.json', JSON.stringify({ sessionId: 's', requests: [{ message: 'Hi', response: 'Hello **there**' }] }), ORIGIN);
    assert.deepEqual(script(c!), [
      ['user', 'Hi'],
      ['assistant', 'Hello **there**'],
    ]);
  });

  it('Continue session: its system message becomes imported steering, thinking becomes reasoning', () => {
    const [c] = readImportFile('0f6a2b9e.json', fixture('continue-session.json'), ORIGIN);
    assert.equal(c!.title, 'Sorting a list in Python');
    assert.deepEqual(script(c!), [
      ['user', 'How do I sort a list in place?'],
      ['assistant', 'Use `items.sort()`.'],
      ['user', 'Descending?'],
      ['assistant', '`items.sort(reverse=True)`'],
    ]);
    assert.deepEqual(c!.steering, { profile: 'Continue session', systemPrompt: 'You are a concise assistant.', examples: [] });
    assert.equal(c!.imported?.steering, undefined, 'the user is asked to keep or replace it');
    assert.equal(c!.turns[1]!.role === 'assistant' && c!.turns[1]!.reasoning, 'Mention list.sort.');
  });

  it('Cline / Roo Code api_conversation_history.json: the task text, tool use as text, environment details left out', () => {
    const [c] = readImportFile('api_conversation_history.json', fixture('api_conversation_history.json'), ORIGIN);
    assert.equal(c!.title, 'Add a README');
    assert.deepEqual(script(c!), [
      ['user', 'Add a README'],
      ['assistant', 'I will write it.\n\n[Tool Use: write_to_file]\n{\n  "path": "README.md"\n}'],
      ['user', '[Tool]\nFile written.'],
      ['assistant', 'Done: README.md is written.'],
    ]);
    assert.equal(c!.createdAt, 1760200000000);
  });

  it('Cline / Roo Code ui_messages.json: task, answers and feedback; bookkeeping left out', () => {
    const [c] = readImportFile('ui_messages.json', fixture('ui_messages.json'), ORIGIN);
    assert.deepEqual(script(c!), [
      ['user', 'Rename foo to bar'],
      ['assistant', 'Renamed in 3 files.'],
      ['user', 'Also the tests'],
      ['assistant', 'Tests renamed too.'],
    ]);
    assert.equal(c!.turns[1]!.role === 'assistant' && c!.turns[1]!.reasoning, 'Find every foo.');
  });

  it('Cline / Roo Code Markdown export: turns parted by ---', () => {
    const [c] = readImportFile('cline_task_nov-1-2025_10-00-00-am.md', fixture('cline_task_nov-1-2025_10-00-00-am.md'), ORIGIN);
    assert.equal(c!.title, 'Explain this regex');
    assert.deepEqual(script(c!), [
      ['user', '<task>\nExplain this regex\n</task>'],
      ['assistant', 'It matches digits.\n[Tool Use: read_file]\nPath: a.ts'],
      ['user', 'Thanks'],
      ['assistant', 'You are welcome.'],
    ]);
  });

  const truncated = (name: string) => fixture(name).slice(0, Math.floor(fixture(name).length / 2));
  const BROKEN: [string, string, () => string, ImportFormat, RegExp][] = [
    ['ChatGPT, truncated', 'conversations.json', () => truncated('conversations.json'), 'chatgpt', /not valid JSON/],
    ['ChatGPT, empty list', 'conversations.json', () => '[]', 'chatgpt', /holds no conversation/],
    ['ChatGPT, empty file', 'conversations.json', () => '', 'chatgpt', /not valid JSON/],
    [
      'ChatGPT, wrong types',
      'conversations.json',
      () => '[{"mapping": {"a": {"message": null, "parent": 7}}, "current_node": "b"}]',
      'chatgpt',
      /conversation 1: its current_node "b" is not in its mapping/,
    ],
    ['ChatGPT, a loop', 'conversations.json', () => '[{"mapping": {"a": {"parent": "b"}, "b": {"parent": "a"}}, "current_node": "a"}]', 'chatgpt', /loop/],
    ['ChatGPT, foreign (a Continue session)', 'conversations.json', () => fixture('continue-session.json'), 'chatgpt', /not a list of conversations/],
    ['VS Code, truncated', 's.json', () => truncated('vscode-chat-session.json'), 'parley', /not valid JSON/],
    ['VS Code, wrong types', 's.json', () => '{"sessionId": "s", "requests": [{"message": 42}]}', 'vscode-chat', /request 1: its message has no text/],
    ['VS Code, no question', 's.json', () => '{"sessionId": "s", "requests": []}', 'vscode-chat', /holds no question/],
    ['VS Code log, empty', 's.jsonl', () => '', 'vscode-chat', /the log is empty/],
    ['VS Code log, truncated', 's.jsonl', () => truncated('vscode-chat-session.jsonl'), 'vscode-chat', /line \d+: it is not valid JSON/],
    [
      'VS Code log, a change before the session',
      's.jsonl',
      () => '{"kind": 1, "k": ["customTitle"], "v": "x"}',
      'vscode-chat',
      /line 1: the log does not start/,
    ],
    [
      'VS Code log, a path not in the session',
      's.jsonl',
      () => `${fixture('vscode-chat-session.jsonl')}{"kind": 1, "k": ["requests", 9, "response"], "v": []}\n`,
      'vscode-chat',
      /line 9: its path \["requests",9,"response"\] is not in the session/,
    ],
    [
      'VS Code log, an unknown entry',
      's.jsonl',
      () => `${fixture('vscode-chat-session.jsonl')}{"kind": 7, "k": ["x"]}\n`,
      'vscode-chat',
      /line 9: unknown entry kind 7/,
    ],
    [
      'Continue, wrong types',
      'c.json',
      () => '{"sessionId": "c", "history": [{"message": {"role": "user", "content": 5}}]}',
      'continue',
      /message 1: its content is neither text nor a list of parts/,
    ],
    ['Continue, no role', 'c.json', () => '{"sessionId": "c", "history": [{}]}', 'continue', /message 1: it has no message with a role/],
    ['Cline history, truncated', 'api_conversation_history.json', () => truncated('api_conversation_history.json'), 'cline-task', /not valid JSON/],
    ['Cline history, empty', 'api_conversation_history.json', () => '[]', 'cline-task', /holds no question/],
    [
      'Cline history, wrong types',
      'api_conversation_history.json',
      () => '[{"role": "user", "content": 3}]',
      'cline-task',
      /message 1: its content is neither/,
    ],
    ['Cline history, foreign (a ChatGPT export)', 'api_conversation_history.json', () => fixture('conversations.json'), 'cline-task', /message 1: bad role/],
    ['Cline messages, truncated', 'ui_messages.json', () => truncated('ui_messages.json'), 'cline-ui', /not valid JSON/],
    ['Cline messages, wrong types', 'ui_messages.json', () => '{"ts": 1}', 'cline-ui', /not a list of messages/],
    ['Cline Markdown, empty', 'cline_task_x.md', () => '', 'cline-markdown', /no \*\*User:\*\* or User: turn/],
  ];
  for (const [name, file, text, format, refused] of BROKEN) {
    it(`refuses ${name}, with the format's name and what was wrong`, () => {
      assert.throws(
        () => readImportFile(file, text(), ORIGIN),
        (error: unknown) => error instanceof ImportRefused && error.format === format && refused.test(error.message),
      );
    });
  }

  it('a foreign file with no format it knows is refused as not a Parley export', () => {
    assert.throws(() => readImportFile('x.json', '{"hello": 1}', ORIGIN), /Parley export: it is not a Parley export/);
  });
});
