// Stored format 1 is what every Parley before format 2 saved. These files were written by that
// code (test/fixtures/v1, see its first commit): they must read, show the same text as they did
// then, and survive a save and load as the current format.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConversation } from '../../src/core/storedConversation';
import { FileConversationStore } from '../../src/node/fileStore';
import { turnView } from '../../src/vscode/turnViews';
import { MemoryState } from '../support/memoryState';
import { assertSameTranscripts, importedFixtureExport, useFixtureStore } from '../support/storedFixtures';
import type { Conversation } from '../../src/core/domain';
import type { TurnView } from '../../src/shared/protocol';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'v1');
/** The moment the fixtures were written at, and their views made. */
const THEN = 1_760_000_000_000;

const shownThen = async (): Promise<Record<string, TurnView[]>> => JSON.parse(await readFile(join(FIXTURES, 'shown.json'), 'utf8'));
const shownNow = (conversation: Conversation): TurnView[] => conversation.turns.map((turn) => turnView(turn, {}, THEN));

describe('Reading the conversations Parley saved in stored format 1', () => {
  let folder: string;
  let store: FileConversationStore;
  let ids: string[];
  const fixture = useFixtureStore(FIXTURES);
  beforeEach(() => ({ folder, store, ids } = fixture));

  it('the fixtures are format 1, with every failure the issue names', async () => {
    assert.deepEqual(ids, ['v1-001', 'v1-008', 'v1-013', 'v1-018']);
    const kinds: string[] = [];
    for (const id of ids) {
      const raw = JSON.parse(await readFile(join(folder, `${id}.json`), 'utf8'));
      assert.equal(raw.version, 1);
      for (const turn of raw.turns) if (turn.error) kinds.push(turn.error.kind);
    }
    assert.deepEqual(kinds.sort(), ['auth', 'bad-request', 'context-length', 'context-length', 'interrupted', 'interrupted', 'rate-limit']);
  });

  it('reads every v1 file as version 3, showing the same text, buttons and waits as the code that wrote it', async () => {
    const then = await shownThen();
    for (const id of ids) {
      const conversation = await store.load(id);
      assert.ok(conversation, id);
      assert.equal(conversation.version, 3, `${id} is read as version 3`);
      assert.deepEqual(shownNow(conversation), then[id], id);
    }
  });

  it('a saved v1 failure keeps its sentence as written, since it cannot be turned back into data', async () => {
    const conversation = (await store.load('v1-001'))!;
    const limited = conversation.turns[3];
    assert.ok(limited?.role === 'assistant');
    assert.deepEqual(limited.error, {
      kind: 'rate-limit',
      reason: 'saved',
      savedText: 'Rate limited by the server (429). Try again in 20 s. (Rate limit reached for gpt-4o.)',
      action: 'retry',
      retryAfterSeconds: 20,
    });
  });

  it('survives a save and a load as version 3: the file says 3, and nothing shown changes', async () => {
    const then = await shownThen();
    for (const id of ids) {
      const conversation = (await store.load(id))!;
      await store.save(conversation);
      const written = JSON.parse(await readFile(join(folder, `${id}.json`), 'utf8'));
      assert.equal(written.version, 3, id);
      assert.deepEqual(parseConversation(written), conversation, `${id} reads back as it was saved`);
      const reopened = new FileConversationStore(folder, new MemoryState(), (problem) => assert.fail(problem));
      await reopened.prepare();
      assert.deepEqual(shownNow((await reopened.load(id))!), then[id], id);
    }
  });

  it('makes the same Markdown transcript', () => assertSameTranscripts(FIXTURES, store, ids, THEN));

  it('imports a v1 export strictly, and its v3 export imports again the same', async () => {
    const imported = await importedFixtureExport(FIXTURES, ids, THEN);
    // What came from another window shows its text, without a button or a wait to act on.
    const then = await shownThen();
    for (const conversation of imported) {
      const views = shownNow(conversation);
      views.forEach((view, index) => {
        const before = then[conversation.id]![index]!;
        if (view.role !== 'assistant' || before.role !== 'assistant') return;
        assert.equal(view.error?.message, before.error?.message, `${conversation.id} turn ${index + 1}`);
        assert.equal(view.error?.action, undefined);
        assert.equal(view.error?.retryAfterSeconds, undefined);
      });
    }
  });
});
