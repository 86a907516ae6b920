// Finding other tools' histories on disk: the real places, counted without reading the files.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findImportSources } from '../../src/node/importSources';

describe('import sources on this machine', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'parley-sources-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const file = (path: string, text = 'not read while listing') => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('counts VS Code chat sessions, Continue sessions, Cline and Roo Code tasks where those tools keep them', async () => {
    file('User/globalStorage/parley.parley/keep');
    file('User/workspaceStorage/ws1/chatSessions/a.json');
    file('User/workspaceStorage/ws1/chatSessions/b.json');
    file('User/workspaceStorage/ws2/chatSessions/c.json');
    // Newer VS Code writes a log; a session with both files is one session.
    file('User/workspaceStorage/ws2/chatSessions/e.jsonl');
    file('User/workspaceStorage/ws2/chatSessions/c.jsonl');
    file('User/workspaceStorage/ws2/chatSessions/notes.txt');
    file('User/globalStorage/emptyWindowChatSessions/d.json');
    file('home/.continue/sessions/sessions.json', '[]');
    file('home/.continue/sessions/s1.json');
    file('User/globalStorage/saoudrizwan.claude-dev/tasks/1/api_conversation_history.json');
    file('User/globalStorage/saoudrizwan.claude-dev/tasks/2/ui_messages.json');
    file('User/globalStorage/rooveterinaryinc.roo-cline/tasks/9/api_conversation_history.json');
    const sources = await findImportSources({
      globalStorage: join(root, 'User/globalStorage/parley.parley'),
      workspaceStorage: join(root, 'User/workspaceStorage/ws1/parley.parley'),
      home: join(root, 'home'),
    });
    assert.deepEqual(
      sources.map((s) => [s.kind, s.count]),
      [
        ['vscode-chat', 5],
        ['continue', 1],
        ['cline', 2],
        ['roo', 1],
      ],
    );
    const cline = await sources[2]!.files();
    assert.deepEqual(
      cline.map((f) => [f.path.slice(root.length), f.format]),
      [
        ['/User/globalStorage/saoudrizwan.claude-dev/tasks/1/api_conversation_history.json', 'cline-task'],
        ['/User/globalStorage/saoudrizwan.claude-dev/tasks/2/ui_messages.json', 'cline-ui'],
      ],
    );
    assert.deepEqual(
      (await sources[1]!.files()).map((f) => f.format),
      ['continue'],
    );
  });

  it('finds nothing where nothing is', async () => {
    assert.deepEqual(await findImportSources({ globalStorage: join(root, 'gs/parley.parley'), home: join(root, 'home') }), []);
  });
});
