// Tool calling over the Chat Completions API: the request's `tools` and `tool_choice`, the
// assistant's `tool_calls` and the `tool` messages that answer them, and the streamed
// `delta.tool_calls` pieces put back together. Shapes as OpenAI's OpenAPI description gives them
// (ChatCompletionTool, ChatCompletionMessageToolCall, ChatCompletionRequestToolMessage,
// ChatCompletionMessageToolCallChunk).
import type { RequestMessage, ToolCall, ToolDefinition } from './client';
import type { ImageContent } from './domain';
import { imageDataUrl } from './images';

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A part of a user message with images (ChatCompletionRequestMessageContentPartText, …PartImage). */
export type WireContentPart = { readonly type: 'text'; readonly text: string } | { readonly type: 'image_url'; readonly image_url: { readonly url: string } };

/** A message as the Chat Completions API takes it. */
export type WireMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string | readonly WireContentPart[] }
  | {
      readonly role: 'assistant';
      readonly content: string | null;
      readonly tool_calls?: readonly {
        readonly id: string;
        readonly type: 'function';
        readonly function: { readonly name: string; readonly arguments: string };
      }[];
    }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

export function wireMessage(message: RequestMessage): WireMessage {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role === 'user' && 'images' in message && message.images?.length) return { role: 'user', content: userParts(message.content, message.images) };
  if (message.role !== 'assistant' || !('toolCalls' in message) || message.toolCalls.length === 0) return { role: message.role, content: message.content };
  return {
    role: 'assistant',
    // An assistant message that only calls tools has no content (null), not an empty text.
    content: message.content || null,
    tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } })),
  };
}

/** A question with images: its text, then each image once, as a `data:` URL (detail left to the server: auto). */
function userParts(text: string, images: readonly ImageContent[]): WireContentPart[] {
  const pictures = images.flatMap((image): WireContentPart[] => {
    const url = imageDataUrl(image);
    return url ? [{ type: 'image_url', image_url: { url } }] : [];
  });
  return [...(text ? [{ type: 'text' as const, text }] : []), ...pictures];
}

/** The request's `tools` and `tool_choice`; nothing when it offers none (the server's default, no tools, applies). */
export function wireTools(
  tools: readonly ToolDefinition[] | undefined,
  required: boolean | undefined,
): { tools?: { type: 'function'; function: { name: string; description?: string; parameters?: object } }[]; tool_choice?: 'required' } {
  if (!tools?.length) return {};
  return {
    tools: tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        ...(tool.inputSchema ? { parameters: tool.inputSchema } : {}),
      },
    })),
    ...(required ? { tool_choice: 'required' } : {}),
  };
}

/** One streamed piece of a tool call: the first of a call carries its id and name, the rest more of its arguments. */
export interface ToolCallDelta {
  readonly index: number;
  readonly id?: string;
  readonly name?: string;
  readonly arguments?: string;
}

/** The tool call pieces of a chunk's delta (`delta.tool_calls`). */
export function readToolCallDeltas(delta: Fields): ToolCallDelta[] {
  if (!Array.isArray(delta.tool_calls)) return [];
  return delta.tool_calls.filter(isFields).flatMap((call, position): ToolCallDelta[] => {
    const fn = isFields(call.function) ? call.function : {};
    // A server that leaves out `index` (it is required) sends each call whole: its place is its index.
    const index = typeof call.index === 'number' && Number.isInteger(call.index) && call.index >= 0 ? call.index : position;
    const id = text(call.id);
    const name = text(fn.name);
    const args = text(fn.arguments);
    return [{ index, ...(id ? { id } : {}), ...(name ? { name } : {}), ...(args ? { arguments: args } : {}) }];
  });
}

/** A tool call that could not be read: what the server sent is named in `problem`. */
export type AssembledCalls = { readonly ok: true; readonly calls: readonly ToolCall[] } | { readonly ok: false; readonly problem: string };

/** Puts streamed tool call pieces back together, by index, in the order the calls began. */
export class ToolCallAssembler {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(deltas: readonly ToolCallDelta[]): void {
    for (const delta of deltas) {
      const call = this.calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
      if (delta.id) call.id = delta.id;
      // The name comes whole in the first piece; some servers repeat it in later ones.
      if (delta.name && !call.name.endsWith(delta.name)) call.name += delta.name;
      if (delta.arguments) call.arguments += delta.arguments;
      this.calls.set(delta.index, call);
    }
  }

  get empty(): boolean {
    return this.calls.size === 0;
  }

  /** The calls, their arguments parsed; a call without a name, or whose arguments are not a JSON object, cannot be made. */
  finish(): AssembledCalls {
    const calls: ToolCall[] = [];
    for (const [index, call] of [...this.calls].sort(([a], [b]) => a - b)) {
      if (!call.name) return { ok: false, problem: `tool call ${index} has no name` };
      let input: unknown;
      try {
        // No arguments at all is a call without parameters.
        input = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
      } catch {
        return { ok: false, problem: `the arguments of the call to ${call.name} are not JSON: ${call.arguments.slice(0, 200)}` };
      }
      if (!isFields(input)) return { ok: false, problem: `the arguments of the call to ${call.name} are not a JSON object: ${call.arguments.slice(0, 200)}` };
      // A server that gives no id (some local ones): one is made, so the result can name its call.
      calls.push({ id: call.id || `call_${index}`, name: call.name, input });
    }
    return { ok: true, calls };
  }
}
