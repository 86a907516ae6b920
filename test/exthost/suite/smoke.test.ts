// The first thing to know in a real editor: Parley is installed, activates, and registers its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'parley.parley';

describe('Parley in a real extension host', () => {
  it('is present and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers parley.openChat', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('parley.openChat'), 'parley.openChat is not among the registered commands');
  });
});
