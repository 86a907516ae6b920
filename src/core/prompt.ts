import type { ChatMessage, CodeContext, Steering, Turn } from './domain';
import { sendableImages } from './images';

/** A fence longer than any run of backticks in the code, so the code cannot close it early. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function lineRange(context: CodeContext): string {
  return context.startLine === context.endLine ? `line ${context.startLine}` : `lines ${context.startLine}-${context.endLine}`;
}

/** What the model is told a piece of attached code is, before its code block. */
function heading(context: CodeContext): string {
  switch (context.kind) {
    case 'file':
      return `The file \`${context.path}\``;
    case 'diff':
      if (context.changes === 'staged') return `The staged changes in the repository \`${context.path}\` (git diff --cached)`;
      if (context.changes === 'unstaged') return `The changes not yet staged in the repository \`${context.path}\` (git diff)`;
      return `The changes to \`${context.path}\` since the last commit (git diff HEAD)`;
    case 'terminal':
      return `The last command in the terminal \`${context.path}\`, and its output`;
    case 'symbol':
      return `The symbol \`${context.symbol ?? ''}\` from \`${context.path}\` (${lineRange(context)})`;
    default:
      return `From \`${context.path}\` (${lineRange(context)})`;
  }
}

/** What the model is told was cut from attached code; the words follow its kind. */
const CUT_WHAT: Partial<Record<NonNullable<CodeContext['kind']>, string>> = { file: 'file', diff: 'diff', terminal: 'output', symbol: 'symbol' };

/** The code block the model sees for attached code: where it is from, then the code. */
export function formatCodeContext(context: CodeContext): string {
  if (context.kind === 'image') return formatImage(context);
  if (context.kind === 'problems') return `Problems VS Code reports in \`${context.path}\`:\n${context.text}`;
  if (context.kind === 'folder') return formatFolder(context);
  const fence = fenceFor(context.text);
  const what = (context.kind && CUT_WHAT[context.kind]) ?? 'selection';
  const omitted = context.omittedLines ? `\n(${context.omittedLines} more lines of the ${what} were left out.)` : '';
  return `${heading(context)}:\n${fence}${context.language}\n${context.text}\n${fence}${omitted}`;
}

/** A folder: its budget, the files that fit (each as a whole file), then those left out. */
function formatFolder(context: CodeContext): string {
  const left = context.omittedFiles ?? [];
  const omitted = left.length > 0 ? `\n\n(Left out, over the budget or not text: ${left.map((f) => `\`${f}\``).join(', ')}.)` : '';
  const budget = context.budgetTokens === undefined ? '' : ` (files chosen within a budget of ${context.budgetTokens} tokens)`;
  return `The folder \`${context.path}\`${budget}:\n\n${context.text}${omitted}`;
}

/** An image is sent as an image part after the text; the text names it, so the model can refer to it (and a script shows it). */
function formatImage(context: CodeContext): string {
  const size = context.image ? ` (${context.image.width}×${context.image.height})` : '';
  if (context.image?.data === undefined) return `(The image \`${context.path}\`${size} was attached here, but its file is gone: it is not sent.)`;
  return `The image \`${context.path}\`${size} is attached.`;
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
      const images = sendableImages(turn.context);
      messages.push({ role: 'user', content: formatUserContent(turn.text, turn.context), ...(images.length > 0 ? { images } : {}) });
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
