// How a failure is stored and read back: the facts each reason carries, checked on reading, and
// the failures of stored format 1, which kept a sentence instead of facts.
import type { Failure, FailureKind, SavedFailure } from './domain';
import { FAILURE_ACTIONS } from './domain';

type Fact = 'string' | 'number' | 'boolean' | 'strings' | 'overflow' | 'estimate' | 'action';

/** Each reason: its kind (`any` for a saved v1 failure, which keeps its own), and its facts; `?` marks an optional one. */
const FACTS = {
  'key-refused': { kind: 'auth', facts: { status: 'number', address: 'string', 'serverMessage?': 'string' } },
  'access-denied': { kind: 'auth', facts: { status: 'number', address: 'string', 'serverMessage?': 'string' } },
  'no-credit': { kind: 'auth', facts: { status: 'number', address: 'string', 'serverMessage?': 'string' } },
  'missing-key': { kind: 'auth', facts: { address: 'string' } },
  'lm-no-permission': { kind: 'auth', facts: { model: 'string', 'serverMessage?': 'string' } },
  'model-unknown': { kind: 'model-not-found', facts: { model: 'string', 'serverMessage?': 'string' } },
  'lm-unavailable': { kind: 'model-not-found', facts: { model: 'string', 'serverMessage?': 'string' } },
  'rate-limited': { kind: 'rate-limit', facts: { 'retryAfterSeconds?': 'number', 'serverMessage?': 'string' } },
  'lm-blocked': { kind: 'rate-limit', facts: { vendor: 'string', model: 'string', 'serverMessage?': 'string' } },
  'server-overflow': { kind: 'context-length', facts: { model: 'string', overflow: 'overflow', 'serverMessage?': 'string' } },
  'too-long': { kind: 'context-length', facts: { model: 'string', estimate: 'estimate' } },
  'parameter-refused': { kind: 'bad-request', facts: { status: 'number', model: 'string', param: 'string', 'serverMessage?': 'string' } },
  'request-refused': { kind: 'bad-request', facts: { status: 'number', 'serverMessage?': 'string' } },
  'images-refused': { kind: 'bad-request', facts: { 'status?': 'number', model: 'string', 'serverMessage?': 'string' } },
  'model-refused': { kind: 'refused', facts: { model: 'string', refusal: 'string' } },
  'content-filtered': { kind: 'refused', facts: { 'status?': 'number', 'filters?': 'strings', 'serverMessage?': 'string' } },
  'moderation-flagged': { kind: 'refused', facts: { status: 'number', 'flagged?': 'strings', 'serverMessage?': 'string' } },
  unreachable: { kind: 'network', facts: { address: 'string', 'serverMessage?': 'string' } },
  'server-error': { kind: 'server', facts: { status: 'number', 'serverMessage?': 'string' } },
  'stream-error': { kind: 'server', facts: { 'serverMessage?': 'string' } },
  'parley-error': { kind: 'server', facts: { detail: 'string' } },
  'cut-off': { kind: 'interrupted', facts: {} },
  unreadable: { kind: 'interrupted', facts: { serverMessage: 'string' } },
  'window-closed': { kind: 'interrupted', facts: {} },
  settings: { kind: 'config', facts: { problem: 'string' } },
  endpoint: { kind: 'config', facts: { problem: 'string' } },
  'no-model': { kind: 'config', facts: { azure: 'boolean' } },
  'plain-http': { kind: 'config', facts: { address: 'string' } },
  'redirect-elsewhere': { kind: 'config', facts: { from: 'string', to: 'string' } },
  'too-many-redirects': { kind: 'config', facts: { origin: 'string', limit: 'number' } },
  saved: { kind: 'any', facts: { savedText: 'string', 'action?': 'action', 'retryAfterSeconds?': 'number' } },
} satisfies Record<Failure['reason'], { readonly kind: FailureKind | 'any'; readonly facts: Readonly<Record<string, Fact>> }>;

/** Every reason a stored failure may have. */
export const STORED_REASONS = Object.keys(FACTS) as readonly Failure['reason'][];

export const FAILURE_KINDS = new Set<FailureKind>([
  'auth',
  'model-not-found',
  'rate-limit',
  'context-length',
  'bad-request',
  'refused',
  'server',
  'network',
  'interrupted',
  'config',
]);

const OVERFLOW_KEYS = { window: null, sent: null };
const ESTIMATE_KEYS = { needed: null, limit: null, window: null, assumed: null };

/** Every key a stored failure may have, whatever its reason (each reason's own are checked by isFailure). */
export const FAILURE_KEYS: { readonly [key: string]: null | typeof OVERFLOW_KEYS | typeof ESTIMATE_KEYS } = {
  kind: null,
  reason: null,
  imported: null,
  ...Object.fromEntries(
    Object.values(FACTS).flatMap(({ facts }) =>
      Object.entries(facts).map(([name, fact]) => [name.replace('?', ''), fact === 'overflow' ? OVERFLOW_KEYS : fact === 'estimate' ? ESTIMATE_KEYS : null]),
    ),
  ),
};

/** The keys of a failure in stored format 1. */
export const V1_FAILURE_KEYS = { kind: null, message: null, action: null, retryAfterSeconds: null };

const count = (value: unknown): boolean => Number.isFinite(value) && (value as number) >= 0;
const record = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isFact(value: unknown, fact: Fact): boolean {
  switch (fact) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return Array.isArray(value) && value.every((each) => typeof each === 'string');
    case 'action':
      return FAILURE_ACTIONS.includes(value as never);
    case 'overflow':
      return record(value) && (value.window === undefined || count(value.window)) && (value.sent === undefined || count(value.sent));
    case 'estimate':
      return record(value) && count(value.needed) && count(value.limit) && count(value.window) && typeof value.assumed === 'boolean';
  }
}

/**
 * Whether `value` is a failure of the stored format: a known reason, its kind, each of its facts
 * of the right type, the required ones present; `strict` (an import): and no other key.
 */
export function isFailure(value: unknown, strict: boolean): value is Failure {
  if (!record(value) || typeof value.reason !== 'string' || !Object.hasOwn(FACTS, value.reason)) return false;
  const { kind, facts } = FACTS[value.reason as Failure['reason']];
  if (kind === 'any' ? !FAILURE_KINDS.has(value.kind as FailureKind) : value.kind !== kind) return false;
  if (value.imported !== undefined && value.imported !== true) return false;
  const own = new Map(Object.entries(facts).map(([name, fact]) => [name.replace('?', ''), { fact, optional: name.endsWith('?') }]));
  for (const [name, { fact, optional }] of own) {
    if (value[name] === undefined ? !optional : !isFact(value[name], fact)) return false;
  }
  return !strict || Object.keys(value).every((key) => key === 'kind' || key === 'reason' || key === 'imported' || own.has(key));
}

/** Whether `value` is a failure as stored format 1 kept it; `strict` for an import: only known kinds and actions. */
export function isV1Failure(value: unknown, strict: boolean): value is { kind: FailureKind; message: string; action?: unknown; retryAfterSeconds?: unknown } {
  if (!record(value) || typeof value.message !== 'string') return false;
  if (!strict) return true;
  return (
    FAILURE_KINDS.has(value.kind as FailureKind) &&
    (value.action === undefined || FAILURE_ACTIONS.includes(value.action as never)) &&
    (value.retryAfterSeconds === undefined || Number.isFinite(value.retryAfterSeconds))
  );
}

/**
 * A failure of stored format 1 in format 2. It kept only the sentence shown when it happened, in
 * that moment's language; the facts cannot be read back out of it reliably, so it is kept as it
 * was written and shown so, with the button it had.
 */
export function fromV1Failure(v1: { kind: FailureKind; message: string; action?: unknown; retryAfterSeconds?: unknown }): SavedFailure {
  const action = FAILURE_ACTIONS.find((known) => known === v1.action);
  return {
    kind: v1.kind,
    reason: 'saved',
    savedText: v1.message,
    ...(action ? { action } : {}),
    ...(Number.isFinite(v1.retryAfterSeconds) ? { retryAfterSeconds: v1.retryAfterSeconds as number } : {}),
  };
}
