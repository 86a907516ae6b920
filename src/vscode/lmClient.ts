import * as vscode from 'vscode';
import type { ChatModelClient, ChatOutcome, ChatRequest, RunningChat } from '../core/client';
import { describeFailure } from '../core/client';
import { redactSecrets } from '../core/secrets';
import type { ErrorView } from '../shared/protocol';
import type { AnswerPiece, ChatMessage } from '../core/domain';

/** A model that another extension (Copilot, for one) offers through VS Code's Language Model API. */
export interface LanguageModelInfo {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly family: string;
  readonly maxInputTokens: number;
}

export async function listLanguageModels(): Promise<readonly LanguageModelInfo[]> {
  const models = await vscode.lm.selectChatModels();
  return models.map(({ id, name, vendor, family, maxInputTokens }) => ({ id, name, vendor, family, maxInputTokens }));
}

/**
 * The Language Model API has only User and Assistant messages (its System role is a proposed API
 * that published extensions cannot use), so the system prompt goes first as a User message: models
 * read the opening message as the standing instruction, and nothing of it is lost.
 */
export function toLanguageModelMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
}

/** A failure of the Language Model API as the user reads it; `model` is the model's name. */
export function describeLanguageModelFailure(error: unknown, model: string, vendor: string): ErrorView {
  // Another extension's text, which may repeat a token of its own.
  const message = redactSecrets(error instanceof Error ? error.message.trim() : String(error));
  const detail = message ? ` (${message.slice(0, 300)})` : '';
  if (error instanceof vscode.LanguageModelError) {
    switch (error.code) {
      // Also what VS Code throws when the user declines its "allow Parley to use language models" prompt.
      case vscode.LanguageModelError.NoPermissions.name:
        return {
          kind: 'auth',
          message: vscode.l10n.t('VS Code did not let Parley use {0}{1}. Allow Parley to use language models when VS Code asks, then retry.', model, detail),
          action: 'retry',
        };
      case vscode.LanguageModelError.Blocked.name:
        return {
          kind: 'rate-limit',
          message: vscode.l10n.t(
            '{0} refused the request to {1}{2}: usually a used-up quota or too many requests. Wait a while and retry, or pick another model.',
            vendor,
            model,
            detail,
          ),
          action: 'retry',
        };
      case vscode.LanguageModelError.NotFound.name:
        return modelNotFound(model, detail);
    }
  }
  // Anything else is the providing extension failing while it answered; it was reached.
  return describeFailure({ message, model, baseUrl: vendor, inStream: true });
}

function modelNotFound(model: string, detail = ''): ErrorView {
  return {
    kind: 'model-not-found',
    message: vscode.l10n.t(
      'The language model "{0}" is not available{1}. The extension that provides it may be disabled, signed out or still starting: retry, or pick another model.',
      model,
      detail,
    ),
    action: 'retry',
  };
}

/** A chat through `vscode.lm`: `request.model` is the model's id as listLanguageModels gives it. */
export class LanguageModelChatClient implements ChatModelClient {
  stream(request: ChatRequest, onPiece: (piece: AnswerPiece) => void): RunningChat {
    const cancellation = new vscode.CancellationTokenSource();
    // Stop settles the outcome at once, even if the provider is slow to end its stream.
    const stopped = new Promise<ChatOutcome>((resolve) => cancellation.token.onCancellationRequested(() => resolve({ kind: 'stopped' })));
    const outcome = Promise.race([this.run(request, onPiece, cancellation.token), stopped]).finally(() => cancellation.dispose());
    return { outcome, stop: () => cancellation.cancel() };
  }

  private async run(request: ChatRequest, onPiece: (piece: AnswerPiece) => void, token: vscode.CancellationToken): Promise<ChatOutcome> {
    let model: vscode.LanguageModelChat | undefined;
    try {
      [model] = await vscode.lm.selectChatModels({ id: request.model });
      if (!model) return { kind: 'error', error: modelNotFound(request.model) };
      const response = await model.sendRequest(
        toLanguageModelMessages(request.messages),
        {
          justification: vscode.l10n.t('Parley sends the questions you ask in its chat panel to this model.'),
          // Each provider reads modelOptions its own way; temperature is the name they share.
          ...(request.temperature !== undefined ? { modelOptions: { temperature: request.temperature } } : {}),
        },
        token,
      );
      for await (const text of response.text) {
        if (token.isCancellationRequested) break;
        onPiece({ part: 'text', text });
      }
    } catch (error) {
      if (token.isCancellationRequested) return { kind: 'stopped' };
      return { kind: 'error', error: describeLanguageModelFailure(error, model?.name ?? request.model, model?.vendor ?? 'VS Code') };
    }
    if (token.isCancellationRequested) return { kind: 'stopped' };
    // The API has no finish reason: a stream that ends without an error is the whole answer.
    return { kind: 'complete', finishReason: 'stop' };
  }
}
