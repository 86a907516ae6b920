// `@parley` in VS Code's own Chat view, sent as a user sends it (the Chat view's open command with
// a query), answered by a scripted model that the fixture extension (test/exthost/lmProvider)
// registers, as Copilot or a bring-your-own-key provider would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../../src/extension';
import type { Script } from '../../support/fakeOpenAI';
import { FakeOpenAI } from '../../support/fakeOpenAI';
import { until } from '../../support/until';

interface FixtureApi {
  registerProvider(provider: vscode.LanguageModelChatProvider): vscode.Disposable;
}
type Answer = (report: (text: string) => void, token: vscode.CancellationToken) => Promise<void>;

// Agent mode, where the Chat view opens, lists only models that can call tools.
const MODEL: vscode.LanguageModelChatInformation = {
  id: 'parley-test-agent-model',
  name: 'Parley Test Agent Model',
  family: 'parley-test',
  version: '1',
  maxInputTokens: 8192,
  maxOutputTokens: 1024,
  capabilities: { toolCalling: true },
};

// Most small local models cannot call tools: Agent mode leaves them out, Ask mode lists them.
const CHAT_ONLY_MODEL: vscode.LanguageModelChatInformation = { ...MODEL, id: 'parley-test-chat-model', name: 'Parley Test Chat Model', capabilities: {} };

function textOf(message: vscode.LanguageModelChatRequestMessage): string {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

function roleOf(message: vscode.LanguageModelChatRequestMessage): string {
  return message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user';
}

/** Sends a request to the Chat view as typed there (with files attached), and resolves with its result once it has ended. */
async function send(query: string, attachFiles: readonly vscode.Uri[] = []): Promise<vscode.ChatResult> {
  const result = await vscode.commands.executeCommand<vscode.ChatResult | undefined>('workbench.action.chat.open', {
    query,
    isPartialQuery: false,
    blockOnResponse: true,
    attachFiles,
  });
  assert.ok(result, `the Chat view returned a result for ${query}`);
  return result;
}

describe('@parley in VS Code’s Chat view', function () {
  this.timeout(60_000);
  let registration: vscode.Disposable;
  let answer: Answer;
  const received: (readonly vscode.LanguageModelChatRequestMessage[])[] = [];
  /** The model of each request, in order. */
  const answeredBy: string[] = [];

  before(async () => {
    const fixture = vscode.extensions.getExtension<FixtureApi>('parley-test.parley-test-language-models');
    assert.ok(fixture, 'the test fixture extension is loaded next to Parley');
    registration = (await fixture.activate()).registerProvider({
      provideLanguageModelChatInformation: () => [MODEL, CHAT_ONLY_MODEL],
      provideLanguageModelChatResponse: (model, messages, _options, progress, token) => {
        received.push([...messages]);
        answeredBy.push(model.id);
        return answer((text) => progress.report(new vscode.LanguageModelTextPart(text)), token);
      },
      provideTokenCount: async (_model, text) => (typeof text === 'string' ? text : textOf(text)).length / 4,
    });
    await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
    await until(async () => (await vscode.lm.selectChatModels({ id: MODEL.id })).length > 0, 'the test model');
    await vscode.commands.executeCommand('workbench.action.chat.open');
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
  });

  after(() => registration.dispose());

  beforeEach(async () => {
    received.length = 0;
    answeredBy.length = 0;
    // The Chat view attaches the active editor's selection by itself: no test leaves one for the next.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('answers with the profile’s system message and examples, then the chat’s history, and keeps it in Parley’s history', async () => {
    const profile = await send('@parley /profile Data science tutor');
    assert.equal(profile.errorDetails, undefined);
    answer = async (report) => report('A p-value is the chance of data this extreme if nothing is going on.');
    const first = await send('@parley What is a p-value?');
    assert.equal(first.errorDetails, undefined, first.errorDetails?.message);
    answer = async (report) => report('The chance of results this extreme by luck alone.');
    const second = await send('@parley Summarize that in one sentence.');
    assert.equal(second.errorDetails, undefined, second.errorDetails?.message);

    assert.equal(received.length, 2);
    const sent = received[1]!.map((m) => [roleOf(m), textOf(m)]);
    // The Language Model API has no system role: the system message is the opening User message.
    assert.match(sent[0]![1], /tutor/i, `the profile's system message opens the request: ${sent[0]![1]}`);
    assert.deepEqual(
      sent.slice(0, 3).map(([role]) => role),
      ['user', 'user', 'assistant'],
      'the system message, then the profile’s example pair',
    );
    assert.deepEqual(sent.slice(3), [
      ['user', 'What is a p-value?'],
      ['assistant', 'A p-value is the chance of data this extreme if nothing is going on.'],
      ['user', 'Summarize that in one sentence.'],
    ]);

    // The same chat is one conversation, marked as from the Chat view; it opens in Parley's panel.
    assert.equal(first.metadata?.conversationId, second.metadata?.conversationId);
    const parley = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
    await vscode.commands.executeCommand('parley.openConversation', second.metadata?.conversationId);
    const state = await parley.state();
    assert.deepEqual(
      state.turns.map((t) => t.text),
      [
        'What is a p-value?',
        'A p-value is the chance of data this extreme if nothing is going on.',
        'Summarize that in one sentence.',
        'The chance of results this extreme by luck alone.',
      ],
    );
    assert.equal(state.steering.profile, 'Data science tutor');
  });

  it('sends an attached file, and an attached selection, with its path and lines', async () => {
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'src', 'math.ts');
    answer = async (report) => report('It adds and it recurses.');
    const whole = await send('@parley What does this do?', [file]);
    assert.equal(whole.errorDetails, undefined, whole.errorDetails?.message);
    const fileQuestion = textOf(received[0]!.at(-1)!);
    assert.match(fileQuestion, /^What does this do\?\n\nThe file `src\/math\.ts`:\n```typescript\nexport function add\(a: number, b: number\)/);

    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    // As a user does: select the lines, then Add Selection to Chat from the editor's menu.
    const editor = await vscode.window.showTextDocument(file);
    editor.selection = new vscode.Selection(4, 0, 5, editor.document.lineAt(5).text.length);
    await vscode.commands.executeCommand('workbench.action.chat.attachSelection');
    const part = await send('@parley And this?');
    assert.equal(part.errorDetails, undefined, part.errorDetails?.message);
    const selectionQuestion = textOf(received[1]!.at(-1)!);
    assert.match(selectionQuestion, /src\/math\.ts.*lines 5-6/, selectionQuestion);
    assert.match(selectionQuestion, /fibonacci\(n - 1\)/);
    assert.doesNotMatch(selectionQuestion, /function add/, 'only the selected lines');
    // The Chat view also attaches the active editor's selection by itself: it goes once.
    assert.equal(selectionQuestion.split('fibonacci(n - 1)').length, 2, selectionQuestion);
  });

  it('sends nothing for @parley with no question and nothing attached', async () => {
    answer = async (report) => report('Should not be asked.');
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    const result = await vscode.commands.executeCommand<vscode.ChatResult | undefined>('workbench.action.chat.open', {
      query: '@parley ',
      isPartialQuery: false,
      blockOnResponse: true,
    });
    assert.equal(result?.errorDetails, undefined);
    assert.equal(received.length, 0, 'the model was not asked');
  });

  it('Stop cancels the model’s request and keeps what arrived', async () => {
    let cancelled = false;
    answer = async (report, token) => {
      report('The beginning');
      await new Promise<void>((resolve) => token.onCancellationRequested(() => resolve()));
      cancelled = true;
    };
    const sending = send('@parley Tell me a long story.');
    await until(() => received.length > 0, 'the request to reach the model');
    await vscode.commands.executeCommand('workbench.action.chat.cancel');
    await sending;
    await until(() => cancelled, 'the model to see its request cancelled');
  });

  it('says what failed in Parley’s words', async () => {
    answer = async () => {
      throw vscode.LanguageModelError.Blocked('Monthly quota used up');
    };
    const result = await send('@parley Anything?');
    assert.match(result.errorDetails?.message ?? '', /refused the request to Parley Test Agent Model \(Monthly quota used up\)/);
  });

  it('answers through a chat-only model in Ask mode, where Parley: Chat in VS Code’s Chat View opens it', async () => {
    const chatOnly = { vendor: 'parley-test', id: CHAT_ONLY_MODEL.id, family: CHAT_ONLY_MODEL.family };
    // The trap: in Agent mode, where the Chat view opens, the chat-only model is not used.
    await vscode.commands.executeCommand('workbench.action.chat.open', { mode: 'agent' });
    await vscode.commands.executeCommand('workbench.action.chat.changeModel', chatOnly);
    answer = async (report) => report('Agent mode answered.');
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@parley Hello?', isPartialQuery: false, blockOnResponse: true });
    assert.ok(!answeredBy.includes(CHAT_ONLY_MODEL.id), `Agent mode used the chat-only model: ${JSON.stringify(answeredBy)}`);
    answeredBy.length = 0;

    await vscode.commands.executeCommand('parley.chatInChatView');
    await vscode.commands.executeCommand('workbench.action.chat.changeModel', chatOnly);
    answer = async (report) => report('Hello from a small model.');
    const result = await send('@parley Hello?');
    assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
    assert.deepEqual(answeredBy, [CHAT_ONLY_MODEL.id]);
  });
});

describe('@parley in VS Code’s Chat view, with one of Parley’s own models', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  const config = () => vscode.workspace.getConfiguration('parley');

  before(async () => {
    fake = await FakeOpenAI.start();
    fake.setModels([
      { id: 'tool-model', context_length: 32_000, supported_parameters: ['tools'] },
      { id: 'small-model', context_length: 2_000, supported_parameters: ['tools'] },
    ]);
    await config().update('provider', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', fake.baseUrl, vscode.ConfigurationTarget.Global);
    await until(async () => (await vscode.lm.selectChatModels({ vendor: 'parley', id: 'custom/tool-model' })).length > 0, 'Parley’s model in the picker');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.chat.open', { mode: 'agent' });
    await vscode.commands.executeCommand('workbench.action.chat.changeModel', { vendor: 'parley', id: 'custom/tool-model', family: 'tool-model' });
    await send('@parley /profile Data science tutor');
  });

  beforeEach(async () => {
    fake.reset();
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
  });

  after(async () => {
    for (const key of ['provider', 'baseUrl']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('sends to Parley’s provider directly, with a real system message', async () => {
    fake.script({ kind: 'reply', text: 'The chance of data this extreme by luck.' });
    const result = await send('@parley What is a p-value?');
    assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
    const body = fake.requests.at(-1)?.body as { model: string; messages: { role: string; content: string }[] };
    assert.equal(body.model, 'tool-model');
    assert.equal(body.messages[0]?.role, 'system');
    assert.match(body.messages[0]!.content, /tutor/i, 'the profile picked with /profile steers it');
    assert.deepEqual(body.messages.at(-1), { role: 'user', content: 'What is a p-value?' });
  });

  it('leaves out the oldest turns when the chat no longer fits the model’s window, and says how many', async () => {
    const pick = (id: string) => vscode.commands.executeCommand('workbench.action.chat.changeModel', { vendor: 'parley', id: `custom/${id}`, family: id });
    await pick('small-model');
    try {
      const long = 'A long answer that fills the window. '.repeat(80);
      for (const question of ['First question?', 'Second question?']) {
        fake.script({ kind: 'reply', text: long });
        assert.equal((await send(`@parley ${question}`)).errorDetails, undefined);
      }
      fake.script({ kind: 'reply', text: 'Short.' });
      const result = await send('@parley Third question?');
      const sent = (fake.requests.at(-1)?.body as { messages: { role: string; content: string }[] }).messages;
      assert.ok(!sent.some((m) => m.content === 'First question?'), 'the oldest exchange was left out');
      assert.equal(sent[0]?.role, 'system', 'the system message always goes');
      const parley = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
      await vscode.commands.executeCommand('parley.openConversation', result.metadata?.conversationId);
      const answer = (await parley.state()).turns.at(-1);
      assert.ok(answer?.role === 'assistant' && (answer.leftOut ?? 0) >= 2, JSON.stringify(answer));
    } finally {
      await pick('tool-model');
    }
  });

  const failures: { name: string; step: Script; message: RegExp }[] = [
    { name: 'a refused key (401)', step: { kind: 'status', status: 401, message: 'Incorrect API key provided' }, message: /API key/ },
    { name: 'an unknown model (404)', step: { kind: 'status', status: 404, message: 'The model does not exist' }, message: /tool-model/ },
    { name: 'a rate limit (429) with its wait', step: { kind: 'status', status: 429, message: 'Slow down', retryAfter: '20' }, message: /429.*20 s/ },
    { name: 'a cut stream', step: { kind: 'cut', text: 'The beginning' }, message: /connection/i },
    {
      name: 'a context that is too long',
      step: { kind: 'status', status: 400, code: 'context_length_exceeded', message: "This model's maximum context length is 32000 tokens." },
      message: /longer than tool-model can read/,
    },
  ];
  for (const { name, step, message } of failures) {
    it(`says what failed in the panel’s words: ${name}`, async () => {
      fake.script(step);
      const result = await send('@parley Anything?');
      const shown = result.errorDetails?.message ?? '';
      assert.match(shown, message);
      // The same failure in Parley's panel reads the same.
      const parley = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
      await vscode.commands.executeCommand('parley.openConversation', result.metadata?.conversationId);
      const answer = (await parley.state()).turns.at(-1);
      assert.ok(answer?.role === 'assistant');
      assert.equal(answer.error?.message, shown);
    });
  }
});
