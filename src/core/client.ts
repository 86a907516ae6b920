import type { ErrorView } from '../shared/protocol';
import type { ChatMessage } from './prompt';
import type { ReasoningEffort } from './reasoning';

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Left out when unset, so the server's default applies. */
  readonly temperature?: number;
  /** The longest answer asked for; left out when unset. */
  readonly maxOutputTokens?: number;
  /** Set for reasoning models: the limit goes as max_completion_tokens, with the effort when set. */
  readonly reasoning?: { readonly effort?: ReasoningEffort };
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
  /** The request parameter the server names as the problem. */
  param?: string | null;
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
    case 422: {
      const param = refusedParameter(failure.param, failure.message);
      if (param) {
        const setting = PARAMETER_SETTINGS[param];
        const fix = setting ? ` Parley sent it because of ${setting}; change that setting or pick another model.` : ' Change the settings that add it, or pick another model.';
        return { kind: 'bad-request', message: `${model} refused the parameter "${param}" (${status}).${fix}${detail}`, action: 'openSettings' };
      }
      return { kind: 'bad-request', message: `The server refused the request (${status}).${detail}`, action: 'openSettings' };
    }
    case undefined:
      return { kind: 'network', message: `Could not reach ${baseUrl}. Check the address and that the server is running, then retry.${detail}`, action: 'retry' };
    default:
      return { kind: 'server', message: `The server had a problem (${status}). Retry in a moment.${detail}`, action: 'retry' };
  }
}

/** The settings that put each optional parameter into a request. */
const PARAMETER_SETTINGS: Readonly<Record<string, string>> = {
  max_tokens: 'parley.maxOutputTokens (and parley.reasoningModels, which decides between max_tokens and max_completion_tokens)',
  max_completion_tokens: 'parley.maxOutputTokens (and parley.reasoningModels, which decides between max_tokens and max_completion_tokens)',
  reasoning_effort: 'parley.reasoningEffort',
  temperature: "the profile's temperature",
};

/** The parameter a 400 is about: the error's `param`, else one its message quotes ("Unsupported parameter: 'max_tokens'"). */
function refusedParameter(param: string | null | undefined, message: string): string | undefined {
  if (param && !/^(messages|model)\b/.test(param)) return param;
  const quoted = /unsupported (?:parameter|value)[^'"`]*['"`]([a-z_]+)['"`]/i.exec(message)?.[1] ?? /['"`]([a-z_]+)['"`] is not supported/i.exec(message)?.[1];
  return quoted && quoted in PARAMETER_SETTINGS ? quoted : undefined;
}

export const CUT_OFF_ERROR: ErrorView = {
  kind: 'interrupted',
  message: 'The answer stopped before the server said it was finished; the connection may have dropped. What arrived is kept.',
  action: 'retry',
};
