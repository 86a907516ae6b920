// The texts the panel shows, made from the snapshot's data in the display language: token and
// usage figures, the conversation's size, an answer's status, its failure action and what a screen
// reader hears when it ends, and the labels of the buttons on messages and code blocks. No DOM here, so Node tests read them as the panel does.
import * as l10n from '@vscode/l10n';
import { groupDigits, localNumber } from '../shared/numbers';
import type { AssistantTurnView, CodeContext, FailureAction, Snapshot, UsageTotalView, UsageView } from '../shared/protocol';
import type { BlockAction, TurnAction } from './turnActions';

/** "≈1,234 tokens" — approximate unless the counter is exact, which the title says. */
export function tokenText(tokens: number, exact: boolean): string {
  if (exact) return tokens === 1 ? l10n.t('1 token') : l10n.t('{0} tokens', groupDigits(tokens));
  return tokens === 1 ? l10n.t('≈1 token') : l10n.t('≈{0} tokens', groupDigits(tokens));
}

export function modelCount(count: number): string {
  return count === 1 ? l10n.t('1 model') : l10n.t('{0} models', count);
}

/** US dollars, as parley.prices has them: two decimals, or two significant digits below a cent. */
function money(cost: number): string {
  return `$${localNumber(cost < 0.01 && cost > 0 ? cost.toPrecision(2) : cost.toFixed(2))}`;
}

/** "1,234 in · 56 out · $0.0012" under an answer. */
export function usageText(usage: UsageView): string {
  const [input, output] = [groupDigits(usage.promptTokens), groupDigits(usage.completionTokens)];
  return usage.cost === undefined
    ? l10n.t('{0} tokens in · {1} out', input, output)
    : l10n.t('{0} tokens in · {1} out · {2}', input, output, money(usage.cost));
}

/** The conversation's total, or '' before any answer reported usage. */
export function usageTotalText(total: UsageTotalView): string {
  if (total.answers === 0) return '';
  const [input, output] = [groupDigits(total.promptTokens), groupDigits(total.completionTokens)];
  // No answer has a price: a cost of 0 would be wrong, so none is shown.
  if (total.unpriced === total.answers) return l10n.t('Total: {0} tokens in · {1} out', input, output);
  const cost = money(total.cost);
  if (total.unpriced === 0) return l10n.t('Total: {0} tokens in · {1} out · {2}', input, output, cost);
  if (total.unpriced === 1) return l10n.t('Total: {0} tokens in · {1} out · {2} (1 answer without a price)', input, output, cost);
  return l10n.t('Total: {0} tokens in · {1} out · {2} ({3} answers without a price)', input, output, cost, total.unpriced);
}

/** The header's "model · 1,234 of 128,000 tokens", and its title that says what the count is. */
export function conversationSize({ model, size }: Pick<Snapshot, 'model' | 'size'>): { label: string; title: string } {
  const [count, readable] = [groupDigits(size.tokens), groupDigits(size.window)];
  return size.exact
    ? {
        label: l10n.t('{0} · {1} of {2} tokens', model, count, readable),
        title: l10n.t('This conversation is {0} tokens as the next question would send it (steering and history); {1} reads {2}.', count, model, readable),
      }
    : {
        label: l10n.t('{0} · ≈{1} of {2} tokens', model, count, readable),
        title: l10n.t(
          'This conversation is about {0} tokens as the next question would send it (steering and history); {1} reads {2}. Estimated: the exact count needs the model’s tokenizer.',
          count,
          model,
          readable,
        ),
      };
}

/** The summary of code a question carried: where it is from, and how much was left out. */
export function contextSummary(context: CodeContext): string {
  const where =
    context.startLine === context.endLine
      ? l10n.t('{0} (line {1})', context.path, context.startLine)
      : l10n.t('{0} (lines {1}-{2})', context.path, context.startLine, context.endLine);
  return context.omittedLines ? l10n.t('{0} — {1} more lines left out', where, context.omittedLines) : where;
}

const STATUS_TEXT: Record<AssistantTurnView['status'], string> = {
  streaming: '',
  complete: '',
  stopped: l10n.t('Stopped'),
  interrupted: l10n.t('Interrupted'),
  error: l10n.t('Failed'),
};

/** The badge of an answer that did not end normally; '' for one that runs or is complete. */
export function statusText(status: AssistantTurnView['status']): string {
  return STATUS_TEXT[status];
}

const ACTION_LABELS: Record<FailureAction, string> = {
  setApiKey: l10n.t('Set API Key'),
  chooseProvider: l10n.t('Choose Provider…'),
  pickModel: l10n.t('Pick a Model'),
  openSettings: l10n.t('Open Settings'),
  retry: l10n.t('Retry'),
  sendWithoutImages: l10n.t('Send Without Images'),
};

/** The label of the button that follows up on an answer's failure (or on a stopped answer). */
export function actionLabel(action: FailureAction): string {
  return ACTION_LABELS[action];
}

const ANNOUNCEMENTS: Record<AssistantTurnView['status'], (said: string) => string> = {
  streaming: (said) => l10n.t('Parley answered: {0}', said),
  complete: (said) => l10n.t('Parley answered: {0}', said),
  stopped: (said) => l10n.t('Parley’s answer stopped: {0}', said),
  interrupted: (said) => l10n.t('Parley’s answer interrupted: {0}', said),
  error: (said) => l10n.t('Parley’s answer failed: {0}', said),
};

/** Longer answers are cut here in what a screen reader says when they end. */
const ANNOUNCED_CHARS = 300;

/**
 * The start of `text` with its white space collapsed, longer than `chars` when the whole is: only
 * as much of it as that needs is read (an answer can be a megabyte).
 */
function collapsedStart(text: string, chars: number): string {
  for (let end = 2 * chars; ; end *= 2) {
    const collapsed = text.slice(0, end).replace(/\s+/g, ' ').trim();
    if (collapsed.length > chars || end >= text.length) return collapsed;
  }
}

/** What a screen reader hears once an answer ends: how it ended, its start, and its failure. */
export function announcement(turn: AssistantTurnView): string {
  const text = collapsedStart(turn.text, ANNOUNCED_CHARS);
  const excerpt = text.length > ANNOUNCED_CHARS ? `${text.slice(0, ANNOUNCED_CHARS)}…` : text;
  const said = `${excerpt}${turn.error ? ` ${turn.error.message}` : ''}`;
  return ANNOUNCEMENTS[turn.status](said);
}

const TURN_ACTION_LABELS: Record<TurnAction, string> = {
  edit: l10n.t('Edit and resend this question'),
  copy: l10n.t('Copy answer'),
  regenerate: l10n.t('Regenerate answer'),
  fork: l10n.t('Fork from here: a new conversation with the messages up to this one'),
};

/** The name a screen reader says for a message's head button, and its tooltip. */
export function turnActionLabel(action: TurnAction): string {
  return TURN_ACTION_LABELS[action];
}

const CODE_ACTION_LABELS: Record<BlockAction, string> = {
  insert: l10n.t('Insert'),
  replaceSelection: l10n.t('Replace Selection'),
  compare: l10n.t('Compare'),
  newEditor: l10n.t('Open in Editor'),
};

export function codeActionLabel(action: BlockAction): string {
  return CODE_ACTION_LABELS[action];
}
