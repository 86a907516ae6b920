import * as assert from 'node:assert/strict';
import { toMarkdown } from '../../src/core/transcript';
import type { Conversation } from '../../src/core/domain';

describe('toMarkdown', () => {
  it('reads back as a script of User and Assistant turns, in order', () => {
    const conversation: Conversation = {
      version: 3,
      id: 'c1',
      title: 'Hi, my name is Ada.',
      createdAt: 0,
      updatedAt: 0,
      turns: [
        { id: '1', role: 'user', text: 'Hi, my name is Ada.', context: [], createdAt: 0 },
        { id: '2', role: 'assistant', text: 'Hello, Ada!', status: 'complete', model: 'm', createdAt: 0 },
        { id: '3', role: 'user', text: 'Explain', context: [{ path: 'a.ts', language: 'ts', startLine: 1, endLine: 2, text: 'a\nb' }], createdAt: 0 },
        { id: '4', role: 'assistant', text: 'It is', status: 'stopped', model: 'm', createdAt: 0 },
      ],
    };
    assert.equal(
      toMarkdown(conversation, new Date('2026-11-25T10:00:00Z')),
      [
        '# Hi, my name is Ada.',
        '_Exported from Parley on 2026-11-25._',
        '**User:** Hi, my name is Ada.',
        '**Assistant:** Hello, Ada!',
        '**User:** Explain\n\nFrom `a.ts` (lines 1-2):\n```ts\na\nb\n```',
        '**Assistant:** _(stopped)_ It is',
      ].join('\n\n') + '\n',
    );
  });

  it('shows what steered the conversation before the script, quoted', () => {
    const conversation: Conversation = {
      version: 3,
      id: 'c2',
      title: 'Q',
      createdAt: 0,
      updatedAt: 0,
      steering: {
        profile: 'Tutor',
        systemPrompt: 'Teach.\nKindly.',
        examples: [{ user: 'What is x?', assistant: 'A name.' }],
        model: 'gpt-4o',
        temperature: 0.3,
      },
      turns: [
        { id: '1', role: 'user', text: 'Q', context: [], createdAt: 0 },
        { id: '2', role: 'assistant', text: 'A', status: 'complete', model: 'gpt-4o', createdAt: 0 },
      ],
    };
    assert.equal(
      toMarkdown(conversation, new Date('2026-11-25T10:00:00Z')),
      [
        '# Q',
        '_Exported from Parley on 2026-11-25._',
        '## Steering: Tutor (model gpt-4o, temperature 0.3)',
        'System message:\n\n> Teach.\n> Kindly.',
        'Example 1, user:\n\n> What is x?',
        'Example 1, assistant:\n\n> A name.',
        '## Conversation',
        '**User:** Q',
        '**Assistant:** A',
      ].join('\n\n') + '\n',
    );
  });

  it('names the repository file of a workspace profile that steered it', () => {
    const conversation: Conversation = {
      version: 3,
      id: 'c',
      title: 'Q',
      createdAt: 0,
      updatedAt: 0,
      steering: { profile: 'General', file: '.parley/profiles/general.md', systemPrompt: 'Obey.', examples: [] },
      turns: [{ id: '1', role: 'user', text: 'Q', context: [], createdAt: 0 }],
    };
    const exported = toMarkdown(conversation, new Date('2026-11-25T10:00:00Z'));
    assert.ok(exported.includes('## Steering: General\n\nFrom this repository: .parley/profiles/general.md\n\nSystem message:'), exported);
  });
});
