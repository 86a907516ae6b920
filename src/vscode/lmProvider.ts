// Parley's providers in VS Code's model picker: the models of the provider set up in Parley, as a
// language model chat provider (vendor `parley`), answered through Parley's own client with the key
// from its secret storage and the endpoint from user settings, as the panel's requests are.
import * as vscode from 'vscode';
import { answerReserve } from '../core/budget';
import type { RequestMessage, ToolCall } from '../core/client';
import type { Failure } from '../core/domain';
import { failureText } from '../core/failureText';
import { parleyModelId, parseParleyModelId } from '../core/parleyModels';
import type { ListedModel } from '../core/providers';
import { isProviderId, providerPreset } from '../core/providers';
import type { RequestTarget } from '../core/requestTarget';
import type { ApiKeyStore } from './apiKey';
import type { ProviderService } from './providers';
import type { RequestTargets } from './requests';

/** The information VS Code's picker shows for one of the provider's models. */
export function modelInformation(model: ListedModel, target: RequestTarget): vscode.LanguageModelChatInformation {
  const window = target.window.tokens;
  const separator = model.id.lastIndexOf('/');
  const name = model.id.slice(separator + 1);
  return {
    id: parleyModelId({ provider: target.provider, model: model.id }),
    name: model.id,
    // OpenRouter's "openai/gpt-4o" is of the family gpt-4o; Ollama's "qwen3:8b" of qwen3, version 8b.
    family: name.replace(/:.*$/, ''),
    version: /:(.+)$/.exec(name)?.[1] ?? model.id,
    detail: providerPreset(target.provider).label,
    tooltip: `${target.address} · ${vscode.l10n.t('{0}-token window', window)}`,
    // What the panel fits a conversation into: the window less the room kept for the answer.
    maxInputTokens: Math.max(1, window - answerReserve(window)),
    maxOutputTokens: model.maxOutputTokens ?? target.output.maxOutputTokens ?? answerReserve(window),
    capabilities: {
      toolCalling: model.toolCalling === true,
      // The final API gives a provider no image part to send (LanguageModelDataPart is proposed):
      // a model that reads images could not be sent one, so none is claimed.
      imageInput: false,
    },
  };
}

/** LanguageModelChatMessageRole.System in the proposed languageModelSystem API. */
const SYSTEM_ROLE = 3;

/** The text of a tool result's parts; parts that are not text (a prompt-tsx tree) as JSON. */
function resultText(content: readonly unknown[]): string {
  return content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : JSON.stringify(part))).join('');
}

/**
 * VS Code's messages as Parley's: an assistant message's tool calls go with it; each tool result in
 * a user message becomes a `tool` message of its own, before the user's text.
 */
export function toRequestMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): RequestMessage[] {
  const out: RequestMessage[] = [];
  for (const message of messages) {
    const text = message.content
      .filter((part): part is vscode.LanguageModelTextPart => part instanceof vscode.LanguageModelTextPart)
      .map((part) => part.value)
      .join('');
    if (message.role === vscode.LanguageModelChatMessageRole.Assistant) {
      const toolCalls: ToolCall[] = message.content
        .filter((part): part is vscode.LanguageModelToolCallPart => part instanceof vscode.LanguageModelToolCallPart)
        .map((part) => ({ id: part.callId, name: part.name, input: part.input as Record<string, unknown> }));
      out.push(toolCalls.length ? { role: 'assistant', content: text, toolCalls } : { role: 'assistant', content: text });
      continue;
    }
    // VS Code's own Chat view sends its instructions with the System role (3), which the final API
    // does not name (it is proposed for callers); a server reads them best as a system message.
    if ((message.role as number) === SYSTEM_ROLE) {
      if (text) out.push({ role: 'system', content: text });
      continue;
    }
    for (const part of message.content) {
      if (part instanceof vscode.LanguageModelToolResultPart) out.push({ role: 'tool', toolCallId: part.callId, content: resultText(part.content) });
    }
    if (text) out.push({ role: 'user', content: text });
  }
  return out;
}

/** All the text of a message, its tool calls and results too, as Parley counts it. */
function countedText(message: vscode.LanguageModelChatRequestMessage): string {
  return message.content
    .map((part) => {
      if (part instanceof vscode.LanguageModelTextPart) return part.value;
      if (part instanceof vscode.LanguageModelToolCallPart) return `${part.name}${JSON.stringify(part.input)}`;
      if (part instanceof vscode.LanguageModelToolResultPart) return resultText(part.content);
      return '';
    })
    .join('');
}

/** A failure as the Language Model API's caller reads it: its error kind where one fits, Parley's clear message always. */
export function languageModelError(failure: Failure): Error {
  const { message } = failureText(failure);
  switch (failure.kind) {
    case 'auth':
      return vscode.LanguageModelError.NoPermissions(message);
    case 'model-not-found':
      return vscode.LanguageModelError.NotFound(message);
    case 'rate-limit':
      return vscode.LanguageModelError.Blocked(message);
    default:
      return new Error(message);
  }
}

/** The language model chat provider of vendor `parley`. */
export class ParleyChatModels implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** What VS Code was last given, as JSON: a change is announced only when there is one. */
  private given: string | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly providers: ProviderService,
    private readonly requests: RequestTargets,
    keys: ApiKeyStore,
  ) {
    // The models change with the provider's settings, its key, and the list it gives.
    const check = () => void this.announceChange();
    this.subscriptions = [
      this.changed,
      providers.onDidChange(check),
      keys.onDidChange(check),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('parley')) check();
      }),
    ];
  }

  /**
   * Fires the change event only when the models are not what VS Code was last given: VS Code's own
   * change event (which the provider service hears for its VS Code language models) then cannot
   * set off another round, and another.
   */
  private announceChange(): Promise<void> {
    this.checking ??= Promise.resolve()
      .then(async () => {
        this.checking = undefined;
        const now = JSON.stringify(await this.information());
        if (now !== this.given) this.changed.fire();
      })
      .catch(() => this.changed.fire());
    return this.checking;
  }

  async provideLanguageModelChatInformation(): Promise<vscode.LanguageModelChatInformation[]> {
    const information = await this.information();
    this.given = JSON.stringify(information);
    return information;
  }

  private async information(): Promise<vscode.LanguageModelChatInformation[]> {
    const { provider, hasKey } = await this.requests.resolveModels([]);
    // VS Code's own models are not Parley's to offer back to it (a loop); nothing set up, nothing listed.
    if (provider.id === 'vscode-lm' || (!provider.chosen && !hasKey)) return [];
    const models = await this.providers.listedModels(provider.id);
    const { targets } = await this.requests.resolveModels(models.map((m) => m.id));
    return models.flatMap((model, i) => {
      const target = targets[i]!;
      // Settings that stop every request, or a missing key: the panel says why; the picker lists nothing.
      return target.problem ? [] : [modelInformation(model, target)];
    });
  }

  async provideLanguageModelChatResponse(
    information: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const ref = parseParleyModelId(information.id);
    if (!ref || !isProviderId(ref.provider)) throw languageModelError({ kind: 'model-not-found', reason: 'model-unknown', model: information.id });
    const connection = await this.requests.connect(undefined, ref);
    if (!connection.ok) throw languageModelError(connection.error);
    if (token.isCancellationRequested) return;
    const temperature = options.modelOptions?.temperature;
    const running = connection.client.stream(
      {
        model: connection.model,
        messages: toRequestMessages(messages),
        ...(typeof temperature === 'number' ? { temperature } : {}),
        ...connection.output,
        ...(options.tools?.length
          ? {
              tools: options.tools.map((tool) => ({
                name: tool.name,
                description: tool.description,
                ...(tool.inputSchema ? { inputSchema: tool.inputSchema } : {}),
              })),
              toolRequired: options.toolMode === vscode.LanguageModelChatToolMode.Required,
            }
          : {}),
      },
      // Reasoning has no part of its own in the final API; the answer's text is what is shown.
      (piece) => {
        if (piece.part === 'text' && !token.isCancellationRequested) progress.report(new vscode.LanguageModelTextPart(piece.text));
      },
    );
    const cancelling = token.onCancellationRequested(() => running.stop());
    const outcome = await running.outcome.finally(() => cancelling.dispose());
    switch (outcome.kind) {
      case 'stopped':
        return;
      case 'error':
        throw languageModelError(outcome.error);
      case 'complete':
        for (const call of outcome.toolCalls ?? []) progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, call.input));
    }
  }

  async provideTokenCount(information: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const ref = parseParleyModelId(information.id);
    const { target } = await this.requests.resolveModel(ref ?? {});
    return this.requests.displayCounter(target).count(typeof text === 'string' ? text : countedText(text));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
