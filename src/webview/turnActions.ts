// What each message in the log offers, decided from the turns alone: the buttons in its head, the
// follow-up of a failed or stopped answer, Save as Example, and the buttons of its code blocks. No
// DOM here (turnView.ts draws them), so Node tests check the decisions.
import type { AssistantTurnView, CodeAction, FailureAction, TurnView } from '../shared/protocol';

/** A button in a message's head. */
export type TurnAction = 'edit' | 'copy' | 'regenerate' | 'fork';

/** A button of a finished code block other than its Copy, which the markdown draws. */
export type BlockAction = Exclude<CodeAction, 'copy'>;

export function isLastTurn(turns: readonly TurnView[], turnId: string): boolean {
  return turns.at(-1)?.id === turnId;
}

/** Whether the question before this answer carried code, so its code can replace that code. */
export function answersSelection(turns: readonly TurnView[], turnId: string): boolean {
  const question = turns[turns.findIndex((t) => t.id === turnId) - 1];
  return question?.role === 'user' && question.context.length > 0;
}

/**
 * Edit on questions; Copy on answers, and Regenerate on the last one; Fork on each; none while an
 * answer runs, nor on one without text (a failure's callout offers what fixes it instead).
 */
export function turnActions(turn: TurnView, isLast: boolean): readonly TurnAction[] {
  if (turn.role === 'user') return ['edit', 'fork'];
  if (turn.status === 'streaming' || turn.text === '') return [];
  return isLast ? ['copy', 'regenerate', 'fork'] : ['copy', 'fork'];
}

/**
 * What decides a message's buttons: they are drawn again only when it changes. While an answer
 * runs, CSS hides Edit, Regenerate and Fork (`.log.busy`), so busy is not part of it.
 */
export function actionsKey(turn: TurnView, isLast: boolean): string {
  return `${isLast}|${turn.role === 'assistant' ? `${turn.status}|${turn.text !== ''}` : ''}`;
}

/** A finished answer with text can become an example pair. */
export function offersSaveExample(turn: TurnView): boolean {
  return turn.role === 'assistant' && turn.status === 'complete' && turn.text !== '';
}

/** The buttons under the last answer that failed or was stopped: its error's way out and the alternative, or Retry. */
export function followUp(turn: AssistantTurnView, isLast: boolean): readonly FailureAction[] {
  if (!isLast) return [];
  if (turn.error) return [turn.error.action, turn.error.alternative].filter((action) => action !== undefined);
  return turn.status === 'stopped' ? ['retry'] : [];
}

/** The code actions of a block; the ones about the selection only when the question had one. */
const CODE_ACTIONS: readonly { action: BlockAction; needsSelection: boolean }[] = [
  { action: 'insert', needsSelection: false },
  { action: 'replaceSelection', needsSelection: true },
  { action: 'compare', needsSelection: true },
  { action: 'newEditor', needsSelection: false },
];

/** The buttons a finished code block gets before its Copy, in order. */
export function codeActions(aboutSelection: boolean): readonly BlockAction[] {
  return CODE_ACTIONS.filter((a) => aboutSelection || !a.needsSelection).map((a) => a.action);
}
