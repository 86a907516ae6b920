// A local OpenAI-compatible Chat Completions server for tests (unit, extension host, UI) and manual runs.
//
// In-process:   const fake = await FakeOpenAI.start(); fake.script({ kind: 'reply', text: 'Hi' }); … fake.baseUrl …
// Standalone:   node out/test/support/fakeOpenAI.js --port 8765
//               prints its base URL (http://127.0.0.1:8765/v1) as the first line of stdout, then serves
//               until SIGINT/SIGTERM. A control API drives it from another process (never recorded):
//                 POST /__control/script    JSON array of Script steps, queued after any already queued
//                 POST /__control/default   one Script step answering every unscripted request, or null for the echo
//                 GET  /__control/requests  { requests, otherRequests, modelListRequests }
//                 POST /__control/server-api  { "GET /api/ps": {…}, … }: a local server's own API (setServerApi)
//                 POST /__control/reset     forget requests, queue and default
//
// Endpoints: POST /v1/chat/completions (JSON or text/event-stream, shaped like OpenAI's
// CreateChatCompletionResponse / CreateChatCompletionStreamResponse), GET /v1/models (ListModelsResponse),
// and Azure OpenAI's POST /openai/deployments/{deployment}/chat/completions?api-version=… (the same answers).
// `origin` is the server without /v1, as an Azure endpoint.
// Anything else is recorded in `otherRequests` and answered 404 in OpenAI's ErrorResponse shape.
// Chat requests whose body fails validateChatRequest are recorded and answered 400, as OpenAI would.
// Hostile servers too: an error that echoes the request's credentials, redirects (redirectModels for GET /v1/models).

import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { validateChatRequest } from './chatSchema';

export type Script =
  /**
   * A normal answer; streamed as `chunkSize` characters per chunk (default 4), `delayMs` before each content chunk.
   * `reasoning` streams first, in the delta field servers of reasoning models use beside `content`
   * (not part of OpenAI's API): `reasoning_content` (DeepSeek, vLLM, llama.cpp) or `reasoning` (OpenRouter, Ollama).
   */
  | {
      kind: 'reply';
      text: string;
      chunkSize?: number;
      delayMs?: number;
      finishReason?: string;
      reasoning?: string;
      reasoningField?: 'reasoning_content' | 'reasoning';
    }
  /**
   * The model calls tools, streamed as OpenAI streams them (ChatCompletionMessageToolCallChunk): each
   * call's first piece has its index, id and name, then its `arguments` JSON comes `chunkSize`
   * characters at a time (default 4); finish_reason "tool_calls". `text` streams first, when given.
   */
  | { kind: 'tool-calls'; calls: readonly { id: string; name: string; arguments: string }[]; text?: string; chunkSize?: number }
  /** An HTTP error with OpenAI's error body; `retryAfter` becomes the `retry-after` header. */
  | { kind: 'status'; status: number; message?: string; code?: string; type?: string; param?: string; retryAfter?: string }
  /** Streams `text`, then destroys the socket: no finish_reason, no [DONE]. */
  | { kind: 'cut'; text: string }
  /** Streams `text` in good chunks, then a `data: {not json` line, then ends the response. */
  | { kind: 'malformed'; text: string }
  /** Streams `text`, then an in-stream error event `data: {"error": {…}}` (as OpenAI does when it fails mid-answer), then ends. */
  | { kind: 'stream-error'; text: string; message?: string; code?: string; type?: string }
  /** Sends the response headers, then nothing until the client goes away. */
  | { kind: 'hang' }
  /**
   * An error (default 401) whose message repeats the request's URL and every header it carried, keys
   * included, as a careless gateway does.
   */
  | { kind: 'echo-credentials'; status?: number }
  /** A redirect (default 307) to `location`, absolute or relative. */
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 303 | 307 | 308 }
  /**
   * Bytes exactly as given, as a real server sent them (test/fixtures/providers/): the status, the
   * headers, then each of `reads` written and flushed on its own (so an event may be split between
   * two reads), `delayMs` apart; then the response ends. Strings are written as UTF-8; base64 is
   * for reads that split a character.
   */
  | { kind: 'raw'; status: number; headers?: Record<string, string>; reads: readonly (string | { base64: string })[]; delayMs?: number };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** The URL's path and query, parsed. */
  path: string;
  query: Record<string, string>;
}

/** A chat request body as the default reply function receives it (already checked to be an object). */
export type ChatBody = Record<string, unknown>;

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Answer 400 to chat bodies that fail validateChatRequest (default true). */
  validate?: boolean;
}

const SCRIPT_KINDS = ['reply', 'tool-calls', 'status', 'cut', 'malformed', 'stream-error', 'hang', 'echo-credentials', 'redirect', 'raw'];
/** Headers every request carries (the SDK's, fetch's), left out of an echo. */
const SDK_HEADERS = /^(x-stainless-|accept|user-agent$|content-|host$|connection$|sec-fetch-)/;
const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o'];
const DEFAULT_CHUNK_SIZE = 4;

/** The fake's token count: one token per 4 characters, rounded up. Usage fields are computed with it. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('');
  }
  return '';
}

function messagesOf(body: ChatBody): Array<{ role?: unknown; content?: unknown }> {
  return Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>).filter((m) => m && typeof m === 'object') : [];
}

/** The text of the last user message in a chat body ('' when there is none). */
export function lastUserText(body: ChatBody): string {
  const users = messagesOf(body).filter((m) => m.role === 'user');
  return users.length ? textOf(users[users.length - 1].content) : '';
}

/** The default answer: `You said: <last user message>`. */
export function echoReply(body: ChatBody): Script {
  return { kind: 'reply', text: `You said: ${lastUserText(body)}` };
}

function promptTokens(body: ChatBody): number {
  return messagesOf(body).reduce((sum, m) => sum + countTokens(textOf(m.content)), 0);
}

function randomId(prefix: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return prefix + Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

function splitText(text: string, size: number): string[] {
  const chars = Array.from(text); // code points, so a chunk never splits a surrogate pair
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** OpenAI's defaults for an error status: [type, code, message]. */
function errorDefaults(status: number, model: string): [string, string | null, string] {
  switch (status) {
    case 400:
      return ['invalid_request_error', null, 'Invalid request.'];
    case 401:
      return [
        'invalid_request_error',
        'invalid_api_key',
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
      ];
    case 403:
      return ['invalid_request_error', 'unsupported_country_region_territory', 'Country, region, or territory not supported'];
    case 404:
      return ['invalid_request_error', 'model_not_found', `The model \`${model}\` does not exist or you do not have access to it.`];
    case 429:
      return ['requests', 'rate_limit_exceeded', `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1.`];
    default:
      return status >= 500
        ? ['server_error', null, 'The server had an error while processing your request. Sorry about that!']
        : ['invalid_request_error', null, `Error ${status}.`];
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function isScript(value: unknown): value is Script {
  return typeof value === 'object' && value !== null && SCRIPT_KINDS.includes((value as { kind?: unknown }).kind as string);
}

export class FakeOpenAI {
  readonly baseUrl: string;
  readonly origin: string;
  /** Every POST /v1/chat/completions, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every other request, except GET /v1/models and /__control/*. */
  readonly otherRequests: RecordedRequest[] = [];
  /** How many times GET /v1/models was asked. */
  modelListRequests = 0;
  /** Each GET /v1/models, with its headers. */
  readonly modelLists: RecordedRequest[] = [];
  /** Each request to the server's own API set by setServerApi. */
  readonly serverApiRequests: RecordedRequest[] = [];

  private queue: Script[] = [];
  private defaultStep: (body: ChatBody) => Script = echoReply;
  /** Each listed model's id, and the fields its entry has beside OpenAI's (a server's own, such as context_length). */
  private readonly models = new Map<string, object>(DEFAULT_MODELS.map((id) => [id, {}]));
  private readonly waiters = new Set<() => void>();
  /** While set, GET /v1/models waits for it: a list that is slow to come. */
  private modelListHold: { released: Promise<void>; release: () => void } | undefined;
  /** Responses being written (drips, hangs): ended by reset() and close(). */
  private readonly live = new Set<http.ServerResponse>();
  private leftByClient = 0;
  /** Responses this server cut itself (a script's cut, reset(), close()). */
  private readonly cutHere = new WeakSet<http.ServerResponse>();
  private readonly fingerprint = `fp_${randomBytes(5).toString('hex')}`;
  /** Where GET /v1/models redirects to, when set. */
  private modelsRedirect: { location: string; status: number } | undefined;
  /** A local server's own API beside the OpenAI one: "METHOD /path" → the JSON it answers. */
  private serverApi = new Map<string, unknown>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    private readonly validate: boolean,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    this.baseUrl = `${this.origin}/v1`;
  }

  static start(options: StartOptions = {}): Promise<FakeOpenAI> {
    return new Promise((resolve, reject) => {
      const server = http.createServer();
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        const fake = new FakeOpenAI(server, (server.address() as AddressInfo).port, options.validate ?? true);
        server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
          fake.handle(req, res).catch((error: unknown) => {
            if (!res.headersSent) fake.sendError(res, 500, 'server_error', null, `FakeOpenAI failed: ${String(error)}`);
            else res.destroy();
          });
        });
        resolve(fake);
      });
    });
  }

  /** Queue steps; each chat request takes the next one. */
  script(...steps: Script[]): void {
    this.queue.push(...steps);
  }

  /** How unscripted chat requests are answered; no argument restores the echo. */
  setDefault(fn?: (body: ChatBody) => Script): void {
    this.defaultStep = fn ?? echoReply;
  }

  /**
   * The models GET /v1/models lists from now on (until reset); models named in requests are added.
   * An entry may carry fields of its own beside OpenAI's, as servers add them (`context_length`).
   */
  setModels(models: readonly (string | ({ id: string } & Record<string, unknown>))[]): void {
    this.models.clear();
    for (const model of models) {
      if (typeof model === 'string') this.models.set(model, {});
      else {
        const { id, ...extra } = model;
        this.models.set(id, extra);
      }
    }
  }

  /** GET /v1/models answers with a redirect to `location` from now on (until reset); no argument ends that. */
  redirectModels(location?: string, status = 302): void {
    this.modelsRedirect = location === undefined ? undefined : { location, status };
  }

  /**
   * Answers a local server's own endpoints beside the OpenAI ones from now on (until reset), as
   * Ollama (`GET /api/ps`, `POST /api/show`), llama.cpp (`GET /props`) or LM Studio
   * (`GET /api/v1/models`) do: "METHOD /path" → the JSON body, or (in-process) a function of the
   * server API requests so far that returns it, for a server whose answers change (a model loads).
   */
  setServerApi(routes: Readonly<Record<string, unknown>>): void {
    this.serverApi = new Map(Object.entries(routes));
  }

  /** Responses still being written: a client that went away (Stop) leaves none. */
  get openResponses(): number {
    return this.live.size;
  }

  /** Responses the client went away from (Stop) before their end; not those reset() or a script cut. */
  get responsesLeftByClient(): number {
    return this.leftByClient;
  }

  private cut(res: http.ServerResponse): void {
    this.cutHere.add(res);
    res.socket?.destroy();
  }

  private hold(res: http.ServerResponse): void {
    this.live.add(res);
    res.on('close', () => {
      this.live.delete(res);
      if (!res.writableEnded && !this.cutHere.has(res)) this.leftByClient++;
    });
  }

  /** Steps still queued. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once at least `n` chat requests have arrived. */
  waitForRequests(n: number, timeoutMs = 5000): Promise<void> {
    if (this.requests.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.requests.length < n) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`FakeOpenAI: waited ${timeoutMs} ms for ${n} chat request(s), got ${this.requests.length}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Forgets recorded requests, queued steps and the default; ends responses still being written. */
  /** Holds every GET /v1/models until the returned function (or reset) releases them. */
  holdModelLists(): () => void {
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    const hold = { released, release };
    this.modelListHold = hold;
    return () => {
      if (this.modelListHold === hold) this.modelListHold = undefined;
      hold.release();
    };
  }

  reset(): void {
    this.modelListHold?.release();
    this.modelListHold = undefined;
    this.requests.length = 0;
    this.otherRequests.length = 0;
    this.modelListRequests = 0;
    this.leftByClient = 0;
    this.modelLists.length = 0;
    this.queue = [];
    this.defaultStep = echoReply;
    this.models.clear();
    for (const model of DEFAULT_MODELS) this.models.set(model, {});
    this.modelsRedirect = undefined;
    this.serverApi.clear();
    this.serverApiRequests.length = 0;
    for (const res of this.live) this.cut(res);
    this.live.clear();
  }

  /** Stops listening and drops every connection; safe to call twice. */
  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    for (const res of this.live) this.cut(res);
    this.live.clear();
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const parsed = new URL(url, 'http://127.0.0.1');
    const path = parsed.pathname;
    const raw = await readBody(req);
    if (path.startsWith('/__control/')) return this.control(method, path, raw, res);

    const query = Object.fromEntries(parsed.searchParams);
    const recorded: RecordedRequest = { method, url, headers: { ...req.headers }, body: parseBody(raw), path, query };
    if (method === 'GET' && path === '/v1/models') {
      this.modelListRequests++;
      this.modelLists.push(recorded);
      await this.modelListHold?.released;
      if (this.modelsRedirect) return this.sendRedirect(res, this.modelsRedirect.status, this.modelsRedirect.location);
      const data = [...this.models].map(([id, extra]) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake-openai', ...extra }));
      return this.sendJson(res, 200, { object: 'list', data });
    }
    if (this.serverApi.has(`${method} ${path}`)) {
      this.serverApiRequests.push(recorded);
      const answer = this.serverApi.get(`${method} ${path}`);
      return this.sendJson(res, 200, typeof answer === 'function' ? (answer as (seen: readonly RecordedRequest[]) => unknown)(this.serverApiRequests) : answer);
    }
    const chatPath = path === '/v1/chat/completions' || /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(path);
    if (method !== 'POST' || !chatPath) {
      this.otherRequests.push(recorded);
      return this.sendError(res, 404, 'invalid_request_error', 'unknown_url', `Invalid URL (${method} ${path})`);
    }

    this.requests.push(recorded);
    for (const waiter of [...this.waiters]) waiter();
    const body = recorded.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return this.sendError(
        res,
        400,
        'invalid_request_error',
        null,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      );
    }
    const chat = body as ChatBody;
    if (typeof chat.model === 'string' && !this.models.has(chat.model)) this.models.set(chat.model, {});
    if (this.validate) {
      const problems = validateChatRequest(chat);
      if (problems.length) return this.sendError(res, 400, 'invalid_request_error', null, `Invalid request: ${problems.join('; ')}`);
    }
    const step = this.queue.shift() ?? this.defaultStep(chat);
    return this.answer(recorded, step, res);
  }

  private async answer(request: RecordedRequest, step: Script, res: http.ServerResponse): Promise<void> {
    const body = request.body as ChatBody;
    const model = typeof body.model === 'string' ? body.model : 'unknown';
    const stream = body.stream === true;
    const includeUsage = stream && (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;

    if (step.kind === 'status') {
      const [type, code, message] = errorDefaults(step.status, model);
      const headers: Record<string, string> = step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {};
      return this.sendError(res, step.status, step.type ?? type, step.code ?? code, step.message ?? message, headers, step.param ?? null);
    }
    if (step.kind === 'echo-credentials') {
      // The SDK's own headers would push the rest past what a client keeps of a message.
      const carried = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !SDK_HEADERS.test(name)));
      const message = `Request to ${request.url} refused; it carried ${JSON.stringify(carried)}`;
      return this.sendError(res, step.status ?? 401, 'invalid_request_error', 'invalid_api_key', message);
    }
    if (step.kind === 'redirect') return this.sendRedirect(res, step.status ?? 307, step.location);
    if (step.kind === 'raw') return this.replay(res, step);

    const id = randomId('chatcmpl-', 29);
    const created = Math.floor(Date.now() / 1000);
    const text = step.kind === 'hang' ? '' : step.kind === 'tool-calls' ? (step.text ?? '') : step.text;
    const usage = {
      prompt_tokens: promptTokens(body),
      completion_tokens: countTokens(text),
      total_tokens: promptTokens(body) + countTokens(text),
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };

    if (!stream && step.kind === 'tool-calls') {
      const tool_calls = step.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
      return this.sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text || null, refusal: null, tool_calls }, logprobs: null, finish_reason: 'tool_calls' }],
        usage,
      });
    }
    if (!stream) {
      if (step.kind === 'reply' || step.kind === 'stream-error') {
        if (step.kind === 'stream-error') {
          return this.sendError(res, 500, step.type ?? 'server_error', step.code ?? null, step.message ?? errorDefaults(500, model)[2]);
        }
        return this.sendJson(res, 200, {
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text, refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: step.finishReason ?? 'stop',
            },
          ],
          usage,
          service_tier: 'default',
          system_fingerprint: this.fingerprint,
        });
      }
      res.writeHead(200, this.headers('application/json'));
      this.hold(res);
      if (step.kind === 'hang') return void res.flushHeaders();
      if (step.kind === 'malformed') return void res.end('{not json');
      // cut: half a completion object, then the socket goes.
      await this.write(
        res,
        JSON.stringify({ id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: text } }] }).slice(0, 40),
      );
      return void this.cut(res);
    }

    res.writeHead(200, this.headers('text/event-stream; charset=utf-8', { 'cache-control': 'no-cache' }));
    res.flushHeaders();
    this.hold(res);
    if (step.kind === 'hang') return;

    const base = { id, object: 'chat.completion.chunk', created, model, service_tier: 'default', system_fingerprint: this.fingerprint };
    // With include_usage, every chunk carries `usage: null` except the last, which has no choices.
    const chunk = (delta: object, finishReason: string | null = null): object => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
    const event = (data: object | string): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

    await this.write(res, event(chunk({ role: 'assistant', content: '', refusal: null })));
    const size = step.kind === 'reply' ? Math.max(1, step.chunkSize ?? DEFAULT_CHUNK_SIZE) : DEFAULT_CHUNK_SIZE;
    const field = step.kind === 'reply' ? (step.reasoningField ?? 'reasoning_content') : 'reasoning_content';
    const reasoning = step.kind === 'reply' && step.reasoning ? splitText(step.reasoning, size).map((piece) => ({ [field]: piece })) : [];
    for (const delta of [...reasoning, ...splitText(text, size).map((content) => ({ content }))]) {
      if (step.kind === 'reply' && step.delayMs) await sleep(step.delayMs);
      if (res.destroyed) return; // the client stopped
      await this.write(res, event(chunk(delta)));
    }
    if (res.destroyed) return;

    switch (step.kind) {
      case 'cut':
        return void this.cut(res);
      case 'malformed':
        return void res.end('data: {not json\n\n');
      case 'stream-error': {
        const error = { message: step.message ?? errorDefaults(500, model)[2], type: step.type ?? 'server_error', param: null, code: step.code ?? null };
        return void res.end(event({ error }));
      }
      case 'tool-calls':
        for (const [index, call] of step.calls.entries()) {
          await this.write(res, event(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] })));
          for (const piece of splitText(call.arguments, Math.max(1, step.chunkSize ?? DEFAULT_CHUNK_SIZE))) {
            if (res.destroyed) return;
            await this.write(res, event(chunk({ tool_calls: [{ index, function: { arguments: piece } }] })));
          }
        }
        await this.write(res, event(chunk({}, 'tool_calls')));
        if (includeUsage) await this.write(res, event({ ...base, choices: [], usage }));
        return void res.end(event('[DONE]'));
      case 'reply':
        await this.write(res, event(chunk({}, step.finishReason ?? 'stop')));
        if (includeUsage) await this.write(res, event({ ...base, choices: [], usage }));
        return void res.end(event('[DONE]'));
    }
  }

  private async control(method: string, path: string, raw: string, res: http.ServerResponse): Promise<void> {
    const body = parseBody(raw);
    if (method === 'GET' && path === '/__control/requests') {
      return this.sendJson(res, 200, { requests: this.requests, otherRequests: this.otherRequests, modelListRequests: this.modelListRequests });
    }
    if (method === 'POST' && path === '/__control/reset') {
      this.reset();
      return this.sendJson(res, 200, { ok: true });
    }
    if (method === 'POST' && path === '/__control/script') {
      if (!Array.isArray(body) || !body.every(isScript))
        return this.sendError(res, 400, 'invalid_request_error', null, `Expected a JSON array of steps with kind in ${SCRIPT_KINDS.join(', ')}`);
      this.script(...body);
      return this.sendJson(res, 200, { ok: true, pending: this.queue.length });
    }
    if (method === 'POST' && path === '/__control/server-api') {
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        return this.sendError(res, 400, 'invalid_request_error', null, 'Expected an object of "METHOD /path": body');
      this.setServerApi(body as Record<string, unknown>);
      return this.sendJson(res, 200, { ok: true });
    }
    if (method === 'POST' && path === '/__control/default') {
      if (body !== null && !isScript(body)) return this.sendError(res, 400, 'invalid_request_error', null, 'Expected one step, or null for the echo');
      this.setDefault(body === null ? undefined : () => body);
      return this.sendJson(res, 200, { ok: true });
    }
    return this.sendError(res, 404, 'invalid_request_error', null, `Unknown control request ${method} ${path}`);
  }

  private headers(contentType: string, extra: Record<string, string> = {}): Record<string, string> {
    return { 'content-type': contentType, 'x-request-id': randomId('req_', 24), 'openai-processing-ms': '12', 'openai-version': '2020-10-01', ...extra };
  }

  private sendJson(res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
    res.writeHead(status, this.headers('application/json', extra));
    res.end(JSON.stringify(value));
  }

  private sendError(
    res: http.ServerResponse,
    status: number,
    type: string,
    code: string | null,
    message: string,
    extra: Record<string, string> = {},
    param: string | null = null,
  ): void {
    this.sendJson(res, status, { error: { message, type, param, code } }, extra);
  }

  private sendRedirect(res: http.ServerResponse, status: number, location: string): void {
    res.writeHead(status, this.headers('text/plain', { location }));
    res.end(`Redirecting to ${location}`);
  }

  private async replay(res: http.ServerResponse, step: Extract<Script, { kind: 'raw' }>): Promise<void> {
    res.writeHead(step.status, step.headers ?? {});
    res.flushHeaders();
    this.hold(res);
    for (const read of step.reads) {
      if (step.delayMs) await sleep(step.delayMs);
      if (res.destroyed) return; // the client stopped
      await this.write(res, typeof read === 'string' ? read : Buffer.from(read.base64, 'base64'));
    }
    res.end();
  }

  /** Writes and waits until the data is handed to the socket; a no-op once the client has gone. */
  private write(res: http.ServerResponse, data: string | Buffer): Promise<void> {
    if (res.destroyed || res.writableEnded) return Promise.resolve();
    return new Promise((resolve) => res.write(data, () => resolve()));
  }
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--port');
  const port = at >= 0 ? Number(argv[at + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a port number (got ${argv[at + 1]})`);
  const fake = await FakeOpenAI.start({ port });
  process.stdout.write(`${fake.baseUrl}\n`);
  const stop = (): void => void fake.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
