import * as assert from 'node:assert/strict';
import type { MathSpan } from '../../src/shared/mathDelimiters';
import { displayMathBlock, displayMathBlockStart, groupDepth, mathAtStart, mathStart, texOf } from '../../src/shared/mathDelimiters';
import { MarkdownBlockSplitter } from '../../src/shared/markdownBlocks';

/** The formulas in `text`, read left to right as marked's inline lexer would: at each place a formula may start. */
function formulas(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length;) {
    const at = mathStart(text.slice(i));
    if (at === undefined) break;
    const math = mathAtStart(text.slice(i + at));
    if (math) {
      found.push(math.tex);
      i += at + math.raw.length;
    } else {
      // A backslash escapes the character after it, as marked's escape tokenizer reads it.
      i += at + (text[i + at] === '\\' ? 2 : 1);
    }
  }
  return found;
}

describe('Math delimiters', () => {
  it('reads $…$, $$…$$, \\(…\\) and \\[…\\] as formulas, inline or display', () => {
    assert.deepEqual(mathAtStart('$x^2$ and more'), { raw: '$x^2$', tex: 'x^2', display: false } satisfies MathSpan);
    assert.deepEqual(mathAtStart('$$\\sum_i x_i$$ after'), { raw: '$$\\sum_i x_i$$', tex: '\\sum_i x_i', display: true });
    assert.deepEqual(mathAtStart('\\(a + b\\) after'), { raw: '\\(a + b\\)', tex: 'a + b', display: false });
    assert.deepEqual(mathAtStart('\\[\\frac{1}{2}\\]'), { raw: '\\[\\frac{1}{2}\\]', tex: '\\frac{1}{2}', display: true });
    assert.deepEqual(formulas('Let $a$ and $b_1$ be, so \\(a+b\\) is'), ['a', 'b_1', 'a+b']);
  });

  it('keeps prices and other dollars as text (pandoc: no space inside the dollars, no digit after the closing one)', () => {
    assert.deepEqual(formulas('It costs $5 and $10.'), []);
    assert.deepEqual(formulas('Between $5-$10 a month'), [], 'a closing $ followed by a digit does not close');
    assert.deepEqual(formulas('$ x$ and $x $'), [], 'a space after the opening $ or before the closing one');
    assert.deepEqual(formulas('Pay $5, then $x$ is the rest'), ['x'], 'the price stays text, the formula after it is one');
    assert.deepEqual(formulas('$$'), []);
    assert.deepEqual(formulas('$x'), [], 'not closed (yet): text');
    assert.deepEqual(formulas('$x^'), []);
    // marked takes the code span itself; the formula must not start before it and end inside it.
    assert.equal(mathAtStart('$10, `$x$` code'), undefined, 'a formula never ends inside a code span');
  });

  it('reads escaped delimiters as text, and escaped dollars inside a formula as part of it', () => {
    assert.deepEqual(formulas('\\$5 and \\$x\\$'), []);
    assert.deepEqual(formulas('$\\$5 + y$'), ['\\$5 + y']);
    assert.deepEqual(formulas('\\\\(x\\\\)'), [], 'an escaped backslash before ( is no opener');
  });

  it("leaves CommonMark's escaped punctuation alone: a formula holds more than backslashes and is never empty", () => {
    assert.deepEqual(formulas('\\!\\"\\#\\$\\%\\&\\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\`\\{\\|\\}\\~'), []);
    assert.equal(mathAtStart('\\(\\)'), undefined);
    assert.equal(mathAtStart('$$ $$'), undefined);
  });

  it('never spans a blank line inside a paragraph', () => {
    assert.equal(mathAtStart('$a\n\nb$'), undefined);
    assert.deepEqual(mathAtStart('$a\nb$')?.tex, 'a\nb');
  });

  it('reads display blocks on lines of their own, blank lines and all, and says where one starts', () => {
    const block = '$$\n\\begin{aligned}\na &= b \\\\\n\nc &= d\n\\end{aligned}\n$$\nafter';
    assert.deepEqual(displayMathBlock(block), {
      raw: block.slice(0, block.indexOf('after')),
      tex: '\n\\begin{aligned}\na &= b \\\\\n\nc &= d\n\\end{aligned}\n',
      display: true,
    });
    assert.equal(displayMathBlock('\\[\nx\n\\]')?.tex, '\nx\n');
    assert.equal(displayMathBlock('$$ x $$ and more'), undefined, 'text after the closer: a paragraph');
    assert.equal(displayMathBlock('$$\nnever closed'), undefined);
    assert.equal(displayMathBlock('    $$x$$'), undefined, 'indented four spaces: code');
    assert.equal(displayMathBlockStart('Text:\n$$\nx\n$$\n'), 6);
    assert.equal(displayMathBlockStart('Text:\n$$ never closed\n'), undefined, 'a paragraph is cut only where a block does start');
  });

  it("gives back a formula's LaTeX from its source", () => {
    assert.equal(texOf('$x$'), 'x');
    assert.equal(texOf('$$x$$'), 'x');
    assert.equal(texOf('\\(x\\)'), 'x');
    assert.equal(texOf('$$\nx\n$$\n'), '\nx\n');
  });

  it("measures how deep a formula's groups nest", () => {
    assert.equal(groupDepth('x + y'), 0);
    assert.equal(groupDepth('\\frac{1}{2}'), 1);
    assert.equal(groupDepth('\\frac{1}{\\frac{1}{\\sqrt{x}}}'), 3);
    assert.equal(groupDepth('\\{x\\}'), 0, 'escaped braces are shown, not groups');
    assert.equal(groupDepth('\\\\{x}'), 1, 'a line break, then a group');
    assert.equal(groupDepth('}}}{x}'), 1, 'a closing brace too many opens nothing');
    assert.equal(groupDepth('{'.repeat(2000)), 2000);
  });

  it('keeps a display formula with blank lines in one block while it streams', () => {
    const text = 'Before.\n\n$$\na = b\n\nc = d\n$$\n\nAfter.\n';
    for (const size of [1, 2, 5, 100]) {
      const splitter = new MarkdownBlockSplitter();
      for (let i = 0; i < text.length; i += size) splitter.append(text.slice(i, i + size));
      splitter.finish();
      assert.deepEqual(
        splitter.finished.map((b) => (b.kind === 'markdown' ? b.text : b.code)),
        ['Before.\n\n', '$$\na = b\n\nc = d\n$$\n\n', 'After.\n'],
        `in pieces of ${size}`,
      );
    }
  });
});
