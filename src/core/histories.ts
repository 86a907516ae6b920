// Readers for the histories other chat tools leave on disk, each into Parley's conversations. Pure:
// they take a file's text (or already-parsed JSON) and throw with what is wrong; finding the files
// is node/importSources.ts. Each reader names the source file its format was read from.
import { l10n } from '../shared/l10n';
import { treeFromPaths } from './branches';
import { titleFrom } from './conversation';
import type { Conversation, RecordedSteering, Turn } from './domain';
import { STORED_VERSION } from './domain';

/** One message as another tool kept it, reduced to what Parley keeps. */
export interface ForeignMessage {
  readonly role: 'user' | 'assistant' | 'system';
  readonly text: string;
  readonly reasoning?: string;
  /** When it was written (epoch ms), when the tool kept that. */
  readonly at?: number;
  readonly model?: string;
  /** The tool's id for the message, when its chats are trees: the same message on two branches is one turn. */
  readonly key?: string;
}

export interface ForeignChat {
  readonly title?: string;
  readonly createdAt?: number;
  /** The branch on screen, first message first. */
  readonly messages: readonly ForeignMessage[];
  /** The chat's other branches, each whole from its first message (the part shared with others has the same keys). */
  readonly otherBranches?: readonly (readonly ForeignMessage[])[];
}

/** The longest tool id kept as a turn's id (the stored format refuses ids over 100 characters). */
const MAX_KEY_CHARS = 90;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const time = (value: unknown, scale = 1): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value * scale) : undefined);

function problem(message: string): Error {
  return new Error(message);
}

/**
 * A chat as a Parley conversation: consecutive messages of one role are joined (tools split a reply
 * into pieces), system messages become its recorded steering (so the user is asked to keep or
 * replace it), and it must hold at least one question.
 */
export function foreignConversation(chat: ForeignChat, source: string, id: string, now: number): Conversation {
  const system = chat.messages.filter((m) => m.role === 'system' && m.text.trim() !== '').map((m) => m.text);
  const merged = mergedMessages(chat.messages);
  if (!merged.some((m) => m.role === 'user')) throw problem(l10n.t('it holds no question'));
  const createdAt = chat.createdAt ?? merged.find((m) => m.at !== undefined)?.at ?? now;
  const shown = turnsOf(merged, createdAt);
  const tree = treeFromPaths(
    shown,
    (chat.otherBranches ?? []).map((branch) => turnsOf(mergedMessages(branch), createdAt)),
  );
  const firstQuestion = shown.find((t) => t.role === 'user')!.text;
  const steering: RecordedSteering | undefined = system.length ? { profile: source, systemPrompt: system.join('\n\n'), examples: [] } : undefined;
  return {
    version: STORED_VERSION,
    id,
    title: chat.title?.trim() ? titleFrom(chat.title) : titleFrom(firstQuestion),
    createdAt,
    updatedAt: Math.max(createdAt, ...[...tree.turns, ...(tree.branches?.offPath.map((o) => o.turn) ?? [])].map((t) => t.createdAt)),
    ...tree,
    ...(steering ? { steering } : {}),
  };
}

interface MergedMessage {
  role: 'user' | 'assistant';
  text: string[];
  reasoning: string[];
  at?: number;
  model?: string;
  key?: string;
}

/** Consecutive messages of one role joined (tools split a reply into pieces); system messages and empty ones left out. */
function mergedMessages(messages: readonly ForeignMessage[]): MergedMessage[] {
  const merged: MergedMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system' || (message.text.trim() === '' && !message.reasoning)) continue;
    const last = merged.at(-1);
    const piece = last?.role === message.role ? last : undefined;
    const target: MergedMessage = piece ?? { role: message.role, text: [], reasoning: [], ...(message.at !== undefined ? { at: message.at } : {}) };
    if (!piece) merged.push(target);
    if (message.text.trim() !== '') target.text.push(message.text);
    if (message.reasoning) target.reasoning.push(message.reasoning);
    if (message.model) target.model = message.model;
    if (message.key !== undefined) target.key = message.key;
  }
  return merged;
}

/**
 * The turns of one branch. A turn's id is the tool's id of its last message, when the tool has ids,
 * so a turn two branches share is one turn of the tree; else its place in the branch.
 */
function turnsOf(merged: readonly MergedMessage[], createdAt: number): Turn[] {
  let clock = createdAt;
  return merged.map((m, index): Turn => {
    clock = Math.max(clock, m.at ?? clock);
    const text = m.text.join('\n\n');
    const id = m.key !== undefined && m.key.length <= MAX_KEY_CHARS ? m.key : `t${index + 1}`;
    const base = { id, text, createdAt: clock };
    if (m.role === 'user') return { ...base, role: 'user', context: [] };
    return { ...base, role: 'assistant', status: 'complete', model: m.model ?? '', ...(m.reasoning.length ? { reasoning: m.reasoning.join('\n\n') } : {}) };
  });
}

// --- VS Code's chat sessions ---------------------------------------------------------------------
// Read from microsoft/vscode src/vs/workbench/contrib/chat/common/chatModel.ts
// (ISerializableChatData1-3, ISerializableChatRequestData): { version?, sessionId, creationDate,
// customTitle | computedTitle, requests: [{ requestId, message: string | { text, parts },
// response: [IMarkdownString { value } | { kind: 'thinking', value } | other parts], timestamp,
// modelId, isCanceled }] }, and chatSessionStore.ts, which writes them to
// workspaceStorage/<id>/chatSessions/<sessionId>.json (an empty window's to
// globalStorage/emptyWindowChatSessions) and revives a response that is a string as markdown.

// Recent VS Code (1.139 here; chat.useLogSessionStorage, on by default) writes a session as
// <sessionId>.jsonl instead: an append-only log read in microsoft/vscode
// src/vs/workbench/contrib/chat/common/model/objectMutationLog.ts. Each line is one entry: kind 0
// the whole session (the object above), 1 sets the value at path `k` to `v`, 2 cuts the array at
// `k` to length `i` (when given) and appends `v`, 3 deletes the value at `k`.

/** The session a `.jsonl` log holds once every entry is applied; throws on a line that does not parse or fit. */
export function replayVsCodeSessionLog(text: string): unknown {
  let state: unknown;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) throw problem(l10n.t('the log is empty'));
  lines.forEach((line, index) => {
    const where = (what: string) => problem(l10n.t('line {0}: {1}', index + 1, what));
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch (error) {
      throw where(l10n.t('it is not valid JSON ({0})', (error as Error).message));
    }
    if (!isObject(entry)) throw where(l10n.t('not a JSON object'));
    if (entry.kind === 0) {
      state = entry.v;
      return;
    }
    if (index === 0) throw where(l10n.t('the log does not start with the whole session'));
    const path = entry.k;
    if (!Array.isArray(path) || path.length === 0 || !path.every((key) => isString(key) || Number.isInteger(key))) throw where(l10n.t('bad path'));
    let parent: unknown = state;
    for (const key of path.slice(0, -1)) parent = isObject(parent) || Array.isArray(parent) ? (parent as Json)[key as string] : undefined;
    if (!isObject(parent) && !Array.isArray(parent)) throw where(l10n.t('its path {0} is not in the session', JSON.stringify(path)));
    const container = parent as Json;
    const last = path.at(-1) as string;
    switch (entry.kind) {
      case 1:
        container[last] = entry.v;
        break;
      case 3:
        delete container[last];
        break;
      case 2: {
        const list = Array.isArray(container[last]) ? (container[last] as unknown[]) : [];
        if (entry.i !== undefined && !(Number.isInteger(entry.i) && (entry.i as number) >= 0)) throw where(l10n.t('bad index'));
        if (entry.i !== undefined) list.length = Math.min(list.length, entry.i as number);
        if (entry.v !== undefined && !Array.isArray(entry.v)) throw where(l10n.t('bad values'));
        list.push(...((entry.v as unknown[] | undefined) ?? []));
        container[last] = list;
        break;
      }
      default:
        throw where(l10n.t('unknown entry kind {0}', JSON.stringify(entry.kind)));
    }
  });
  return state;
}

export function isVsCodeChatSession(raw: unknown): boolean {
  return isObject(raw) && Array.isArray(raw.requests) && isString(raw.sessionId);
}

export function readVsCodeChatSession(raw: unknown): ForeignChat {
  if (!isObject(raw) || !Array.isArray(raw.requests)) throw problem(l10n.t('it has no "requests" list'));
  const messages: ForeignMessage[] = [];
  raw.requests.forEach((request: unknown, index) => {
    const where = (what: string) => problem(l10n.t('request {0}: {1}', index + 1, what));
    if (!isObject(request)) throw where(l10n.t('not a JSON object'));
    const message = request.message;
    const question = isString(message) ? message : isObject(message) && isString(message.text) ? message.text : undefined;
    if (question === undefined) throw where(l10n.t('its message has no text'));
    const response = isString(request.response) ? [request.response] : request.response;
    if (response !== undefined && response !== null && !Array.isArray(response)) throw where(l10n.t('its response is not a list'));
    const at = time(request.timestamp);
    const model = isString(request.modelId) ? request.modelId : undefined;
    messages.push({ role: 'user', text: question, ...(at !== undefined ? { at } : {}) });
    const text: string[] = [];
    const reasoning: string[] = [];
    for (const part of (response as unknown[] | null | undefined) ?? []) {
      if (isString(part)) text.push(part);
      if (!isObject(part)) continue;
      const value = isString(part.value) ? part.value : Array.isArray(part.value) ? part.value.filter(isString).join('') : undefined;
      if (value === undefined) continue;
      if (part.kind === 'thinking') reasoning.push(value);
      else if (part.kind === undefined || part.kind === 'markdownContent') text.push(value);
    }
    messages.push({ role: 'assistant', text: text.join(''), ...(reasoning.length ? { reasoning: reasoning.join('') } : {}), ...(model ? { model } : {}) });
  });
  const title = isString(raw.customTitle) ? raw.customTitle : isString(raw.computedTitle) ? raw.computedTitle : undefined;
  const createdAt = time(raw.creationDate);
  return { ...(title ? { title } : {}), ...(createdAt !== undefined ? { createdAt } : {}), messages };
}

// --- Continue's sessions -------------------------------------------------------------------------
// Read from continuedev/continue core/index.d.ts (Session: { sessionId, title, workspaceDirectory,
// history: ChatHistoryItem[] }; ChatHistoryItem: { message: ChatMessage, contextItems, … };
// ChatMessage roles user | assistant | system | thinking | tool, content: string | MessagePart[]
// with { type: 'text', text } and { type: 'imageUrl' }) and core/util/history.ts, which writes one
// `<sessionId>.json` per session beside the `sessions.json` list.

export function isContinueSession(raw: unknown): boolean {
  return isObject(raw) && Array.isArray(raw.history) && isString(raw.sessionId);
}

function partsText(content: unknown): string | undefined {
  if (isString(content)) return content;
  if (!Array.isArray(content)) return undefined;
  return content
    .map((part: unknown) =>
      isObject(part) && part.type === 'text' && isString(part.text) ? part.text : isObject(part) && part.type === 'imageUrl' ? '[Image]' : '',
    )
    .filter((piece) => piece !== '')
    .join('\n');
}

export function readContinueSession(raw: unknown): ForeignChat {
  if (!isObject(raw) || !Array.isArray(raw.history)) throw problem(l10n.t('it has no "history" list'));
  const messages: ForeignMessage[] = [];
  let thinking: string[] = [];
  raw.history.forEach((item: unknown, index) => {
    const where = (what: string) => problem(l10n.t('message {0}: {1}', index + 1, what));
    const message = isObject(item) ? item.message : undefined;
    if (!isObject(message) || !isString(message.role)) throw where(l10n.t('it has no message with a role'));
    const text = partsText(message.content);
    if (text === undefined) throw where(l10n.t('its content is neither text nor a list of parts'));
    if (message.role === 'thinking') thinking.push(text);
    else if (message.role === 'user' || message.role === 'system') messages.push({ role: message.role, text });
    else if (message.role === 'assistant') {
      messages.push({ role: 'assistant', text, ...(thinking.length ? { reasoning: thinking.join('\n\n') } : {}) });
      thinking = [];
    }
    // Tool results are the tool's own bookkeeping, not the conversation.
  });
  return { ...(isString(raw.title) ? { title: raw.title } : {}), messages };
}

// --- Cline's and Roo Code's tasks ------------------------------------------------------------------
// Each task is a folder `tasks/<id>/` in the extension's global storage (cline/cline
// src/core/storage/disk.ts GlobalFileNames names its files; Roo Code, a fork, declared the same)
// holding api_conversation_history.json, the Anthropic messages sent ([{ role, content: string |
// blocks, ts? }], blocks text | image | tool_use | tool_result, Roo Code's later tool-call |
// tool-result | reasoning, as src/integrations/misc/export-markdown.ts of both prints them), and
// ui_messages.json, what the panel showed ([{ ts, type: 'say' | 'ask', say | ask, text }]).

export function isClineApiHistory(raw: unknown): boolean {
  return Array.isArray(raw) && raw.length > 0 && raw.every((m) => isObject(m) && (m.role === 'user' || m.role === 'assistant'));
}

export function isClineUiMessages(raw: unknown): boolean {
  return Array.isArray(raw) && raw.length > 0 && raw.every((m) => isObject(m) && (m.type === 'say' || m.type === 'ask'));
}

/** What Cline adds to every question for the model, not written by the user. */
function withoutEnvironment(text: string): string {
  return text.replace(/<environment_details>[\s\S]*?<\/environment_details>/g, '').trim();
}

function blockText(block: unknown): { text: string; reasoning?: string } {
  if (!isObject(block)) return { text: '' };
  switch (block.type) {
    case 'text':
      return { text: isString(block.text) ? withoutEnvironment(block.text) : '' };
    case 'image':
      return { text: '[Image]' };
    case 'reasoning':
    case 'thinking':
      return { text: '', reasoning: isString(block.text) ? block.text : isString(block.thinking) ? block.thinking : '' };
    case 'tool_use':
    case 'tool-call':
      return { text: `[Tool Use: ${String(block.name ?? block.toolName)}]\n${JSON.stringify(block.input ?? {}, null, 2)}` };
    case 'tool_result':
    case 'tool-result': {
      const content = block.content ?? (isObject(block.output) ? block.output.value : undefined);
      const inner = isString(content) ? content : Array.isArray(content) ? content.map((c) => blockText(c).text).join('\n') : '';
      return { text: `[Tool${block.is_error ? ' (Error)' : ''}]\n${inner}`.trimEnd() };
    }
    default:
      return { text: '' };
  }
}

export function readClineApiHistory(raw: unknown): ForeignChat {
  if (!Array.isArray(raw)) throw problem(l10n.t('it is not a list of messages'));
  const messages = raw.map((message: unknown, index): ForeignMessage => {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant'))
      throw problem(l10n.t('message {0}: {1}', index + 1, l10n.t('bad role')));
    const blocks = isString(message.content) ? [{ type: 'text', text: message.content }] : message.content;
    if (!Array.isArray(blocks)) throw problem(l10n.t('message {0}: {1}', index + 1, l10n.t('its content is neither text nor a list of parts')));
    const pieces = blocks.map(blockText);
    const reasoning = pieces
      .map((p) => p.reasoning ?? '')
      .filter((r) => r !== '')
      .join('\n\n');
    const text = pieces
      .map((p) => p.text)
      .filter((t) => t !== '')
      .join('\n\n');
    const at = time(message.ts);
    return {
      role: message.role,
      text: message.role === 'user' ? taskText(text) : text,
      ...(reasoning ? { reasoning } : {}),
      ...(at !== undefined ? { at } : {}),
    };
  });
  return { messages };
}

/** The first question of a task is wrapped in `<task>` tags; the user wrote what is inside. */
function taskText(text: string): string {
  return /^<task>\s*([\s\S]*?)\s*<\/task>$/.exec(text)?.[1] ?? text;
}

export function readClineUiMessages(raw: unknown): ForeignChat {
  if (!Array.isArray(raw)) throw problem(l10n.t('it is not a list of messages'));
  const messages: ForeignMessage[] = [];
  raw.forEach((message: unknown, index) => {
    if (!isObject(message) || (message.type !== 'say' && message.type !== 'ask'))
      throw problem(l10n.t('message {0}: {1}', index + 1, l10n.t('not a say or ask message')));
    const text = isString(message.text) ? message.text : '';
    const at = time(message.ts);
    const when = at !== undefined ? { at } : {};
    const kind = message.type === 'say' ? message.say : message.ask;
    if (kind === 'task' || kind === 'user_feedback') messages.push({ role: 'user', text, ...when });
    else if (kind === 'text' || kind === 'completion_result' || kind === 'followup') messages.push({ role: 'assistant', text, ...when });
    else if (kind === 'reasoning') messages.push({ role: 'assistant', text: '', reasoning: text, ...when });
  });
  return { messages };
}

// --- ChatGPT's data export ---------------------------------------------------------------------------
// OpenAI publishes no source for it; read from the export itself as described in
// mitkury/chatgpt-export-parser docs/chatgpt-data-export-format.md: conversations.json is a list
// of { title, create_time (s), update_time, mapping: { [id]: { id, message, parent, children } },
// current_node }, each message { author: { role }, content: { content_type, parts }, create_time,
// metadata: { model_slug } }. A conversation is a tree (every regenerated answer and edited question
// is a branch): the branch ending at current_node is the one shown, and every other leaf's branch
// comes as a Parley branch, a message two branches share being one turn.
// Text and multimodal text are read (an image as [Image]), thoughts as reasoning; code runs,
// browsing and tool messages are left out.

export function isChatGptExport(raw: unknown): boolean {
  return Array.isArray(raw) && raw.length > 0 && raw.every((c) => isObject(c) && isObject(c.mapping));
}

function chatGptMessage(node: unknown): ForeignMessage | undefined {
  const message = isObject(node) ? node.message : undefined;
  if (!isObject(message) || !isObject(message.author) || !isObject(message.content)) return undefined;
  const role = message.author.role;
  if (role !== 'user' && role !== 'assistant' && role !== 'system') return undefined;
  const metadata = isObject(message.metadata) ? message.metadata : {};
  if (metadata.is_visually_hidden_from_conversation === true) return undefined;
  const content = message.content;
  const parts = Array.isArray(content.parts) ? content.parts.map((p: unknown) => (isString(p) ? p : isObject(p) ? '[Image]' : '')).filter((p) => p !== '') : [];
  const at = time(message.create_time, 1000);
  const model = isString(metadata.model_slug) ? metadata.model_slug : undefined;
  const extra = { ...(at !== undefined ? { at } : {}), ...(model && role === 'assistant' ? { model } : {}) };
  if (content.content_type === 'thoughts' && Array.isArray(content.thoughts)) {
    const reasoning = content.thoughts.map((t: unknown) => (isObject(t) && isString(t.content) ? t.content : '')).join('\n\n');
    return { role: 'assistant', text: '', reasoning, ...extra };
  }
  if (content.content_type !== 'text' && content.content_type !== 'multimodal_text') return undefined;
  return { role, text: parts.join('\n'), ...extra };
}

export function readChatGptExport(raw: unknown): ForeignChat[] {
  if (!Array.isArray(raw)) throw problem(l10n.t('it is not a list of conversations'));
  if (raw.length === 0) throw problem(l10n.t('it holds no conversation'));
  return raw.map((conversation: unknown, index): ForeignChat => {
    const where = (what: string) => problem(l10n.t('conversation {0}: {1}', index + 1, what));
    if (!isObject(conversation) || !isObject(conversation.mapping)) throw where(l10n.t('it has no "mapping"'));
    const mapping = conversation.mapping;
    const ids = Object.keys(mapping);
    // Without current_node, the branch that ends at the last leaf written.
    const leaves = ids.filter(
      (id) => isObject(mapping[id]) && !(Array.isArray((mapping[id] as Json).children) && ((mapping[id] as Json).children as unknown[]).length > 0),
    );
    const leaf = isString(conversation.current_node) ? conversation.current_node : leaves.at(-1);
    if (!leaf || !isObject(mapping[leaf])) throw where(l10n.t('its current_node {0} is not in its mapping', JSON.stringify(leaf)));
    const branchTo = (end: string): ForeignMessage[] => {
      const branch: ForeignMessage[] = [];
      const seen = new Set<string>();
      for (let id: unknown = end; isString(id); id = (mapping[id] as Json).parent) {
        if (seen.has(id)) throw where(l10n.t('its messages loop at {0}', JSON.stringify(id)));
        if (!isObject(mapping[id])) throw where(l10n.t('its message {0} is not in its mapping', JSON.stringify(id)));
        seen.add(id);
        const message = chatGptMessage(mapping[id]);
        if (message) branch.unshift({ ...message, key: id });
      }
      return branch;
    };
    const branch = branchTo(leaf);
    const otherBranches = leaves.filter((other) => other !== leaf).map(branchTo);
    const createdAt = time(conversation.create_time, 1000);
    return {
      ...(isString(conversation.title) ? { title: conversation.title } : {}),
      ...(createdAt !== undefined ? { createdAt } : {}),
      messages: branch,
      ...(otherBranches.length ? { otherBranches } : {}),
    };
  });
}
