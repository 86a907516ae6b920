// Stored format 2 is what every Parley before branches saved. These files were written by that code
// (test/fixtures/v2, see its first commit): they must read as format 3 unchanged, show and export
// the same as they did then, and survive a save and load as format 3.
import * as assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExport, toExportJson } from '../../src/core/exchange';
import { parseConversation } from '../../src/core/storedConversation';
import { toMarkdown } from '../../src/core/transcript';
import { FileConversationStore } from '../../src/node/fileStore';
import { conversationView } from '../../src/vscode/turnViews';
import { MemoryState } from '../support/memoryState';
import type { Conversation } from '../../src/core/domain';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'v2');
/** The moment the fixtures were written at, and their views made. */
const THEN = 1_770_000_000_000;

const shownNow = (conversation: Conversation) => conversationView({ conversation, busy: false, attachments: [] }, {}, THEN).turns;

describe('Reading the conversations Parley saved in stored format 2', () => {
  let folder: string;
  let store: FileConversationStore;
  let ids: string[];
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-v2-'));
    await cp(join(FIXTURES, 'storage'), folder, { recursive: true });
    store = new FileConversationStore(folder, new MemoryState(), (problem) => assert.fail(problem));
    await store.prepare();
    ids = (await readdir(folder)).map((file) => file.replace(/\.json$/, '')).sort();
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('reads every v2 file as version 3, with the same content and nothing shown changed', async () => {
    assert.deepEqual(ids, ['v2-001', 'v2-010']);
    const then = JSON.parse(await readFile(join(FIXTURES, 'shown.json'), 'utf8'));
    for (const id of ids) {
      const raw = JSON.parse(await readFile(join(folder, `${id}.json`), 'utf8'));
      assert.equal(raw.version, 2);
      const conversation = await store.load(id);
      assert.ok(conversation, id);
      assert.deepEqual(conversation, { ...raw, version: 3 }, `${id} reads unchanged but for its version`);
      assert.equal(conversation.branches, undefined, 'format 2 had no branches');
      assert.deepEqual(shownNow(conversation), then[id], id);
    }
  });

  it('survives a save and a load as version 3', async () => {
    for (const id of ids) {
      const conversation = (await store.load(id))!;
      await store.save(conversation);
      const written = JSON.parse(await readFile(join(folder, `${id}.json`), 'utf8'));
      assert.equal(written.version, 3, id);
      assert.deepEqual(parseConversation(written), conversation, `${id} reads back as it was saved`);
    }
  });

  it('makes the same Markdown transcript', async () => {
    const then = (await readFile(join(FIXTURES, 'transcripts.md'), 'utf8')).split('\n---\n\n');
    const now: string[] = [];
    for (const id of ids) now.push(toMarkdown((await store.load(id))!, new Date(THEN)));
    assert.deepEqual(now, then);
  });

  it('imports a v2 export strictly, and its v3 export imports again the same', async () => {
    const origin = { file: 'export.json', at: THEN };
    const imported = parseExport(await readFile(join(FIXTURES, 'export.json'), 'utf8'), origin);
    assert.deepEqual(
      imported.map((c) => [c.id, c.version]),
      ids.map((id) => [id, 3]),
    );
    const text = toExportJson(imported, new Date(THEN));
    assert.equal(JSON.parse(text).version, 3);
    assert.deepEqual(parseExport(text, origin), imported);
  });

  it('refuses branches in a file that says version 2: that version had none', () => {
    const raw = { version: 2, id: 'a', title: 't', createdAt: 0, updatedAt: 0, turns: [], branches: { offPath: [], points: [] } };
    assert.throws(() => parseConversation(raw, 'import'), /unknown key branches/);
  });
});
