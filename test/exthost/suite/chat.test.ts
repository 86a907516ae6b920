// The chat through the real VS Code API, against a local OpenAI-compatible server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../../src/extension';
import type { AssistantTurnView, Snapshot } from '../../../src/shared/protocol';
import { FakeOpenAI } from '../../support/fakeOpenAI';
import { until } from '../../support/until';

type Message = { role: string; content: string };

function messagesOf(index: number, fake: FakeOpenAI): Message[] {
  return (fake.requests[index]?.body as { messages: Message[] }).messages;
}

function lastAnswer(state: Snapshot): AssistantTurnView {
  const last = state.turns.at(-1);
  assert.ok(last?.role === 'assistant', 'the last turn is an answer');
  return last;
}

function parleyTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('parley.chat'));
}

describe('Parley chat in the extension host', function () {
  let fake: FakeOpenAI;
  let api: ParleyApi;
  const config = () => vscode.workspace.getConfiguration('parley');

  before(async () => {
    fake = await FakeOpenAI.start();
    await config().update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('model', 'gpt-4o-mini', vscode.ConfigurationTarget.Global);
    await config().update('systemPrompt', 'You are a test assistant.', vscode.ConfigurationTarget.Global);
    await config().update('examples', [{ user: 'Example question', assistant: 'Example answer' }], vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<ParleyApi>('parley.parley');
    assert.ok(extension, 'Parley is installed');
    api = await extension.activate();
  });

  beforeEach(async () => {
    fake.reset();
    await vscode.commands.executeCommand('parley.newChat');
  });

  after(async () => {
    for (const key of ['baseUrl', 'model', 'systemPrompt', 'examples']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('Open Chat shows one Parley panel, however often it runs', async () => {
    await vscode.commands.executeCommand('parley.openChat');
    await vscode.commands.executeCommand('parley.openChat');
    await until(() => parleyTabs().length === 1, 'one Parley tab');
  });

  it('asks, streams the answer, and sends the history with a follow-up', async () => {
    fake.script({ kind: 'reply', text: 'Nice to meet you, Ada.' }, { kind: 'reply', text: 'Your name is Ada.' });
    await api.ask('Hi, my name is Ada.');
    await api.ask('What is my name?');
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(messagesOf(1, fake), [
      { role: 'system', content: 'You are a test assistant.' },
      { role: 'user', content: 'Example question' },
      { role: 'assistant', content: 'Example answer' },
      { role: 'user', content: 'Hi, my name is Ada.' },
      { role: 'assistant', content: 'Nice to meet you, Ada.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    const body = fake.requests[1]?.body as { model: string; stream: boolean };
    assert.equal(body.model, 'gpt-4o-mini');
    assert.equal(body.stream, true);
    const state = await api.state();
    assert.equal(state.title, 'Hi, my name is Ada.');
    assert.deepEqual(
      state.turns.map((t) => `${t.role}: ${t.text}`),
      ['user: Hi, my name is Ada.', 'assistant: Nice to meet you, Ada.', 'user: What is my name?', 'assistant: Your name is Ada.'],
      'examples are sent but never shown as turns',
    );
    assert.equal(lastAnswer(state).status, 'complete');
  });

  it('asks about the selection with its language, path and lines', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has a workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'src', 'selection-sample.ts');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('// header\nexport function add(a: number, b: number) {\n  return a + b;\n}\n'));
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(1, 0, 4, 0);
    fake.script({ kind: 'reply', text: 'It adds two numbers.' });
    await vscode.commands.executeCommand('parley.askAboutSelection', 'What does this do?');
    await fake.waitForRequests(1);
    await until(async () => lastAnswer(await api.state()).status === 'complete', 'the answer');
    const question = messagesOf(0, fake).at(-1);
    assert.deepEqual(question, {
      role: 'user',
      content:
        'What does this do?\n\nFrom `src/selection-sample.ts` (lines 2-4):\n```typescript\nexport function add(a: number, b: number) {\n  return a + b;\n}\n```',
    });
  });

  it('Add Selection to Chat attaches a chip without sending; the next question carries it', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'def f():\n    return 1\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 1, 12);
    await vscode.commands.executeCommand('parley.addSelection');
    const state = await api.state();
    assert.equal(state.attachments.length, 1);
    assert.match(state.attachments[0]!.label, /^Untitled-\d+ \(lines 1-2\)$/);
    assert.equal(fake.requests.length, 0, 'nothing was sent');
    fake.script({ kind: 'reply', text: 'Returns one.' });
    await api.ask('And this?');
    assert.match(messagesOf(0, fake).at(-1)!.content, /^And this\?\n\nFrom `Untitled-\d+` \(lines 1-2\):\n```python\ndef f\(\):\n    return 1\n```$/);
    assert.equal((await api.state()).attachments.length, 0);
  });

  it('keeps the conversation when the panel is closed and opened again', async () => {
    fake.script({ kind: 'reply', text: 'Remembered.' });
    await api.ask('Remember this.');
    const before = await api.state();
    await vscode.window.tabGroups.close(parleyTabs());
    await until(() => parleyTabs().length === 0, 'the panel to close');
    await vscode.commands.executeCommand('parley.openChat');
    await until(() => parleyTabs().length === 1, 'the panel to open');
    const after = await api.state();
    assert.equal(after.conversationId, before.conversationId);
    assert.deepEqual(
      after.turns.map((t) => t.text),
      ['Remember this.', 'Remembered.'],
    );
  });

  it('New Chat starts an empty conversation', async () => {
    fake.script({ kind: 'reply', text: 'one' });
    await api.ask('first chat');
    const first = (await api.state()).conversationId;
    await vscode.commands.executeCommand('parley.newChat');
    const state = await api.state();
    assert.notEqual(state.conversationId, first);
    assert.equal(state.turns.length, 0);
  });

  it('exports the conversation as a Markdown script', async () => {
    fake.script({ kind: 'reply', text: 'Hello, Ada.' });
    await api.ask('Hi, my name is Ada.');
    await vscode.commands.executeCommand('parley.exportChat');
    await until(() => vscode.window.activeTextEditor?.document.languageId === 'markdown', 'the exported document');
    const text = vscode.window.activeTextEditor!.document.getText();
    assert.match(text, /^# Hi, my name is Ada\.\n/);
    assert.ok(text.indexOf('**User:** Hi, my name is Ada.') < text.indexOf('**Assistant:** Hello, Ada.'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a refused key becomes a message with Set API Key; the question is kept', async () => {
    fake.script({ kind: 'status', status: 401 });
    await api.ask('Are you there?');
    const state = await api.state();
    assert.equal(state.turns[0]?.text, 'Are you there?');
    const answer = lastAnswer(state);
    assert.equal(answer.status, 'error');
    assert.equal(answer.error?.kind, 'auth');
    assert.equal(answer.error?.action, 'setApiKey');
    assert.match(answer.error!.message, /refused the API key \(401\)/);
  });
});
