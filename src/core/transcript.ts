import { l10n } from '../shared/l10n';
import { branchesShown } from './branches';
import { failureText } from './failureText';
import { formatUserContent } from './prompt';
import type { Conversation, RecordedSteering, Turn } from './domain';

/** The note an answer that did not complete carries in the script (scripts.ts reads it back). */
export function statusNote(status: 'streaming' | 'stopped' | 'interrupted' | 'error'): string {
  switch (status) {
    case 'streaming':
      return l10n.t('_(still streaming when exported)_');
    case 'stopped':
      return l10n.t('_(stopped)_');
    case 'interrupted':
      return l10n.t('_(interrupted)_');
    case 'error':
      return l10n.t('_(failed)_');
  }
}

/** What steered the conversation, quoted so it cannot be mistaken for the script that follows. */
export function steeringMarkdown(steering: RecordedSteering): string[] {
  const quote = (text: string) =>
    text
      .split('\n')
      .map((line) => `> ${line}`.trimEnd())
      .join('\n');
  const settings = [
    steering.model && l10n.t('model {0}', steering.model),
    steering.temperature !== undefined && l10n.t('temperature {0}', steering.temperature),
  ].filter(Boolean);
  const heading = settings.length ? l10n.t('Steering: {0} ({1})', steering.profile, settings.join(', ')) : l10n.t('Steering: {0}', steering.profile);
  const parts = [`## ${heading}`];
  if (steering.file !== undefined) parts.push(l10n.t('From this repository: {0}', steering.file));
  if (steering.systemPrompt.trim()) parts.push(`${l10n.t('System message:')}\n\n${quote(steering.systemPrompt)}`);
  steering.examples.forEach((example, i) => {
    parts.push(
      `${l10n.t('Example {0}, user:', i + 1)}\n\n${quote(example.user)}`,
      `${l10n.t('Example {0}, assistant:', i + 1)}\n\n${quote(example.assistant)}`,
    );
  });
  parts.push(`## ${l10n.t('Conversation')}`);
  return parts;
}

/**
 * The conversation as a readable script: a heading, what steered it (when recorded), then
 * `**User:**` / `**Assistant:**` turns.
 */
export function toMarkdown(conversation: Conversation, exportedAt: Date): string {
  const parts = [`# ${conversation.title}`, l10n.t('_Exported from Parley on {0}._', exportedAt.toISOString().slice(0, 10))];
  const branches = branchLine(conversation);
  if (branches) parts.push(branches);
  if (conversation.steering) parts.push(...steeringMarkdown(conversation.steering));
  for (const turn of conversation.turns) parts.push(turnMarkdown(turn));
  return `${parts.join('\n\n')}\n`;
}

const BRANCH_MARK = '\u0000';
const branchTemplate = (): string => l10n.t('_This script holds one branch of the conversation, the one on screen: {0}._', BRANCH_MARK);

/** Which branch the script holds, when the conversation has others: "version 2 of 3 at turn 4", at each branch point. */
function branchLine(conversation: Conversation): string | undefined {
  const shown = branchesShown(conversation).map((b) => l10n.t('version {0} of {1} at turn {2}', b.position, b.count, b.turn));
  return shown.length ? branchTemplate().replace(BRANCH_MARK, shown.join(', ')) : undefined;
}

/** Whether a paragraph is the line that says which branch a script holds (scripts.ts skips it: a script is one branch). */
export function isBranchLine(paragraph: string): boolean {
  const [before, after] = branchTemplate().split(BRANCH_MARK) as [string, string];
  return !paragraph.includes('\n') && paragraph.length > before.length + after.length && paragraph.startsWith(before) && paragraph.endsWith(after);
}

/** One turn of the script: `**User:**` with the question and its code, or `**Assistant:**` with how it ended. */
export function turnMarkdown(turn: Turn): string {
  if (turn.role === 'user') return `**${l10n.t('User:')}** ${formatUserContent(turn.text, turn.context)}`;
  const note = turn.status === 'complete' ? '' : ` ${statusNote(turn.status)}`;
  const error = turn.error ? `\n\n> ${failureText(turn.error).message}` : '';
  return `**${l10n.t('Assistant:')}**${note} ${turn.text}${error}`.trimEnd();
}
