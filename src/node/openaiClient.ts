import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatModelClient, ChatOutcome, ChatRequest, RunningChat } from '../core/client';
import { classifyFailure, cutOffError } from '../core/client';
import { failureText } from '../core/failureText';
import type { Endpoint, ListedModel } from '../core/providers';
import { endpointAddress, endpointSecrets, statedCapabilities, statedContextWindow } from '../core/providers';
import type { ReasoningEffort } from '../core/reasoning';
import { redactSecrets } from '../core/secrets';
import type { ServerError } from '../core/wireFormat';
import { readChunk, readError, readErrorBody } from '../core/wireFormat';
import { ToolCallAssembler, wireMessage, wireTools } from '../core/toolCalls';
import { CrossOriginRedirectError, MAX_REDIRECTS, TooManyRedirectsError, sameOriginFetch } from './redirects';
import { serverSentEvents } from './sse';
import type { AnswerPiece, Failure, Usage } from '../core/domain';

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
 * A fetch whose error responses (status 400 and up) carry `{"error": ServerError}`: the SDK keeps a
 * body's `error` object only, so the shapes servers really send (an array, the fields at the top
 * level, a string, plain text) are read here into one, before the SDK would lose them.
 */
async function readableErrorsFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await sameOriginFetch(input, init);
  if (response.status < 400) return response;
  const said = readErrorBody(await response.text().catch(() => ''));
  const headers = new Headers(response.headers);
  for (const name of ['content-length', 'content-encoding']) headers.delete(name);
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify({ error: said }), { status: response.status, statusText: response.statusText, headers });
}

/** A failure the stream itself reported, to classify once it has ended. */
class StreamFailure extends Error {
  constructor(readonly said: ServerError) {
    super(said.message);
  }
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
      fetch: readableErrorsFetch,
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
      models.push({ id: model.id, ...(contextWindow ? { contextWindow } : {}), ...statedCapabilities(model) });
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
    let finishReason: string | undefined;
    let usage: Usage | undefined;
    let refusal = '';
    const toolCalls = new ToolCallAssembler();
    try {
      // The raw response: the SDK's stream reader drops what some servers send (an `error:` line,
      // content as typed parts), so the events are read here (./sse.ts, core/wireFormat.ts).
      const response = await this.sdk.chat.completions
        .create(
          {
            model: request.model,
            // The SDK's types say what OpenAI accepts; wireMessage gives those shapes, as plain data.
            messages: request.messages.map(wireMessage) as OpenAI.Chat.ChatCompletionMessageParam[],
            ...(wireTools(request.tools, request.toolRequired) as Pick<OpenAI.Chat.ChatCompletionCreateParams, 'tools' | 'tool_choice'>),
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            ...outputParams(request),
            stream: true,
            stream_options: { include_usage: true },
          },
          { signal },
        )
        .asResponse();
      if (!response.body) throw new TypeError('The response has no body.');
      for await (const event of serverSentEvents(response.body)) {
        // llama.cpp's `error:` field, or an `event: error`: the server's failure, in its own words.
        const fieldError = event.other.error ?? (event.event === 'error' ? event.data : undefined);
        if (fieldError !== undefined) throw new StreamFailure(readError(parseOrText(fieldError)) ?? { message: fieldError });
        if (event.data === '[DONE]') break;
        if (event.data === '') continue;
        const chunk = readChunk(JSON.parse(event.data));
        if (chunk.error) throw new StreamFailure(chunk.error);
        chunk.pieces.forEach(onPiece);
        if (chunk.refusal) refusal += chunk.refusal;
        if (chunk.toolCalls) toolCalls.add(chunk.toolCalls);
        if (chunk.finishReason) finishReason = chunk.finishReason;
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      return { kind: 'error', error: this.classify(error, request.model) };
    }
    if (signal.aborted) return { kind: 'stopped' };
    // OpenRouter ends a failed stream with finish_reason "error" (the error object beside it is read above).
    if (finishReason === 'error') return { kind: 'error', error: { kind: 'server', reason: 'stream-error' } };
    // OpenAI's refusal comes as `delta.refusal`, with no content: that is not an answer.
    if (refusal)
      return { kind: 'error', error: { kind: 'refused', reason: 'model-refused', model: request.model, refusal: this.shown(refusal).slice(0, 1000) } };
    // A stream that ends without a finish reason is incomplete, whether or not [DONE] came.
    if (finishReason === undefined) return { kind: 'error', error: cutOffError() };
    if (toolCalls.empty) return { kind: 'complete', finishReason, ...(usage ? { usage } : {}) };
    const assembled = toolCalls.finish();
    if (!assembled.ok)
      return { kind: 'error', error: { kind: 'interrupted', reason: 'unreadable', serverMessage: this.shown(assembled.problem).slice(0, 300) } };
    return { kind: 'complete', finishReason, ...(usage ? { usage } : {}), toolCalls: assembled.calls };
  }

  /** `text` without the credentials requests carry. */
  private shown(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** What a failure was, as data; every text in it that came from the server is without the credentials. */
  private classify(error: unknown, model: string): Failure {
    // Before classifyFailure cuts the server's text, so no piece of a secret is left at the cut.
    const shown = (text: string): string => this.shown(text);
    const base = { model, baseUrl: this.address };
    const said = (server: ServerError) => ({
      ...server,
      message: shown(server.message),
      ...(server.code !== undefined ? { code: shown(server.code) } : {}),
      ...(server.param !== undefined ? { param: shown(server.param) } : {}),
    });
    if (error instanceof StreamFailure) return classifyFailure({ ...base, ...said(error.said), inStream: true });
    if (error instanceof OpenAI.APIConnectionError) {
      const cause = error.cause;
      if (cause instanceof CrossOriginRedirectError) return { kind: 'config', reason: 'redirect-elsewhere', from: shown(cause.from), to: shown(cause.to) };
      if (cause instanceof TooManyRedirectsError) return { kind: 'config', reason: 'too-many-redirects', origin: shown(cause.origin), limit: MAX_REDIRECTS };
      return classifyFailure({ ...base, message: shown((cause as Error | undefined)?.message ?? '') });
    }
    if (error instanceof OpenAI.APIError) {
      // readableErrorsFetch made every error body `{"error": ServerError}`.
      const server = (error.error as ServerError | undefined) ?? { message: '' };
      return classifyFailure({ ...base, ...said(server), status: error.status, retryAfterSeconds: retryAfterSeconds(error.headers) });
    }
    // A connection dropped mid-stream surfaces from fetch as a bare TypeError ("terminated");
    // anything else here is what the server sent failing to parse.
    if (error instanceof TypeError) return cutOffError();
    return { kind: 'interrupted', reason: 'unreadable', serverMessage: shown(error instanceof Error ? error.message : String(error)) };
  }
}

/** An `error:` field's value: JSON when it is, else its words. */
function parseOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
