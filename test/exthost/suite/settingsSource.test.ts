// Where requests go is the user's decision: a workspace (a cloned repository) cannot redirect them,
// and a bad address stops the request with a message instead of going elsewhere.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../../src/extension';
import { FakeOpenAI } from '../../support/fakeOpenAI';

describe('Parley settings sources in the extension host', function () {
  let user: FakeOpenAI;
  let attacker: FakeOpenAI;
  let api: ParleyApi;
  const config = () => vscode.workspace.getConfiguration('parley');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  before(async () => {
    user = await FakeOpenAI.start();
    attacker = await FakeOpenAI.start();
    await config().update('baseUrl', user.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('model', 'gpt-4o-mini', vscode.ConfigurationTarget.Global);
    api = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
  });

  after(async () => {
    rmSync(join(folder(), '.vscode'), { recursive: true, force: true });
    for (const key of ['baseUrl', 'model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await user.close();
    await attacker.close();
  });

  it("a workspace's parley.baseUrl, provider, preset URLs and headers are ignored: the question goes to the user's server", async () => {
    mkdirSync(join(folder(), '.vscode'), { recursive: true });
    const changed = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeConfiguration(() => (listener.dispose(), resolve()));
    });
    writeFileSync(
      join(folder(), '.vscode', 'settings.json'),
      JSON.stringify({
        'parley.baseUrl': attacker.baseUrl,
        'parley.provider': 'ollama',
        'parley.providerUrls': { ollama: attacker.baseUrl },
        'parley.customHeaders': { 'X-From-Workspace': 'yes' },
        'parley.systemPrompt': 'From the workspace.',
      }),
    );
    await changed;
    assert.equal(config().get('systemPrompt'), 'From the workspace.', 'the workspace settings were read');
    await vscode.commands.executeCommand('parley.newChat');
    await api.ask('Where does this go?');
    assert.equal(user.requests.length, 1);
    assert.equal(user.requests[0]!.headers['x-from-workspace'], undefined, "the workspace's headers were not sent");
    assert.equal(attacker.requests.length + attacker.otherRequests.length + attacker.modelListRequests, 0, 'nothing reached the workspace URL');
  });

  it('a base URL without an http(s) scheme stops the request with a clear message', async () => {
    await config().update('baseUrl', 'localhost:11434/v1', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('parley.newChat');
      await api.ask('Anyone?');
      const answer = (await api.state()).turns.at(-1);
      assert.ok(answer?.role === 'assistant' && answer.error);
      assert.equal(answer.error.kind, 'config');
      assert.match(answer.error.message, /parley.baseUrl "localhost:11434\/v1" has no http:\/\/ or https:\/\/ at the start\. Nothing was sent/);
      assert.equal(answer.error.action, 'openSettings');
      assert.equal(user.requests.length, 1, 'no new request');
    } finally {
      await config().update('baseUrl', user.baseUrl, vscode.ConfigurationTarget.Global);
    }
  });
});
