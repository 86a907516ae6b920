import type { AssistantTurnView, Snapshot, SnapshotUpdate, TurnView } from './protocol';

/** A question never changes once asked (its context with it); an answer's text, reasoning, status and notes do. */
function sameTurn(a: TurnView, b: TurnView): boolean {
  if (a.role !== b.role || a.id !== b.id || a.text !== b.text) return false;
  if (a.versions?.position !== b.versions?.position || a.versions?.count !== b.versions?.count) return false;
  if (a.role === 'user') return true;
  const other = b as AssistantTurnView;
  return (
    a.status === other.status &&
    a.reasoning === other.reasoning &&
    a.error?.message === other.error?.message &&
    a.error?.action === other.error?.action &&
    a.leftOut === other.leftOut &&
    a.cutShort === other.cutShort &&
    a.retryInMs === other.retryInMs &&
    a.usage?.promptTokens === other.usage?.promptTokens &&
    a.usage?.completionTokens === other.usage?.completionTokens &&
    a.usage?.cost === other.usage?.cost
  );
}

/**
 * `next` as a change to `previous`, or undefined when it must be sent whole (another conversation,
 * or nothing sent yet). The host's turn texts are the same strings from one snapshot to the next,
 * so comparing them is cheap.
 */
export function snapshotUpdate(previous: Snapshot | undefined, next: Snapshot): SnapshotUpdate | undefined {
  if (!previous || previous.conversationId !== next.conversationId) return undefined;
  const limit = Math.min(previous.turns.length, next.turns.length);
  let kept = 0;
  while (kept < limit && sameTurn(previous.turns[kept]!, next.turns[kept]!)) kept++;
  const { turns, ...rest } = next;
  return { snapshot: rest, keptTurns: kept, turns: turns.slice(kept) };
}

/** A snapshot the webview shows, with the revision the host gave it. */
export interface ShownSnapshot {
  readonly snapshot: Snapshot;
  readonly revision: number;
}

/**
 * The whole snapshot an update describes, or undefined when it does not follow what is shown: it
 * changes another revision (a message was missed) or another conversation.
 */
export function applySnapshotUpdate(shown: ShownSnapshot | undefined, update: SnapshotUpdate & { readonly base: number }): Snapshot | undefined {
  const current = shown?.snapshot;
  if (!current || shown.revision !== update.base || current.conversationId !== update.snapshot.conversationId || update.keptTurns > current.turns.length)
    return undefined;
  return { ...update.snapshot, turns: [...current.turns.slice(0, update.keptTurns), ...update.turns] };
}
