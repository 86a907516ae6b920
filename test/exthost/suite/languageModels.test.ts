// VS Code's Language Model API as a model for Parley, against a scripted provider that the test
// fixture extension (test/exthost/lmProvider) registers, as Copilot would register its models.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunningChat } from '../../../src/core/client';
import type { FailureText } from '../../../src/core/failureText';
import { failureText } from '../../../src/core/failureText';
import { buildMessages } from '../../../src/core/prompt';
import type { ParleyApi } from '../../../src/extension';
import { LanguageModelChatClient, listLanguageModels } from '../../../src/vscode/lmClient';
import { until } from '../../support/until';
import type { Turn } from '../../../src/core/domain';

// The provider side of the API arrived after the VS Code version Parley's types describe (1.90);
// these are the parts of it this test uses.
interface ModelInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: Record<string, never>;
}
interface ReceivedMessage {
  readonly role: number;
  readonly content: readonly unknown[];
}
type Answer = (messages: readonly ReceivedMessage[], report: (text: string) => void, token: vscode.CancellationToken) => Promise<void>;
interface Provider {
  provideLanguageModelChatInformation(): ModelInformation[];
  provideLanguageModelChatResponse(
    model: ModelInformation,
    messages: readonly ReceivedMessage[],
    options: unknown,
    progress: vscode.Progress<unknown>,
    token: vscode.CancellationToken,
  ): Promise<void>;
  provideTokenCount(model: ModelInformation, text: unknown): Promise<number>;
}
interface FixtureApi {
  registerProvider(provider: Provider): vscode.Disposable;
}
const { LanguageModelTextPart } = vscode as unknown as { LanguageModelTextPart: new (value: string) => { readonly value: string } };
/** LanguageModelChatMessageRole: 1 is User, 2 is Assistant. */
const USER = 1;
const ASSISTANT = 2;

const MODEL: ModelInformation = {
  id: 'parley-test-model',
  name: 'Parley Test Model',
  family: 'parley-test',
  version: '1',
  maxInputTokens: 4096,
  maxOutputTokens: 1024,
  capabilities: {},
};

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function textOf(message: ReceivedMessage): string {
  return message.content.map((part) => (part instanceof LanguageModelTextPart ? part.value : `<${typeof part}>`)).join('');
}

describe('VS Code language models as the model', function () {
  let registration: vscode.Disposable;
  /** What the provider does with the next request; each test sets it. */
  let answer: Answer;
  const received: ReceivedMessage[][] = [];

  before(async () => {
    const fixture = vscode.extensions.getExtension<FixtureApi>('parley-test.parley-test-language-models');
    assert.ok(fixture, 'the test fixture extension is loaded next to Parley');
    const api = await fixture.activate();
    registration = api.registerProvider({
      provideLanguageModelChatInformation: () => [MODEL],
      provideLanguageModelChatResponse: (_model, messages, _options, progress, token) => {
        received.push([...messages]);
        return answer(messages, (text) => progress.report(new LanguageModelTextPart(text)), token);
      },
      provideTokenCount: async () => 1,
    });
  });

  after(() => registration.dispose());

  beforeEach(() => {
    received.length = 0;
  });

  function ask(question: string, model = MODEL.id): { running: RunningChat; parts: string[] } {
    const parts: string[] = [];
    const running = new LanguageModelChatClient().stream({ model, messages: [{ role: 'user', content: question }] }, (piece) => parts.push(piece.text));
    return { running, parts };
  }

  it('answers in the panel when VS Code language models are the provider', async () => {
    answer = async (_messages, report) => report('Hello from the language model.');
    const config = vscode.workspace.getConfiguration('parley');
    await config.update('provider', 'vscode-lm', vscode.ConfigurationTarget.Global);
    await config.update('model', MODEL.id, vscode.ConfigurationTarget.Global);
    try {
      const parley = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
      await vscode.commands.executeCommand('parley.newChat');
      await parley.ask('Who answers?');
      const state = await parley.state();
      assert.equal(state.provider, 'vscode-lm');
      assert.equal(state.needsApiKey, false, 'no key is asked for');
      const last = state.turns.at(-1);
      assert.ok(last?.role === 'assistant');
      assert.equal(last.status, 'complete', JSON.stringify(last.error));
      assert.equal(last.text, 'Hello from the language model.');
      assert.equal(received.length, 1);
      assert.equal(textOf(received[0]!.at(-1)!), 'Who answers?');
      // The model's own limit is the window Parley fits the conversation into, not an assumption.
      await until(async () => (await parley.state()).models.state === 'ready', 'the model list');
      assert.equal((await parley.state()).size.window, MODEL.maxInputTokens);
    } finally {
      await config.update('provider', undefined, vscode.ConfigurationTarget.Global);
      await config.update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('lists the models that extensions provide', async () => {
    const models = await listLanguageModels();
    assert.deepEqual(
      models.filter((m) => m.vendor === 'parley-test'),
      [{ id: MODEL.id, name: MODEL.name, vendor: 'parley-test', family: MODEL.family, maxInputTokens: MODEL.maxInputTokens }],
    );
  });

  it('streams the answer in parts, and the model reads the system prompt, examples, history and question', async () => {
    answer = async (_messages, report) => {
      for (const part of ['Your ', 'name ', 'is Ada.']) {
        report(part);
        // Longer than the extension host's 30 ms batching of parts, so each arrives on its own.
        await delay(100);
      }
    };
    const turns: Turn[] = [
      { id: 'u1', role: 'user', text: 'Hi, my name is Ada.', context: [], createdAt: 1 },
      { id: 'a1', role: 'assistant', text: 'Nice to meet you, Ada.', status: 'complete', model: MODEL.id, createdAt: 2 },
      { id: 'u2', role: 'user', text: 'What is my name?', context: [], createdAt: 3 },
    ];
    const messages = buildMessages({ systemPrompt: 'You are a test assistant.', examples: [{ user: 'Example question', assistant: 'Example answer' }] }, turns);
    const parts: string[] = [];
    const outcome = await new LanguageModelChatClient().stream({ model: MODEL.id, messages }, (piece) => parts.push(piece.text)).outcome;

    assert.deepEqual(outcome, { kind: 'complete', finishReason: 'stop' });
    assert.equal(parts.join(''), 'Your name is Ada.');
    assert.ok(parts.length > 1, `the answer arrived in parts, not at once: ${JSON.stringify(parts)}`);
    assert.equal(received.length, 1);
    assert.deepEqual(
      received[0]!.map((m) => [m.role, textOf(m)]),
      [
        // The API has no system role: the system prompt is the opening User message.
        [USER, 'You are a test assistant.'],
        [USER, 'Example question'],
        [ASSISTANT, 'Example answer'],
        [USER, 'Hi, my name is Ada.'],
        [ASSISTANT, 'Nice to meet you, Ada.'],
        [USER, 'What is my name?'],
      ],
    );
  });

  it('Stop ends the request: the provider sees its token cancelled and the outcome is stopped', async () => {
    let providerCancelled = false;
    answer = async (_messages, report, token) => {
      report('The beginning');
      await new Promise<void>((resolve) => token.onCancellationRequested(() => resolve()));
      providerCancelled = true;
    };
    const { running, parts } = ask('Tell me a long story.');
    await until(() => parts.length > 0, 'the first part');
    running.stop();
    assert.deepEqual(await running.outcome, { kind: 'stopped' });
    assert.deepEqual(parts, ['The beginning']);
    await until(() => providerCancelled, 'the provider to see the cancellation');
  });

  const failures: Array<{ name: string; error: () => Error; expected: Partial<FailureText>; message: RegExp }> = [
    {
      name: 'no permission (the user declined VS Code’s access prompt)',
      error: () => vscode.LanguageModelError.NoPermissions('Access denied'),
      expected: { kind: 'auth', action: 'retry' },
      message: /^VS Code did not let Parley use Parley Test Model \(Access denied\)\. Allow Parley to use language models/,
    },
    {
      name: 'blocked (a quota)',
      error: () => vscode.LanguageModelError.Blocked('Monthly quota used up'),
      expected: { kind: 'rate-limit', action: 'retry' },
      message: /^parley-test refused the request to Parley Test Model \(Monthly quota used up\): usually a used-up quota/,
    },
    {
      name: 'an ordinary error',
      error: () => new Error('backend exploded'),
      expected: { kind: 'server', action: 'retry' },
      message: /\(backend exploded\)\. What arrived is kept/,
    },
    {
      name: 'a context that is too long',
      error: () => new Error('Request exceeds the maximum context length'),
      expected: { kind: 'context-length', action: 'retry' },
      message: /^The conversation is longer than Parley Test Model can read/,
    },
  ];
  for (const failure of failures) {
    it(`a provider failing with ${failure.name} becomes a clear message; what arrived is kept`, async () => {
      answer = async (_messages, report) => {
        report('Partial ');
        await delay(100);
        throw failure.error();
      };
      const { running, parts } = ask('Hello?');
      const outcome = await running.outcome;
      assert.ok(outcome.kind === 'error', JSON.stringify(outcome));
      const shown = failureText(outcome.error);
      assert.equal(shown.kind, failure.expected.kind, shown.message);
      assert.equal(shown.action, failure.expected.action);
      assert.match(shown.message, failure.message);
      assert.deepEqual(parts, ['Partial ']);
    });
  }

  it('a model that is gone becomes a clear message, and nothing is sent', async () => {
    const { running, parts } = ask('Hello?', 'no-such-model');
    const outcome = await running.outcome;
    assert.ok(outcome.kind === 'error', JSON.stringify(outcome));
    assert.equal(outcome.error.kind, 'model-not-found');
    assert.match(failureText(outcome.error).message, /^The language model "no-such-model" is not available\./);
    assert.deepEqual(parts, []);
    assert.equal(received.length, 0);
  });

  // A 1×1 PNG, as the panel posts an attached image (base64).
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const withImage = (question: string) =>
    new LanguageModelChatClient().stream(
      { model: MODEL.id, messages: [{ role: 'user', content: question, images: [{ mime: 'image/png', width: 1, height: 1, bytes: 70, data: PNG }] }] },
      () => undefined,
    );

  it('sends an attached image after the question’s text, as an image data part with its bytes', async () => {
    answer = async (_messages, report) => report('A single pixel.');
    assert.deepEqual(await withImage('What is in this picture?').outcome, { kind: 'complete', finishReason: 'stop' });
    const parts = received[0]!.at(-1)!.content;
    assert.equal(parts.length, 2, 'the text, then the image');
    assert.ok(parts[0] instanceof LanguageModelTextPart && parts[0].value === 'What is in this picture?');
    const image = parts[1] as { mimeType: string; data: Uint8Array };
    assert.ok(image instanceof vscode.LanguageModelDataPart, 'an image data part');
    assert.equal(image.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(image.data).toString('base64'), PNG, 'its bytes, whole');
  });

  it('a model that refuses the image says so, with Send Without Images as the way out', async () => {
    answer = async () => {
      throw new Error('This model does not support image input.');
    };
    const outcome = await withImage('What is in this picture?').outcome;
    assert.ok(outcome.kind === 'error', JSON.stringify(outcome));
    const shown = failureText(outcome.error);
    assert.equal(shown.action, 'sendWithoutImages');
    assert.match(shown.message, /^Parley Test Model refused the images \(This model does not support image input\.\)\. Pick a model that reads images/);
  });
});
