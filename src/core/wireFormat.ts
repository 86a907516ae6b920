// What OpenAI-compatible servers send, read as they really send it, not as one of them documents
// it: a streamed chunk's text, reasoning and refusal in every field and shape providers use, and an
// error in every shape of body (test/fixtures/providers/ holds one of each, with its source).
import type { ToolCallDelta } from './toolCalls';
import { readToolCallDeltas } from './toolCalls';
import type { AnswerPiece, Overflow, Usage } from './domain';

/** An error as the server described it: its own words, and the facts it gave beside them. */
export interface ServerError {
  /** The server's words ('' when it gave none). */
  readonly message: string;
  readonly code?: string;
  /** The request parameter the server names as the problem. */
  readonly param?: string;
  readonly type?: string;
  /** The content filters that fired, where the body names them (Azure's `innererror.content_filter_result`). */
  readonly filters?: readonly string[];
  /** Why a moderation flagged the input (OpenRouter's `metadata.reasons`). */
  readonly flagged?: readonly string[];
  /** The window and request size given as fields, not words (llama.cpp's `n_ctx`, `n_prompt_tokens`). */
  readonly overflow?: Overflow;
}

/** What one streamed chunk carried. */
export interface ChunkReading {
  readonly pieces: readonly AnswerPiece[];
  /** The model's refusal (OpenAI's `delta.refusal`, or a `refusal` content part). */
  readonly refusal?: string;
  /** Pieces of the tool calls the model makes (`delta.tool_calls`). */
  readonly toolCalls?: readonly ToolCallDelta[];
  readonly finishReason?: string;
  readonly usage?: Usage;
  /** The chunk was an error, not an answer. */
  readonly error?: ServerError;
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * The error in a response body, whatever shape it has: OpenAI's `{"error": {...}}`, Gemini's array
 * of those, vLLM's (up to 0.9) and FastChat's fields at the top level, `{"error": "text"}` (LM Studio,
 * Ollama's own API), FastAPI's `{"detail": ...}` (Mistral's 422), or not JSON at all (a proxy's page).
 */
export function readErrorBody(body: string): ServerError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { message: plainText(body) };
  }
  return readError(parsed) ?? { message: plainText(body) };
}

/** The error an object inside a stream (or a parsed body) holds, if it is one. */
export function readError(value: unknown): ServerError | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (!isFields(first)) return typeof first === 'string' ? { message: first } : undefined;
  const inner = first.error;
  if (typeof inner === 'string') return { message: inner };
  if (isFields(inner)) return errorFields(inner);
  if (first.object === 'error' || 'message' in first || 'detail' in first) return errorFields(first);
  return undefined;
}

function errorFields(fields: Fields): ServerError {
  const detail = readDetail(fields.detail);
  const message = text(fields.message) ?? (fields.message !== undefined ? JSON.stringify(fields.message) : (detail?.message ?? ''));
  // A number in `code` is the HTTP status again (OpenRouter, llama.cpp, Gemini, vLLM): not a code.
  const code = text(fields.code);
  const param = text(fields.param) ?? detail?.param;
  const type = text(fields.type);
  const filters = firedFilters(fields.innererror);
  const metadata = isFields(fields.metadata) ? fields.metadata : {};
  const flagged = Array.isArray(metadata.reasons) ? metadata.reasons.filter((reason): reason is string => typeof reason === 'string') : undefined;
  const window = count(fields.n_ctx);
  const sent = count(fields.n_prompt_tokens);
  return {
    message,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
    ...(type ? { type } : {}),
    ...(filters?.length ? { filters } : {}),
    ...(flagged?.length ? { flagged } : {}),
    ...(window !== undefined || sent !== undefined
      ? { overflow: { ...(window !== undefined ? { window } : {}), ...(sent !== undefined ? { sent } : {}) } }
      : {}),
  };
}

/** FastAPI's validation detail: a sentence, or a list of `{loc, msg}` whose last `loc` is the parameter. */
function readDetail(detail: unknown): { message: string; param?: string } | undefined {
  if (typeof detail === 'string') return { message: detail };
  if (!Array.isArray(detail)) return undefined;
  const problems = detail.filter(isFields);
  const message = problems
    .map((problem) => text(problem.msg) ?? '')
    .filter(Boolean)
    .join('; ');
  const loc = problems[0]?.loc;
  const last = Array.isArray(loc) && loc[0] === 'body' ? text(loc[loc.length - 1]) : undefined;
  return { message, ...(last ? { param: last } : {}) };
}

/** Azure's content filters that fired: each category of `content_filter_result` with `filtered: true`. */
function firedFilters(innererror: unknown): string[] | undefined {
  if (!isFields(innererror) || !isFields(innererror.content_filter_result)) return undefined;
  return Object.entries(innererror.content_filter_result)
    .filter(([, result]) => isFields(result) && result.filtered === true)
    .map(([category]) => category);
}

/** A body that is not JSON, as words: an HTML page's tags left out, its spaces and lines made one. */
function plainText(body: string): string {
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What a streamed chunk carries: the text and reasoning, from `delta.content` as a string or as a
 * list of typed parts (Mistral's Magistral: `thinking`, then `text`), and from `reasoning_content`
 * (DeepSeek, vLLM, llama.cpp, LM Studio) or `reasoning` (OpenRouter, Ollama), one of them only, as a
 * server may send both with the same text; the refusal; the finish reason; the usage, in `usage`
 * or in Groq's `x_groq.usage`; or an error (OpenAI's, OpenRouter's `{"error": …}` chunk; vLLM's
 * `{"object": "error", …}`).
 */
export function readChunk(chunk: unknown): ChunkReading {
  if (!isFields(chunk)) return { pieces: [] };
  if (chunk.error !== undefined || chunk.object === 'error') {
    const error = readError(chunk) ?? { message: '' };
    return { pieces: [], error };
  }
  const choice = Array.isArray(chunk.choices) && isFields(chunk.choices[0]) ? chunk.choices[0] : {};
  const delta = isFields(choice.delta) ? choice.delta : {};
  const pieces: AnswerPiece[] = [];
  const refusals: string[] = [];
  const reasoning = text(delta.reasoning_content) || text(delta.reasoning);
  if (reasoning) pieces.push({ part: 'reasoning', text: reasoning });
  readContent(delta.content, pieces, refusals);
  const refusal = [text(delta.refusal) ?? '', ...refusals].join('');
  const toolCalls = readToolCallDeltas(delta);
  const finishReason = text(choice.finish_reason);
  const usage = readUsage(chunk.usage) ?? (isFields(chunk.x_groq) ? readUsage(chunk.x_groq.usage) : undefined);
  return {
    pieces,
    ...(refusal ? { refusal } : {}),
    ...(toolCalls.length ? { toolCalls } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(usage ? { usage } : {}),
  };
}

function readContent(content: unknown, pieces: AnswerPiece[], refusals: string[]): void {
  if (typeof content === 'string') {
    if (content) pieces.push({ part: 'text', text: content });
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content) {
    if (!isFields(part)) continue;
    switch (part.type) {
      case 'text':
      case 'output_text': {
        const said = text(part.text);
        if (said) pieces.push({ part: 'text', text: said });
        break;
      }
      case 'thinking':
      case 'reasoning': {
        const thought = thinkingText(part.thinking ?? part.reasoning ?? part.text);
        if (thought) pieces.push({ part: 'reasoning', text: thought });
        break;
      }
      case 'refusal':
        refusals.push(text(part.refusal) ?? '');
        break;
      // Anything else (an image, a reference to a source) is not text to show.
    }
  }
}

/** Mistral's thinking is itself a list of text parts; others give a string. */
function thinkingText(thinking: unknown): string {
  if (typeof thinking === 'string') return thinking;
  if (!Array.isArray(thinking)) return '';
  return thinking.map((part) => (isFields(part) ? (text(part.text) ?? '') : '')).join('');
}

function readUsage(usage: unknown): Usage | undefined {
  if (!isFields(usage)) return undefined;
  const promptTokens = count(usage.prompt_tokens);
  const completionTokens = count(usage.completion_tokens);
  return promptTokens !== undefined && completionTokens !== undefined ? { promptTokens, completionTokens } : undefined;
}
