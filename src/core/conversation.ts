import { l10n } from '../shared/l10n';
import type { AssistantTurn, BranchPoint, Conversation, ConversationOrigin, OffPathTurn, Turn } from './domain';
import { STORED_VERSION } from './domain';
import { allTurns, treeProblem } from './branches';

/** A conversation's turn tree: the branch shown, and the others. */
type Tree = Pick<Conversation, 'turns' | 'branches'>;

/** What the index keeps of a conversation: small, so many fit in workspace state. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly turnCount: number;
  readonly chars: number;
  readonly origin?: ConversationOrigin;
}

const TITLE_CHARS = 60;

/** The title of a conversation with no question yet. */
function untitled(): string {
  return l10n.t('New chat');
}

export function newConversation(id: string, now: number): Conversation {
  return { version: STORED_VERSION, id, title: untitled(), createdAt: now, updatedAt: now, turns: [] };
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
    ...(conversation.origin ? { origin: conversation.origin } : {}),
  };
}

/**
 * A reply that was still streaming when the window went away was cut off, not lost: keep its text
 * and say so. Returns whether anything changed.
 */
export function markInterrupted(conversation: Conversation): boolean {
  let changed = false;
  for (const turn of allTurns(conversation)) {
    if (turn.role === 'assistant' && turn.status === 'streaming') {
      turn.status = 'interrupted';
      turn.error = { kind: 'interrupted', reason: 'window-closed' };
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

/**
 * The turn tree of a conversation two windows changed at once: every turn of both trees, each once
 * (the version with more text, else `ours`), the versions of both at each branch point, and on
 * screen `ours`' branch, continued by what the other window added after its last turn.
 */
export function mergeTrees(theirs: Tree, ours: Tree): Tree {
  if (!theirs.branches && !ours.branches) return { turns: mergeTurns(theirs.turns, ours.turns) };
  const byId = new Map<string, Turn>();
  const parent = new Map<string, string | undefined>();
  const add = (turn: Turn, after: string | undefined) => {
    const known = byId.get(turn.id);
    if (!known) parent.set(turn.id, after);
    if (!known || turn.text.length >= known.text.length) byId.set(turn.id, turn);
  };
  for (const tree of [theirs, ours]) {
    tree.turns.forEach((turn, index) => add(turn, tree.turns[index - 1]?.id));
    tree.branches?.offPath.forEach((o) => add(o.turn, o.after));
  }
  const children = (after: string | undefined) => [...parent.keys()].filter((id) => parent.get(id) === after);
  const points = new Map<string | undefined, BranchPoint>();
  for (const point of [...(ours.branches?.points ?? []), ...(theirs.branches?.points ?? [])]) {
    const known = points.get(point.after);
    if (known) known.versions.push(...point.versions.filter((v) => !known.versions.includes(v)));
    else points.set(point.after, { ...point, versions: [...point.versions] });
  }
  const theirPath = new Set(theirs.turns.map((t) => t.id));
  const path = ours.turns.map((t) => byId.get(t.id)!);
  for (let next = children(path.at(-1)?.id); next.length > 0; next = children(path.at(-1)?.id)) {
    const shown = points.get(path.at(-1)?.id)?.shown;
    const id = next.find((c) => c === shown) ?? next.find((c) => theirPath.has(c)) ?? next.at(-1)!;
    path.push(byId.get(id)!);
  }
  for (const after of new Set(parent.values())) {
    const versions = children(after);
    if (versions.length < 2) continue;
    const point = points.get(after) ?? { ...(after === undefined ? {} : { after }), versions: [], shown: versions[0]! };
    point.versions.push(...versions.filter((v) => !point.versions.includes(v)));
    points.set(after, point);
  }
  path.forEach((turn, index) => {
    const point = points.get(path[index - 1]?.id);
    if (point) point.shown = turn.id;
  });
  const onPath = new Set(path.map((t) => t.id));
  const offPath = [...byId.values()]
    .filter((t) => !onPath.has(t.id))
    .map((turn): OffPathTurn => {
      const after = parent.get(turn.id);
      return after === undefined ? { turn } : { after, turn };
    });
  const merged = { turns: path, branches: { offPath, points: [...points.values()] } };
  return treeProblem(merged) ? ours : merged;
}

/** Whether the conversation came with an import's steering that the user has neither kept nor replaced yet. */
export function awaitsSteeringChoice(conversation: Conversation): boolean {
  return conversation.imported !== undefined && conversation.steering !== undefined && conversation.imported.steering === undefined;
}

/** The last turn, when it is an answer that did not finish and so can be asked for again. */
export function retryableTurn(conversation: Conversation): AssistantTurn | undefined {
  const last = conversation.turns.at(-1);
  if (last?.role !== 'assistant') return undefined;
  return last.status === 'complete' || last.status === 'streaming' ? undefined : last;
}

/** Whether `text` contains `query`, ignoring case; an empty query matches everything. */
export function textMatches(text: string, query: string): boolean {
  return text.toLocaleLowerCase().includes(query.trim().toLocaleLowerCase());
}

/** Whether a conversation's title or any of its text (attached code and other branches included) contains `query`. */
export function conversationMatches(conversation: Conversation, query: string): boolean {
  const has = (text: string) => textMatches(text, query);
  return (
    has(conversation.title) ||
    allTurns(conversation).some((turn) => has(turn.text) || (turn.role === 'user' && turn.context.some((c) => has(c.text) || has(c.path))))
  );
}
