import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyFailure, cutOffError } from '../../src/core/client';
import { markInterrupted, newConversation } from '../../src/core/conversation';
import { parseConversation } from '../../src/core/storedConversation';
import { failureText } from '../../src/core/failureText';
import { STORED_REASONS } from '../../src/core/storedFailure';
import { conversationView } from '../../src/vscode/turnViews';
import type { Failure } from '../../src/core/domain';
import type { AssistantTurnView, TurnView } from '../../src/shared/protocol';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'v1');

/** One failure of each reason, as the code that makes them makes them. */
const EXAMPLES: readonly Failure[] = [
  { kind: 'auth', reason: 'key-refused', status: 401, address: 'https://api.example/v1' },
  { kind: 'auth', reason: 'missing-key', address: 'https://api.example/v1' },
  { kind: 'auth', reason: 'access-denied', status: 403, address: 'https://api.example/v1', serverMessage: 'Country, region, or territory not supported' },
  { kind: 'auth', reason: 'no-credit', status: 402, address: 'https://api.example/v1', serverMessage: 'Insufficient Balance' },
  { kind: 'auth', reason: 'lm-no-permission', model: 'GPT', serverMessage: 'no' },
  { kind: 'model-not-found', reason: 'model-unknown', model: 'm' },
  { kind: 'model-not-found', reason: 'lm-unavailable', model: 'm' },
  { kind: 'rate-limit', reason: 'rate-limited', retryAfterSeconds: 2.5 },
  { kind: 'rate-limit', reason: 'lm-blocked', vendor: 'copilot', model: 'GPT' },
  { kind: 'context-length', reason: 'server-overflow', model: 'm', overflow: { window: 10, sent: 12 } },
  { kind: 'context-length', reason: 'too-long', model: 'm', estimate: { needed: 20, limit: 10, window: 12, assumed: false } },
  { kind: 'bad-request', reason: 'parameter-refused', status: 400, model: 'm', param: 'top_k' },
  { kind: 'bad-request', reason: 'request-refused', status: 422, serverMessage: 'bad' },
  { kind: 'bad-request', reason: 'images-refused', status: 400, model: 'gpt-3.5-turbo', serverMessage: 'image_url is only supported by certain models' },
  { kind: 'refused', reason: 'model-refused', model: 'gpt-4o', refusal: "I can't help with that." },
  { kind: 'refused', reason: 'content-filtered', status: 400, filters: ['jailbreak', 'violence'], serverMessage: 'filtered' },
  { kind: 'refused', reason: 'content-filtered' },
  { kind: 'refused', reason: 'moderation-flagged', status: 403, flagged: ['harassment'], serverMessage: 'flagged' },
  { kind: 'network', reason: 'unreachable', address: 'http://localhost:1/v1' },
  { kind: 'server', reason: 'server-error', status: 503 },
  { kind: 'server', reason: 'stream-error' },
  { kind: 'server', reason: 'parley-error', detail: 'boom' },
  { kind: 'interrupted', reason: 'cut-off' },
  { kind: 'interrupted', reason: 'unreadable', serverMessage: 'not JSON' },
  { kind: 'interrupted', reason: 'window-closed' },
  { kind: 'config', reason: 'settings', problem: 'parley.contextWindow "x" must be a whole number.' },
  { kind: 'config', reason: 'endpoint', problem: 'parley.baseUrl has no http://.' },
  { kind: 'config', reason: 'no-model', azure: true },
  { kind: 'config', reason: 'plain-http', address: 'http://10.0.0.2/v1' },
  { kind: 'config', reason: 'redirect-elsewhere', from: 'https://a', to: 'https://b' },
  { kind: 'config', reason: 'too-many-redirects', origin: 'https://a', limit: 5 },
  { kind: 'auth', reason: 'saved', savedText: 'Set a key.', action: 'setApiKey' },
];

async function shownThen(id: string, turn: number): Promise<AssistantTurnView> {
  const views = JSON.parse(await readFile(join(FIXTURES, 'shown.json'), 'utf8')) as Record<string, TurnView[]>;
  const view = views[id]![turn]!;
  assert.equal(view.role, 'assistant');
  return view as AssistantTurnView;
}

describe('failures as data, their text made when shown', () => {
  it('each failure made today reads word for word as the sentence the stored-format-1 code showed', async () => {
    const made: [Failure, string, number][] = [
      [classifyFailure({ status: 429, message: 'Rate limit reached for gpt-4o.', retryAfterSeconds: 20, model: 'gpt-4o', baseUrl: 'x' }), 'v1-001', 3],
      [
        classifyFailure({
          status: 400,
          param: 'reasoning_effort',
          message: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
          model: 'o1-mini',
          baseUrl: 'x',
        }),
        'v1-001',
        5,
      ],
      [
        classifyFailure({
          status: 400,
          code: 'context_length_exceeded',
          message: "This model's maximum context length is 8,192 tokens. However, your messages resulted in 9,000 tokens.",
          model: 'gpt-4o',
          baseUrl: 'x',
        }),
        'v1-008',
        1,
      ],
      [{ kind: 'context-length', reason: 'too-long', model: 'tiny', estimate: { needed: 513, limit: 75, window: 100, assumed: true } }, 'v1-008', 3],
      [cutOffError(), 'v1-013', 3],
    ];
    for (const [failure, id, turn] of made) assert.deepEqual(failureText(failure), (await shownThen(id, turn)).error, `${id} turn ${turn + 1}`);
    // A refused key now also shows the server's words, which format 1 left out.
    const refused = classifyFailure({ status: 401, message: 'Incorrect API key provided.', model: 'gpt-4.1', baseUrl: 'http://127.0.0.1:40911/v1' });
    const then = (await shownThen('v1-013', 1)).error!;
    assert.deepEqual(failureText(refused), { ...then, message: `${then.message} (Incorrect API key provided.)` });
    const closed = newConversation('c', 1);
    closed.turns.push({ id: 'a', role: 'assistant', text: 'Yes, I', status: 'streaming', model: 'gpt-4.1', createdAt: 1 });
    assert.equal(markInterrupted(closed), true);
    const answer = closed.turns[0]!;
    assert.ok(answer.role === 'assistant' && answer.error);
    assert.deepEqual(failureText(answer.error), (await shownThen('v1-018', 1)).error);
  });

  it("the overflow's numbers are read where the server's text arrives", () => {
    const failure = classifyFailure({
      status: 400,
      message: "This model's maximum context length is 8,192 tokens. However, your messages resulted in 9,000 tokens.",
      model: 'm',
      baseUrl: 'x',
    });
    assert.ok(failure.reason === 'server-overflow');
    assert.deepEqual(failure.overflow, { window: 8192, sent: 9000 });
  });

  it('context too long in each provider’s words and codes, with the numbers they give', () => {
    const overflow = (said: Parameters<typeof classifyFailure>[0]) => {
      const failure = classifyFailure(said);
      assert.equal(failure.reason, 'server-overflow', JSON.stringify(said));
      return failure.reason === 'server-overflow' ? failure.overflow : undefined;
    };
    const base = { status: 400, model: 'm', baseUrl: 'x' };
    assert.deepEqual(overflow({ ...base, message: 'prompt is too long: 208310 tokens > 200000 maximum' }), { window: 200000, sent: 208310 });
    assert.deepEqual(overflow({ ...base, message: 'The input token count (1210000) exceeds the maximum number of tokens allowed (1048576).' }), {
      window: 1048576,
      sent: 1210000,
    });
    assert.deepEqual(overflow({ ...base, message: 'Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length' }), {
      window: 32768,
      sent: 40000,
    });
    assert.deepEqual(
      overflow({
        ...base,
        message: 'the request exceeds the available context size',
        type: 'exceed_context_size_error',
        overflow: { window: 4096, sent: 5000 },
      }),
      {
        window: 4096,
        sent: 5000,
      },
    );
    assert.deepEqual(overflow({ ...base, status: 413, message: 'Request Entity Too Large' }), {});
    assert.deepEqual(overflow({ ...base, code: 'context_length_exceeded', message: 'Please reduce the length of the messages or completion.' }), {});
    assert.equal(classifyFailure({ ...base, message: 'Invalid JSON payload received. Unknown name "store": Cannot find field.' }).reason, 'request-refused');
  });

  it('a 403 is not a bad key: the key was read, it may not do this; a moderation 403 names what it flagged', () => {
    const region = classifyFailure({
      status: 403,
      code: 'unsupported_country_region_territory',
      message: 'Country, region, or territory not supported',
      model: 'm',
      baseUrl: 'x',
    });
    assert.deepEqual(region, {
      kind: 'auth',
      reason: 'access-denied',
      status: 403,
      address: 'x',
      serverMessage: 'Country, region, or territory not supported',
    });
    assert.doesNotMatch(failureText(region).message, /refused the API key/);
    assert.match(failureText(region).message, /Country, region, or territory not supported/);
    const flagged = classifyFailure({ status: 403, message: 'Your input was flagged.', flagged: ['violence'], model: 'm', baseUrl: 'x' });
    assert.equal(flagged.reason, 'moderation-flagged');
    assert.equal(failureText(flagged).action, undefined, 'no key to set, nothing to retry as it is');
  });

  it('every reason has its text; an imported one has no button', () => {
    for (const failure of EXAMPLES) {
      const shown = failureText(failure);
      assert.equal(shown.kind, failure.kind);
      assert.ok(shown.message.length > 5, failure.reason);
      assert.equal(failureText({ ...failure, imported: true }).action, undefined, failure.reason);
    }
    assert.equal(failureText(EXAMPLES.find((failure) => failure.reason === 'rate-limited')!).retryAfterSeconds, 2.5);
    assert.deepEqual(new Set(EXAMPLES.map((failure) => failure.reason)), new Set(STORED_REASONS), 'an example of every reason the stored format knows');
  });

  it('every reason survives a strict import; a wrong kind, a missing fact or another reason’s fact is refused', () => {
    const conversation = (error: unknown) => ({
      version: 2,
      id: 'c',
      title: 't',
      createdAt: 1,
      updatedAt: 1,
      turns: [{ id: 'a', role: 'assistant', text: '', status: 'error', model: 'm', createdAt: 1, error }],
    });
    for (const failure of EXAMPLES) {
      const read = parseConversation(conversation(failure), 'import').turns[0]!;
      assert.deepEqual(read.role === 'assistant' && read.error, failure, failure.reason);
    }
    const refused: [unknown, RegExp][] = [
      [{ kind: 'server', reason: 'key-refused', status: 401, address: 'x' }, /bad error/],
      [{ kind: 'auth', reason: 'key-refused', address: 'x' }, /bad error/],
      [{ kind: 'auth', reason: 'key-refused', status: 401, address: 'x', param: 'y' }, /bad error/],
      [{ kind: 'auth', reason: 'key-refused', status: 401, address: 'x', command: 'y' }, /unknown key turns\[0\]\.error\.command/],
      [{ kind: 'auth', reason: 'run', status: 401 }, /bad error/],
      [{ kind: 'context-length', reason: 'server-overflow', model: 'm', overflow: { window: -1 } }, /bad error/],
      [{ kind: 'context-length', reason: 'server-overflow', model: 'm', overflow: { pages: 1 } }, /unknown key turns\[0\]\.error\.overflow\.pages/],
      [{ kind: 'auth', message: 'a version 1 failure in a version 2 file' }, /unknown key turns\[0\]\.error\.message/],
      [{ kind: 'auth', reason: 'saved', savedText: 'x', action: 'runCommand' }, /bad error/],
      [{ kind: 'auth', reason: 'missing-key', address: 'x', imported: false }, /bad error/],
      [{ kind: 'refused', reason: 'content-filtered', filters: ['hate', 3] }, /bad error/],
      [{ kind: 'bad-request', reason: 'model-refused', model: 'm', refusal: 'no' }, /bad error/],
    ];
    for (const [error, reason] of refused) assert.throws(() => parseConversation(conversation(error), 'import'), reason, JSON.stringify(error));
  });

  it('the view shows the conversation, with costs, waits and the undo label', () => {
    const conversation = newConversation('c', 1);
    conversation.turns.push(
      { id: 'q', role: 'user', text: 'q', context: [], createdAt: 1 },
      {
        id: 'a',
        role: 'assistant',
        text: '',
        status: 'error',
        model: 'm',
        createdAt: 2,
        retryAt: 5000,
        usage: { promptTokens: 1_000_000, completionTokens: 0 },
        error: { kind: 'rate-limit', reason: 'rate-limited', retryAfterSeconds: 3 },
      },
    );
    const view = conversationView({ conversation, busy: false, attachments: [], undo: { label: 'Undo me' } }, { m: { input: 2, output: 1 } }, 2000);
    assert.deepEqual(view.turns[1], {
      id: 'a',
      role: 'assistant',
      text: '',
      status: 'error',
      error: { kind: 'rate-limit', message: 'Rate limited by the server (429). Try again in 3 s.', action: 'retry', retryAfterSeconds: 3 },
      retryInMs: 3000,
      usage: { promptTokens: 1_000_000, completionTokens: 0, cost: 2 },
    });
    assert.deepEqual(view.undo, { label: 'Undo me' });
    assert.equal(view.usage.cost, 2);
  });
});
