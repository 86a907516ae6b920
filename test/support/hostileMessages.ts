// Messages a compromised or buggy webview could post, none of which is a valid FromWebview
// message: the fuzz corpus for the validator (unit) and for the real host (UI), over every message
// type of the protocol. Seeded, so a failure can be replayed; JSON-safe, so the same corpus crosses
// into a browser page.
import type { FromWebview } from '../../src/shared/protocol';
import { FROM_WEBVIEW_TYPES, MAX_MESSAGE_CHARS } from '../../src/shared/validate';

type MessageType = FromWebview['type'];

/** A PNG of one red pixel, in base64. */
export const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

/** Valid messages of every type (the type makes it list them all), with each optional field both ways. */
export const VALID_MESSAGES: { readonly [T in MessageType]: readonly Extract<FromWebview, { type: T }>[] } = {
  ready: [{ type: 'ready' }],
  send: [{ type: 'send', text: 'hi' }],
  stop: [{ type: 'stop' }],
  newChat: [{ type: 'newChat' }],
  runAction: [{ type: 'runAction', action: 'setApiKey' }],
  removeAttachment: [{ type: 'removeAttachment', id: 'abc' }],
  openLink: [{ type: 'openLink', href: 'https://example.com' }],
  dismissNotice: [{ type: 'dismissNotice' }],
  regenerate: [{ type: 'regenerate' }],
  undo: [{ type: 'undo' }],
  editAndResend: [{ type: 'editAndResend', turnId: 't1', text: 'again' }],
  copyTurn: [{ type: 'copyTurn', turnId: 't1' }],
  showVersion: [{ type: 'showVersion', turnId: 't1' }],
  fork: [{ type: 'fork', turnId: 't1' }],
  codeAction: [{ type: 'codeAction', action: 'replaceSelection', turnId: 't2', code: 'let x = 1;', language: 'ts' }],
  listConversations: [{ type: 'listConversations', requestId: 3, query: 'sort' }],
  openConversation: [{ type: 'openConversation', id: 'c1' }],
  renameConversation: [{ type: 'renameConversation', id: 'c1' }],
  deleteConversation: [{ type: 'deleteConversation', id: 'c1' }],
  chooseProvider: [{ type: 'chooseProvider' }],
  chooseModel: [{ type: 'chooseModel' }],
  chooseProfile: [{ type: 'chooseProfile' }],
  draftExample: [{ type: 'draftExample', requestId: 0, turnId: 't1' }],
  saveExample: [{ type: 'saveExample', requestId: 12, turnId: 't1', target: 'file:.parley/profiles/a.md', user: 'q', assistant: 'a' }],
  addContext: [
    { type: 'addContext', source: 'problems' },
    { type: 'addContext', source: 'stagedChanges' },
  ],
  pickContext: [{ type: 'pickContext' }],
  attachImage: [{ type: 'attachImage', name: 'dot.png', data: ONE_PIXEL_PNG, thumbnail: ONE_PIXEL_PNG }],
  settleImportedSteering: [
    { type: 'settleImportedSteering', keep: true },
    { type: 'settleImportedSteering', keep: false },
  ],
};

/** Each type's fields, and which of them every valid message has. */
export const MESSAGE_FIELDS = Object.fromEntries(
  FROM_WEBVIEW_TYPES.map((type) => {
    const samples = VALID_MESSAGES[type] as readonly Record<string, unknown>[];
    const names = [...new Set(samples.flatMap((sample) => Object.keys(sample)))].filter((name) => name !== 'type');
    return [type, { names, required: names.filter((name) => samples.every((sample) => name in sample)) }];
  }),
) as Record<MessageType, { names: string[]; required: string[] }>;

/** Strings refused in these fields although they are strings: the field takes a closed set or shape. */
const STRANGE_STRINGS: Record<string, readonly string[]> = {
  'runAction.action': ['deleteAll', 'openSettings ', 'RETRY', 'constructor'],
  'codeAction.action': ['delete', 'Copy', 'insert\u0000', '__proto__'],
  'addContext.source': ['everything', 'file ', 'toString'],
  'openConversation.id': ['../../etc/passwd', 'a/b', '', 'c'.repeat(65), 'id with spaces'],
  'renameConversation.id': ['..', 'C:\\x', '%2e%2e'],
  'deleteConversation.id': ['../index', 'x\u0000'],
  'attachImage.data': ['', 'not base64!', 'AAA', 'data:image/png;base64,AAAA'],
  'attachImage.thumbnail': ['AAAAA', '====', '<img src=x>'],
};

/** A small seeded generator (mulberry32): the same seed gives the same corpus. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WITH_FIELDS = FROM_WEBVIEW_TYPES.filter((type) => MESSAGE_FIELDS[type].names.length > 0);
const WITH_REQUIRED = FROM_WEBVIEW_TYPES.filter((type) => MESSAGE_FIELDS[type].required.length > 0);
const STRANGE_TYPES = [
  '',
  'SEND',
  'send ',
  ' ready',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'send\u0000',
  'ѕend',
  'delta',
  'state',
  'focusComposer',
  'x'.repeat(10_000),
];
const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, true, false, [], {}, ['send'], { toString: 'send' }, [[[[[]]]]], '', 'x'.repeat(10_000)];

/**
 * `count` malformed messages: wrong shapes (not an object, no type, a type that is not a string),
 * unknown or look-alike types, and messages of every known type with a field missing, of the wrong
 * kind, a string its field does not take (actions, ids) or longer than any field takes.
 */
export function malformedMessages(count: number, seed = 6): unknown[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const makers: (() => unknown)[] = [
    () => pick(WRONG_VALUES.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))),
    () => ({ typ: pick(FROM_WEBVIEW_TYPES) }),
    () => ({ type: pick(WRONG_VALUES) }),
    () => ({ type: pick(STRANGE_TYPES), text: 'hello' }),
    // A known type without one of the fields it needs.
    () => {
      const type = pick(WITH_REQUIRED);
      const message: Record<string, unknown> = { ...VALID_MESSAGES[type][0] };
      delete message[pick(MESSAGE_FIELDS[type].required)];
      return message;
    },
    // A known type with one field of the wrong kind, a string its field does not take, or too long.
    () => {
      const type = pick(WITH_FIELDS);
      const message: Record<string, unknown> = { ...pick(VALID_MESSAGES[type] as readonly Record<string, unknown>[]) };
      const field = pick(MESSAGE_FIELDS[type].names);
      const kind = typeof (VALID_MESSAGES[type] as readonly Record<string, unknown>[]).find((m) => field in m)![field];
      const strange = STRANGE_STRINGS[`${type}.${field}`] ?? [];
      const wrong = WRONG_VALUES.filter((v) => typeof v !== kind);
      message[field] = kind === 'string' && next() < 0.5 ? pick([...strange, 'x'.repeat(MAX_MESSAGE_CHARS + 1)]) : pick(wrong);
      return message;
    },
    () => JSON.parse(`{"__proto__": {"type": "send", "text": "polluted"}}`) as unknown,
    () => ({ message: { type: 'send', text: 'wrapped' } }),
    () => [{ type: 'send', text: 'in an array' }],
  ];
  return Array.from({ length: count }, () => pick(makers)());
}
