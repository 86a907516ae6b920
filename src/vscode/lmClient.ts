import * as vscode from 'vscode';
import type { ChatModelClient, ChatOutcome, ChatRequest, RequestMessage, RunningChat } from '../core/client';
import { classifyFailure, refusesImages } from '../core/client';
import { redactSecrets } from '../core/secrets';
import { PARLEY_VENDOR } from '../core/parleyModels';
import type { AnswerPiece, Failure, ImageContent } from '../core/domain';

/** A model that another extension (Copilot, for one) offers through VS Code's Language Model API. */
export interface LanguageModelInfo {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly family: string;
  readonly maxInputTokens: number;
}

/**
 * The chat models other extensions offer. Parley's own (vendor `parley`, its providers' models in
 * VS Code's picker) are left out: through them a request would come back to Parley, in a loop.
 */
export async function otherExtensionsModels(selector?: vscode.LanguageModelChatSelector): Promise<vscode.LanguageModelChat[]> {
  return (await vscode.lm.selectChatModels(selector)).filter((model) => model.vendor !== PARLEY_VENDOR);
}

export async function listLanguageModels(): Promise<readonly LanguageModelInfo[]> {
  const models = await otherExtensionsModels();
  return models.map(({ id, name, vendor, family, maxInputTokens }) => ({ id, name, vendor, family, maxInputTokens }));
}

/**
 * The Language Model API has only User and Assistant messages (its System role is a proposed API
 * that published extensions cannot use), so the system prompt goes first as a User message: models
 * read the opening message as the standing instruction, and nothing of it is lost. A question's
 * images follow its text, each once, as image data parts; whether the model reads them only the
 * extension behind it can tell, and its refusal is shown as a server's is.
 */
export function toLanguageModelMessages(messages: readonly RequestMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((m) => {
    if (m.role === 'assistant') return vscode.LanguageModelChatMessage.Assistant(m.content);
    const images = 'images' in m ? (m.images ?? []).flatMap((image) => imagePart(image)) : [];
    return vscode.LanguageModelChatMessage.User(images.length ? [new vscode.LanguageModelTextPart(m.content), ...images] : m.content);
  });
}

function imagePart(image: ImageContent): vscode.LanguageModelDataPart[] {
  // An image whose file was lost is named in the text and not sent.
  return image.data === undefined ? [] : [vscode.LanguageModelDataPart.image(Buffer.from(image.data, 'base64'), image.mime)];
}

/**
 * What a failure of the Language Model API was, as data; `model` is the model's name, `sentImages`
 * whether the request carried any (a refusal that names them is about them).
 */
export function classifyLanguageModelFailure(error: unknown, model: string, vendor: string, sentImages = false): Failure {
  // Another extension's text, which may repeat a token of its own.
  const message = redactSecrets(error instanceof Error ? error.message.trim() : String(error));
  const said = message ? { serverMessage: message.slice(0, 300) } : {};
  if (sentImages && refusesImages(message)) return { kind: 'bad-request', reason: 'images-refused', model, ...said };
  if (error instanceof vscode.LanguageModelError) {
    switch (error.code) {
      // Also what VS Code throws when the user declines its "allow Parley to use language models" prompt.
      case vscode.LanguageModelError.NoPermissions.name:
        return { kind: 'auth', reason: 'lm-no-permission', model, ...said };
      case vscode.LanguageModelError.Blocked.name:
        return { kind: 'rate-limit', reason: 'lm-blocked', vendor, model, ...said };
      case vscode.LanguageModelError.NotFound.name:
        return { kind: 'model-not-found', reason: 'lm-unavailable', model, ...said };
    }
  }
  // Anything else is the providing extension failing while it answered; it was reached.
  return classifyFailure({ message, model, baseUrl: vendor, inStream: true });
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
      [model] = await otherExtensionsModels({ id: request.model });
      if (!model) return { kind: 'error', error: { kind: 'model-not-found', reason: 'lm-unavailable', model: request.model } };
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
      const sentImages = request.messages.some((m) => 'images' in m && (m.images?.length ?? 0) > 0);
      return { kind: 'error', error: classifyLanguageModelFailure(error, model?.name ?? request.model, model?.vendor ?? 'VS Code', sentImages) };
    }
    if (token.isCancellationRequested) return { kind: 'stopped' };
    // The API has no finish reason: a stream that ends without an error is the whole answer.
    return { kind: 'complete', finishReason: 'stop' };
  }
}
