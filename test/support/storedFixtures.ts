// What the migration tests check of every older stored format's fixtures (test/fixtures/v<N>):
// the same Markdown transcript as then, and an export that imports as the current format and again.
import * as assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExport, toExportJson } from '../../src/core/exchange';
import { STORED_VERSION } from '../../src/core/domain';
import type { Conversation } from '../../src/core/domain';
import type { ConversationStore } from '../../src/core/store';
import { toMarkdown } from '../../src/core/transcript';
import { FileConversationStore } from '../../src/node/fileStore';
import { MemoryState } from './memoryState';

/** The transcripts of the stored conversations `ids`, exported at `then`, are those the fixtures' code wrote. */
export async function assertSameTranscripts(fixtures: string, store: ConversationStore, ids: readonly string[], then: number): Promise<void> {
  const written = (await readFile(join(fixtures, 'transcripts.md'), 'utf8')).split('\n---\n\n');
  const now: string[] = [];
  for (const id of ids) now.push(toMarkdown((await store.load(id))!, new Date(then)));
  assert.deepEqual(now, written);
}

/** The fixtures' export, imported strictly: every conversation in the current format; its export imports again the same. */
export async function importedFixtureExport(fixtures: string, ids: readonly string[], then: number): Promise<Conversation[]> {
  const origin = { file: 'export.json', at: then };
  const imported = parseExport(await readFile(join(fixtures, 'export.json'), 'utf8'), origin);
  assert.deepEqual(
    imported.map((c) => [c.id, c.version]),
    ids.map((id) => [id, STORED_VERSION]),
  );
  const text = toExportJson(imported, new Date(then));
  assert.equal(JSON.parse(text).version, STORED_VERSION);
  assert.deepEqual(parseExport(text, origin), imported);
  return imported;
}

/** The stored conversations of a fixture folder, copied for each test into a folder of its own and read by the file store. */
export interface FixtureStore {
  folder: string;
  store: FileConversationStore;
  ids: string[];
}

/** Registers the hooks that copy `fixtures`' storage for each test; the returned object is filled in before it. */
export function useFixtureStore(fixtures: string): FixtureStore {
  const fixture = {} as FixtureStore;
  beforeEach(async () => {
    fixture.folder = await mkdtemp(join(tmpdir(), 'parley-fixtures-'));
    await cp(join(fixtures, 'storage'), fixture.folder, { recursive: true });
    fixture.store = new FileConversationStore(fixture.folder, new MemoryState(), (problem) => assert.fail(problem));
    await fixture.store.prepare();
    fixture.ids = (await readdir(fixture.folder)).map((file) => file.replace(/\.json$/, '')).sort();
  });
  afterEach(() => rm(fixture.folder, { recursive: true, force: true }));
  return fixture;
}
