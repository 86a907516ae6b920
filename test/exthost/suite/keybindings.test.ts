// Parley's default shortcut must not take a key that VS Code itself already uses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

interface Keybinding {
  readonly key: string;
  readonly command: string;
}

describe('Parley keybindings', () => {
  it('the Open Chat shortcut clashes with no default keybinding of this VS Code', async () => {
    const manifest = vscode.extensions.getExtension('parley.parley')?.packageJSON as { contributes: { keybindings: { key: string; command: string }[] } };
    const ours = manifest.contributes.keybindings.find((k) => k.command === 'parley.openChat');
    assert.ok(ours, 'Parley contributes a shortcut for Open Chat');
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document && /keybindings/i.test(document.uri.toString()), 'the default keybindings are open');
    // The document is JSON with line comments; each binding is one object.
    const bindings = JSON.parse(document.getText().replace(/^\s*\/\/.*$/gm, '')) as Keybinding[];
    assert.ok(bindings.length > 500, `read ${bindings.length} default keybindings`);
    const clashes = bindings.filter((b) => b.key === ours.key && b.command !== 'parley.openChat' && !b.command.startsWith('-'));
    assert.deepEqual(clashes, [], `${ours.key} is free`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
