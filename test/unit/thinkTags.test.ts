import * as assert from 'node:assert/strict';
import { ThinkTagSplitter } from '../../src/core/thinkTags';
import type { AnswerPiece } from '../../src/core/domain';

/** The reasoning and the answer that `content` streamed in `chunks` comes apart into. */
function split(chunks: readonly string[]): { reasoning: string; text: string } {
  const splitter = new ThinkTagSplitter();
  const pieces: AnswerPiece[] = [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
  const join = (part: AnswerPiece['part']) =>
    pieces
      .filter((p) => p.part === part)
      .map((p) => p.text)
      .join('');
  assert.ok(
    pieces.every((p) => p.text.length > 0),
    'no empty pieces',
  );
  return { reasoning: join('reasoning'), text: join('text') };
}

/** Every way of cutting `content` into two and three chunks, and one character at a time. */
function cuts(content: string): string[][] {
  const all: string[][] = [[content], [...content]];
  for (let i = 1; i < content.length; i++) {
    all.push([content.slice(0, i), content.slice(i)]);
    for (let j = i + 1; j < content.length; j += 3) all.push([content.slice(0, i), content.slice(i, j), content.slice(j)]);
  }
  return all;
}

describe('ThinkTagSplitter', () => {
  it('takes <think>…</think> before the answer apart, however the stream cuts the tags', () => {
    for (const chunks of cuts('\n<think>\nThe user wants a greeting.\n</think>\n\nHello!')) {
      assert.deepEqual(split(chunks), { reasoning: '\nThe user wants a greeting.\n', text: 'Hello!' }, JSON.stringify(chunks));
    }
  });

  it('leaves an answer without reasoning as it is, tags in its middle included', () => {
    for (const content of ['Use <think> as a tag name.', '  Indented code', '<thin', '<b>bold</b>', 'Hi </think>']) {
      for (const chunks of cuts(content)) assert.deepEqual(split(chunks), { reasoning: '', text: content }, JSON.stringify(chunks));
    }
  });

  it('keeps reasoning that a cut stream left unfinished, half a closing tag included', () => {
    assert.deepEqual(split(['<think>Still think', 'ing </thi']), { reasoning: 'Still thinking </thi', text: '' });
  });

  it('keeps whitespace-only content as the answer', () => {
    assert.deepEqual(split([' ', '\n']), { reasoning: '', text: ' \n' });
  });
});
