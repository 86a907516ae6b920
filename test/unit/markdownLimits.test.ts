import * as assert from 'node:assert/strict';
import {
  MAX_BLOCK_CHARS,
  MAX_BLOCK_LINES,
  MAX_EMPHASIS_DELIMITERS,
  MAX_NESTING,
  MAX_OPEN_BLOCK_CHARS,
  MAX_OPEN_BLOCK_LINES,
  bracketedLabels,
  markdownTooComplex,
  tooLongWhileOpen,
} from '../../src/shared/markdownLimits';

const nestedList = (levels: number): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');

describe('Markdown the renderer shows as text instead of parsing', () => {
  it('parses what answers hold: nested lists and quotes a few levels deep, bold, snake_case, code', () => {
    const answer = [
      '> quoted',
      '> > twice',
      '',
      nestedList(8),
      '',
      '1. **bold** and *it* and my_var_name',
      '   - nested `code_span`',
      '',
      '```py',
      `${'    '.repeat(40)}deep = "indented code is not nesting"`,
      `${'*'.repeat(5000)}`,
      '```',
    ].join('\n');
    assert.equal(markdownTooComplex(answer), undefined);
    assert.equal(markdownTooComplex(nestedList(MAX_NESTING)), undefined);
    assert.equal(markdownTooComplex(`${'>'.repeat(MAX_NESTING)} x`), undefined);
  });

  it('refuses nesting deeper than the bound, by quote markers, list markers or indentation', () => {
    assert.equal(markdownTooComplex(`${'>'.repeat(10_000)} deep`), 'nesting');
    assert.equal(markdownTooComplex(`${'>'.repeat(MAX_NESTING + 1)} x`), 'nesting');
    assert.equal(markdownTooComplex(`${'- '.repeat(10_000)}deep`), 'nesting');
    assert.equal(markdownTooComplex(`${'> - '.repeat(5_000)}deep`), 'nesting');
    assert.equal(markdownTooComplex(nestedList(MAX_NESTING + 2)), 'nesting');
    assert.equal(markdownTooComplex(`text\n\n${'> '.repeat(40)}x`), 'nesting');
    // A fence opened that deep: its line was taken for code and never counted (2 KB froze the page for 17 s).
    assert.equal(markdownTooComplex(`${'> '.repeat(1000)}\`\`\`\ncode\n`), 'nesting');
    assert.equal(markdownTooComplex(`${'- '.repeat(1500)}\`\`\`\n`), 'nesting');
    assert.equal(markdownTooComplex(`> \`\`\`\n> code\n${'> '.repeat(40)}x\n`), 'nesting');
  });

  it('refuses more runs of * or _ than the bound, and blocks longer than the bound', () => {
    assert.equal(markdownTooComplex('_a'.repeat(MAX_EMPHASIS_DELIMITERS)), undefined);
    assert.equal(markdownTooComplex('_a'.repeat(MAX_EMPHASIS_DELIMITERS + 1)), 'emphasis');
    assert.equal(markdownTooComplex(`${'*a '.repeat(600)}${'b*'.repeat(600)}`), 'emphasis');
    assert.equal(markdownTooComplex('word '.repeat(MAX_BLOCK_CHARS / 5)), undefined);
    assert.equal(markdownTooComplex('word '.repeat(MAX_BLOCK_CHARS / 5 + 1)), 'size');
    const table = (rows: number): string => `| a |\n|---|\n${'| x |\n'.repeat(rows)}`.trimEnd();
    assert.equal(markdownTooComplex(table(MAX_BLOCK_LINES - 2)), undefined);
    assert.equal(markdownTooComplex(table(MAX_BLOCK_LINES - 1)), 'size');
  });

  it('shows a streaming block as text beyond a shorter bound than a complete one', () => {
    const table = (rows: number): string => `| a |\n|---|\n${'| x |\n'.repeat(rows)}`.trimEnd();
    assert.equal(tooLongWhileOpen(table(MAX_OPEN_BLOCK_LINES - 2)), false);
    assert.equal(tooLongWhileOpen(table(MAX_OPEN_BLOCK_LINES - 1)), true);
    assert.equal(tooLongWhileOpen('word '.repeat(MAX_OPEN_BLOCK_CHARS / 5)), false);
    assert.equal(tooLongWhileOpen('word '.repeat(MAX_OPEN_BLOCK_CHARS / 5 + 1)), true);
    assert.ok(MAX_OPEN_BLOCK_CHARS < MAX_BLOCK_CHARS && MAX_OPEN_BLOCK_LINES < MAX_BLOCK_LINES);
  });

  it('reads a long line of markers in linear time', () => {
    // No clock: on these inputs a scan that is quadratic in the line's length would run for
    // minutes, far past mocha's timeout, while a linear one takes milliseconds.
    const repeated = (marker: string, length: number): string => marker.repeat(Math.floor(length / marker.length));
    const lines = (length: number): string[] =>
      ['>', '- ', '[', '*', '[\\['].map((marker) => repeated(marker, length)).concat(`${repeated('\\', length - 1)}[`);
    for (const line of lines(1_000_000)) bracketedLabels(line);
    // A block longer than MAX_BLOCK_CHARS is refused before it is read, so the longest that is read, many times.
    const longest = lines(MAX_BLOCK_CHARS);
    for (let round = 0; round < 200; round++) for (const line of longest) assert.notEqual(markdownTooComplex(line), 'size');
  });

  it('lists the labels a block may refer to, as markdown compares them', () => {
    assert.deepEqual([...bracketedLabels('See [the  Guide][guide], [Docs] and [API][]. ![x][Pic]')].sort(), ['api', 'docs', 'guide', 'pic', 'the guide', 'x']);
    assert.deepEqual([...bracketedLabels('[[[[a]]]] [no close')], ['a']);
    // A bracket escaped with a backslash is part of a label, and opens none.
    assert.deepEqual([...bracketedLabels('[Foo*bar\\]] [ref\\[] \\[not] \\\\[yes]')], ['foo*bar\\]', 'ref\\[', 'yes']);
  });
});
