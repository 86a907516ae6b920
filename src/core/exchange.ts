import { l10n } from '../shared/l10n';
import type { Conversation } from './conversation';
import { parseConversation } from './conversation';

/** Marks a file as Parley's export, so an unrelated JSON file is refused with a clear reason. */
export const EXPORT_FORMAT = 'parley.conversations';

export interface ConversationExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: 1;
  readonly exportedAt: string;
  readonly conversations: readonly Conversation[];
}

/** One or all conversations as a JSON document that `parseExport` reads back. */
export function toExportJson(conversations: readonly Conversation[], exportedAt: Date): string {
  const document: ConversationExport = { format: EXPORT_FORMAT, version: 1, exportedAt: exportedAt.toISOString(), conversations };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reads an export. Every conversation is checked before any is returned, so a bad file imports
 * nothing; the error says what is wrong and where.
 */
export function parseExport(text: string): Conversation[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(l10n.t('it is not valid JSON ({0})', (error as Error).message));
  }
  const document = raw as Partial<ConversationExport> | null;
  if (typeof document !== 'object' || document === null || document.format !== EXPORT_FORMAT) {
    throw new Error(l10n.t('it is not a Parley export (no "format": "{0}")', EXPORT_FORMAT));
  }
  if (document.version !== 1) throw new Error(l10n.t('its version {0} is not one this Parley reads', String(JSON.stringify(document.version))));
  if (!Array.isArray(document.conversations)) throw new Error(l10n.t('it has no "conversations" list'));
  return document.conversations.map((conversation: unknown, index) => {
    try {
      return parseConversation(conversation);
    } catch (error) {
      throw new Error(l10n.t('conversation {0}: {1}', index + 1, (error as Error).message));
    }
  });
}
