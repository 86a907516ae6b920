// A conversation's branches: `turns` is the branch shown, and `branches` the rest of its turn tree
// (core/domain.ts). Everything else reads `turns` only; these functions are what moves turns between
// the two, so the tree stays whole: every turn once, each version in its branch point.
import { l10n } from '../shared/l10n';
import type { BranchPoint, Branches, Conversation, ForkRecord, OffPathTurn, Turn } from './domain';

/** Where the turn shown at a branch point stands among its versions, and the versions either side. */
export interface VersionPosition {
  /** 1 for the oldest. */
  readonly position: number;
  readonly count: number;
  readonly previous?: string;
  readonly next?: string;
}

function branchesOf(conversation: Conversation): Branches {
  return (conversation.branches ??= { offPath: [], points: [] });
}

function pointAfter(branches: Branches | undefined, after: string | undefined): BranchPoint | undefined {
  return branches?.points.find((point) => point.after === after);
}

/** Moves the turns from `index` on to the other branches, each with the turn it follows. */
function moveOffPath(conversation: Conversation, index: number): void {
  const branches = branchesOf(conversation);
  const { turns } = conversation;
  for (let i = index; i < turns.length; i++) branches.offPath.push(offPathTurn(turns[i - 1]?.id, turns[i]!));
  conversation.turns = turns.slice(0, index);
}

function offPathTurn(after: string | undefined, turn: Turn): OffPathTurn {
  return after === undefined ? { turn } : { after, turn };
}

/**
 * Starts a new version of the turn at `index`: it and what follows go to the other branches, and the
 * branch point they part at is returned, for the new version to be added to (`addVersion`).
 */
export function branchAt(conversation: Conversation, index: number): BranchPoint {
  const after = conversation.turns[index - 1]?.id;
  const first = conversation.turns[index]!.id;
  const branches = branchesOf(conversation);
  let point = pointAfter(branches, after);
  if (!point) {
    point = after === undefined ? { versions: [first], shown: first } : { after, versions: [first], shown: first };
    branches.points.push(point);
  }
  moveOffPath(conversation, index);
  return point;
}

/** Records `turnId`, the turn now shown after the point's parent, as its newest version. */
export function addVersion(point: BranchPoint, turnId: string): void {
  point.versions.push(turnId);
  point.shown = turnId;
}

/** A failed answer asked for again is replaced, not kept: the new one takes its place among the versions. */
export function replaceVersion(conversation: Conversation, oldId: string, newId: string): void {
  for (const point of conversation.branches?.points ?? []) {
    const index = point.versions.indexOf(oldId);
    if (index < 0) continue;
    point.versions[index] = newId;
    if (point.shown === oldId) point.shown = newId;
  }
}

/**
 * Shows another version of a turn on screen, with its branch's continuation (at each branch point
 * below it, the version shown there last). False when `versionId` is not a version of a turn shown,
 * or is already shown.
 */
export function showVersion(conversation: Conversation, versionId: string): boolean {
  const branches = conversation.branches;
  const point = branches?.points.find((p) => p.versions.includes(versionId));
  if (!branches || !point) return false;
  const start = point.after === undefined ? 0 : conversation.turns.findIndex((t) => t.id === point.after) + 1;
  if (start === 0 && point.after !== undefined) return false;
  if (conversation.turns[start]?.id === versionId) return false;
  moveOffPath(conversation, start);
  point.shown = versionId;
  let after = point.after;
  for (;;) {
    const shownHere = pointAfter(branches, after)?.shown;
    const index = branches.offPath.findIndex((o) => o.after === after && (shownHere === undefined || o.turn.id === shownHere));
    if (index < 0) break;
    const [next] = branches.offPath.splice(index, 1);
    conversation.turns.push(next!.turn);
    after = next!.turn.id;
  }
  return true;
}

/** Where a turn on screen stands among its versions; undefined when it has no other. */
export function versionPosition(conversation: Conversation, turnId: string): VersionPosition | undefined {
  const point = conversation.branches?.points.find((p) => p.shown === turnId);
  if (!point || point.versions.length < 2) return undefined;
  const index = point.versions.indexOf(turnId);
  return {
    position: index + 1,
    count: point.versions.length,
    ...(index > 0 ? { previous: point.versions[index - 1]! } : {}),
    ...(index < point.versions.length - 1 ? { next: point.versions[index + 1]! } : {}),
  };
}

/** The branch points along the branch shown: at which turn (1 for the first), and which of how many versions is shown. */
export function branchesShown(conversation: Conversation): { readonly turn: number; readonly position: number; readonly count: number }[] {
  return conversation.turns.flatMap((turn, index) => {
    const at = versionPosition(conversation, turn.id);
    return at ? [{ turn: index + 1, position: at.position, count: at.count }] : [];
  });
}

/** Every turn of the tree: the branch shown, then the others. */
export function allTurns(conversation: Conversation): Turn[] {
  return [...conversation.turns, ...(conversation.branches?.offPath.map((o) => o.turn) ?? [])];
}

/** Applies `change` to every turn of the tree, the other branches' too. */
export function mapTurns(conversation: Conversation, change: (turn: Turn) => Turn): Pick<Conversation, 'turns' | 'branches'> {
  const turns = conversation.turns.map(change);
  const branches = conversation.branches;
  if (!branches) return { turns };
  return { turns, branches: { points: structuredClone(branches.points), offPath: branches.offPath.map((o) => ({ ...o, turn: change(o.turn) })) } };
}

/**
 * What is wrong with a conversation's tree, if anything: a turn twice, a version or a parent that is
 * not in it, a branch point twice, or one whose shown version is not its branch on screen.
 */
export function treeProblem(conversation: Pick<Conversation, 'turns' | 'branches'>): string | undefined {
  const branches = conversation.branches;
  if (!branches) return undefined;
  const ids = new Set<string>();
  for (const turn of [...conversation.turns, ...branches.offPath.map((o) => o.turn)]) {
    if (ids.has(turn.id)) return l10n.t('turn {0} is in the tree twice', JSON.stringify(turn.id));
    ids.add(turn.id);
  }
  const parentOf = new Map<string, string | undefined>(conversation.turns.map((turn, index) => [turn.id, conversation.turns[index - 1]?.id]));
  for (const o of branches.offPath) {
    if (o.after !== undefined && !ids.has(o.after))
      return l10n.t('turn {0} follows {1}, which is not in the tree', JSON.stringify(o.turn.id), JSON.stringify(o.after));
    parentOf.set(o.turn.id, o.after);
  }
  const parents = new Set<string | undefined>();
  for (const point of branches.points) {
    if (parents.has(point.after)) return l10n.t('two branch points after turn {0}', JSON.stringify(point.after ?? ''));
    parents.add(point.after);
    if (point.versions.length === 0 || !point.versions.includes(point.shown)) return l10n.t('a branch point does not list the version it shows');
    for (const version of point.versions)
      if (!ids.has(version) || parentOf.get(version) !== point.after) return l10n.t('version {0} does not follow its branch point', JSON.stringify(version));
  }
  for (const [index, turn] of conversation.turns.entries()) {
    const point = pointAfter(branches, conversation.turns[index - 1]?.id);
    if (point && point.shown !== turn.id) return l10n.t('the branch point before turn {0} shows another version', index + 1);
  }
  return undefined;
}

/**
 * The tree of several branches read whole (another tool's chat): `shown` is the branch on screen;
 * each of `others` runs from the first turn too, and a turn with the same id on two is one turn.
 * A branch point's versions are oldest first; off screen, the newest is shown.
 */
export function treeFromPaths(shown: readonly Turn[], others: readonly (readonly Turn[])[]): Pick<Conversation, 'turns' | 'branches'> {
  const parent = new Map<string, string | undefined>();
  const byId = new Map<string, Turn>();
  for (const path of [shown, ...others])
    path.forEach((turn, index) => {
      if (parent.has(turn.id)) return;
      parent.set(turn.id, path[index - 1]?.id);
      byId.set(turn.id, turn);
    });
  const onPath = new Set(shown.map((t) => t.id));
  const points: BranchPoint[] = [];
  for (const after of new Set(parent.values())) {
    // Oldest first, as versions made here are; of two made at once, the one met first.
    const versions = [...parent.keys()].filter((id) => parent.get(id) === after).sort((a, b) => byId.get(a)!.createdAt - byId.get(b)!.createdAt);
    if (versions.length < 2) continue;
    const shownHere = versions.find((v) => onPath.has(v)) ?? versions.at(-1)!;
    points.push(after === undefined ? { versions, shown: shownHere } : { after, versions, shown: shownHere });
  }
  const turns = [...shown];
  if (points.length === 0) return { turns };
  const offPath = [...byId.values()].filter((t) => !onPath.has(t.id)).map((turn) => offPathTurn(parent.get(turn.id), turn));
  return { turns, branches: { offPath, points } };
}

/**
 * A new conversation holding the branch shown up to `turnId` (its steering and provider too), with
 * a record of where it came from; undefined when the turn is not on screen.
 */
export function forkOf(conversation: Conversation, turnId: string, id: string, now: number, title: string): Conversation | undefined {
  const index = conversation.turns.findIndex((t) => t.id === turnId);
  if (index < 0) return undefined;
  const forkedFrom: ForkRecord = { conversationId: conversation.id, turnId, title: conversation.title };
  const { steering, provider, model, imported } = structuredClone(conversation);
  return {
    version: conversation.version,
    id,
    title,
    createdAt: now,
    updatedAt: now,
    turns: structuredClone(conversation.turns.slice(0, index + 1)),
    ...(steering ? { steering } : {}),
    ...(provider !== undefined ? { provider } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(imported ? { imported } : {}),
    forkedFrom,
  };
}
