import type { AnswerPiece } from './domain';
// Reasoning models served without a reasoning parser (DeepSeek-R1 and Qwen3 in Ollama, llama.cpp
// or vLLM set up plainly) write their reasoning into the answer itself, as
// "<think>…</think>" before it. This takes it apart as it streams, so the reasoning is shown
// apart and never goes back to the model as part of the answer.

const OPEN = '<think>';
const CLOSE = '</think>';

/** The longest end of `text` that `tag` starts with: a tag that may be cut between two chunks. */
function partialTagAtEnd(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

export class ThinkTagSplitter {
  /** Before the answer's first visible character; inside <think>; after </think>, before the answer; in the answer. */
  private state: 'start' | 'thinking' | 'after-thinking' | 'answer' = 'start';
  /** Text held back until it is known whether it is a tag. */
  private held = '';

  /** The pieces `text`, the next piece of the answer's content, holds as far as can be told yet. */
  push(text: string): AnswerPiece[] {
    if (this.state === 'answer') return text ? [{ part: 'text', text }] : [];
    const pieces: AnswerPiece[] = [];
    let rest = this.held + text;
    this.held = '';
    if (this.state === 'start') {
      const visible = rest.trimStart();
      if (visible.length < OPEN.length && OPEN.startsWith(visible)) {
        this.held = rest;
        return pieces;
      }
      if (!visible.startsWith(OPEN)) {
        this.state = 'answer';
        return rest ? [{ part: 'text', text: rest }] : [];
      }
      this.state = 'thinking';
      rest = visible.slice(OPEN.length);
    }
    if (this.state === 'thinking') {
      const close = rest.indexOf(CLOSE);
      if (close < 0) {
        const keep = partialTagAtEnd(rest, CLOSE);
        this.held = rest.slice(rest.length - keep);
        const thought = rest.slice(0, rest.length - keep);
        return thought ? [{ part: 'reasoning', text: thought }] : [];
      }
      if (close > 0) pieces.push({ part: 'reasoning', text: rest.slice(0, close) });
      this.state = 'after-thinking';
      rest = rest.slice(close + CLOSE.length);
    }
    // The blank lines between the reasoning and the answer are neither.
    const answer = rest.trimStart();
    if (answer) {
      this.state = 'answer';
      pieces.push({ part: 'text', text: answer });
    }
    return pieces;
  }

  /** What is still held when the stream ends: it was not a tag after all. */
  end(): AnswerPiece[] {
    const held = this.held;
    this.held = '';
    if (!held) return [];
    return [{ part: this.state === 'thinking' ? 'reasoning' : 'text', text: held }];
  }
}
