// What a reasoning model thought before its answer: a section above the answer, open while the
// model thinks and closed once the answer begins (the user may open it again). Plain text: these
// are the model's notes, not its answer.
import * as l10n from '@vscode/l10n';
import type { AssistantTurnView } from '../shared/protocol';
import { element } from './dom';

export class ReasoningSection {
  readonly root: HTMLDetailsElement;
  private readonly summary = element('summary', {});
  private readonly text = document.createTextNode('');
  /** Opened for thinking as it streams, then closed once for the answer. */
  private shown: 'never' | 'while-thinking' | 'closed-for-answer' = 'never';

  constructor() {
    this.root = element('details', { className: 'reasoning' }, this.summary, element('div', { className: 'reasoning-text' }, this.text));
  }

  /** Brings the section to `turn`; the host only ever adds to an answer's reasoning. */
  update(turn: AssistantTurnView): void {
    const reasoning = turn.reasoning ?? '';
    if (reasoning.length < this.text.length) this.text.data = reasoning;
    else if (reasoning.length > this.text.length) this.text.appendData(reasoning.slice(this.text.length));
    const thinking = turn.status === 'streaming' && !turn.text;
    this.summary.textContent = thinking ? l10n.t('Thinking…') : l10n.t('Reasoning');
    if (thinking && this.shown === 'never') {
      this.root.open = true;
      this.shown = 'while-thinking';
    } else if (!thinking && this.shown === 'while-thinking') {
      this.root.open = false;
      this.shown = 'closed-for-answer';
    }
  }
}
