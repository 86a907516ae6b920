import { FAILURE_ACTIONS } from '../core/domain';
import type { FailureAction } from '../core/domain';
import type { CodeAction, FromWebview, ToWebview } from './protocol';
import type { ContextSource } from './steering';
import { CONTEXT_SOURCES } from './steering';

/** The longest question the composer may send; beyond it the message is refused, not cut. */
export const MAX_MESSAGE_CHARS = 200_000;
const MAX_ID_CHARS = 100;
const MAX_URL_CHARS = 4_000;
const MAX_QUERY_CHARS = 500;
const MAX_LANGUAGE_CHARS = 100;
const MAX_NAME_CHARS = 200;
/**
 * Images: the webview reads a file of at most MAX_INPUT_IMAGE_BYTES (OpenAI's own limit per image),
 * scales it to fit MAX_IMAGE_SIDE (OpenAI scales to fit 2048 px anyway, so the model loses nothing)
 * and posts at most MAX_IMAGE_BYTES, with a thumbnail of THUMBNAIL_SIDE for its chip.
 */
export const MAX_INPUT_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 2048;
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
export const THUMBNAIL_SIDE = 96;
export const MAX_THUMBNAIL_BYTES = 64 * 1024;
/** Base64 takes 4 characters for 3 bytes. */
const base64Chars = (bytes: number): number => Math.ceil(bytes / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Base64 (whole groups of 4, none but its 65 characters) of at most `bytes` bytes. */
const isBase64 = (value: unknown, bytes: number): value is string => boundedString(value, base64Chars(bytes)) && value.length % 4 === 0 && BASE64.test(value);
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

type MessageType = FromWebview['type'];
/** A message's fields, without its type. */
type Fields<T extends MessageType> = Omit<Extract<FromWebview, { type: T }>, 'type'>;

const none = (): Record<string, never> => ({});
/** A whole number, 0 or more: a revision, an offset, a request's id. */
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const REQUEST_ID_PROBLEM = 'requestId must be a whole number, 0 or more';
function turnId(type: string, raw: Record<string, unknown>): { turnId: string } | string {
  return boundedString(raw.turnId, MAX_ID_CHARS) ? { turnId: raw.turnId } : `${type}.turnId must be a short string`;
}
/** Refused here, with the reason logged, rather than deep in the store where the error went nowhere. */
function conversationId(type: string, raw: Record<string, unknown>): { id: string } | string {
  if (isConversationId(raw.id)) return { id: raw.id };
  const shown = typeof raw.id === 'string' ? JSON.stringify(raw.id.slice(0, 80)) : `a ${raw.id === null ? 'null' : typeof raw.id}`;
  return `${type}.id must be a conversation id (1 to 64 letters, digits, _ or -), not ${shown}`;
}

/**
 * Every message the webview may post, and how its fields are checked: a field that is not exactly
 * as declared makes the message refused with the returned reason. The type makes this list every
 * message of the protocol, so a new one cannot go unchecked, and the tests take their list from it.
 */
const FROM_WEBVIEW: { readonly [T in MessageType]: (raw: Record<string, unknown>) => Fields<T> | string } = {
  ready: none,
  stop: none,
  newChat: none,
  dismissNotice: none,
  regenerate: none,
  undo: none,
  chooseProvider: none,
  chooseModel: none,
  chooseProfile: none,
  pickContext: none,
  send: (raw) => (boundedString(raw.text, MAX_MESSAGE_CHARS) ? { text: raw.text } : 'send.text must be a string of at most 200,000 characters'),
  runAction: (raw) => ((FAILURE_ACTIONS as readonly string[]).includes(raw.action as string) ? { action: raw.action as FailureAction } : 'unknown action'),
  removeAttachment: (raw) => (boundedString(raw.id, MAX_ID_CHARS) ? { id: raw.id } : 'removeAttachment.id must be a short string'),
  openLink: (raw) => (boundedString(raw.href, MAX_URL_CHARS) ? { href: raw.href } : 'openLink.href must be a string of at most 4,000 characters'),
  editAndResend: (raw) => {
    const turn = turnId('editAndResend', raw);
    if (typeof turn === 'string') return turn;
    return boundedString(raw.text, MAX_MESSAGE_CHARS) ? { ...turn, text: raw.text } : 'editAndResend.text must be a string of at most 200,000 characters';
  },
  codeAction: (raw) => {
    if (!CODE_ACTIONS.includes(raw.action as CodeAction)) return 'unknown code action';
    const turn = turnId('codeAction', raw);
    if (typeof turn === 'string') return turn;
    if (!boundedString(raw.code, MAX_MESSAGE_CHARS)) return 'codeAction.code must be a string of at most 200,000 characters';
    if (!boundedString(raw.language, MAX_LANGUAGE_CHARS)) return 'codeAction.language must be a short string';
    return { action: raw.action as CodeAction, ...turn, code: raw.code, language: raw.language };
  },
  listConversations: (raw) => {
    if (!isCount(raw.requestId)) return REQUEST_ID_PROBLEM;
    return boundedString(raw.query, MAX_QUERY_CHARS)
      ? { requestId: raw.requestId, query: raw.query }
      : 'listConversations.query must be a string of at most 500 characters';
  },
  copyTurn: (raw) => turnId('copyTurn', raw),
  showVersion: (raw) => turnId('showVersion', raw),
  fork: (raw) => turnId('fork', raw),
  draftExample: (raw) => {
    if (!isCount(raw.requestId)) return REQUEST_ID_PROBLEM;
    const turn = turnId('draftExample', raw);
    return typeof turn === 'string' ? turn : { requestId: raw.requestId, ...turn };
  },
  openConversation: (raw) => conversationId('openConversation', raw),
  renameConversation: (raw) => conversationId('renameConversation', raw),
  deleteConversation: (raw) => conversationId('deleteConversation', raw),
  saveExample: (raw) =>
    isCount(raw.requestId) &&
    boundedString(raw.turnId, MAX_ID_CHARS) &&
    boundedString(raw.target, MAX_URL_CHARS) &&
    boundedString(raw.user, MAX_MESSAGE_CHARS) &&
    boundedString(raw.assistant, MAX_MESSAGE_CHARS)
      ? { requestId: raw.requestId, turnId: raw.turnId, target: raw.target, user: raw.user, assistant: raw.assistant }
      : 'saveExample needs a requestId, a turnId, a target, and user and assistant strings of at most 200,000 characters',
  settleImportedSteering: (raw) => (typeof raw.keep === 'boolean' ? { keep: raw.keep } : 'settleImportedSteering.keep must be true or false'),
  attachImage: (raw) => {
    if (!boundedString(raw.name, MAX_NAME_CHARS)) return 'attachImage.name must be a string of at most 200 characters';
    if (!isBase64(raw.data, MAX_IMAGE_BYTES) || raw.data === '') return 'attachImage.data must be base64 of at most 8 MB';
    if (!isBase64(raw.thumbnail, MAX_THUMBNAIL_BYTES)) return 'attachImage.thumbnail must be base64 of at most 64 KB';
    return { name: raw.name, data: raw.data, thumbnail: raw.thumbnail };
  },
  addContext: (raw) => (CONTEXT_SOURCES.includes(raw.source as ContextSource) ? { source: raw.source as ContextSource } : 'unknown context source'),
};

/** The type of every message the webview may post. */
export const FROM_WEBVIEW_TYPES = Object.keys(FROM_WEBVIEW) as readonly MessageType[];

function isMessageType(type: string): type is MessageType {
  return Object.prototype.hasOwnProperty.call(FROM_WEBVIEW, type);
}

/**
 * Checks a message that arrived from the webview. Webview content is untrusted (it renders model
 * output), so anything that is not exactly one of the known shapes is refused with a reason; fields
 * a message does not declare are dropped.
 */
export function parseFromWebview(raw: unknown): Validated<FromWebview> {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not a message object' };
  if (!isMessageType(raw.type)) return { ok: false, reason: `unknown message type ${JSON.stringify(raw.type.slice(0, 40))}` };
  const fields = FROM_WEBVIEW[raw.type](raw);
  return typeof fields === 'string' ? { ok: false, reason: fields } : { ok: true, value: { type: raw.type, ...fields } as FromWebview };
}

const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * Every message the host may post, and what the webview checks of it on arrival: the numbers it
 * orders by and the fields it reads first. The host is trusted; this catches a message of another
 * version or a broken one before it is drawn, so the webview asks for a whole snapshot instead.
 */
const TO_WEBVIEW: { readonly [T in ToWebview['type']]: (raw: Record<string, unknown>) => boolean } = {
  state: (raw) => isCount(raw.revision) && isRecord(raw.snapshot) && Array.isArray(raw.snapshot.turns),
  update: (raw) => isCount(raw.revision) && isCount(raw.base) && isCount(raw.keptTurns) && isRecord(raw.snapshot) && Array.isArray(raw.turns),
  delta: (raw) => isText(raw.turnId) && (raw.part === 'text' || raw.part === 'reasoning') && isCount(raw.offset) && isText(raw.text),
  focusComposer: () => true,
  imagePicked: (raw) => isText(raw.name) && isText(raw.mime) && isText(raw.data),
  conversations: (raw) => isCount(raw.requestId) && isText(raw.query) && Array.isArray(raw.items),
  exampleDraft: (raw) => isCount(raw.requestId) && isText(raw.turnId) && isText(raw.user) && isText(raw.assistant),
  exampleSaved: (raw) => isCount(raw.requestId) && isText(raw.turnId) && typeof raw.ok === 'boolean' && isText(raw.message),
};

/** The type of every message the host may post. */
export const TO_WEBVIEW_TYPES = Object.keys(TO_WEBVIEW) as readonly ToWebview['type'][];

/** Checks a message that arrived from the host, as `TO_WEBVIEW` says. */
export function parseToWebview(raw: unknown): ToWebview | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.prototype.hasOwnProperty.call(TO_WEBVIEW, raw.type)) return undefined;
  return TO_WEBVIEW[raw.type as ToWebview['type']](raw) ? (raw as unknown as ToWebview) : undefined;
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
