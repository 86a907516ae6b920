// The conversation as the panel shows it: turns, failures and usage made into view types, with
// the failures' text in the current language. Pure: no VS Code, so it is unit-tested in Node.
import type { Attachment, SessionState } from '../core/chatSession';
import type { VersionPosition } from '../core/branches';
import { versionPosition } from '../core/branches';
import type { AssistantTurn, Turn } from '../core/domain';
import { failureText } from '../core/failureText';
import { withoutImageData } from '../core/images';
import type { PriceTable } from '../core/usage';
import { answerCost, totalUsage } from '../core/usage';
import type { ErrorView, Snapshot, TurnView } from '../shared/protocol';

/** The snapshot's part that comes from the session; its attachments are made views in snapshot.ts. */
export interface ConversationView extends Pick<Snapshot, 'conversationId' | 'title' | 'turns' | 'busy' | 'undo' | 'usage' | 'forkedFrom'> {
  readonly attachments: readonly Attachment[];
}

/**
 * A turn as the panel shows it; `now` (epoch ms) decides how long a rate limit still holds, and
 * `versions` is where it stands among its versions, when it has others.
 */
export function turnView(turn: Turn, prices: PriceTable, now: number, versions?: VersionPosition): TurnView {
  const shownVersions = versions ? { versions } : {};
  if (turn.role === 'user')
    return {
      id: turn.id,
      role: 'user',
      text: turn.text,
      context: turn.context.some((c) => c.image) ? turn.context.map(withoutImageData) : turn.context,
      ...shownVersions,
    };
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
    ...shownVersions,
  };
}

/** What the panel shows of the session; costs from `prices` (per model, per 1M tokens). */
export function conversationView(state: SessionState, prices: PriceTable, now: number): ConversationView {
  const { conversation } = state;
  return {
    conversationId: conversation.id,
    title: conversation.title,
    turns: conversation.turns.map((turn) => turnView(turn, prices, now, versionPosition(conversation, turn.id))),
    usage: totalUsage(
      conversation.turns.filter((t): t is AssistantTurn => t.role === 'assistant'),
      prices,
    ),
    busy: state.busy,
    attachments: state.attachments,
    ...(state.undo ? { undo: state.undo } : {}),
    ...(conversation.forkedFrom ? { forkedFrom: { conversationId: conversation.forkedFrom.conversationId, title: conversation.forkedFrom.title } } : {}),
  };
}
