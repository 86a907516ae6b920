import { parameterSettings } from './failureText';
import type { ReasoningEffort } from './reasoning';
import type { AnswerPiece, ChatMessage, Failure, Overflow, Usage } from './domain';

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

/** The most of the words that came with an error a failure keeps (and shows). */
const SERVER_MESSAGE_CHARS = 300;

/**
 * What a failed request was, as data: the server's status, code, parameter and message sorted into
 * a kind and its facts. The message must already be without credentials (the adapter knows them).
 */
export function classifyFailure(failure: {
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
  const said = failure.message.trim().slice(0, SERVER_MESSAGE_CHARS);
  const serverMessage = said ? { serverMessage: said } : {};
  if (failure.code === 'context_length_exceeded' || /context length|context size|maximum context|too many tokens/i.test(failure.message)) {
    return { kind: 'context-length', reason: 'server-overflow', model, overflow: parseOverflow(failure.message), ...serverMessage };
  }
  if (failure.inStream) return { kind: 'server', reason: 'stream-error', ...serverMessage };
  switch (status) {
    case 401:
    case 403:
      return { kind: 'auth', reason: 'key-refused', status, address: baseUrl };
    case 404:
      return { kind: 'model-not-found', reason: 'model-unknown', model, ...serverMessage };
    case 429: {
      const seconds = failure.retryAfterSeconds;
      return { kind: 'rate-limit', reason: 'rate-limited', ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}), ...serverMessage };
    }
    case 400:
    case 422: {
      const param = refusedParameter(failure.param, failure.message);
      if (param) return { kind: 'bad-request', reason: 'parameter-refused', status, model, param, ...serverMessage };
      return { kind: 'bad-request', reason: 'request-refused', status, ...serverMessage };
    }
    case undefined:
      return { kind: 'network', reason: 'unreachable', address: baseUrl, ...serverMessage };
    default:
      return { kind: 'server', reason: 'server-error', status, ...serverMessage };
  }
}

/** A stream that ended without the server saying it was finished. */
export function cutOffError(): Failure {
  return { kind: 'interrupted', reason: 'cut-off' };
}

/** The parameter a 400 is about: the error's `param`, else one its message quotes ("Unsupported parameter: 'max_tokens'"). */
function refusedParameter(param: string | null | undefined, message: string): string | undefined {
  if (param && !/^(messages|model)\b/.test(param)) return param;
  const quoted = /unsupported (?:parameter|value)[^'"`]*['"`]([a-z_]+)['"`]/i.exec(message)?.[1] ?? /['"`]([a-z_]+)['"`] is not supported/i.exec(message)?.[1];
  return quoted && quoted in parameterSettings() ? quoted : undefined;
}

/** The numbers in a "context length exceeded" reply, when the server gives them (OpenAI, vLLM do). */
export function parseOverflow(message: string): Overflow {
  const number = (pattern: RegExp) => {
    const match = pattern.exec(message.replace(/,(\d{3})/g, '$1'));
    return match ? Number(match[1]) : undefined;
  };
  const window = number(/maximum context length is (\d+)/i) ?? number(/context (?:length|size|window) of (?:only )?(\d+)/i);
  const sent = number(/resulted in (\d+)/i) ?? number(/requested (\d+) tokens/i);
  return { ...(window ? { window } : {}), ...(sent ? { sent } : {}) };
}
