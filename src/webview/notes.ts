// What the conversation says about requests the host shaped: history left out to fit the model's
// context window, an answer the server ended early, and the wait a rate limit imposes before Retry.
import * as l10n from '@vscode/l10n';
import type { CutShort } from '../shared/protocol';
import { element } from './dom';

/** The line above an answer whose question went without the oldest messages. */
export function leftOutNote(leftOut: number): HTMLElement {
  const note = document.createElement('div');
  note.className = 'left-out';
  note.setAttribute('role', 'note');
  note.textContent =
    leftOut === 1
      ? l10n.t(
          "1 earlier message was not sent with this question: the conversation no longer fits in the model's context window. The oldest go first; the instructions, examples and attached code always go.",
        )
      : l10n.t(
          "{0} earlier messages were not sent with this question: the conversation no longer fits in the model's context window. The oldest go first; the instructions, examples and attached code always go.",
          leftOut,
        );
  return note;
}

/** The line under an answer the server ended early. */
export function cutShortNote(cutShort: CutShort): HTMLElement {
  const note = element('div', {
    className: 'cut-short',
    textContent:
      cutShort === 'length'
        ? l10n.t(
            'The answer stops here: it reached the length limit (parley.maxOutputTokens, or the server’s own). Ask the model to go on, or raise the limit.',
          )
        : l10n.t('The server’s content filter stopped this answer here.'),
  });
  note.setAttribute('role', 'note');
  return note;
}

/**
 * Keeps `button` disabled for `ms`, counting the seconds down on it, then restores its label.
 * The deadline is measured on this side's clock: the host sends the time left, not a date.
 */
export function countDown(button: HTMLButtonElement, ms: number): void {
  const label = button.textContent ?? '';
  const deadline = performance.now() + ms;
  const tick = (): void => {
    const remaining = deadline - performance.now();
    const left = Math.ceil(remaining / 1000);
    button.disabled = left > 0;
    button.textContent = left > 0 ? l10n.t('{0} in {1} s', label, left) : label;
    // Wake when the shown second changes; stop once a new snapshot has replaced the button.
    if (left > 0) setTimeout(() => button.isConnected && tick(), remaining % 1000 || 1000);
  };
  tick();
}
