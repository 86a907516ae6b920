import * as assert from 'node:assert/strict';
import type { MarkdownBlock } from '../../src/shared/markdownBlocks';
import { MAX_HTML_BLOCK_CHARS, MarkdownBlockSplitter } from '../../src/shared/markdownBlocks';

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

  it('closes a fence only with a line indented less than 4 spaces more than its opening', () => {
    assert.deepEqual(blocksOf('```\naaa\n    ```\n'), [{ kind: 'code', language: '', code: 'aaa\n    ```\n', closed: false }]);
    assert.deepEqual(blocksOf('```\naaa\n   ```\n'), [{ kind: 'code', language: '', code: 'aaa\n', closed: true }]);
    assert.deepEqual(blocksOf('- a\n\n  ```\n  b\n\n  ```\nc\n'), [{ kind: 'markdown', text: '- a\n\n  ```\n  b\n\n  ```\nc\n' }]);
  });

  it('opens a tilde fence whatever its info string holds, a backtick fence only without a backtick in it', () => {
    assert.deepEqual(blocksOf('~~~ aa ``` ~~~\nfoo\n~~~\n'), [{ kind: 'code', language: 'aa', code: 'foo\n', closed: true }]);
    assert.deepEqual(blocksOf('``` aa ` b\nfoo\n'), [{ kind: 'markdown', text: '``` aa ` b\nfoo\n' }]);
  });

  it('keeps an HTML block with a closer in one block up to the line that holds it, blank lines and fences in it', () => {
    const answers = {
      pre: '<pre language="haskell"><code>\nimport A\n\nmain = f\n```\n\n</code></pre>\nokay\n',
      comment: '<!-- Foo\n\nbar\n   baz -->\nokay\n',
      instruction: "<?php\n\n  echo '>';\n\n?>\nokay\n",
      declaration: '<!DOCTYPE\n\nhtml>\nokay\n',
      cdata: '<![CDATA[\n\n]]>\nokay\n',
      style: '<style\n  type="text/css">\n\nfoo\n',
    };
    for (const [name, text] of Object.entries(answers))
      for (const size of [1, 4, text.length]) assert.deepEqual(blocksOf(text, size), [{ kind: 'markdown', text }], `${name}, pieces of ${size}`);
    assert.deepEqual(blocksOf('<PRE>\n\n</pre>\n\n```\nx\n```\n'), [
      { kind: 'markdown', text: '<PRE>\n\n</pre>\n\n' },
      { kind: 'code', language: '', code: 'x\n', closed: true },
    ]);
  });

  it('ends an HTML block that closes on its own line as any other block', () => {
    for (const text of ['<!-- c -->\n\nPara\n', '<!-->\n\nPara\n', '<pre>x</pre>\n\nPara\n']) {
      const html = text.slice(0, text.indexOf('Para'));
      assert.deepEqual(blocksOf(text), [
        { kind: 'markdown', text: html },
        { kind: 'markdown', text: 'Para\n' },
      ]);
    }
  });

  it('keeps a fence or formula in an HTML block that ends at a blank line as its text', () => {
    assert.deepEqual(blocksOf('<div></div>\n``` c\nint x = 33;\n```\n'), [{ kind: 'markdown', text: '<div></div>\n``` c\nint x = 33;\n```\n' }]);
    assert.deepEqual(blocksOf('<span class="x">\n$$\n\n```\nx\n```\n'), [
      { kind: 'markdown', text: '<span class="x">\n$$\n\n' },
      { kind: 'code', language: '', code: 'x\n', closed: true },
    ]);
  });

  it('takes a line that is only a tag for an HTML block after a blank line, not in a paragraph or a list item', () => {
    assert.deepEqual(blocksOf('Para\n\n<span>\n```\nx\n```\n'), [
      { kind: 'markdown', text: 'Para\n\n' },
      { kind: 'markdown', text: '<span>\n```\nx\n```\n' },
    ]);
    assert.deepEqual(blocksOf('Para\n<span>\n```\nx\n```\n'), [
      { kind: 'markdown', text: 'Para\n<span>\n' },
      { kind: 'code', language: '', code: 'x\n', closed: true },
    ]);
    assert.deepEqual(blocksOf('- a\n\n  <pre>\n\nb\n'), [
      { kind: 'markdown', text: '- a\n\n  <pre>\n\n' },
      { kind: 'markdown', text: 'b\n' },
    ]);
  });

  it('ends an HTML block whose closer has not come within its bound at the next blank line', () => {
    const unclosed = (lines: number): string => `<pre>\n${'x\n'.repeat(lines)}\nAfter\n`;
    const short = unclosed(MAX_HTML_BLOCK_CHARS / 2 - 10);
    assert.deepEqual(blocksOf(short, 1000), [{ kind: 'markdown', text: short }]);
    const long = unclosed(MAX_HTML_BLOCK_CHARS / 2);
    const blocks = blocksOf(long, 1000);
    assert.deepEqual(
      blocks.map((b) => b.kind === 'markdown' && b.text),
      [long.slice(0, long.indexOf('After')), 'After\n'],
    );
    assert.deepEqual(blocksOf(long, 7), blocks);
  });
});
