import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatModelClient, ChatOutcome, ChatRequest, RunningChat } from '../core/client';
import { classifyFailure, cutOffError } from '../core/client';
import { failureText } from '../core/failureText';
import type { Endpoint, ListedModel } from '../core/providers';
import { endpointAddress, endpointSecrets, statedContextWindow } from '../core/providers';
import type { ReasoningEffort } from '../core/reasoning';
import { redactSecrets } from '../core/secrets';
import { CrossOriginRedirectError, MAX_REDIRECTS, TooManyRedirectsError, sameOriginFetch } from './redirects';
import type { AnswerPiece, Failure } from '../core/domain';

export interface OpenAIClientOptions {
  /** An OpenAI-compatible base URL, or Azure OpenAI's endpoint. */
  readonly endpoint: Extract<Endpoint, { api: 'openai' | 'azure' }>;
  /** Undefined for servers that need no key (local ones): no Authorization header is sent. */
  readonly apiKey: string | undefined;
}

/** How long a model list may take before the picker says the server did not answer. */
const MODEL_LIST_TIMEOUT_MS = 10_000;

/**
 * A base URL's query (a gateway's `?key=…`) goes with every request: left in the base URL, the SDK
 * would put the path after it.
 */
function splitQuery(url: string): { base: string; query?: Record<string, string> } {
  const at = url.indexOf('?');
  if (at < 0) return { base: url };
  return { base: url.slice(0, at), query: Object.fromEntries(new URLSearchParams(url.slice(at + 1).replace(/#.*$/, ''))) };
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after-ms') ?? undefined;
  if (value !== undefined && Number.isFinite(Number(value))) return Number(value) / 1000;
  const seconds = headers?.get('retry-after') ?? undefined;
  if (seconds === undefined) return undefined;
  if (Number.isFinite(Number(seconds))) return Number(seconds);
  const date = Date.parse(seconds);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Reasoning models (o1, o3, gpt-5, …) take `max_completion_tokens`, and `reasoning_effort`;
 * others take `max_tokens`. What the server refuses comes back as a 400 naming the parameter.
 */
function outputParams(request: ChatRequest): { max_tokens?: number; max_completion_tokens?: number; reasoning_effort?: ReasoningEffort } {
  const limit = request.maxOutputTokens;
  if (!request.reasoning) return limit ? { max_tokens: limit } : {};
  return { ...(limit ? { max_completion_tokens: limit } : {}), ...(request.reasoning.effort ? { reasoning_effort: request.reasoning.effort } : {}) };
}

/**
 * The reasoning a delta carries, beside the API's own fields: `reasoning_content` from DeepSeek,
 * vLLM, llama.cpp and LM Studio; `reasoning` from OpenRouter and Ollama. One server may send both
 * with the same text, so one is taken.
 */
function reasoningOf(delta: object | undefined): string | undefined {
  const { reasoning_content: content, reasoning } = (delta ?? {}) as { reasoning_content?: unknown; reasoning?: unknown };
  if (typeof content === 'string' && content) return content;
  return typeof reasoning === 'string' && reasoning ? reasoning : undefined;
}

/** The Chat Completions API through the official SDK, streamed, with Stop. */
export class OpenAIChatClient implements ChatModelClient {
  private readonly sdk: OpenAI;
  /** Where requests go, as shown: without credentials. */
  private readonly address: string;
  /** The credentials requests carry, removed from every text the server sends back. */
  private readonly secrets: readonly string[];

  constructor(options: OpenAIClientOptions) {
    const { endpoint, apiKey } = options;
    this.address = endpointAddress(endpoint);
    this.secrets = endpointSecrets(endpoint, apiKey);
    const { base, query } = splitQuery(endpoint.api === 'openai' ? endpoint.baseUrl : endpoint.endpoint);
    // Everything explicit: the SDK would otherwise read OPENAI_* environment variables by itself.
    const common = {
      apiKey: apiKey ?? 'no-key',
      fetch: sameOriginFetch,
      ...(query ? { defaultQuery: query } : {}),
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      // Parley shows every failure with its own Retry; silent SDK retries would hide a 429's wait.
      maxRetries: 0,
      logLevel: 'off',
    } as const;
    if (endpoint.api === 'azure') {
      // The model is the deployment: the SDK puts it in the path, /openai/deployments/{model}/…,
      // and sends the key as `api-key`. The base URL is given whole, so OPENAI_BASE_URL cannot clash.
      this.sdk = new AzureOpenAI({ ...common, baseURL: `${base}/openai`, apiVersion: endpoint.apiVersion });
    } else {
      this.sdk = new OpenAI({
        ...common,
        baseURL: base,
        defaultHeaders: { ...endpoint.headers, ...(apiKey === undefined ? { Authorization: null } : {}) },
      });
    }
  }

  /** The models the server lists (GET /models), sorted by id, with the context windows it states. */
  async listModels(): Promise<ListedModel[]> {
    const models: ListedModel[] = [];
    for await (const model of this.sdk.models.list({ timeout: MODEL_LIST_TIMEOUT_MS })) {
      const contextWindow = statedContextWindow(model);
      models.push({ id: model.id, ...(contextWindow ? { contextWindow } : {}) });
    }
    return models.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** What a failed model list means, in the words a failed request would use. */
  describeListFailure(error: unknown): string {
    return failureText(this.classify(error, '')).message;
  }

  stream(request: ChatRequest, onPiece: (piece: AnswerPiece) => void): RunningChat {
    const abort = new AbortController();
    return { outcome: this.run(request, onPiece, abort.signal), stop: () => abort.abort() };
  }

  private async run(request: ChatRequest, onPiece: (piece: AnswerPiece) => void, signal: AbortSignal): Promise<ChatOutcome> {
    let finishReason: string | null = null;
    let usage: { promptTokens: number; completionTokens: number } | undefined;
    try {
      const stream = await this.sdk.chat.completions.create(
        {
          model: request.model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...outputParams(request),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal },
      );
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const reasoning = reasoningOf(choice?.delta);
        if (reasoning) onPiece({ part: 'reasoning', text: reasoning });
        const text = choice?.delta?.content;
        if (text) onPiece({ part: 'text', text });
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      }
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      return { kind: 'error', error: this.classify(error, request.model) };
    }
    if (signal.aborted) return { kind: 'stopped' };
    // The SDK ends a stream that was cut without a finish reason quietly; that answer is incomplete.
    if (finishReason === null) return { kind: 'error', error: cutOffError() };
    return { kind: 'complete', finishReason, usage };
  }

  /** What a failure was, as data; every text in it that came from the server is without the credentials. */
  private classify(error: unknown, model: string): Failure {
    // Before classifyFailure cuts the server's text, so no piece of a secret is left at the cut.
    const shown = (text: string): string => redactSecrets(text, this.secrets);
    const base = { model, baseUrl: this.address };
    if (error instanceof OpenAI.APIConnectionError) {
      const cause = error.cause;
      if (cause instanceof CrossOriginRedirectError) return { kind: 'config', reason: 'redirect-elsewhere', from: shown(cause.from), to: shown(cause.to) };
      if (cause instanceof TooManyRedirectsError) return { kind: 'config', reason: 'too-many-redirects', origin: shown(cause.origin), limit: MAX_REDIRECTS };
      return classifyFailure({ ...base, message: shown((cause as Error | undefined)?.message ?? '') });
    }
    if (error instanceof OpenAI.APIError) {
      const body = error.error as { message?: unknown } | undefined;
      const message = typeof body?.message === 'string' ? body.message : '';
      // No status on an APIError (not a connection error) means an error event inside the stream.
      const inStream = error.status === undefined;
      return classifyFailure({
        ...base,
        status: error.status,
        code: error.code && shown(error.code),
        param: error.param && shown(error.param),
        message: shown(message),
        retryAfterSeconds: retryAfterSeconds(error.headers),
        inStream,
      });
    }
    // A connection dropped mid-stream surfaces from fetch as a bare TypeError ("terminated");
    // anything else here is the SDK failing to parse what the server sent.
    if (error instanceof TypeError) return cutOffError();
    return { kind: 'interrupted', reason: 'unreadable', serverMessage: shown(error instanceof Error ? error.message : String(error)) };
  }
}
