import OpenAI from 'openai';
import type { ChatModelClient, ChatOutcome, ChatRequest, RunningChat } from '../core/client';
import { cutOffError, describeFailure } from '../core/client';
import { l10n } from '../shared/l10n';

export interface OpenAIClientOptions {
  readonly baseUrl: string;
  /** Undefined for servers that need no key (local ones): no Authorization header is sent. */
  readonly apiKey: string | undefined;
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

/** The Chat Completions API through the official SDK, streamed, with Stop. */
export class OpenAIChatClient implements ChatModelClient {
  private readonly sdk: OpenAI;

  constructor(private readonly options: OpenAIClientOptions) {
    // Everything explicit: the SDK would otherwise read OPENAI_* environment variables by itself.
    this.sdk = new OpenAI({
      apiKey: options.apiKey ?? 'no-key',
      baseURL: options.baseUrl,
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      // Parley shows every failure with its own Retry; silent SDK retries would hide a 429's wait.
      maxRetries: 0,
      logLevel: 'off',
      defaultHeaders: options.apiKey === undefined ? { Authorization: null } : undefined,
    });
  }

  stream(request: ChatRequest, onText: (text: string) => void): RunningChat {
    const abort = new AbortController();
    return { outcome: this.run(request, onText, abort.signal), stop: () => abort.abort() };
  }

  private async run(request: ChatRequest, onText: (text: string) => void, signal: AbortSignal): Promise<ChatOutcome> {
    let finishReason: string | null = null;
    let usage: { promptTokens: number; completionTokens: number } | undefined;
    try {
      const stream = await this.sdk.chat.completions.create(
        {
          model: request.model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal },
      );
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (text) onText(text);
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      }
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      return { kind: 'error', error: this.describe(error, request.model) };
    }
    if (signal.aborted) return { kind: 'stopped' };
    // The SDK ends a stream that was cut without a finish reason quietly; that answer is incomplete.
    if (finishReason === null) return { kind: 'error', error: cutOffError() };
    return { kind: 'complete', finishReason, usage };
  }

  private describe(error: unknown, model: string) {
    const base = { model, baseUrl: this.options.baseUrl };
    if (error instanceof OpenAI.APIConnectionError) {
      return describeFailure({ ...base, message: (error.cause as Error | undefined)?.message ?? '' });
    }
    if (error instanceof OpenAI.APIError) {
      const body = error.error as { message?: unknown } | undefined;
      const message = typeof body?.message === 'string' ? body.message : '';
      // No status on an APIError (not a connection error) means an error event inside the stream.
      const inStream = error.status === undefined;
      return describeFailure({ ...base, status: error.status, code: error.code, message, retryAfterSeconds: retryAfterSeconds(error.headers), inStream });
    }
    // A connection dropped mid-stream surfaces from fetch as a bare TypeError ("terminated");
    // anything else here is the SDK failing to parse what the server sent.
    if (error instanceof TypeError) return cutOffError();
    return { ...cutOffError(), message: l10n.t("The server's answer could not be read ({0}). What arrived is kept.", error instanceof Error ? error.message : String(error)) };
  }
}
