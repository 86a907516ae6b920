// Stored format 2 is what every Parley before branches saved. These files were written by that code
// (test/fixtures/v2, see its first commit): they must read as format 3 unchanged, show and export
// the same as they did then, and survive a save and load as format 3.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConversation } from '../../src/core/storedConversation';
import { conversationView } from '../../src/vscode/turnViews';
import { assertSameTranscripts, importedFixtureExport, useFixtureStore } from '../support/storedFixtures';
import type { Conversation } from '../../src/core/domain';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'v2');
/** The moment the fixtures were written at, and their views made. */
const THEN = 1_770_000_000_000;

const shownNow = (conversation: Conversation) => conversationView({ conversation, busy: false, attachments: [] }, {}, THEN).turns;

describe('Reading the conversations Parley saved in stored format 2', () => {
  const fixture = useFixtureStore(FIXTURES);

  it('reads every v2 file as version 3, with the same content and nothing shown changed', async () => {
    assert.deepEqual(fixture.ids, ['v2-001', 'v2-010']);
    const then = JSON.parse(await readFile(join(FIXTURES, 'shown.json'), 'utf8'));
    for (const id of fixture.ids) {
      const raw = JSON.parse(await readFile(join(fixture.folder, `${id}.json`), 'utf8'));
      assert.equal(raw.version, 2);
      const conversation = await fixture.store.load(id);
      assert.ok(conversation, id);
      assert.deepEqual(conversation, { ...raw, version: 3 }, `${id} reads unchanged but for its version`);
      assert.equal(conversation.branches, undefined, 'format 2 had no branches');
      assert.deepEqual(shownNow(conversation), then[id], id);
    }
  });

  it('survives a save and a load as version 3', async () => {
    for (const id of fixture.ids) {
      const conversation = (await fixture.store.load(id))!;
      await fixture.store.save(conversation);
      const written = JSON.parse(await readFile(join(fixture.folder, `${id}.json`), 'utf8'));
      assert.equal(written.version, 3, id);
      assert.deepEqual(parseConversation(written), conversation, `${id} reads back as it was saved`);
    }
  });

  it('makes the same Markdown transcript', () => assertSameTranscripts(FIXTURES, fixture.store, fixture.ids, THEN));

  it('imports a v2 export strictly, and its v3 export imports again the same', async () => {
    const imported = await importedFixtureExport(FIXTURES, fixture.ids, THEN);
    assert.ok(imported.every((c) => c.imported?.file === 'export.json'));
  });

  it('refuses branches in a file that says version 2: that version had none', () => {
    const raw = { version: 2, id: 'a', title: 't', createdAt: 0, updatedAt: 0, turns: [], branches: { offPath: [], points: [] } };
    assert.throws(() => parseConversation(raw, 'import'), /unknown key branches/);
  });
});
