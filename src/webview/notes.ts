// What the conversation says about requests the host shaped: history left out to fit the model's
// context window, and the wait a rate limit imposes before Retry.

/** The line above an answer whose question went without the oldest messages. */
export function leftOutNote(leftOut: number): HTMLElement {
  const note = document.createElement('div');
  note.className = 'left-out';
  note.setAttribute('role', 'note');
  const messages = leftOut === 1 ? '1 earlier message was' : `${leftOut} earlier messages were`;
  note.textContent = `${messages} not sent with this question: the conversation no longer fits in the model's context window. The oldest go first; the instructions, examples and attached code always go.`;
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
    button.textContent = left > 0 ? `${label} in ${left} s` : label;
    // Wake when the shown second changes; stop once a new snapshot has replaced the button.
    if (left > 0) setTimeout(() => button.isConnected && tick(), remaining % 1000 || 1000);
  };
  tick();
}
