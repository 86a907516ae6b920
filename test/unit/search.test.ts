// History search through the index: it finds exactly what the scan it replaced found (each
// conversation read and matched with textMatches/conversationMatches), and stays current through
// the store's writes: saves, renames, deletes, undo, imports, another window's files.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatSessionDeps } from '../../src/core/chatSession';
import { ChatSession } from '../../src/core/chatSession';
import { conversationMatches, newConversation, textMatches } from '../../src/core/conversation';
import type { CodeContext, Conversation, Turn } from '../../src/core/domain';
import { STORED_VERSION } from '../../src/core/domain';
import { importConversations } from '../../src/core/exchange';
import { SearchIndex, SearchableStore } from '../../src/core/search';
import type { ConversationStore } from '../../src/core/store';
import { FileConversationStore } from '../../src/node/fileStore';
import { MemoryState } from '../support/memoryState';

/** What the panel did before the index: the summary's title, else the conversation read and matched. */
async function scan(store: ConversationStore, query: string, current: Conversation): Promise<string[]> {
  const ids: string[] = [];
  for (const summary of store.list()) {
    if (!textMatches(summary.title, query)) {
      const conversation = summary.id === current.id ? current : await store.load(summary.id);
      if (!conversation || !conversationMatches(conversation, query)) continue;
    }
    ids.push(summary.id);
  }
  return ids;
}

async function searched(store: SearchableStore, query: string, current: Conversation): Promise<string[]> {
  return (await store.search(query, current)).map((s) => s.id);
}

/** Words whose case folding is not ASCII's: final sigma, dotted and dotless i, ß, ligatures, the Kelvin sign, combining accents, other scripts. */
const WORDS = [
  'sort',
  'Sort',
  'toSorted',
  'byName',
  'Straße',
  'STRASSE',
  'ΣΊΣΥΦΟΣ',
  'σίσυφος',
  'ΟΔΟΣ',
  'İstanbul',
  'ISTANBUL',
  'ıi',
  'café',
  'CAFÉ',
  'cafe\u0301',
  'naïve',
  'Ǆemal',
  'ﬁle',
  '\u212Aelvin',
  '\u212Bngström',
  '中文',
  '日本語の検索',
  '🚀',
  'مرحبا',
  'Привет',
  'ПРИВЕТ',
  'x\u0000y',
  'tab\there',
  'line\nbreak',
  'a',
  'ab',
  'the',
  'quick',
  'brown',
];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
}

function generated(count: number, seed: number, turnsUpTo = 8): Conversation[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const phrase = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(pick([' ', ' ', '', '-', '\n']));
  return Array.from({ length: count }, (_, c): Conversation => {
    const turns: Turn[] = Array.from({ length: 2 + Math.floor(next() * (turnsUpTo - 2)) }, (_, t): Turn => {
      const at = c * 100 + t;
      if (t % 2 === 1) return { id: `c${c}t${t}`, role: 'assistant', text: phrase(1 + Math.floor(next() * 8)), status: 'complete', model: 'm', createdAt: at };
      const context: CodeContext[] =
        next() < 0.4 ? [{ path: `src/${pick(WORDS).replace(/[^\w]/g, '') || 'f'}.ts`, language: 'typescript', startLine: 1, endLine: 2, text: phrase(3) }] : [];
      return { id: `c${c}t${t}`, role: 'user', text: phrase(1 + Math.floor(next() * 5)), context, createdAt: at };
    });
    const conversation: Conversation = { version: STORED_VERSION, id: `c${c}`, title: phrase(2), createdAt: c, updatedAt: c, turns };
    if (next() < 0.3) {
      // Another version of the first answer, off the branch shown.
      const other: Turn = { id: `c${c}alt`, role: 'assistant', text: phrase(4), status: 'complete', model: 'm', createdAt: c };
      conversation.branches = {
        offPath: [{ after: turns[0]!.id, turn: other }],
        points: [{ after: turns[0]!.id, versions: [turns[1]!.id, other.id], shown: turns[1]!.id }],
      };
    }
    return conversation;
  });
}

/** Queries of every kind: slices of the texts (some in other case), words, several words, none, spaces, the separator. */
function queries(conversations: readonly Conversation[], seed: number): string[] {
  const next = random(seed);
  const texts = conversations.flatMap((c) => [c.title, ...c.turns.map((t) => t.text)]);
  const sliced = Array.from({ length: 150 }, () => {
    const text = texts[Math.floor(next() * texts.length)]!;
    const start = Math.floor(next() * text.length);
    const slice = text.slice(start, start + 1 + Math.floor(next() * 12));
    return next() < 0.3 ? slice.toUpperCase() : next() < 0.2 ? ` ${slice}  ` : slice;
  });
  return [
    ...sliced,
    ...WORDS,
    ...WORDS.map((w) => w.toUpperCase()),
    'sort byName',
    'quick brown',
    'ς',
    'σ',
    'ss',
    'i̇',
    'k',
    'å',
    'é',
    'nowhere at all',
    '',
    '   ',
    '\u0000',
    'x\u0000y',
  ];
}

describe('History search index', () => {
  it('finds exactly what conversationMatches finds, for every kind of text and query', () => {
    const conversations = generated(120, 7);
    const index = new SearchIndex();
    for (const c of conversations) index.set(c, '');
    let compared = 0;
    for (const query of queries(conversations, 11)) {
      const expected = conversations.filter((c) => conversationMatches(c, query)).map((c) => c.id);
      const found = index.matching(query);
      if (query.includes('\u0000')) {
        // It cannot tell across the boundary of two fields: the store scans instead (tested below).
        assert.equal(found, undefined, JSON.stringify(query));
        continue;
      }
      assert.deepEqual(
        conversations.filter((c) => found!.has(c.id)).map((c) => c.id),
        expected,
        JSON.stringify(query),
      );
      compared++;
    }
    assert.ok(compared > 200);
  });

  it('finds exactly what conversationMatches finds in long conversations, whose text it reads in pieces', () => {
    const conversations = generated(30, 17, 300);
    assert.ok(conversations.filter((c) => c.turns.reduce((n, t) => n + t.text.length, 0) > 4 * 1024).length > 10, 'most are several pieces long');
    const index = new SearchIndex();
    for (const c of conversations) index.set(c, '');
    for (const query of queries(conversations, 19)) {
      const found = index.matching(query);
      if (!found) continue;
      assert.deepEqual(
        conversations.filter((c) => found.has(c.id)).map((c) => c.id),
        conversations.filter((c) => conversationMatches(c, query)).map((c) => c.id),
        JSON.stringify(query),
      );
    }
  });

  it('keeps the matches exact after conversations are replaced and removed (slots reused, bitsets grown)', () => {
    const first = generated(40, 3);
    const second = generated(80, 5).map((c, i) => ({ ...c, id: `c${i % 2 === 0 ? i / 2 : 100 + i}` }));
    const index = new SearchIndex();
    for (const c of first) index.set(c, '');
    for (let i = 0; i < 40; i += 3) index.delete(`c${i}`);
    for (const c of second) index.set(c, '');
    const byId = new Map<string, Conversation>();
    for (const c of first) if (Number(c.id.slice(1)) % 3 !== 0) byId.set(c.id, c);
    for (const c of second) byId.set(c.id, c);
    assert.equal(index.size, byId.size);
    for (const query of queries([...byId.values()], 13)) {
      const found = index.matching(query);
      if (!found) continue;
      assert.deepEqual(
        [...found].sort(),
        [...byId.values()]
          .filter((c) => conversationMatches(c, query))
          .map((c) => c.id)
          .sort(),
        JSON.stringify(query),
      );
    }
  });
});

describe('History search through the store', () => {
  let folder: string;
  let files: FileConversationStore;
  let store: SearchableStore;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-search-'));
    files = new FileConversationStore(folder, new MemoryState(), (problem) => assert.fail(problem));
    store = new SearchableStore(files);
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it("answers as the scan did, titles cut in the store's list and the separator included", async () => {
    const conversations = generated(60, 21);
    // A title longer than the list keeps: the list's cut title ends in "…", which the scan also matched.
    conversations[0]!.title = `${'long title words '.repeat(8)}END`;
    for (const c of conversations) await store.save(c);
    const current = newConversation('unsaved', 1);
    for (const query of [...queries(conversations, 23), '…', 'END', 'long title']) {
      assert.deepEqual(await searched(store, query, current), await scan(files, query, current), JSON.stringify(query));
    }
  });

  it('searches the conversation on screen as it is now, not as last saved', async () => {
    const shown = generated(3, 1)[0]!;
    await store.save(shown);
    assert.deepEqual(await searched(store, 'zebra crossing', shown), []);
    shown.turns.push({ id: 'new', role: 'user', text: 'A Zebra crossing', context: [], createdAt: 9 });
    assert.deepEqual(await searched(store, 'zebra crossing', shown), [shown.id]);
    // Another conversation's unsaved change is not found: its file is what counts.
    const other = { ...generated(3, 2)[1]!, id: 'other' };
    await store.save(other);
    other.turns.push({ id: 'new', role: 'user', text: 'zebra crossing', context: [], createdAt: 9 });
    assert.deepEqual(await searched(store, 'zebra crossing', shown), [shown.id]);
  });

  it('follows saves, renames, deletes, undo and imports made through the session', async () => {
    let id = 0;
    const deps: ChatSessionDeps = {
      store,
      connect: async () => ({ ok: false, message: 'offline' }) as never,
      newId: () => `id${++id}`,
      now: () => 1000 + id,
      onChange: () => undefined,
      onPiece: () => undefined,
      schedule: () => () => undefined,
      reportError: (m) => assert.fail(m),
    };
    const session = await ChatSession.open(deps);
    const a: Conversation = {
      ...newConversation('a', 1),
      title: 'Kiwi tart',
      turns: [{ id: 'q', role: 'user', text: 'How long to bake?', context: [], createdAt: 1 }],
    };
    const b: Conversation = {
      ...newConversation('b', 2),
      title: 'Plum jam',
      turns: [{ id: 'q', role: 'user', text: 'Pectin or not?', context: [], createdAt: 2 }],
    };
    await store.save(a);
    await store.save(b);
    const find = (query: string) => searched(store, query, session.current);
    // The first search builds the index from the files.
    assert.deepEqual(await find('bake'), ['a']);
    assert.deepEqual(await find('PECTIN'), ['b']);

    await session.renameConversation('a', 'Lemon curd');
    assert.deepEqual(await find('lemon'), ['a']);
    assert.deepEqual(await find('kiwi'), []);

    const changed = (await store.load('b'))!;
    changed.turns.push({ id: 'a1', role: 'assistant', text: 'Use green apples.', status: 'complete', model: 'm', createdAt: 3 });
    changed.updatedAt = 3;
    await store.save(changed);
    assert.deepEqual(await find('green apples'), ['b']);

    await session.deleteConversation('b');
    assert.deepEqual(await find('green apples'), []);
    assert.deepEqual(await find('pectin'), []);
    await session.undo();
    assert.deepEqual(await find('green apples'), ['b']);

    const imported: Conversation = {
      ...newConversation('c', 5),
      title: 'Imported',
      turns: [{ id: 'q', role: 'user', text: 'Quince paste?', context: [], createdAt: 5 }],
    };
    const written = await importConversations(store, [imported, { ...imported, id: 'a' }], () => `new${++id}`);
    assert.equal(written.length, 2);
    assert.deepEqual((await find('quince')).sort(), [...written].sort());

    await store.delete('a');
    assert.deepEqual(await find('lemon'), []);
  });

  it('finds a conversation another window wrote, once the store lists it', async () => {
    await store.save({ ...newConversation('mine', 1), title: 'Mine' });
    const current = newConversation('unsaved', 1);
    assert.deepEqual(await searched(store, 'mine', current), ['mine']);
    const theirs: Conversation = {
      ...newConversation('theirs', 2),
      title: 'Theirs',
      turns: [{ id: 'q', role: 'user', text: 'Written elsewhere', context: [], createdAt: 2 }],
    };
    await writeFile(join(folder, 'theirs.json'), JSON.stringify(theirs));
    await files.reconcile();
    assert.deepEqual(await searched(store, 'elsewhere', current), ['theirs']);
  });

  it('keeps a save made while the first search reads the files', async () => {
    for (const c of generated(30, 9)) await store.save(c);
    const current = newConversation('unsaved', 1);
    const first = store.search('anything', current);
    const late: Conversation = { ...newConversation('c5', 1), title: 'Rewritten', updatedAt: 99 };
    await store.save(late);
    await first;
    assert.deepEqual(await searched(store, 'rewritten', current), ['c5']);
    assert.deepEqual(await searched(store, 'sort', current), await scan(files, 'sort', current));
  });
});
