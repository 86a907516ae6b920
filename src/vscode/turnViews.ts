// The conversation as the panel shows it: turns, failures and usage made into view types, with
// the failures' text in the current language. Pure: no VS Code, so it is unit-tested in Node.
import type { Attachment, SessionState } from '../core/chatSession';
import type { AssistantTurn, Turn } from '../core/domain';
import { failureText } from '../core/failureText';
import type { PriceTable } from '../core/usage';
import { answerCost, totalUsage } from '../core/usage';
import type { ErrorView, TurnView, UsageTotalView } from '../shared/protocol';

export interface ConversationView {
  readonly conversationId: string;
  readonly title: string;
  readonly turns: readonly TurnView[];
  readonly busy: boolean;
  readonly attachments: readonly Attachment[];
  /** The last destructive step, while it can still be taken back. */
  readonly undo?: { readonly label: string };
  readonly usage: UsageTotalView;
}

/** A turn as the panel shows it; `now` (epoch ms) decides how long a rate limit still holds. */
export function turnView(turn: Turn, prices: PriceTable, now: number): TurnView {
  if (turn.role === 'user') return { id: turn.id, role: 'user', text: turn.text, context: turn.context };
  const cost = turn.usage && answerCost(turn.usage, prices[turn.model]);
  const error: ErrorView | undefined = turn.error && failureText(turn.error);
  return {
    id: turn.id,
    role: 'assistant',
    text: turn.text,
    ...(turn.reasoning ? { reasoning: turn.reasoning } : {}),
    status: turn.status,
    ...(error ? { error } : {}),
    ...(turn.leftOut ? { leftOut: turn.leftOut } : {}),
    ...(turn.cutShort ? { cutShort: turn.cutShort } : {}),
    ...(turn.retryAt && turn.retryAt > now ? { retryInMs: turn.retryAt - now } : {}),
    ...(turn.usage ? { usage: { ...turn.usage, ...(cost === undefined ? {} : { cost }) } } : {}),
  };
}

/** What the panel shows of the session; costs from `prices` (per model, per 1M tokens). */
export function conversationView(state: SessionState, prices: PriceTable, now: number): ConversationView {
  const { conversation } = state;
  return {
    conversationId: conversation.id,
    title: conversation.title,
    turns: conversation.turns.map((turn) => turnView(turn, prices, now)),
    usage: totalUsage(
      conversation.turns.filter((t): t is AssistantTurn => t.role === 'assistant'),
      prices,
    ),
    busy: state.busy,
    attachments: state.attachments,
    ...(state.undo ? { undo: state.undo } : {}),
  };
}
