// A chat in VS Code's Chat view, as Parley keeps it: which stored conversation holds its `@parley`
// exchanges, recovered from what the Chat view hands back with each request (its history, and the
// metadata Parley returned with each answer).
import { newConversation, titleFrom } from './conversation';
import type { AssistantTurn, Conversation, Turn, UserTurn } from './domain';

/** What Parley returns with each answer in the Chat view, and reads back from its history. */
export interface ChatViewAnswerRef {
  readonly conversationId: string;
  readonly answerId: string;
}

/** One earlier `@parley` exchange of the chat, as the Chat view keeps it. */
export interface ChatViewExchange {
  readonly prompt: string;
  /** The answer as the Chat view shows it; absent when the request has no response. */
  readonly answer?: {
    readonly text: string;
    readonly failed: boolean;
    /** Absent for an answer Parley did not mark (a command's reply, or one whose metadata was lost). */
    readonly ref?: ChatViewAnswerRef;
  };
}

/** The conversations a chat's answers were kept in, as far as the store still has them. */
export type StoredLookup = (conversationId: string) => Conversation | undefined;

/**
 * The conversation the chat's next question continues. It is the stored one when that holds
 * exactly the chat's exchanges, in order. Otherwise (the chat was edited in the Chat view, the
 * conversation was continued in Parley's panel, or it was deleted) a new conversation holds the
 * chat's turns, taken from the store where it has them: a stored conversation is never rewritten
 * to match the chat, so nothing in it is lost.
 */
export function conversationForChat(exchanges: readonly ChatViewExchange[], lookup: StoredLookup, newId: () => string, now: number): Conversation {
  const latest = [...exchanges].reverse().find((e) => e.answer?.ref)?.answer?.ref;
  const stored = latest && lookup(latest.conversationId);
  const turns = exchanges.flatMap((exchange) => turnsOf(exchange, stored, lookup, newId, now));
  if (stored && turns.length === stored.turns.length && turns.every((turn, i) => turn.id === stored.turns[i]!.id)) return stored;
  const conversation: Conversation = { ...newConversation(newId(), now), origin: 'chat-view', turns };
  if (stored?.steering) conversation.steering = stored.steering;
  const first = exchanges[0];
  if (first) conversation.title = titleFrom(first.prompt);
  return conversation;
}

/**
 * The question and answer of one exchange: the stored turns where Parley kept them (in the latest
 * conversation first, which holds copies of what it continued), else made from what the chat shows.
 */
function turnsOf(exchange: ChatViewExchange, latest: Conversation | undefined, lookup: StoredLookup, newId: () => string, now: number): Turn[] {
  const ref = exchange.answer?.ref;
  for (const kept of ref ? [latest, lookup(ref.conversationId)] : []) {
    const turns = kept?.turns ?? [];
    const index = turns.findIndex((t) => t.id === ref!.answerId);
    const question = turns[index - 1];
    if (index > 0 && question?.role === 'user') return [question, turns[index]!];
  }
  const user: UserTurn = { id: newId(), role: 'user', text: exchange.prompt, context: [], createdAt: now };
  if (!exchange.answer) return [user];
  const { text, failed } = exchange.answer;
  // What the Chat view kept of a failed answer is its partial text: kept like a stopped answer.
  const answer: AssistantTurn = { id: newId(), role: 'assistant', text, status: failed ? 'stopped' : 'complete', model: '', createdAt: now };
  return [user, answer];
}
