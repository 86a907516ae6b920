import type { Conversation } from './conversation';
import type { RecordedSteering } from './profiles';
import { formatUserContent } from './prompt';

const STATUS_NOTES = {
  streaming: '_(still streaming when exported)_',
  stopped: '_(stopped)_',
  interrupted: '_(interrupted)_',
  error: '_(failed)_',
} as const;

/** What steered the conversation, quoted so it cannot be mistaken for the script that follows. */
function steeringMarkdown(steering: RecordedSteering): string[] {
  const quote = (text: string) => text.split('\n').map((line) => `> ${line}`.trimEnd()).join('\n');
  const settings = [steering.model && `model ${steering.model}`, steering.temperature !== undefined && `temperature ${steering.temperature}`].filter(Boolean);
  const parts = [`## Steering: ${steering.profile}${settings.length ? ` (${settings.join(', ')})` : ''}`];
  if (steering.systemPrompt.trim()) parts.push(`System message:\n\n${quote(steering.systemPrompt)}`);
  steering.examples.forEach((example, i) => {
    parts.push(`Example ${i + 1}, user:\n\n${quote(example.user)}`, `Example ${i + 1}, assistant:\n\n${quote(example.assistant)}`);
  });
  parts.push('## Conversation');
  return parts;
}

/**
 * The conversation as a readable script: a heading, what steered it (when recorded), then
 * `**User:**` / `**Assistant:**` turns.
 */
export function toMarkdown(conversation: Conversation, exportedAt: Date): string {
  const parts = [`# ${conversation.title}`, `_Exported from Parley on ${exportedAt.toISOString().slice(0, 10)}._`];
  if (conversation.steering) parts.push(...steeringMarkdown(conversation.steering));
  for (const turn of conversation.turns) {
    if (turn.role === 'user') {
      parts.push(`**User:** ${formatUserContent(turn.text, turn.context)}`);
    } else {
      const note = turn.status === 'complete' ? '' : ` ${STATUS_NOTES[turn.status]}`;
      const error = turn.error ? `\n\n> ${turn.error.message}` : '';
      parts.push(`**Assistant:**${note} ${turn.text}${error}`.trimEnd());
    }
  }
  return `${parts.join('\n\n')}\n`;
}
