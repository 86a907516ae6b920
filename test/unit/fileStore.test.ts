import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newConversation, titleFrom } from '../../src/core/conversation';
import { FileConversationStore, INDEX_KEY } from '../../src/node/fileStore';
import { MemoryState } from '../support/memoryState';
import type { Conversation } from '../../src/core/domain';

function conversation(id: string, question: string, updatedAt = 1): Conversation {
  const c = newConversation(id, 1);
  c.title = question;
  c.updatedAt = updatedAt;
  c.turns.push({ id: `${id}-u`, role: 'user', text: question, context: [], createdAt: 1 });
  c.turns.push({ id: `${id}-a`, role: 'assistant', text: `Answer to ${question}`, status: 'complete', model: 'm', createdAt: 1 });
  return c;
}

/** The ids of the conversations `store` lists, sorted: two windows may list them in either order. */
function savedIds(store: FileConversationStore): string[] {
  return store
    .list()
    .map((s) => s.id)
    .sort();
}

describe('FileConversationStore', () => {
  let folder: string;
  let state: MemoryState;
  let problems: string[];
  let store: FileConversationStore;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-store-'));
    state = new MemoryState();
    problems = [];
    store = new FileConversationStore(join(folder, 'storage'), state, (message) => problems.push(message));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('saves one JSON file per conversation and restores it exactly', async () => {
    const a = conversation('a', 'first');
    await store.save(a);
    await store.save(conversation('b', 'second'));
    assert.deepEqual(await store.load('a'), a);
    assert.deepEqual((await readdir(join(folder, 'storage'))).sort(), ['a.json', 'b.json']);
  });

  it('deletes a conversation: its file, its index entry and, if it was active, the active mark', async () => {
    await store.save(conversation('a', 'first'));
    await store.save(conversation('b', 'second'));
    await store.setActiveId('a');
    await store.delete('a');
    assert.deepEqual(await readdir(join(folder, 'storage')), ['b.json']);
    assert.deepEqual(
      store.list().map((c) => c.id),
      ['b'],
    );
    assert.equal(store.activeId(), undefined);
    assert.equal(await store.load('a'), undefined);
    await store.delete('a'); // deleting twice is harmless
  });

  it('a delete after a pending save wins: the conversation does not come back', async () => {
    const pending = store.save(conversation('a', 'first'));
    const deleted = store.delete('a');
    await Promise.all([pending, deleted]);
    assert.deepEqual(store.list(), []);
    assert.equal(await store.load('a'), undefined);
  });

  it('keeps only a small index in workspace state, newest first', async () => {
    await store.save(conversation('a', 'first', 10));
    await store.save(conversation('b', 'second', 20));
    await store.setActiveId('b');
    assert.deepEqual(
      store.list().map((s) => [s.id, s.title, s.turnCount]),
      [
        ['b', 'second', 2],
        ['a', 'first', 2],
      ],
    );
    assert.equal(store.activeId(), 'b');
    const index = state.values.get(INDEX_KEY) ?? '';
    assert.ok(!index.includes('Answer to'), 'no transcript text in workspace state');
  });

  it('a new store over the same folder and state sees everything (a restart)', async () => {
    await store.save(conversation('a', 'first'));
    await store.setActiveId('a');
    const reopened = new FileConversationStore(join(folder, 'storage'), state, () => undefined);
    assert.equal(reopened.activeId(), 'a');
    assert.equal((await reopened.load('a'))?.turns.length, 2);
  });

  it('keeps in the index which conversations are held in VS Code’s Chat view, across a restart', async () => {
    await store.save({ ...conversation('chat', 'from the Chat view', 2), origin: 'chat-view' });
    await store.save(conversation('panel', 'from the panel'));
    const reopened = new FileConversationStore(join(folder, 'storage'), state, () => undefined);
    assert.deepEqual(
      reopened.list().map((c) => [c.id, c.origin]),
      [
        ['chat', 'chat-view'],
        ['panel', undefined],
      ],
    );
  });

  it('writes atomically: no temp files are left and the last of concurrent saves wins', async () => {
    const c = conversation('a', 'first');
    const saves = [];
    for (let i = 0; i < 20; i++) {
      c.turns[1] = { ...c.turns[1]!, text: `version ${i}` } as Conversation['turns'][number];
      saves.push(store.save(structuredClone(c)));
    }
    await Promise.all(saves);
    assert.deepEqual(await readdir(join(folder, 'storage')), ['a.json']);
    assert.equal((await store.load('a'))?.turns[1]?.text, 'version 19');
  });

  it('moves a corrupt file aside, reports it, drops it from the index, and still loads the others', async () => {
    await store.save(conversation('a', 'first'));
    await store.save(conversation('b', 'second'));
    await writeFile(join(folder, 'storage', 'a.json'), '{"version":1, "id": "a", trunc');
    assert.equal(await store.load('a'), undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /could not be read .*moved to .*a\.corrupt-\d+\.json/);
    const files = await readdir(join(folder, 'storage'));
    const aside = files.find((f) => f.startsWith('a.corrupt-'));
    assert.ok(aside, `moved aside, found ${files.join(', ')}`);
    assert.equal(await readFile(join(folder, 'storage', aside), 'utf8'), '{"version":1, "id": "a", trunc');
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['b'],
    );
    assert.equal((await store.load('b'))?.title, 'second');
  });

  it('returns undefined for a conversation that has no file', async () => {
    assert.equal(await store.load('missing'), undefined);
    assert.deepEqual(problems, []);
  });

  it('refuses ids that could escape the folder', async () => {
    await assert.rejects(store.load('../../etc/passwd'), /Invalid conversation id/);
  });

  describe('two windows on one workspace', () => {
    /** A second window: the same folder, its own copy of workspace state (as VS Code keeps it). */
    function otherWindow(): { store: FileConversationStore; state: MemoryState } {
      const copy = new MemoryState();
      for (const [key, value] of state.values) copy.values.set(key, value);
      return { store: new FileConversationStore(join(folder, 'storage'), copy, (message) => problems.push(message)), state: copy };
    }

    it("neither window's index write hides the other's conversations", async () => {
      await store.save(conversation('a', 'from window A'));
      const b = otherWindow();
      await b.store.save(conversation('b', 'from window B'));
      await store.save(conversation('c', 'A again'));
      // Window B wrote the shared index last: it knows nothing of c.
      const restarted = new FileConversationStore(join(folder, 'storage'), b.state, () => undefined);
      assert.deepEqual(savedIds(restarted), ['a', 'b']);
      assert.equal(await restarted.reconcile(), 1);
      assert.deepEqual(savedIds(restarted), ['a', 'b', 'c']);
      assert.deepEqual(savedIds(store), ['a', 'b', 'c'], 'window A picked up b on its own next save');
    });

    it('both continue the same conversation: every turn of both is kept, in both views', async () => {
      await store.save(conversation('shared', 'common start'));
      const b = otherWindow();
      const inA = (await store.load('shared'))!;
      const inB = (await b.store.load('shared'))!;
      inA.turns.push(
        { id: 'qa', role: 'user', text: 'asked in A', context: [], createdAt: 2 },
        { id: 'aa', role: 'assistant', text: 'answered in A', status: 'complete', model: 'm', createdAt: 2 },
      );
      await store.save(inA);
      inB.turns.push(
        { id: 'qb', role: 'user', text: 'asked in B', context: [], createdAt: 3 },
        { id: 'ab', role: 'assistant', text: 'answered in B', status: 'streaming', model: 'm', createdAt: 3 },
      );
      await b.store.save(inB);
      const expected = ['shared-u', 'shared-a', 'qa', 'aa', 'qb', 'ab'];
      assert.deepEqual(
        inB.turns.map((t) => t.id),
        expected,
        "B's view now shows A's turns too",
      );
      // B goes on streaming into its answer; A saves again later: nothing of B's is lost.
      (inB.turns[5] as { text: string }).text = 'answered in B, more';
      await b.store.save(inB);
      // A holds B's answer as it was when A merged it; A's save must not cut B's newer text.
      const staleInA = (await store.load('shared'))!;
      (inB.turns[5] as { text: string }).text = 'answered in B, more and more';
      await b.store.save(inB);
      staleInA.title = 'renamed in A';
      await store.save(staleInA);
      const onDisk = (await new FileConversationStore(join(folder, 'storage'), new MemoryState(), () => undefined).load('shared'))!;
      assert.deepEqual(
        onDisk.turns.map((t) => t.id),
        expected,
      );
      assert.equal(onDisk.turns[5]?.text, 'answered in B, more and more');
      assert.equal(onDisk.title, 'renamed in A');
      assert.deepEqual(problems, []);
    });

    it('a file damaged since this window read it is set aside, not overwritten', async () => {
      const c = conversation('d', 'damaged later');
      await store.save(c);
      await writeFile(join(folder, 'storage', 'd.json'), '{"version":1, "id": "d", tru', 'utf8');
      await store.save(c);
      const files = await readdir(join(folder, 'storage'));
      const aside = files.find((f) => f.startsWith('d.corrupt-'));
      assert.ok(aside, files.join(', '));
      assert.equal(await readFile(join(folder, 'storage', aside), 'utf8'), '{"version":1, "id": "d", tru');
      assert.equal(problems.length, 1);
      assert.deepEqual((await store.load('d'))?.turns, c.turns);
    });
  });

  it('the index stays under 100 KB with 500 conversations with long titles', async function () {
    this.timeout(60_000);
    // The longest titles there are: 60 characters with quotes to escape, and 60 of 3 bytes each.
    const titles = [
      titleFrom('Why does my "async" generator in the "parser" leak memory when the consumer stops early'),
      titleFrom(
        '为什么我的异步生成器在消费者提前停止时会泄漏内存我应该怎么办才能解决这个问题呢请详细解释一下原因和修复方法谢谢你的帮助这个问题困扰我很久了真的',
      ),
    ];
    for (let i = 0; i < 500; i++) {
      const c = conversation(randomUUID(), titles[i % 2]!, Date.UTC(2026, 10, 27) + i * 1000);
      (c.turns[1] as { text: string }).text = 'x'.repeat(5_000);
      for (let t = 0; t < 40; t++) c.turns.push({ ...c.turns[0]!, id: `${c.id}-${t}` });
      await store.save(c);
    }
    assert.equal(store.list().length, 500);
    assert.equal(store.list()[0]?.title, '为什么我的异步生成器在消费者提前停止时会泄漏内存我…', 'long titles are cut in the index only');
    assert.equal(store.list()[1]?.title, titles[0]);
    const bytes = Buffer.byteLength(state.values.get(INDEX_KEY) ?? '', 'utf8');
    console.log(`      index with 500 conversations: ${(bytes / 1024).toFixed(1)} KB`);
    assert.ok(bytes < 100 * 1024, `${bytes} bytes`);
  });

  it('reads an index of the first format, and replaces it on the next write', async () => {
    const summary = { id: 'a', title: 'old format', createdAt: 1, updatedAt: 2, turnCount: 2, chars: 10 };
    await state.update('parley.index.v1', { version: 1, activeId: 'a', conversations: [summary] });
    assert.deepEqual(store.list(), [summary]);
    assert.equal(store.activeId(), 'a');
    await store.save(conversation('b', 'new', 5));
    assert.deepEqual(
      store.list().map((s) => s.id),
      ['b', 'a'],
    );
    assert.equal(store.activeId(), 'a');
    assert.equal(state.get('parley.index.v1'), undefined);
  });

  it('NUL bytes, emoji, right-to-left text and lone surrogates round-trip exactly', async () => {
    const hostile = 'NUL\u0000 emoji 👋🏽‍🚀 RTL مرحبا بالعالم \u202Eevil\u202C lone \uD800 and \uDFFF end';
    const c = conversation('unicode', hostile);
    c.turns[0] = {
      ...c.turns[0]!,
      text: hostile,
      context: [{ path: 'bin\u0000.dat', language: 'plaintext', startLine: 1, endLine: 1, text: hostile }],
    } as Conversation['turns'][number];
    await store.save(c);
    const reopened = new FileConversationStore(join(folder, 'storage'), state, () => undefined);
    assert.deepEqual(await reopened.load('unicode'), c);
    assert.equal(reopened.list()[0]?.title.slice(0, 10), hostile.slice(0, 10));
  });
});
