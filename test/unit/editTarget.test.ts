import * as assert from 'node:assert/strict';
import type { EditTarget, QuestionCode, UriParts, WorkspaceFolders } from '../../src/core/editTarget';
import { replaceTarget } from '../../src/core/editTarget';
import { countBidiControls } from '../../src/shared/bidiControls';
import { parseUri } from '../support/uriParts';
import type { CodeContext } from '../../src/core/domain';

const folder = (path: string): UriParts => ({ scheme: 'file', authority: '', path, query: '', fragment: '' });
const A = folder('/ws/a');
const B = folder('/ws/b');

/** Two roots; `files` lists the relative paths each one holds. */
function workspace(files: Record<string, readonly string[]> = { '/ws/a': ['src/x.ts', 'same.ts'], '/ws/b': ['src/y.ts', 'same.ts'] }): WorkspaceFolders {
  return {
    folders: [A, B],
    parse: parseUri,
    hasFile: async (root, path) => (files[root.path] ?? []).includes(path),
  };
}

function context(fields: Partial<CodeContext>): CodeContext {
  return { path: 'src/x.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'let x = 1;', ...fields };
}

async function target(fields: Partial<CodeContext>, imported = false): Promise<EditTarget> {
  const question: QuestionCode = { context: context(fields), imported };
  return replaceTarget(question, workspace());
}

function refused(result: EditTarget, reason: RegExp): void {
  assert.equal(result.ok, false, `refused, not ${JSON.stringify(result)}`);
  if (!result.ok) assert.match(result.reason, reason);
}

describe('replaceTarget: the only document Replace Selection may edit', () => {
  it("is the question's document, by the URI recorded with it", async () => {
    assert.deepEqual(await target({ uri: 'file:///ws/a/src/x.ts' }), { ok: true, target: folder('/ws/a/src/x.ts') });
    assert.deepEqual(await target({ uri: 'file:///ws/b/src/x.ts', path: 'src/x.ts' }), { ok: true, target: folder('/ws/b/src/x.ts') });
  });

  it('in multi-root, never a same-named file of another root: the URI decides, not the path', async () => {
    assert.deepEqual(await target({ path: 'same.ts', uri: 'file:///ws/b/same.ts' }), { ok: true, target: folder('/ws/b/same.ts') });
  });

  it("refuses a URI outside the workspace's folders", async () => {
    refused(await target({ uri: 'file:///ws/outside.txt' }), /outside this workspace's folders/);
    refused(await target({ uri: 'file:///ws/ab/x.ts' }), /outside this workspace's folders/);
    refused(await target({ uri: 'file:///ws/a' }), /outside this workspace's folders/);
    refused(await target({ uri: 'file:///etc/passwd' }), /outside this workspace's folders/);
  });

  it('refuses dot segments, encoded or not, and backslashes', async () => {
    for (const uri of [
      'file:///ws/a/../outside.txt',
      'file:///ws/a/%2e%2e/outside.txt',
      'file:///ws/a/src/./x.ts',
      'file:///ws/a/src%5C..%5C..%5Cx',
      'file:///ws/a//x.ts',
    ]) {
      refused(await target({ uri }), /not a plain path/);
    }
  });

  it('refuses Git internals, however they are spelled', async () => {
    for (const uri of [
      'file:///ws/a/.git/config',
      'file:///ws/a/sub/.GIT/hooks/pre-commit',
      'file:///ws/a/.git./config',
      'file:///ws/a/.git%20/config',
      'file:///ws/a/.git::$INDEX_ALLOCATION/config',
      'file:///ws/a/GIT~1/config',
    ]) {
      refused(await target({ uri }), /Git/);
    }
  });

  it('refuses other schemes and authorities, a query or fragment, and what is not a URI', async () => {
    for (const uri of [
      'vscode-remote://host/ws/a/src/x.ts',
      'file://evil/ws/a/src/x.ts',
      'https://example.com/ws/a/src/x.ts',
      'command:workbench.action.terminal.new',
    ]) {
      refused(await target({ uri }), /outside this workspace's folders/);
    }
    refused(await target({ uri: 'file:///ws/a/src/x.ts?x=1' }), /not a plain path/);
    refused(await target({ uri: 'file:///ws/a/src/x.ts#L1' }), /not a plain path/);
    refused(await target({ uri: 'not a uri' }), /not a document address/);
  });

  it('allows an untitled editor: it is not a file, and nothing is saved', async () => {
    assert.deepEqual(await target({ uri: 'untitled:Untitled-1' }), {
      ok: true,
      target: { scheme: 'untitled', authority: '', path: 'Untitled-1', query: '', fragment: '' },
    });
  });

  it("refuses an imported conversation's code, whatever it says: it is history, not a target", async () => {
    refused(await target({ uri: 'file:///ws/a/src/x.ts' }, true), /imported/);
    refused(await target({}, true), /imported/);
  });

  it('refuses a question without code, and code cut to the limit', async () => {
    refused(await replaceTarget({ context: undefined, imported: false }, workspace()), /not about a selection/);
    refused(await target({ uri: 'file:///ws/a/src/x.ts', omittedLines: 3 }), /too large/);
  });

  describe('conversations saved before the URI was recorded', () => {
    it('resolve a plain relative path that exactly one folder holds', async () => {
      assert.deepEqual(await target({ path: 'src/y.ts' }), { ok: true, target: folder('/ws/b/src/y.ts') });
    });
    it('refuse a path that more than one folder holds, or none', async () => {
      refused(await target({ path: 'same.ts' }), /2 of this workspace's folders/);
      refused(await target({ path: 'src/gone.ts' }), /not found/);
    });
    it('refuse anything but a plain relative path', async () => {
      for (const path of [
        '../outside.txt',
        'src/../../outside.txt',
        '/etc/passwd',
        'C:\\Windows\\win.ini',
        'C:/x.ts',
        'src\\x.ts',
        './src/x.ts',
        'file:///ws/a/src/x.ts',
        '',
        '\\\\server\\share\\x',
      ]) {
        refused(await target({ path }), /not a plain path/);
      }
      refused(await target({ path: '.git/config' }), /Git/);
    });
  });
});

describe('countBidiControls', () => {
  it('counts the embedding, override and isolate controls and the directional marks', () => {
    assert.equal(countBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u202E'), 5);
    assert.equal(countBidiControls('\u2066\u2067\u2068\u2069'), 4);
    assert.equal(countBidiControls('\u200E\u200F\u061C'), 3);
  });
  it('counts nothing in plain code, right-to-left letters and emoji included', () => {
    assert.equal(countBidiControls('const greeting = "مرحبا"; // 🚀'), 0);
    assert.equal(countBidiControls(''), 0);
  });
});
