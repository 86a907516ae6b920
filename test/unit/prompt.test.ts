import * as assert from 'node:assert/strict';
import { buildMessages, formatCodeContext, formatUserContent } from '../../src/core/prompt';
import type { CodeContext, Turn } from '../../src/core/domain';

const steering = {
  systemPrompt: 'You are terse.',
  examples: [
    { user: 'What is 2+2?', assistant: '4.' },
    { user: 'Capital of France?', assistant: 'Paris.' },
  ],
};

function user(id: string, text: string, context: readonly CodeContext[] = []): Turn {
  return { id, role: 'user', text, context, createdAt: 0 };
}
function assistant(id: string, text: string, status: 'complete' | 'stopped' | 'error' | 'streaming' | 'interrupted' = 'complete'): Turn {
  return { id, role: 'assistant', text, status, model: 'm', createdAt: 0 };
}

describe('buildMessages', () => {
  it('sends system, example pairs, history and the new question in that order', () => {
    const turns = [user('1', 'Hi, my name is Ada.'), assistant('2', 'Hello Ada!'), user('3', 'What is my name?')];
    assert.deepEqual(buildMessages(steering, turns), [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: '4.' },
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'Hi, my name is Ada.' },
      { role: 'assistant', content: 'Hello Ada!' },
      { role: 'user', content: 'What is my name?' },
    ]);
  });

  it('omits an empty system prompt and keeps a stopped answer as history', () => {
    const turns = [user('1', 'Tell a story'), assistant('2', 'Once upon', 'stopped'), user('3', 'Go on')];
    assert.deepEqual(buildMessages({ systemPrompt: '  ', examples: [] }, turns), [
      { role: 'user', content: 'Tell a story' },
      { role: 'assistant', content: 'Once upon' },
      { role: 'user', content: 'Go on' },
    ]);
  });

  it('leaves out answers that produced no text and the answer being streamed', () => {
    const turns = [user('1', 'a'), assistant('2', '', 'error'), user('3', 'b'), assistant('4', 'partial', 'streaming')];
    assert.deepEqual(
      buildMessages({ systemPrompt: '', examples: [] }, turns).map((m) => m.content),
      ['a', 'b'],
    );
  });

  it('attaches the selection as a fenced block with its language, path and lines', () => {
    const context = [{ path: 'src/math.ts', language: 'typescript', startLine: 3, endLine: 5, text: 'export function add(a, b) {\n  return a + b;\n}' }];
    const [message] = buildMessages({ systemPrompt: '', examples: [] }, [user('1', 'Explain this.', context)]);
    assert.equal(message?.content, 'Explain this.\n\nFrom `src/math.ts` (lines 3-5):\n```typescript\nexport function add(a, b) {\n  return a + b;\n}\n```');
  });
});

describe('formatCodeContext', () => {
  it('uses a fence longer than any backtick run in the code', () => {
    const text = 'const md = "```js\\ncode\\n```";';
    const block = formatCodeContext({ path: 'a.ts', language: 'ts', startLine: 1, endLine: 1, text });
    assert.match(block, /^From `a.ts` \(line 1\):\n````ts\n/);
    assert.ok(block.endsWith('\n````'));
  });

  it('says how many lines of a huge selection were left out', () => {
    const block = formatCodeContext({ path: 'a.ts', language: 'ts', startLine: 1, endLine: 10, text: 'x', omittedLines: 990 });
    assert.match(block, /990 more lines of the selection were left out/);
  });

  it('formats a question with only code', () => {
    assert.equal(
      formatUserContent('', [{ path: 'a.py', language: 'python', startLine: 2, endLine: 2, text: 'pass' }]),
      'From `a.py` (line 2):\n```python\npass\n```',
    );
  });
});
