import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conversation } from '../../src/core/conversation';
import { newConversation } from '../../src/core/conversation';
import { FileConversationStore, INDEX_KEY } from '../../src/node/fileStore';
import { MemoryState } from '../support/memoryState';

function conversation(id: string, question: string, updatedAt = 1): Conversation {
  const c = newConversation(id, 1);
  c.title = question;
  c.updatedAt = updatedAt;
  c.turns.push({ id: `${id}-u`, role: 'user', text: question, context: [], createdAt: 1 });
  c.turns.push({ id: `${id}-a`, role: 'assistant', text: `Answer to ${question}`, status: 'complete', model: 'm', createdAt: 1 });
  return c;
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
    assert.deepEqual(store.list().map((c) => c.id), ['b']);
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
    assert.deepEqual(store.list().map((s) => [s.id, s.title, s.turnCount]), [['b', 'second', 2], ['a', 'first', 2]]);
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
    assert.deepEqual(store.list().map((s) => s.id), ['b']);
    assert.equal((await store.load('b'))?.title, 'second');
  });

  it('returns undefined for a conversation that has no file', async () => {
    assert.equal(await store.load('missing'), undefined);
    assert.deepEqual(problems, []);
  });

  it('refuses ids that could escape the folder', async () => {
    await assert.rejects(store.load('../../etc/passwd'), /Invalid conversation id/);
  });
});
