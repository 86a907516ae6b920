import type { ChatMessage, CodeContext, Steering, Turn } from './domain';

/** A fence longer than any run of backticks in the code, so the code cannot close it early. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function lineRange(context: CodeContext): string {
  return context.startLine === context.endLine ? `line ${context.startLine}` : `lines ${context.startLine}-${context.endLine}`;
}

/** The code block the model sees for attached code: where it is from, then the code. */
export function formatCodeContext(context: CodeContext): string {
  if (context.kind === 'problems') return `Problems VS Code reports in \`${context.path}\`:\n${context.text}`;
  const fence = fenceFor(context.text);
  const what = context.kind === 'file' ? 'file' : 'selection';
  const omitted = context.omittedLines ? `\n(${context.omittedLines} more lines of the ${what} were left out.)` : '';
  const where = context.kind === 'file' ? `The file \`${context.path}\`` : `From \`${context.path}\` (${lineRange(context)})`;
  return `${where}:\n${fence}${context.language}\n${context.text}\n${fence}${omitted}`;
}

/** The content of a user message: the question, then each attached piece of code. */
export function formatUserContent(text: string, context: readonly CodeContext[]): string {
  return [text, ...context.map(formatCodeContext)].filter((part) => part.length > 0).join('\n\n');
}

/**
 * The messages of one request, in the order the model reads them: the system message, the example
 * pairs (user then assistant), the conversation so far, and the new question (already the last
 * user turn). Answers that produced no text are left out: there is nothing of them to remember.
 */
export function buildMessages(steering: Steering, turns: readonly Turn[]): ChatMessage[] {
  const messages = steeringMessages(steering);
  for (const turn of turns) {
    if (turn.role === 'user') {
      messages.push({ role: 'user', content: formatUserContent(turn.text, turn.context) });
    } else if (turn.text.length > 0 && turn.status !== 'streaming') {
      messages.push({ role: 'assistant', content: turn.text });
    }
  }
  return messages;
}

/** The system message and the example pairs: the head of every request, never trimmed. */
export function steeringMessages(steering: Steering): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (steering.systemPrompt.trim().length > 0) messages.push({ role: 'system', content: steering.systemPrompt });
  for (const example of steering.examples) {
    messages.push({ role: 'user', content: example.user }, { role: 'assistant', content: example.assistant });
  }
  return messages;
}
