import { l10n } from '../shared/l10n';
import { isConversationId } from '../shared/validate';
import { mapTurns } from './branches';
import { parseConversation, unknownKey } from './storedConversation';
import type { ConversationStore } from './store';
import type { CodeContext, Conversation, Failure, Turn } from './domain';
import { STORED_VERSION } from './domain';

/** Marks a file as Parley's export, so an unrelated JSON file is refused with a clear reason. */
export const EXPORT_FORMAT = 'parley.conversations';

/** The export's version follows the stored format of the conversations it holds; 1 and 2 are read too. */
export interface ConversationExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof STORED_VERSION;
  readonly exportedAt: string;
  readonly conversations: readonly Conversation[];
}

const EXPORT_KEYS = { format: null, version: null, exportedAt: null, conversations: null } satisfies Record<keyof ConversationExport, null>;

/** One or all conversations as a JSON document that `parseExport` reads back. */
export function toExportJson(conversations: readonly Conversation[], exportedAt: Date): string {
  const document: ConversationExport = { format: EXPORT_FORMAT, version: STORED_VERSION, exportedAt: exportedAt.toISOString(), conversations };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Where an import comes from: the export file's name, and when it was imported. */
export interface ImportOrigin {
  readonly file: string;
  readonly at: number;
}

/**
 * What is kept of an imported conversation: its history, marked as imported. What would act in
 * this window is dropped: retry times and error buttons, the provider and model its owner picked,
 * the documents its code came from (their URIs name someone else's files), and the link of a fork
 * (it names a conversation of someone else's History). Every branch comes with it.
 */
function asImported(conversation: Conversation, origin: ImportOrigin): Conversation {
  const tree = mapTurns(conversation, (turn): Turn => {
    if (turn.role === 'user') return { ...turn, context: turn.context.map(importedContext) };
    // An answer still streaming in the export is as cut off as one a reload interrupted.
    const status = turn.status === 'streaming' ? 'interrupted' : turn.status;
    const error = turn.error && importedFailure(turn.error);
    return { ...omit(turn, 'retryAt', 'error'), status, ...(error ? { error } : {}) };
  });
  return { ...omit(conversation, 'provider', 'model', 'forkedFrom', 'branches'), ...tree, imported: { at: origin.at, file: origin.file } };
}

/** Code or an image from someone else's window: without the document it came from, or the file of theirs that held the image. */
function importedContext(context: CodeContext): CodeContext {
  const code = omit(context, 'uri');
  return code.image ? { ...code, image: omit(code.image, 'file') } : code;
}

/** A failure from another window: marked so no button acts on it, without its wait or saved button. */
function importedFailure(failure: Failure): Failure {
  if (failure.reason === 'saved') return { ...omit(failure, 'action', 'retryAfterSeconds'), imported: true };
  if (failure.reason === 'rate-limited') return { ...omit(failure, 'retryAfterSeconds'), imported: true };
  return { ...failure, imported: true };
}

/** A copy of `record` without `keys`. */
function omit<T extends object, K extends keyof T>(record: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...record } as Record<PropertyKey, unknown>;
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}

/**
 * Reads an export: exactly the stored format (an unknown key anywhere is refused, with its path).
 * Every conversation is checked before any is returned, so a bad file imports nothing; the error
 * says what is wrong and where.
 */
export function parseExport(text: string, origin: ImportOrigin): Conversation[] {
  let raw: unknown;
  try {
    // Some editors start a UTF-8 file with a byte order mark, which JSON does not allow.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(l10n.t('it is not valid JSON ({0})', (error as Error).message));
  }
  const document = raw as Partial<ConversationExport> | null;
  if (typeof document !== 'object' || document === null || Array.isArray(document) || document.format !== EXPORT_FORMAT) {
    throw new Error(l10n.t('it is not a Parley export (no "format": "{0}")', EXPORT_FORMAT));
  }
  const version: unknown = document.version;
  if (version !== 1 && version !== 2 && version !== STORED_VERSION)
    throw new Error(l10n.t('its version {0} is not one this Parley reads', String(JSON.stringify(document.version))));
  const unknown = unknownKey(document, EXPORT_KEYS);
  if (unknown) throw new Error(l10n.t('unknown key {0}', unknown));
  if (!Array.isArray(document.conversations)) throw new Error(l10n.t('it has no "conversations" list'));
  return document.conversations.map((conversation: unknown, index) => {
    try {
      return asImported(parseConversation(conversation, 'import'), origin);
    } catch (error) {
      throw new Error(l10n.t('conversation {0}: {1}', index + 1, (error as Error).message));
    }
  });
}

/**
 * Conversations another reader made (a script, another tool's history) checked as an export's are,
 * then marked imported; the first that fails throws, so a bad file imports nothing.
 */
export function checkedImports(conversations: readonly Conversation[], origin: ImportOrigin): Conversation[] {
  return conversations.map((conversation, index) => {
    try {
      return asImported(parseConversation(conversation, 'import'), origin);
    } catch (error) {
      throw new Error(conversations.length === 1 ? (error as Error).message : l10n.t('conversation {0}: {1}', index + 1, (error as Error).message));
    }
  });
}

/**
 * Saves imported conversations, all or nothing: when a write fails, the conversations this import
 * saved are removed again and the error says so. An id already taken, or one that cannot name a
 * file, is replaced by a new one, so nothing is overwritten. Returns the ids they were saved under.
 */
export async function importConversations(store: ConversationStore, conversations: readonly Conversation[], newId: () => string): Promise<string[]> {
  const taken = new Set(store.list().map((c) => c.id));
  const written: string[] = [];
  try {
    for (const conversation of conversations) {
      const id = taken.has(conversation.id) || !isConversationId(conversation.id) ? newId() : conversation.id;
      taken.add(id);
      // Counted before the write: a save that fails after its file was written is removed too.
      written.push(id);
      await store.save({ ...conversation, id });
    }
  } catch (error) {
    for (const id of written) await store.delete(id).catch(() => undefined);
    throw new Error(l10n.t('saving failed ({0}), so nothing was imported', (error as Error).message));
  }
  return written;
}
