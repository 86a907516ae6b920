import { parameterSettings } from './failureText';
import type { ReasoningEffort } from './reasoning';
import type { AnswerPiece, ChatMessage, Failure, Overflow, Usage } from './domain';

/** A tool the model may call: its name, what it does, and the JSON schema of its input. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object;
}

/** A call of a tool the model asked for; `id` names it to the result that answers it. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * The messages of a request that offers tools, beside ChatMessage: an assistant message that called
 * tools, and the result of one of those calls.
 */
export type ToolMessage =
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly toolCallId: string; readonly content: string };

export type RequestMessage = ChatMessage | ToolMessage;

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly RequestMessage[];
  /** Tools the model may call (VS Code's Chat view offers them); none when absent. */
  readonly tools?: readonly ToolDefinition[];
  /** The model must call a tool. */
  readonly toolRequired?: boolean;
  /** Left out when unset, so the server's default applies. */
  readonly temperature?: number;
  /** The longest answer asked for; left out when unset. */
  readonly maxOutputTokens?: number;
  /** Set for reasoning models: the limit goes as max_completion_tokens, with the effort when set. */
  readonly reasoning?: { readonly effort?: ReasoningEffort };
}

export type ChatOutcome =
  /** `toolCalls`: the tools the model asked to call, for the caller to run and answer. */
  | { readonly kind: 'complete'; readonly finishReason: string; readonly usage?: Usage; readonly toolCalls?: readonly ToolCall[] }
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

/** The codes and types servers give a request longer than the model's window. */
const CONTEXT_CODES = new Set(['context_length_exceeded', 'exceed_context_size_error', 'string_above_max_length']);

/**
 * The words they use for it: OpenAI, vLLM, DeepSeek, OpenRouter ("maximum context length"), llama.cpp
 * ("exceeds the available context size"), LM Studio ("greater than the context length", "context
 * length of only"), Anthropic ("prompt is too long"), Gemini ("input token count … exceeds the
 * maximum number of tokens"), Mistral ("too large for model with … maximum context length").
 */
const CONTEXT_WORDING =
  /context length|context size|context window|maximum context|too many tokens|prompt is too long|exceeds the maximum number of tokens|input token count/i;

/**
 * How servers refuse images a model cannot read: OpenAI ("image_url is only supported by certain
 * models"), vLLM ("not a multimodal model"), llama.cpp and Ollama ("image input is not supported"),
 * LM Studio ("does not support images"), DeepSeek ("unknown variant `image_url`"), others "vision".
 */
const IMAGE_WORDING = /image|multimodal|vision/i;

/** Whether a refusal of a request that carried images is about them, in any server's words. */
export function refusesImages(message: string): boolean {
  return IMAGE_WORDING.test(message);
}

/**
 * What a failed request was, as data: the server's status, code, parameter, message and the facts
 * its body gave (core/wireFormat.ts reads them from every shape of body) sorted into a kind and its
 * facts. The texts must already be without credentials (the adapter knows them).
 */
export function classifyFailure(failure: {
  status?: number;
  code?: string | null;
  /** The request parameter the server names as the problem. */
  param?: string | null;
  type?: string;
  message: string;
  /** The content filters the body names as fired. */
  filters?: readonly string[];
  /** A moderation's reasons for flagging the input. */
  flagged?: readonly string[];
  /** The window and request size, when the body gave them as fields. */
  overflow?: Overflow;
  retryAfterSeconds?: number;
  model: string;
  baseUrl: string;
  /** The server sent an error event inside a stream that had started: it was reached. */
  inStream?: boolean;
}): Failure {
  const { status, model, baseUrl } = failure;
  const said = failure.message.trim().slice(0, SERVER_MESSAGE_CHARS);
  const serverMessage = said ? { serverMessage: said } : {};
  const code = failure.code ?? undefined;
  // A 413 (Groq's "Request Entity Too Large") is a request too long to take, whatever it says.
  const tooLong = status === 413 || (code && CONTEXT_CODES.has(code)) || (failure.type && CONTEXT_CODES.has(failure.type));
  if (tooLong || CONTEXT_WORDING.test(failure.message)) {
    return { kind: 'context-length', reason: 'server-overflow', model, overflow: { ...parseOverflow(failure.message), ...failure.overflow }, ...serverMessage };
  }
  if (code === 'content_filter' || failure.filters?.length) {
    const filters = failure.filters?.length ? { filters: failure.filters } : {};
    return { kind: 'refused', reason: 'content-filtered', ...(status !== undefined ? { status } : {}), ...filters, ...serverMessage };
  }
  if (status === 403 && (failure.flagged?.length || /moderation|flagged/i.test(failure.message))) {
    return { kind: 'refused', reason: 'moderation-flagged', status, ...(failure.flagged?.length ? { flagged: failure.flagged } : {}), ...serverMessage };
  }
  if (failure.inStream) return { kind: 'server', reason: 'stream-error', ...serverMessage };
  switch (status) {
    case 401:
      return { kind: 'auth', reason: 'key-refused', status, address: baseUrl, ...serverMessage };
    case 403:
      return { kind: 'auth', reason: 'access-denied', status, address: baseUrl, ...serverMessage };
    case 402:
      return { kind: 'auth', reason: 'no-credit', status, address: baseUrl, ...serverMessage };
    case 404:
      return { kind: 'model-not-found', reason: 'model-unknown', model, ...serverMessage };
    case 429: {
      const seconds = failure.retryAfterSeconds;
      return { kind: 'rate-limit', reason: 'rate-limited', ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}), ...serverMessage };
    }
    case 400:
    case 422: {
      if (refusesImages(failure.message)) return { kind: 'bad-request', reason: 'images-refused', status, model, ...serverMessage };
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

/** The numbers in a "context length exceeded" reply, in each provider's words, when it gives them. */
export function parseOverflow(message: string): Overflow {
  const plain = message.replace(/,(\d{3})/g, '$1');
  const first = (...patterns: RegExp[]): number | undefined => {
    for (const pattern of patterns) {
      const match = pattern.exec(plain);
      if (match) return Number(match[1]);
    }
    return undefined;
  };
  const window = first(
    /maximum context length is (\d+)/i,
    /context (?:length|size|window) of (?:only )?(\d+)/i,
    /n_ctx: (\d+)/i,
    /> (\d+) maximum/i,
    /maximum number of tokens allowed \((\d+)\)/i,
    /model with (\d+) maximum context length/i,
  );
  const sent = first(
    /resulted in (\d+)/i,
    /requested (\d+) tokens/i,
    /prompt is too long: (\d+) tokens/i,
    /input token count \((\d+)\)/i,
    /n_keep: (\d+)/i,
    /prompt contains (\d+) tokens/i,
    /request has (\d+) input tokens/i,
  );
  return { ...(window ? { window } : {}), ...(sent ? { sent } : {}) };
}
