// The stored format of a conversation, as files and exports hold it: what a reader accepts, and
// how a file of an older version is read (version 1 kept failures as sentences, see storedFailure.ts;
// version 2 had no branches, so it reads as version 3 unchanged).
import { l10n } from '../shared/l10n';
import { treeProblem } from './branches';
import type {
  AssistantTurn,
  BranchPoint,
  CodeContext,
  Conversation,
  ImageContent,
  ConversationOrigin,
  CutShort,
  FailureKind,
  ForkRecord,
  ImportRecord,
  OffPathTurn,
  RecordedSteering,
  Turn,
  TurnStatus,
  Usage,
  UserTurn,
} from './domain';
import { CODE_CONTEXT_KINDS, STORED_VERSION } from './domain';
import { checkImage, IMAGE_FILE, IMAGE_TYPES } from './images';
import { isExamplePair, validTemperature } from './profiles';
import { FAILURE_KEYS, V1_FAILURE_KEYS, fromV1Failure, isFailure, isV1Failure } from './storedFailure';

const ROLES = new Set(['user', 'assistant']);
const STATUSES = new Set<TurnStatus>(['streaming', 'complete', 'stopped', 'error', 'interrupted']);
const CUT_SHORT = new Set<CutShort>(['length', 'content-filter']);
const ORIGINS = new Set<ConversationOrigin>(['chat-view']);
/** The longest turn id the webview's messages carry (validate.ts). */
const MAX_TURN_ID_CHARS = 100;

/**
 * The keys of the stored format, level by level: `null` is a value, `[shape]` a list of that
 * shape, an object the keys a record may have. An import must have no other key anywhere.
 */
type Shape = null | readonly [Shape] | { readonly [key: string]: Shape };

const CONTEXT_KEYS = {
  path: null,
  language: null,
  startLine: null,
  endLine: null,
  text: null,
  omittedLines: null,
  kind: null,
  changes: null,
  command: null,
  budgetTokens: null,
  omittedFiles: null,
  symbol: null,
  uri: null,
  image: { mime: null, width: null, height: null, bytes: null, data: null, file: null } satisfies Record<keyof ImageContent, Shape>,
} satisfies Record<keyof CodeContext, Shape>;
const USER_TURN_KEYS = { id: null, role: null, text: null, context: [CONTEXT_KEYS], createdAt: null } satisfies Record<keyof UserTurn, Shape>;
const ASSISTANT_TURN_KEYS = {
  id: null,
  role: null,
  text: null,
  reasoning: null,
  status: null,
  error: FAILURE_KEYS,
  model: null,
  leftOut: null,
  retryAt: null,
  usage: { promptTokens: null, completionTokens: null } satisfies Record<keyof Usage, Shape>,
  cutShort: null,
  createdAt: null,
} satisfies Record<keyof AssistantTurn, Shape>;
const STEERING_KEYS = {
  profile: null,
  systemPrompt: null,
  examples: [{ user: null, assistant: null }],
  model: null,
  temperature: null,
  file: null,
} satisfies Record<keyof RecordedSteering, Shape>;
/** Turns, here and in `branches.offPath`, are checked one by one, each against its role's keys. */
const CONVERSATION_KEYS = {
  version: null,
  id: null,
  title: null,
  createdAt: null,
  updatedAt: null,
  turns: null,
  steering: STEERING_KEYS,
  provider: null,
  model: null,
  imported: { at: null, file: null, steering: null } satisfies Record<keyof ImportRecord, Shape>,
  origin: null,
  branches: {
    offPath: [{ after: null, turn: null } satisfies Record<keyof OffPathTurn, Shape>],
    points: [{ after: null, versions: null, shown: null } satisfies Record<keyof BranchPoint, Shape>],
  },
  forkedFrom: { conversationId: null, turnId: null, title: null } satisfies Record<keyof ForkRecord, Shape>,
} satisfies Record<keyof Conversation, Shape>;
/** What stored format 3 added: a file of an older version has none of it. */
const V3_KEYS = ['branches', 'forkedFrom'] as const;

function keyPath(path: string, key: string): string {
  const shown = key.length > 100 ? `${key.slice(0, 100)}…` : key;
  const name = /^[A-Za-z_$][\w$]*$/.test(shown) ? shown : JSON.stringify(shown);
  return path === '' ? name : /^[A-Za-z_$]/.test(name) ? `${path}.${name}` : `${path}[${name}]`;
}

/**
 * The path of the first key of `value` that `shape` does not have, if any. Only the known shape
 * is walked, so junk nested however deep is found at its top, without recursing into it.
 */
export function unknownKey(value: unknown, shape: Shape, path = ''): string | undefined {
  if (shape === null) return undefined;
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return undefined;
    for (const [index, item] of value.entries()) {
      const found = unknownKey(item, shape[0] as Shape, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = shape as { readonly [key: string]: Shape };
  for (const [key, item] of Object.entries(value)) {
    if (!Object.hasOwn(record, key)) return keyPath(path, key);
    const found = unknownKey(item, record[key]!, keyPath(path, key));
    if (found) return found;
  }
  return undefined;
}

/** An answer's keys in stored format 1, where a failure was its sentence. */
const V1_ASSISTANT_TURN_KEYS = { ...ASSISTANT_TURN_KEYS, error: V1_FAILURE_KEYS };

/** The first key of `conversation` that is not in the stored format, as a path from it. */
function unknownConversationKey(conversation: object, version: unknown): string | undefined {
  const found = unknownKey(conversation, CONVERSATION_KEYS);
  if (found) return found;
  if (version !== STORED_VERSION) {
    const added = V3_KEYS.find((key) => Object.hasOwn(conversation, key));
    if (added) return added;
  }
  const answerKeys = version === 1 ? V1_ASSISTANT_TURN_KEYS : ASSISTANT_TURN_KEYS;
  const inTurns = (turns: unknown, path: (index: number) => string): string | undefined => {
    if (!Array.isArray(turns)) return undefined;
    for (const [index, turn] of turns.entries()) {
      const shape = (turn as { role?: unknown } | null)?.role === 'assistant' ? answerKeys : USER_TURN_KEYS;
      const inTurn = unknownKey(turn, shape, path(index));
      if (inTurn) return inTurn;
    }
    return undefined;
  };
  const offPath = (conversation as { branches?: { offPath?: unknown } }).branches?.offPath;
  const offPathTurns = Array.isArray(offPath) ? offPath.map((o) => (o as { turn?: unknown } | null)?.turn) : undefined;
  return inTurns((conversation as { turns?: unknown }).turns, (i) => `turns[${i}]`) ?? inTurns(offPathTurns, (i) => `branches.offPath[${i}].turn`);
}

const isLine = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

function isCodeContext(value: unknown): value is CodeContext {
  const c = value as CodeContext;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.path === 'string' &&
    typeof c.language === 'string' &&
    typeof c.text === 'string' &&
    isLine(c.startLine) &&
    isLine(c.endLine) &&
    c.endLine >= c.startLine &&
    (c.omittedLines === undefined || (Number.isInteger(c.omittedLines) && c.omittedLines >= 0)) &&
    (c.kind === undefined || CODE_CONTEXT_KINDS.includes(c.kind)) &&
    (c.changes === undefined || c.changes === 'unstaged' || c.changes === 'staged') &&
    (c.command === undefined || typeof c.command === 'string') &&
    (c.budgetTokens === undefined || (Number.isSafeInteger(c.budgetTokens) && c.budgetTokens >= 0)) &&
    (c.omittedFiles === undefined || (Array.isArray(c.omittedFiles) && c.omittedFiles.every((f) => typeof f === 'string'))) &&
    (c.symbol === undefined || typeof c.symbol === 'string') &&
    (c.uri === undefined || typeof c.uri === 'string') &&
    (c.kind === 'image') === (c.image !== undefined) &&
    (c.image === undefined || isImageContent(c.image))
  );
}

/**
 * An image as stored: its header's facts, and its bytes (an export holds them) or the name of the
 * file beside the conversation that holds them, or neither (the file was lost). Bytes must be the
 * image the facts describe.
 */
function isImageContent(value: unknown): value is ImageContent {
  const i = value as ImageContent;
  if (typeof i !== 'object' || i === null || !IMAGE_TYPES.includes(i.mime)) return false;
  if (![i.width, i.height, i.bytes].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  if (i.file !== undefined && !(typeof i.file === 'string' && IMAGE_FILE.test(i.file))) return false;
  if (i.data === undefined) return true;
  const checked = typeof i.data === 'string' ? checkImage(i.data) : undefined;
  return typeof checked === 'object' && checked.mime === i.mime && checked.width === i.width && checked.height === i.height && checked.bytes === i.bytes;
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
    (s.temperature === undefined || validTemperature(s.temperature)) &&
    (s.file === undefined || typeof s.file === 'string')
  );
}

function isImportRecord(value: unknown): value is ImportRecord {
  const r = value as ImportRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isFinite(r.at) &&
    typeof r.file === 'string' &&
    (r.steering === undefined || r.steering === 'kept' || r.steering === 'replaced')
  );
}

function isForkRecord(value: unknown): value is ForkRecord {
  const r = value as ForkRecord;
  return typeof r === 'object' && r !== null && typeof r.conversationId === 'string' && typeof r.turnId === 'string' && typeof r.title === 'string';
}

const isId = (value: unknown): value is string => typeof value === 'string';

/** The shape of `branches` (its turns are checked as turns, and the tree by treeProblem). */
function isBranches(value: unknown): boolean {
  const b = value as { offPath?: unknown; points?: unknown };
  if (typeof b !== 'object' || b === null || !Array.isArray(b.offPath) || !Array.isArray(b.points)) return false;
  const offPathOk = b.offPath.every((o: Partial<OffPathTurn> | null) => typeof o === 'object' && o !== null && (o.after === undefined || isId(o.after)));
  const pointsOk = b.points.every(
    (p: Partial<BranchPoint> | null) =>
      typeof p === 'object' && p !== null && (p.after === undefined || isId(p.after)) && Array.isArray(p.versions) && p.versions.every(isId) && isId(p.shown),
  );
  return offPathOk && pointsOk;
}

/**
 * How a conversation is read: `stored`, a file this Parley wrote (types checked; a key it does not
 * know is left alone, so a newer version's file is not set aside), or `import`, from someone
 * else's file, which must be exactly the stored format: no unknown key anywhere, no two turns with
 * one id, only known error kinds and actions. Both read stored formats 1, 2 and 3, and return format 3.
 */
export type Reading = 'stored' | 'import';

/** A conversation as stored format 2 kept it: the same, without branches or a fork record. */
type V2Conversation = Omit<Conversation, 'version' | 'branches' | 'forkedFrom'> & { readonly version: 2 };

/** A conversation as stored format 1 kept it: as format 2, but for its version and its failures' shape. */
type V1Conversation = Omit<V2Conversation, 'version' | 'turns'> & {
  readonly version: 1;
  turns: (UserTurn | (Omit<AssistantTurn, 'error'> & { error?: { kind: FailureKind; message: string } }))[];
};

/** Checks a conversation read from disk or an export, in stored format 1, 2 or 3; throws with the first problem found. */
export function parseConversation(raw: unknown, reading: Reading = 'stored'): Conversation {
  const c = raw as Conversation | V2Conversation | V1Conversation;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new Error(l10n.t('not a JSON object'));
  const strict = reading === 'import';
  const unknown = strict ? unknownConversationKey(c, c.version) : undefined;
  if (unknown) throw new Error(l10n.t('unknown key {0}', unknown));
  if (c.version !== 1 && c.version !== 2 && c.version !== STORED_VERSION)
    throw new Error(l10n.t('unsupported version {0}', String(JSON.stringify((c as { version?: unknown }).version))));
  const isError = c.version === 1 ? (error: unknown) => isV1Failure(error, strict) : (error: unknown) => isFailure(error, strict);
  if (typeof c.id !== 'string' || typeof c.title !== 'string') throw new Error(l10n.t('missing id or title'));
  if (!Number.isFinite(c.createdAt) || !Number.isFinite(c.updatedAt)) throw new Error(l10n.t('missing timestamps'));
  if (!Array.isArray(c.turns)) throw new Error(l10n.t('missing turns'));
  // Conversations from before profiles have no record: they are shown as not recorded.
  if (c.steering !== undefined && !isRecordedSteering(c.steering)) throw new Error(l10n.t('bad steering record'));
  if ((c.provider !== undefined && typeof c.provider !== 'string') || (c.model !== undefined && typeof c.model !== 'string'))
    throw new Error(l10n.t('bad provider or model'));
  if (c.imported !== undefined && !isImportRecord(c.imported)) throw new Error(l10n.t('bad import record'));
  if (c.version !== 1 && c.origin !== undefined && !ORIGINS.has(c.origin)) throw new Error(l10n.t('bad origin'));
  const checkTurn = turnChecker(strict, isError);
  const ids = new Set<string>();
  c.turns.forEach((turn, index) => checkTurn(turn, ids, (problem) => new Error(l10n.t('turn {0}: {1}', index + 1, problem))));
  if (c.version === STORED_VERSION) {
    if (c.forkedFrom !== undefined && !isForkRecord(c.forkedFrom)) throw new Error(l10n.t('bad fork record'));
    if (c.branches !== undefined) {
      if (!isBranches(c.branches)) throw new Error(l10n.t('bad branches'));
      c.branches.offPath.forEach((o, index) => checkTurn(o.turn, ids, (problem) => new Error(l10n.t('turn {0} of another branch: {1}', index + 1, problem))));
      const problem = treeProblem(c);
      if (problem) throw new Error(l10n.t('bad branches: {0}', problem));
    }
  }
  return c.version === 1 ? fromV1(c) : c.version === 2 ? { ...c, version: STORED_VERSION } : c;
}

/** Checks one turn (of the branch shown or another); `ids` collects the ids seen, for an import's duplicates. */
function turnChecker(strict: boolean, isError: (error: unknown) => boolean) {
  return (turn: Turn | V1Conversation['turns'][number], ids: Set<string>, bad: (problem: string) => Error): void => {
    if (typeof turn !== 'object' || turn === null || !ROLES.has(turn.role)) throw bad(l10n.t('bad role'));
    if (typeof turn.id !== 'string' || typeof turn.text !== 'string') throw bad(l10n.t('missing id or text'));
    if (strict && (turn.id.length === 0 || turn.id.length > MAX_TURN_ID_CHARS)) throw bad(l10n.t('bad id'));
    if (strict && ids.has(turn.id)) throw bad(l10n.t('duplicate id {0}', JSON.stringify(turn.id)));
    ids.add(turn.id);
    if (turn.role === 'user' && !(Array.isArray(turn.context) && turn.context.every(isCodeContext))) {
      throw bad(l10n.t('bad context'));
    }
    if (turn.role === 'assistant' && !STATUSES.has(turn.status)) throw bad(l10n.t('bad status'));
    if (turn.role === 'assistant' && turn.error !== undefined && !isError(turn.error)) throw bad(l10n.t('bad error'));
    if (turn.role === 'assistant' && turn.reasoning !== undefined && typeof turn.reasoning !== 'string') throw bad(l10n.t('bad reasoning'));
    if (turn.role === 'assistant' && turn.cutShort !== undefined && !CUT_SHORT.has(turn.cutShort)) throw bad(l10n.t('bad cutShort'));
    if (
      turn.role === 'assistant' &&
      turn.usage !== undefined &&
      !(Number.isInteger(turn.usage?.promptTokens) && Number.isInteger(turn.usage?.completionTokens))
    )
      throw bad(l10n.t('bad usage'));
    if (turn.role === 'assistant' && strict && (typeof turn.model !== 'string' || (turn.leftOut !== undefined && !Number.isInteger(turn.leftOut))))
      throw bad(l10n.t('bad model or leftOut'));
    if (turn.role === 'assistant' && turn.retryAt !== undefined && !Number.isFinite(turn.retryAt)) throw bad(l10n.t('bad retryAt'));
    if (!Number.isFinite(turn.createdAt)) throw bad(l10n.t('missing createdAt'));
  };
}

/** A conversation of stored format 1 in format 3: only its failures change (see fromV1Failure). */
function fromV1(conversation: V1Conversation): Conversation {
  const turns = conversation.turns.map((turn): Turn => {
    if (turn.role === 'user' || turn.error === undefined) return turn as Turn;
    return { ...turn, error: fromV1Failure(turn.error) };
  });
  return { ...conversation, version: STORED_VERSION, turns };
}
