import type { Conversation } from './conversation';
import { formatUserContent } from './prompt';

const STATUS_NOTES = {
  streaming: '_(still streaming when exported)_',
  stopped: '_(stopped)_',
  interrupted: '_(interrupted)_',
  error: '_(failed)_',
} as const;

/** The conversation as a readable script: a heading, then `**User:**` / `**Assistant:**` turns. */
export function toMarkdown(conversation: Conversation, exportedAt: Date): string {
  const parts = [`# ${conversation.title}`, `_Exported from Parley on ${exportedAt.toISOString().slice(0, 10)}._`];
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
