import type { CodeAction, ErrorAction, FromWebview } from './protocol';
import type { ContextSource } from './steering';
import { CONTEXT_SOURCES } from './steering';

/** The longest question the composer may send; beyond it the message is refused, not cut. */
export const MAX_MESSAGE_CHARS = 200_000;
const MAX_ID_CHARS = 100;
const MAX_URL_CHARS = 4_000;
const MAX_QUERY_CHARS = 500;
const MAX_LANGUAGE_CHARS = 100;
const MAX_NAME_CHARS = 200;
export const ERROR_ACTIONS: readonly ErrorAction[] = ['setApiKey', 'openSettings', 'retry'];
const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'replaceSelection', 'newEditor', 'compare'];

/** What can name a conversation's file: the store refuses other ids, and imports replace them. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `id` has the shape of a conversation id (one that can name its file). */
export function isConversationId(id: unknown): id is string {
  return typeof id === 'string' && CONVERSATION_ID.test(id);
}

export type Validated<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

/**
 * Checks a message that arrived from the webview. Webview content is untrusted (it renders model
 * output), so anything that is not exactly one of the known shapes is refused with a reason.
 */
export function parseFromWebview(raw: unknown): Validated<FromWebview> {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not a message object' };
  switch (raw.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
    case 'retry':
    case 'dismissNotice':
    case 'regenerate':
    case 'undo':
    case 'refreshModels':
      return { ok: true, value: { type: raw.type } };
    case 'pickProvider':
      if (!boundedString(raw.provider, MAX_ID_CHARS)) return { ok: false, reason: 'pickProvider.provider must be a short string' };
      return { ok: true, value: { type: 'pickProvider', provider: raw.provider } };
    case 'pickModel':
      if (!boundedString(raw.model, MAX_NAME_CHARS) || !raw.model.trim())
        return { ok: false, reason: 'pickModel.model must be a model name of at most 200 characters' };
      return { ok: true, value: { type: 'pickModel', model: raw.model.trim() } };
    case 'editAndResend':
      if (!boundedString(raw.turnId, MAX_ID_CHARS)) return { ok: false, reason: 'editAndResend.turnId must be a short string' };
      if (!boundedString(raw.text, MAX_MESSAGE_CHARS)) return { ok: false, reason: 'editAndResend.text must be a string of at most 200,000 characters' };
      return { ok: true, value: { type: 'editAndResend', turnId: raw.turnId, text: raw.text } };
    case 'codeAction':
      if (!CODE_ACTIONS.includes(raw.action as CodeAction)) return { ok: false, reason: 'unknown code action' };
      if (!boundedString(raw.turnId, MAX_ID_CHARS)) return { ok: false, reason: 'codeAction.turnId must be a short string' };
      if (!boundedString(raw.code, MAX_MESSAGE_CHARS)) return { ok: false, reason: 'codeAction.code must be a string of at most 200,000 characters' };
      if (!boundedString(raw.language, MAX_LANGUAGE_CHARS)) return { ok: false, reason: 'codeAction.language must be a short string' };
      return { ok: true, value: { type: 'codeAction', action: raw.action as CodeAction, turnId: raw.turnId, code: raw.code, language: raw.language } };
    case 'listConversations':
      if (!boundedString(raw.query, MAX_QUERY_CHARS)) return { ok: false, reason: 'listConversations.query must be a string of at most 500 characters' };
      return { ok: true, value: { type: 'listConversations', query: raw.query } };
    case 'copyTurn':
      if (!boundedString(raw.turnId, MAX_ID_CHARS)) return { ok: false, reason: 'copyTurn needs a short string turnId' };
      return { ok: true, value: { type: 'copyTurn', turnId: raw.turnId } };
    case 'openConversation':
    case 'renameConversation':
    case 'deleteConversation':
      // Refused here, with the reason logged, rather than deep in the store where the error went nowhere.
      if (!isConversationId(raw.id)) {
        const shown = typeof raw.id === 'string' ? JSON.stringify(raw.id.slice(0, 80)) : `a ${raw.id === null ? 'null' : typeof raw.id}`;
        return { ok: false, reason: `${raw.type}.id must be a conversation id (1 to 64 letters, digits, _ or -), not ${shown}` };
      }
      return { ok: true, value: { type: raw.type, id: raw.id } };
    case 'send':
      if (!boundedString(raw.text, MAX_MESSAGE_CHARS)) return { ok: false, reason: 'send.text must be a string of at most 200,000 characters' };
      return { ok: true, value: { type: 'send', text: raw.text } };
    case 'runAction':
      if (!ERROR_ACTIONS.includes(raw.action as ErrorAction)) return { ok: false, reason: 'unknown action' };
      return { ok: true, value: { type: 'runAction', action: raw.action as ErrorAction } };
    case 'removeAttachment':
      if (!boundedString(raw.id, MAX_ID_CHARS)) return { ok: false, reason: 'removeAttachment.id must be a short string' };
      return { ok: true, value: { type: 'removeAttachment', id: raw.id } };
    case 'openLink':
      if (!boundedString(raw.href, MAX_URL_CHARS)) return { ok: false, reason: 'openLink.href must be a string of at most 4,000 characters' };
      return { ok: true, value: { type: 'openLink', href: raw.href } };
    case 'pickProfile':
      if (!boundedString(raw.name, MAX_NAME_CHARS)) return { ok: false, reason: 'pickProfile.name must be a string of at most 200 characters' };
      if (raw.file !== undefined && !boundedString(raw.file, MAX_URL_CHARS))
        return { ok: false, reason: 'pickProfile.file must be a string of at most 4,000 characters' };
      return { ok: true, value: { type: 'pickProfile', name: raw.name, ...(raw.file !== undefined ? { file: raw.file } : {}) } };
    case 'draftExample':
      if (!boundedString(raw.turnId, MAX_ID_CHARS)) return { ok: false, reason: 'draftExample.turnId must be a short string' };
      return { ok: true, value: { type: 'draftExample', turnId: raw.turnId } };
    case 'saveExample':
      if (
        !boundedString(raw.turnId, MAX_ID_CHARS) ||
        !boundedString(raw.target, MAX_URL_CHARS) ||
        !boundedString(raw.user, MAX_MESSAGE_CHARS) ||
        !boundedString(raw.assistant, MAX_MESSAGE_CHARS)
      ) {
        return { ok: false, reason: 'saveExample needs a turnId, a target, and user and assistant strings of at most 200,000 characters' };
      }
      return { ok: true, value: { type: 'saveExample', turnId: raw.turnId, target: raw.target, user: raw.user, assistant: raw.assistant } };
    case 'settleImportedSteering':
      if (typeof raw.keep !== 'boolean') return { ok: false, reason: 'settleImportedSteering.keep must be true or false' };
      return { ok: true, value: { type: 'settleImportedSteering', keep: raw.keep } };
    case 'addContext':
      if (!CONTEXT_SOURCES.includes(raw.source as ContextSource)) return { ok: false, reason: 'unknown context source' };
      return { ok: true, value: { type: 'addContext', source: raw.source as ContextSource } };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(raw.type.slice(0, 40))}` };
  }
}

/** No spaces, control or invisible characters anywhere: what is shown is what opens. */
const PLAIN_LINK_TEXT = /[^\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+/.source;
const WEB_LINK = new RegExp(`^https?://${PLAIN_LINK_TEXT}$`, 'i');
/**
 * The links that open after the user agrees: mailto: only writes a draft in the mail program, and
 * is common in answers. Any other scheme can reach local files, network shares, other programs or
 * commands (vscode-file:, smb:, search-ms:, command:, vscode:, …), so none is on this list.
 */
const ASK_FIRST_LINK = new RegExp(`^mailto:${PLAIN_LINK_TEXT}$`, 'i');

/** Links from model output open only when they are plain web links. */
export function isWebLink(href: string): boolean {
  return WEB_LINK.test(href);
}

/**
 * What to do with a link the webview asks to open. An allow-list: web links open; mailto: opens
 * only after the user agrees; every other link is refused, with a message. (In-page `#` links never
 * reach the host: the webview scrolls to them itself.)
 */
export function linkPolicy(href: string): 'open' | 'ask' | 'refuse' {
  if (isWebLink(href)) return 'open';
  if (ASK_FIRST_LINK.test(href)) return 'ask';
  return 'refuse';
}
