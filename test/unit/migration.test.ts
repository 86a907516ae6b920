import * as assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExport } from '../../src/core/exchange';
import { FileConversationStore } from '../../src/node/fileStore';
import { MemoryState } from '../support/memoryState';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'v1');

describe('Reading the conversations Parley saved in stored format 1', () => {
  let folder: string;
  let store: FileConversationStore;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-v1-'));
    await cp(join(FIXTURES, 'storage'), folder, { recursive: true });
    store = new FileConversationStore(folder, new MemoryState(), (problem) => assert.fail(problem));
    await store.prepare();
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('reads every v1 file as version 2, and saves it back as version 2', async () => {
    const ids = (await readdir(folder)).map((file) => file.replace(/\.json$/, ''));
    assert.equal(ids.length, 4);
    for (const id of ids) {
      const conversation = await store.load(id);
      assert.ok(conversation, id);
      assert.equal(conversation.version, 2, `${id} is read as version 2`);
      await store.save(conversation);
      assert.equal(JSON.parse(await readFile(join(folder, `${id}.json`), 'utf8')).version, 2);
    }
  });

  it('imports a v1 export', async () => {
    const text = await readFile(join(FIXTURES, 'export.json'), 'utf8');
    const conversations = parseExport(text, { file: 'export.json', at: 1 });
    assert.equal(conversations.length, 4);
    for (const conversation of conversations) assert.equal(conversation.version, 2);
  });
});
