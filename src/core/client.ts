import type { ErrorView } from '../shared/protocol';
import type { ChatMessage } from './prompt';

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Left out when unset, so the server's default applies. */
  readonly temperature?: number;
}

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export type ChatOutcome =
  | { readonly kind: 'complete'; readonly finishReason: string; readonly usage?: Usage }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'error'; readonly error: ErrorView };

export interface RunningChat {
  /** Settles once: never rejects; failures arrive as an `error` outcome. */
  readonly outcome: Promise<ChatOutcome>;
  /** Ends the request; the outcome becomes `stopped`. */
  stop(): void;
}

/** The model as the core sees it; the OpenAI adapter implements it, tests use fakes. */
export interface ChatModelClient {
  stream(request: ChatRequest, onText: (text: string) => void): RunningChat;
}

/** What a failed request means to the user, and what they can do about it. */
export function describeFailure(failure: {
  status?: number;
  code?: string | null;
  message: string;
  retryAfterSeconds?: number;
  model: string;
  baseUrl: string;
  /** The server sent an error event inside a stream that had started: it was reached. */
  inStream?: boolean;
}): ErrorView {
  const { status, model, baseUrl } = failure;
  const detail = failure.message.trim() ? ` (${failure.message.trim().slice(0, 300)})` : '';
  if (failure.code === 'context_length_exceeded' || /context length|context size|maximum context|too many tokens/i.test(failure.message)) {
    return { kind: 'context-length', message: `The conversation is longer than ${model} can read${detail}. Retry sends it again without the oldest messages.`, action: 'retry' };
  }
  if (failure.inStream) {
    return { kind: 'server', message: `The server reported an error while answering${detail}. What arrived is kept; retry in a moment.`, action: 'retry' };
  }
  switch (status) {
    case 401:
    case 403:
      return { kind: 'auth', message: `The server at ${baseUrl} refused the API key (${status}). Set a valid key and retry.`, action: 'setApiKey' };
    case 404:
      return { kind: 'model-not-found', message: `The server does not know the model "${model}" (404). Pick another model in the settings.${detail}`, action: 'openSettings' };
    case 429: {
      const wait = failure.retryAfterSeconds !== undefined ? ` Try again in ${Math.ceil(failure.retryAfterSeconds)} s.` : ' Wait a moment and retry.';
      const seconds = failure.retryAfterSeconds;
      return { kind: 'rate-limit', message: `Rate limited by the server (429).${wait}${detail}`, action: 'retry', ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}) };
    }
    case 400:
    case 422:
      return { kind: 'bad-request', message: `The server refused the request (${status}).${detail}`, action: 'openSettings' };
    case undefined:
      return { kind: 'network', message: `Could not reach ${baseUrl}. Check the address and that the server is running, then retry.${detail}`, action: 'retry' };
    default:
      return { kind: 'server', message: `The server had a problem (${status}). Retry in a moment.${detail}`, action: 'retry' };
  }
}

export const CUT_OFF_ERROR: ErrorView = {
  kind: 'interrupted',
  message: 'The answer stopped before the server said it was finished; the connection may have dropped. What arrived is kept.',
  action: 'retry',
};
