// Server-sent events as servers really send them: lines ended by CRLF, LF or CR (Google's are CRLF),
// comment lines (": keep-alive", ": OPENROUTER PROCESSING"), events and characters split between
// reads, a last event without the blank line after it (llama.cpp's "data: [DONE]"), and fields the
// specification does not know, kept rather than dropped: llama.cpp servers through 2025 sent a
// failure inside a stream as an "error:" line, which every SSE parser (the OpenAI SDK's too) ignores.

export interface ServerSentEvent {
  /** The `event:` field, when the server named the event. */
  readonly event?: string;
  /** The `data:` lines, joined by newlines. */
  readonly data: string;
  /** Fields beside `event`, `data`, `id` and `retry`, by name (the last of each). */
  readonly other: Readonly<Record<string, string>>;
}

const LINE_END = /\r\n|\n|\r/;

/** The events of a response body, as they arrive; ends when the body does. */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let pending: { event?: string; data: string[]; other: Record<string, string> } = { data: [], other: {} };
  const take = (line: string): ServerSentEvent | undefined => {
    if (line === '') {
      const { event, data, other } = pending;
      pending = { data: [], other: {} };
      return data.length || Object.keys(other).length || event ? { ...(event ? { event } : {}), data: data.join('\n'), other } : undefined;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') pending.data.push(value);
    else if (field === 'event') pending.event = value;
    else if (field !== 'id' && field !== 'retry') pending.other[field] = value;
    return undefined;
  };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (let match = LINE_END.exec(buffer); match; match = LINE_END.exec(buffer)) {
        // A CR at the end of what has come may be the first half of a CRLF: wait for the next read.
        if (!done && match[0] === '\r' && match.index === buffer.length - 1) break;
        const event = take(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
        if (event) yield event;
      }
      if (done) break;
    }
    // What is left had no line end, or no blank line after it: the server ended there.
    if (buffer) take(buffer);
    const last = take('');
    if (last) yield last;
  } finally {
    // Also when the reader stops early (an error event): the rest of the body is not wanted.
    reader.cancel().catch(() => undefined);
  }
}
