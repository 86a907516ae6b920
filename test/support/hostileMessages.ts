// Messages a compromised or buggy webview could post, none of which is a valid FromWebview
// message: the fuzz corpus for the validator (unit) and for the real host (UI). Seeded, so a
// failure can be replayed; JSON-safe, so the same corpus crosses into a browser page.

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

const TYPES = ['ready', 'send', 'stop', 'newChat', 'retry', 'runAction', 'removeAttachment', 'openLink', 'dismissNotice'];
const NEEDS_FIELD: Record<string, string> = { send: 'text', runAction: 'action', removeAttachment: 'id', openLink: 'href' };
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
 * unknown or look-alike types, and known types whose field is missing, of the wrong type, unknown
 * (actions) or over its size limit.
 */
export function malformedMessages(count: number, seed = 6): unknown[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const makers: (() => unknown)[] = [
    () => pick(WRONG_VALUES.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))),
    () => ({ typ: pick(TYPES) }),
    () => ({ type: pick(WRONG_VALUES) }),
    () => ({ type: pick(STRANGE_TYPES), text: 'hello' }),
    () => {
      const type = pick(Object.keys(NEEDS_FIELD));
      return { type };
    },
    () => {
      const type = pick(Object.keys(NEEDS_FIELD));
      // A valid runAction takes a known action only; everything here is the wrong type or unknown.
      const value =
        type === 'runAction' ? pick([...WRONG_VALUES, 'deleteAll', 'openSettings ', 'RETRY']) : pick(WRONG_VALUES.filter((v) => typeof v !== 'string'));
      return { type, [NEEDS_FIELD[type]!]: value };
    },
    () =>
      pick([
        { type: 'send', text: 'q'.repeat(200_001) },
        { type: 'removeAttachment', id: 'i'.repeat(101) },
        { type: 'openLink', href: `https://example.com/${'a'.repeat(4_001)}` },
      ]),
    () => JSON.parse(`{"__proto__": {"type": "send", "text": "polluted"}}`) as unknown,
    () => ({ message: { type: 'send', text: 'wrapped' } }),
    () => [{ type: 'send', text: 'in an array' }],
  ];
  return Array.from({ length: count }, () => pick(makers)());
}
