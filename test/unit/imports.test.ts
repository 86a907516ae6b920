import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatSessionDeps } from '../../src/core/chatSession';
import { ChatSession } from '../../src/core/chatSession';
import type { ChatRequest } from '../../src/core/client';
import { parseConversation } from '../../src/core/storedConversation';
import type { ImportOrigin } from '../../src/core/exchange';
import { importConversations, parseExport, toExportJson } from '../../src/core/exchange';
import type { ConversationStore } from '../../src/core/store';
import { FileConversationStore } from '../../src/node/fileStore';
import { MemoryState } from '../support/memoryState';
import type { Conversation } from '../../src/core/domain';

const ORIGIN: ImportOrigin = { file: 'shared.json', at: 5000 };

/** A conversation as Parley stores it, with every stored field set. */
export function storedConversation(id: string): Conversation {
  return {
    version: 3,
    id,
    title: `About ${id}`,
    createdAt: 1,
    updatedAt: 2,
    steering: { profile: 'Reviewer', systemPrompt: 'Review strictly.', examples: [{ user: 'q', assistant: 'a' }], model: 'gpt-4o', temperature: 0.5 },
    provider: 'custom',
    model: 'their-model',
    turns: [
      {
        id: `${id}-q`,
        role: 'user',
        text: 'Fix this',
        context: [
          {
            path: 'src/x.ts',
            language: 'typescript',
            startLine: 1,
            endLine: 2,
            text: 'let x = 1;',
            uri: 'file:///home/them/src/x.ts',
            omittedLines: 1,
            kind: 'file',
          },
        ],
        createdAt: 1,
      },
      {
        id: `${id}-a`,
        role: 'assistant',
        text: 'Done',
        reasoning: 'thought',
        status: 'error',
        error: { kind: 'rate-limit', reason: 'rate-limited', retryAfterSeconds: 30, serverMessage: 'Slow down' },
        model: 'gpt-4o',
        leftOut: 2,
        retryAt: 99_999_999_999,
        usage: { promptTokens: 3, completionTokens: 4 },
        cutShort: 'length',
        createdAt: 2,
      },
    ],
  };
}

const exportOf = (...conversations: unknown[]) =>
  JSON.stringify({ format: 'parley.conversations', version: 3, exportedAt: '2026-01-01T00:00:00.000Z', conversations });

/** JSON nested `depth` deep: too deep for JSON.stringify, which the partial import tripped on. */
const DEEP = '"DEEP"';
const deepened = (text: string, depth = 20_000) => text.replace(DEEP, `${'['.repeat(depth)}${']'.repeat(depth)}`);

// The tests reach into exports as plain JSON, whatever its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** The stored conversation as JSON, with `change` applied to the copy. */
function altered(change: (c: Json) => void): Json {
  const c = JSON.parse(JSON.stringify(storedConversation('c1')));
  change(c);
  return c;
}

describe('imports take exactly the stored format', () => {
  it('accepts every field Parley stores', () => {
    assert.equal(parseExport(exportOf(storedConversation('c1')), ORIGIN).length, 1);
  });

  it('refuses an unknown key at every level, naming where it is', () => {
    const cases: [unknown, RegExp][] = [
      [altered((c) => (c.extra = 1)), /conversation 1: unknown key extra$/],
      [altered((c) => (c.steering.extra = 1)), /conversation 1: unknown key steering\.extra$/],
      [altered((c) => (c.steering.examples[0].extra = 1)), /conversation 1: unknown key steering\.examples\[0\]\.extra$/],
      [altered((c) => (c.imported = { at: 1, file: 'f', extra: 1 })), /conversation 1: unknown key imported\.extra$/],
      [altered((c) => (c.turns[0].extra = 1)), /conversation 1: unknown key turns\[0\]\.extra$/],
      [altered((c) => (c.turns[0].status = 'complete')), /conversation 1: unknown key turns\[0\]\.status$/],
      [altered((c) => (c.turns[0].context[0].extra = 1)), /conversation 1: unknown key turns\[0\]\.context\[0\]\.extra$/],
      [altered((c) => (c.turns[1].context = [])), /conversation 1: unknown key turns\[1\]\.context$/],
      [altered((c) => (c.turns[1].error.extra = 1)), /conversation 1: unknown key turns\[1\]\.error\.extra$/],
      [altered((c) => (c.turns[1].usage.extra = 1)), /conversation 1: unknown key turns\[1\]\.usage\.extra$/],
    ];
    for (const [conversation, reason] of cases) {
      assert.throws(() => parseExport(exportOf(conversation), ORIGIN), reason, JSON.stringify(conversation).slice(0, 80));
    }
    assert.throws(() => parseExport(exportOf().replace('{', '{"extra":1,'), ORIGIN), /unknown key extra$/);
    // JSON.parse makes "__proto__" an own key, not the prototype; it is refused like any other.
    const polluting = exportOf(storedConversation('c1')).replace('"title":', '"__proto__":{"polluted":true},"title":');
    assert.throws(() => parseExport(polluting, ORIGIN), /conversation 1: unknown key __proto__$/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses duplicate turn ids', () => {
    const twice = altered((c) => (c.turns[1].id = c.turns[0].id));
    assert.throws(() => parseExport(exportOf(twice), ORIGIN), /conversation 1: turn 2: duplicate id "c1-q"/);
  });

  it('refuses a deeply nested unknown field cleanly, and known fields of the wrong shape', () => {
    assert.throws(() => parseExport(deepened(exportOf(altered((c) => (c.turns[1].extra = 'DEEP')))), ORIGIN), /unknown key turns\[1\]\.extra$/);
    assert.throws(() => parseExport(deepened(exportOf(altered((c) => (c.turns[0].context[0].text = 'DEEP')))), ORIGIN), /turn 1: bad context/);
    assert.throws(() => parseExport(exportOf(altered((c) => (c.turns[0].context[0].uri = 42))), ORIGIN), /turn 1: bad context/);
    assert.throws(() => parseExport(exportOf(altered((c) => (c.turns[1].error.kind = 'pwned'))), ORIGIN), /turn 2: bad error/);
    assert.throws(() => parseExport(exportOf(altered((c) => (c.imported = { at: 'now', file: 'f' }))), ORIGIN), /bad import record/);
  });

  it('keeps what is history and drops what would act: retry times, error actions, the picked provider and model, document URIs', () => {
    const [imported] = parseExport(exportOf(storedConversation('c1')), ORIGIN);
    const expected = altered((c) => {
      delete c.provider;
      delete c.model;
      delete c.turns[0].context[0].uri;
      delete c.turns[1].retryAt;
      c.turns[1].error = { kind: 'rate-limit', reason: 'rate-limited', serverMessage: 'Slow down', imported: true };
      c.imported = { at: 5000, file: 'shared.json' };
    });
    assert.deepEqual(imported, expected);
  });

  it('an answer still streaming in the export arrives interrupted, with no action', () => {
    const streaming = altered((c) => {
      c.turns[1].status = 'streaming';
      delete c.turns[1].error;
    });
    const [imported] = parseExport(exportOf(streaming), ORIGIN);
    const answer = imported!.turns[1]!;
    assert.equal(answer.role === 'assistant' && answer.status, 'interrupted');
    assert.equal(answer.role === 'assistant' && answer.error, undefined);
  });

  it('marks every imported conversation, replacing any mark (and steering choice) the export carried', () => {
    const reimported = altered((c) => (c.imported = { at: 1, file: 'older.json', steering: 'kept' }));
    const [conversation] = parseExport(exportOf(reimported), ORIGIN);
    assert.deepEqual(conversation!.imported, { at: 5000, file: 'shared.json' });
  });

  it('an export of conversations Parley made imports again, marked as imported', () => {
    const own = [storedConversation('a'), storedConversation('b')].map((c) => ({ ...c, imported: undefined }));
    const back = parseExport(toExportJson(own, new Date(0)), ORIGIN);
    assert.deepEqual(
      back.map((c) => [c.id, c.title, c.imported?.file]),
      [
        ['a', 'About a', 'shared.json'],
        ['b', 'About b', 'shared.json'],
      ],
    );
  });

  it('a stored conversation with a bad URI or import record is still refused when read from disk', () => {
    assert.throws(() => parseConversation(altered((c) => (c.turns[0].context[0].uri = ['x']))), /bad context/);
    assert.throws(() => parseConversation(altered((c) => (c.imported = { at: 1 }))), /bad import record/);
  });
});

describe('imports are all or nothing', () => {
  let folder: string;
  let store: FileConversationStore;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-import-'));
    store = new FileConversationStore(join(folder, 'storage'), new MemoryState(), () => undefined);
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  /** What the issue saw: the import as Parley runs it, parse then save. */
  async function runImport(text: string): Promise<string> {
    try {
      const ids = await importConversations(store, parseExport(text, ORIGIN), () => `new-${Math.random().toString(36).slice(2)}`);
      return `imported ${ids.length}`;
    } catch (error) {
      return (error as Error).message;
    }
  }

  const files = async () => (await readdir(join(folder, 'storage')).catch(() => [] as string[])).sort();

  it('a deeply nested unknown field in the second of three conversations saves none (the issue saw 1 of 3, then a silent error)', async () => {
    const second = altered((c) => {
      c.id = 'c2';
      c.turns[1].extra = { nested: 'DEEP' };
    });
    const outcome = await runImport(deepened(exportOf(storedConversation('c1'), second, storedConversation('c3'))));
    assert.match(outcome, /conversation 2: unknown key turns\[1\]\.extra/);
    assert.deepEqual(store.list(), []);
    assert.deepEqual(await files(), []);
  });

  it('when a write fails midway, what this import wrote is removed again, and what was there stays', async () => {
    await store.save({ ...storedConversation('mine'), imported: undefined });
    // The disk fills up while the second conversation is written.
    const failing = Object.assign(Object.create(store) as FileConversationStore, {
      save: (c: Conversation) => (c.id === 'c2' ? Promise.reject(new Error('ENOSPC: no space left on device')) : store.save(c)),
    });
    const conversations = parseExport(exportOf(storedConversation('c1'), storedConversation('c2'), storedConversation('c3')), ORIGIN);
    await assert.rejects(
      importConversations(failing, conversations, () => 'fresh'),
      /ENOSPC.*nothing was imported/,
    );
    assert.deepEqual(
      store.list().map((c) => c.id),
      ['mine'],
    );
    assert.deepEqual(await files(), ['mine.json']);
  });

  it('a conversation whose id is taken or unusable gets a new one; nothing is overwritten', async () => {
    await store.save({ ...storedConversation('c1'), title: 'mine' });
    let n = 0;
    const ids = await importConversations(store, parseExport(exportOf(storedConversation('c1'), storedConversation('../x')), ORIGIN), () => `new${++n}`);
    assert.deepEqual(ids, ['new1', 'new2']);
    assert.equal((await store.load('c1'))!.title, 'mine');
  });
});

describe("an imported conversation's steering does not steer follow-ups unasked", () => {
  function session(conversation: Conversation) {
    const requests: ChatRequest[] = [];
    const problems: string[] = [];
    const saved = new Map<string, Conversation>([[conversation.id, structuredClone(conversation)]]);
    const store: ConversationStore = {
      prepare: async () => undefined,
      list: () => [],
      activeId: () => conversation.id,
      setActiveId: async () => undefined,
      load: async (id) => structuredClone(saved.get(id)),
      save: async (c) => void saved.set(c.id, structuredClone(c)),
      delete: async (id) => void saved.delete(id),
    };
    let id = 0;
    const deps: ChatSessionDeps = {
      store,
      connect: async (recorded) => ({
        ok: true,
        model: 'm',
        steering: recorded ?? { profile: 'Mine', systemPrompt: 'My own.', examples: [] },
        client: {
          stream: (request) => {
            requests.push(request);
            return { outcome: Promise.resolve({ kind: 'complete', finishReason: 'stop' }), stop: () => undefined };
          },
        },
      }),
      newId: () => `n${++id}`,
      now: () => 10_000,
      onChange: () => undefined,
      onPiece: () => undefined,
      schedule: () => () => undefined,
      reportError: (message) => problems.push(message),
    };
    return { open: () => ChatSession.open(deps), requests, problems, saved };
  }
  const imported = () =>
    parseExport(
      exportOf({
        ...storedConversation('c1'),
        turns: storedConversation('c1').turns.map((t) => ({ ...t, ...(t.role === 'assistant' ? { status: 'complete', error: undefined } : {}) })),
      }),
      ORIGIN,
    )[0]!;
  const systemOf = (request: ChatRequest) => request.messages.find((m) => m.role === 'system')?.content;

  it('asks before the next question: nothing is sent until the user keeps or replaces it', async () => {
    const s = session(imported());
    const chat = await s.open();
    await chat.send('And now?');
    await chat.retry();
    await chat.regenerate();
    await chat.editAndResend('c1-q', 'Again');
    assert.equal(s.requests.length, 0);
    assert.equal(chat.current.turns.length, 2, 'nothing was added');
    assert.match(s.problems[0] ?? '', /imported with its own steering/);
  });

  it('"Keep" sends with the imported steering, and the choice is saved with the conversation', async () => {
    const s = session(imported());
    const chat = await s.open();
    await chat.settleImportedSteering();
    await chat.send('And now?');
    assert.equal(systemOf(s.requests[0]!), 'Review strictly.');
    assert.equal(s.saved.get('c1')!.imported!.steering, 'kept');
  });

  it('"Use my profile" records the user\'s own steering for the follow-ups', async () => {
    const s = session(imported());
    const chat = await s.open();
    await chat.settleImportedSteering({ profile: 'Mine', systemPrompt: 'My own.', examples: [] });
    await chat.send('And now?');
    assert.equal(systemOf(s.requests[0]!), 'My own.');
    assert.equal(s.saved.get('c1')!.imported!.steering, 'replaced');
    assert.equal(s.saved.get('c1')!.steering!.profile, 'Mine');
  });
});
