import { l10n } from '../shared/l10n';
import type { CodeContext, CutShort, ErrorView, TurnStatus } from '../shared/protocol';
import type { Usage } from './client';
import type { RecordedSteering } from './profiles';
import { isExamplePair, validTemperature } from './profiles';

export interface UserTurn {
  readonly id: string;
  readonly role: 'user';
  readonly text: string;
  readonly context: readonly CodeContext[];
  readonly createdAt: number;
}

export interface AssistantTurn {
  readonly id: string;
  readonly role: 'assistant';
  text: string;
  /** What a reasoning model thought before answering; shown apart, never sent back to it. */
  reasoning?: string;
  status: TurnStatus;
  error?: ErrorView;
  model: string;
  /** Earlier messages left out of this answer's request to fit the context window. */
  leftOut?: number;
  /** When the server allows the next request (epoch ms), after a 429 with retry-after. */
  retryAt?: number;
  /** Tokens the server reported for this answer. */
  usage?: Usage;
  /** Set when the server ended the answer early (finish_reason length or content_filter). */
  cutShort?: CutShort;
  readonly createdAt: number;
}

export type Turn = UserTurn | AssistantTurn;

export interface Conversation {
  readonly version: 1;
  readonly id: string;
  title: string;
  readonly createdAt: number;
  updatedAt: number;
  turns: Turn[];
  /** What the requests were steered with; recorded when the first question goes out. */
  steering?: RecordedSteering;
  /** The provider and model picked for this conversation; the settings' when absent. */
  provider?: string;
  model?: string;
}

/** What the index keeps of a conversation: small, so many fit in workspace state. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly turnCount: number;
  readonly chars: number;
}

const TITLE_CHARS = 60;

/** The title of a conversation with no question yet. */
function untitled(): string {
  return l10n.t('New chat');
}

export function newConversation(id: string, now: number): Conversation {
  return { version: 1, id, title: untitled(), createdAt: now, updatedAt: now, turns: [] };
}

/** A title from the first question: its first line, cut at a word near 60 characters. */
export function titleFrom(text: string): string {
  const firstLine = text.trim().split('\n')[0]?.trim() ?? '';
  if (firstLine.length === 0) return untitled();
  if (firstLine.length <= TITLE_CHARS) return firstLine;
  const cut = firstLine.slice(0, TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

export function summarize(conversation: Conversation): ConversationSummary {
  let chars = 0;
  for (const turn of conversation.turns) chars += turn.text.length;
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    turnCount: conversation.turns.length,
    chars,
  };
}

/**
 * A reply that was still streaming when the window went away was cut off, not lost: keep its text
 * and say so. Returns whether anything changed.
 */
export function markInterrupted(conversation: Conversation): boolean {
  let changed = false;
  for (const turn of conversation.turns) {
    if (turn.role === 'assistant' && turn.status === 'streaming') {
      turn.status = 'interrupted';
      turn.error = {
        kind: 'interrupted',
        message: l10n.t('This answer was interrupted when the window closed or reloaded. What arrived is kept.'),
        action: 'retry',
      };
      changed = true;
    }
  }
  return changed;
}

/**
 * The turns of a conversation that two windows changed at once: the other window's (`theirs`, as
 * found on disk) in their order, then this window's new ones. Of a turn both have, the version
 * with more text wins (an answer the other window went on streaming), else `ours`, the one being
 * saved. Nothing either window wrote is dropped.
 */
export function mergeTurns(theirs: readonly Turn[], ours: readonly Turn[]): Turn[] {
  const ourById = new Map(ours.map((turn) => [turn.id, turn]));
  const theirIds = new Set(theirs.map((turn) => turn.id));
  const pick = (their: Turn): Turn => {
    const our = ourById.get(their.id);
    return our && our.text.length >= their.text.length ? our : their;
  };
  return [...theirs.map(pick), ...ours.filter((turn) => !theirIds.has(turn.id))];
}

/** The last turn, when it is an answer that did not finish and so can be asked for again. */
export function retryableTurn(conversation: Conversation): AssistantTurn | undefined {
  const last = conversation.turns.at(-1);
  if (last?.role !== 'assistant') return undefined;
  return last.status === 'complete' || last.status === 'streaming' ? undefined : last;
}

const ROLES = new Set(['user', 'assistant']);
const STATUSES = new Set<TurnStatus>(['streaming', 'complete', 'stopped', 'error', 'interrupted']);
const CUT_SHORT = new Set<CutShort>(['length', 'content-filter']);

function isCodeContext(value: unknown): value is CodeContext {
  const c = value as CodeContext;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.path === 'string' &&
    typeof c.language === 'string' &&
    typeof c.text === 'string' &&
    Number.isInteger(c.startLine) &&
    Number.isInteger(c.endLine) &&
    (c.kind === undefined || c.kind === 'file' || c.kind === 'problems')
  );
}

function isRecordedSteering(value: unknown): value is RecordedSteering {
  const s = value as RecordedSteering;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.profile === 'string' &&
    typeof s.systemPrompt === 'string' &&
    Array.isArray(s.examples) &&
    s.examples.every(isExamplePair) &&
    (s.model === undefined || typeof s.model === 'string') &&
    (s.temperature === undefined || validTemperature(s.temperature))
  );
}

/** Checks a conversation read from disk; throws with the first problem found. */
export function parseConversation(raw: unknown): Conversation {
  const c = raw as Conversation;
  if (typeof c !== 'object' || c === null) throw new Error(l10n.t('not a JSON object'));
  if (c.version !== 1) throw new Error(l10n.t('unsupported version {0}', String(JSON.stringify(c.version))));
  if (typeof c.id !== 'string' || typeof c.title !== 'string') throw new Error(l10n.t('missing id or title'));
  if (typeof c.createdAt !== 'number' || typeof c.updatedAt !== 'number') throw new Error(l10n.t('missing timestamps'));
  if (!Array.isArray(c.turns)) throw new Error(l10n.t('missing turns'));
  // Conversations from before profiles have no record: they are shown as not recorded.
  if (c.steering !== undefined && !isRecordedSteering(c.steering)) throw new Error(l10n.t('bad steering record'));
  if ((c.provider !== undefined && typeof c.provider !== 'string') || (c.model !== undefined && typeof c.model !== 'string'))
    throw new Error(l10n.t('bad provider or model'));
  c.turns.forEach((turn, index) => {
    const bad = (problem: string) => new Error(l10n.t('turn {0}: {1}', index + 1, problem));
    if (typeof turn !== 'object' || turn === null || !ROLES.has(turn.role)) throw bad(l10n.t('bad role'));
    if (typeof turn.id !== 'string' || typeof turn.text !== 'string') throw bad(l10n.t('missing id or text'));
    if (turn.role === 'user' && !(Array.isArray(turn.context) && turn.context.every(isCodeContext))) {
      throw bad(l10n.t('bad context'));
    }
    if (turn.role === 'assistant' && !STATUSES.has(turn.status)) throw bad(l10n.t('bad status'));
    if (turn.role === 'assistant' && turn.error !== undefined && typeof turn.error?.message !== 'string') throw bad(l10n.t('bad error'));
    if (turn.role === 'assistant' && turn.reasoning !== undefined && typeof turn.reasoning !== 'string') throw bad(l10n.t('bad reasoning'));
    if (turn.role === 'assistant' && turn.cutShort !== undefined && !CUT_SHORT.has(turn.cutShort)) throw bad(l10n.t('bad cutShort'));
    if (
      turn.role === 'assistant' &&
      turn.usage !== undefined &&
      !(Number.isInteger(turn.usage?.promptTokens) && Number.isInteger(turn.usage?.completionTokens))
    )
      throw bad(l10n.t('bad usage'));
    if (typeof turn.createdAt !== 'number') throw bad(l10n.t('missing createdAt'));
  });
  return c;
}

/** Whether `text` contains `query`, ignoring case; an empty query matches everything. */
export function textMatches(text: string, query: string): boolean {
  return text.toLocaleLowerCase().includes(query.trim().toLocaleLowerCase());
}

/** Whether a conversation's title or any of its text (attached code included) contains `query`. */
export function conversationMatches(conversation: Conversation, query: string): boolean {
  const has = (text: string) => textMatches(text, query);
  return (
    has(conversation.title) ||
    conversation.turns.some((turn) => has(turn.text) || (turn.role === 'user' && turn.context.some((c) => has(c.text) || has(c.path))))
  );
}
