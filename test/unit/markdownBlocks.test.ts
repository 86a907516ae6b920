import * as assert from 'node:assert/strict';
import type { MarkdownBlock } from '../../src/shared/markdownBlocks';
import { MarkdownBlockSplitter } from '../../src/shared/markdownBlocks';

/** Feeds `text` in pieces of `size` characters, as a stream would. */
function stream(text: string, size: number): MarkdownBlockSplitter {
  const splitter = new MarkdownBlockSplitter();
  for (let i = 0; i < text.length; i += size) splitter.append(text.slice(i, i + size));
  return splitter;
}

function blocksOf(text: string, size = 3): MarkdownBlock[] {
  const splitter = stream(text, size);
  splitter.finish();
  return splitter.finished;
}

const ANSWER = [
  'Here is how:',
  '',
  '1. Install it:',
  '',
  '   ```sh',
  '   npm i thing',
  '',
  '   ```',
  '2. Use it.',
  '',
  '```ts',
  'const a = 1;',
  '',
  'const b = 2;',
  '```',
  '> A quote',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
].join('\n');

describe('MarkdownBlockSplitter', () => {
  it('splits at blank lines before column-0 text, keeps list items with their list, and gives top-level fences their own block', () => {
    assert.deepEqual(blocksOf(ANSWER), [
      { kind: 'markdown', text: 'Here is how:\n\n' },
      { kind: 'markdown', text: '1. Install it:\n\n   ```sh\n   npm i thing\n\n   ```\n2. Use it.\n\n' },
      { kind: 'code', language: 'ts', code: 'const a = 1;\n\nconst b = 2;\n', closed: true },
      { kind: 'markdown', text: '> A quote\n\n' },
      { kind: 'markdown', text: '| a | b |\n|---|---|\n| 1 | 2 |\n' },
    ]);
  });

  it('gives the same blocks whatever the piece size', () => {
    const whole = blocksOf(ANSWER, ANSWER.length);
    for (const size of [1, 2, 5, 17]) assert.deepEqual(blocksOf(ANSWER, size), whole, `pieces of ${size}`);
  });

  it('shows a half-finished fence as an open code block, without the partial closing fence', () => {
    const splitter = stream('Look:\n```python\ndef f():\n    return 1\n``', 4);
    assert.deepEqual(splitter.finished, [{ kind: 'markdown', text: 'Look:\n' }]);
    assert.deepEqual(splitter.tail(), { kind: 'code', language: 'python', code: 'def f():\n    return 1\n', closed: false });
    splitter.append('`\nDone.');
    assert.deepEqual(splitter.finished.at(-1), { kind: 'code', language: 'python', code: 'def f():\n    return 1\n', closed: true });
    assert.deepEqual(splitter.tail(), { kind: 'markdown', text: 'Done.' });
  });

  it("reads a fence's language with its backslash escapes taken away, as CommonMark does", () => {
    assert.deepEqual(blocksOf('``` foo\\+bar baz\nfoo\n```\n'), [{ kind: 'code', language: 'foo+bar', code: 'foo\n', closed: true }]);
  });

  it('holds back a line that may become a fence until it is complete', () => {
    const splitter = stream('Text\n``', 10);
    assert.deepEqual(splitter.tail(), { kind: 'markdown', text: 'Text\n' });
    splitter.append('`j');
    assert.deepEqual(splitter.tail(), { kind: 'markdown', text: 'Text\n' }, 'the language is still arriving');
    splitter.append('s\nlet');
    assert.deepEqual(splitter.tail(), { kind: 'code', language: 'js', code: 'let', closed: false });
  });

  it('re-reads only the open block: finished blocks stay as they are while text arrives', () => {
    const splitter = new MarkdownBlockSplitter();
    splitter.append('# Title\n\nFirst paragraph.\n\nSecond line,\nsecond');
    const finished = [...splitter.finished];
    assert.deepEqual(
      finished.map((b) => b.kind === 'markdown' && b.text),
      ['# Title\n\n', 'First paragraph.\n\n'],
    );
    for (const piece of [' para', 'graph', ' goes on']) {
      splitter.append(piece);
      assert.deepEqual(splitter.finished, finished);
    }
    assert.deepEqual(splitter.tail(), { kind: 'markdown', text: 'Second line,\nsecond paragraph goes on' });
  });

  it('ends a block as soon as the first characters of the next line decide it, not when that line ends', () => {
    const splitter = stream('Para one.\n\nNe', 20);
    assert.deepEqual(splitter.finished, [{ kind: 'markdown', text: 'Para one.\n\n' }]);
    assert.deepEqual(splitter.tail(), { kind: 'markdown', text: 'Ne' });
    const list = stream('- a\n\n-', 20);
    assert.deepEqual(list.finished, [], 'a dash after a list may be its next item');
    list.append(' b\n');
    assert.deepEqual(list.tail(), { kind: 'markdown', text: '- a\n\n- b\n' });
  });

  it('keeps an unclosed fence as code when the stream ends, and drops trailing blank text', () => {
    assert.deepEqual(blocksOf('```\nno end'), [{ kind: 'code', language: '', code: 'no end', closed: false }]);
    assert.deepEqual(blocksOf('Para\n\n\n'), [{ kind: 'markdown', text: 'Para\n\n\n' }]);
  });

  it('closes a fence that ends the answer without a line break after it', () => {
    for (const size of [1, 3, 100]) {
      assert.deepEqual(blocksOf('Sum:\n\n```ts\nconst a = 1;\n```', size), [
        { kind: 'markdown', text: 'Sum:\n\n' },
        { kind: 'code', language: 'ts', code: 'const a = 1;\n', closed: true },
      ]);
    }
  });

  it('keeps indented continuations and tilde fences in their block', () => {
    assert.deepEqual(blocksOf('- item\n\n    more of the item\n~~~\n```\n~~~\n'), [
      { kind: 'markdown', text: '- item\n\n    more of the item\n' },
      { kind: 'code', language: '', code: '```\n', closed: true },
    ]);
  });
});
