// The clear messages of the context sources when there is nothing to attach, in a real extension
// host: the suite's workspace is no Git repository and has no terminal open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EditorContext } from '../../../src/vscode/contextSources';

describe('More context says why there is nothing to attach', function () {
  this.timeout(30_000);

  it('no Git repository, no terminal, and a file outside any repository', async () => {
    const editorContext = new EditorContext();
    try {
      assert.equal(await editorContext.find('changes'), 'This workspace is not a Git repository, so it has no changes to attach.');
      assert.equal(await editorContext.find('stagedChanges'), 'This workspace is not a Git repository, so it has no changes to attach.');
      assert.equal(vscode.window.activeTerminal, undefined, 'the suite opens no terminal');
      assert.equal(await editorContext.find('terminal'), 'No terminal is open.');
      const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'x' });
      await vscode.window.showTextDocument(document);
      assert.match(String(await editorContext.find('fileChanges')), /^Untitled-\d+ is not in a Git repository\.$/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      editorContext.dispose();
    }
  });
});
