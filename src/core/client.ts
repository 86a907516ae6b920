import { l10n } from '../shared/l10n';
import type { ReasoningEffort } from './reasoning';
import type { AnswerPiece, ChatMessage, Failure, Usage } from './domain';

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

export type ChatOutcome =
  | { readonly kind: 'complete'; readonly finishReason: string; readonly usage?: Usage }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'error'; readonly error: Failure };

export interface RunningChat {
  /** Settles once: never rejects; failures arrive as an `error` outcome. */
  readonly outcome: Promise<ChatOutcome>;
  /** Ends the request; the outcome becomes `stopped`. */
  stop(): void;
}

/** The model as the core sees it; the OpenAI adapter implements it, tests use fakes. */
export interface ChatModelClient {
  stream(request: ChatRequest, onPiece: (piece: AnswerPiece) => void): RunningChat;
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
}): Failure {
  const { status, model, baseUrl } = failure;
  const detail = failure.message.trim() ? ` (${failure.message.trim().slice(0, 300)})` : '';
  if (failure.code === 'context_length_exceeded' || /context length|context size|maximum context|too many tokens/i.test(failure.message)) {
    return {
      kind: 'context-length',
      message: l10n.t('The conversation is longer than {0} can read{1}. Retry sends it again without the oldest messages.', model, detail),
      action: 'retry',
    };
  }
  if (failure.inStream) {
    return {
      kind: 'server',
      message: l10n.t('The server reported an error while answering{0}. What arrived is kept; retry in a moment.', detail),
      action: 'retry',
    };
  }
  switch (status) {
    case 401:
    case 403:
      return { kind: 'auth', message: l10n.t('The server at {0} refused the API key ({1}). Set a valid key and retry.', baseUrl, status), action: 'setApiKey' };
    case 404:
      return {
        kind: 'model-not-found',
        message: l10n.t('The server does not know the model "{0}" (404). Pick another model in the settings.{1}', model, detail),
        action: 'openSettings',
      };
    case 429: {
      const seconds = failure.retryAfterSeconds;
      const message =
        seconds !== undefined
          ? l10n.t('Rate limited by the server (429). Try again in {0} s.{1}', Math.ceil(seconds), detail)
          : l10n.t('Rate limited by the server (429). Wait a moment and retry.{0}', detail);
      return { kind: 'rate-limit', message, action: 'retry', ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}) };
    }
    case 400:
    case 422: {
      const param = refusedParameter(failure.param, failure.message);
      if (param) {
        const setting = parameterSettings()[param];
        return {
          kind: 'bad-request',
          message: setting
            ? l10n.t(
                '{0} refused the parameter "{1}" ({2}). Parley sent it because of {3}; change that setting or pick another model.{4}',
                model,
                param,
                status,
                setting,
                detail,
              )
            : l10n.t('{0} refused the parameter "{1}" ({2}). Change the settings that add it, or pick another model.{3}', model, param, status, detail),
          action: 'openSettings',
        };
      }
      return { kind: 'bad-request', message: l10n.t('The server refused the request ({0}).{1}', status, detail), action: 'openSettings' };
    }
    case undefined:
      return {
        kind: 'network',
        message: l10n.t('Could not reach {0}. Check the address and that the server is running, then retry.{1}', baseUrl, detail),
        action: 'retry',
      };
    default:
      return { kind: 'server', message: l10n.t('The server had a problem ({0}). Retry in a moment.{1}', status, detail), action: 'retry' };
  }
}

/** A stream that ended without the server saying it was finished. */
export function cutOffError(): Failure {
  return {
    kind: 'interrupted',
    message: l10n.t('The answer stopped before the server said it was finished; the connection may have dropped. What arrived is kept.'),
    action: 'retry',
  };
}

/** The settings that put each optional parameter into a request. */
function parameterSettings(): Readonly<Record<string, string>> {
  const outputLimit = l10n.t('parley.maxOutputTokens (and parley.reasoningModels, which decides between max_tokens and max_completion_tokens)');
  return {
    max_tokens: outputLimit,
    max_completion_tokens: outputLimit,
    reasoning_effort: 'parley.reasoningEffort',
    temperature: l10n.t("the profile's temperature"),
  };
}

/** The parameter a 400 is about: the error's `param`, else one its message quotes ("Unsupported parameter: 'max_tokens'"). */
function refusedParameter(param: string | null | undefined, message: string): string | undefined {
  if (param && !/^(messages|model)\b/.test(param)) return param;
  const quoted = /unsupported (?:parameter|value)[^'"`]*['"`]([a-z_]+)['"`]/i.exec(message)?.[1] ?? /['"`]([a-z_]+)['"`] is not supported/i.exec(message)?.[1];
  return quoted && quoted in parameterSettings() ? quoted : undefined;
}
