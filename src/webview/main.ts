import type { AssistantTurnView, FromWebview, Snapshot, ToWebview, TurnView, UserTurnView } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { applySnapshotUpdate } from '../shared/snapshotUpdate';
import { BackgroundQueue } from './backgroundQueue';
import { StreamingMarkdown } from './streamingMarkdown';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** UI state the host does not need: kept by the webview across hides and reloads. */
interface ViewState {
  draft: string;
}

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() as ViewState | undefined) ?? { draft: '' };
const post = (message: FromWebview) => vscode.postMessage(message);

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function button(label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = element('button', { type: 'button', textContent: label, className });
  b.addEventListener('click', onClick);
  return b;
}

// ---- Layout -------------------------------------------------------------------------------------

const title = element('h1', { className: 'title', textContent: 'Parley' });
const modelLabel = element('span', { className: 'model' });
const newChatButton = button('New Chat', () => post({ type: 'newChat' }), 'secondary');
const header = element('header', {}, element('div', { className: 'heading' }, title, modelLabel), newChatButton);

const keyBanner = element('div', { className: 'banner', hidden: true });
keyBanner.setAttribute('role', 'status');

const log = element('div', { className: 'log', id: 'log' });
log.setAttribute('role', 'log');
log.setAttribute('aria-label', 'Conversation');
const emptyState = element('div', { className: 'empty' });

const notice = element('div', { className: 'notice', hidden: true });
notice.setAttribute('role', 'alert');

const chips = element('div', { className: 'chips' });
const input = element('textarea', { rows: 3, placeholder: 'Ask Parley… (Enter to send, Shift+Enter for a new line)', value: saved.draft });
input.setAttribute('aria-label', 'Message');
const sendButton = button('Send', () => send(), 'primary');
const stopButton = button('Stop', () => post({ type: 'stop' }), 'secondary');
const composer = element('form', { className: 'composer' }, chips, input, element('div', { className: 'composer-actions' }, stopButton, sendButton));
composer.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});

document.getElementById('app')!.append(header, keyBanner, log, notice, composer);

// ---- Composer -----------------------------------------------------------------------------------

let snapshot: Snapshot | undefined;

function send(): void {
  const text = input.value;
  if (!snapshot || snapshot.busy || (!text.trim() && snapshot.attachments.length === 0)) return;
  post({ type: 'send', text });
  input.value = '';
  saveDraft();
}

function saveDraft(): void {
  vscode.setState({ draft: input.value } satisfies ViewState);
}

input.addEventListener('input', saveDraft);
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  } else if (event.key === 'Escape' && snapshot?.busy) {
    event.preventDefault();
    post({ type: 'stop' });
  }
});

// ---- Conversation -------------------------------------------------------------------------------

/** What each rendered message shows, so unchanged messages are not drawn again. */
interface Rendered {
  readonly article: HTMLElement;
  readonly body: HTMLElement;
  turn: TurnView;
  /** An answer's text, drawn block by block; undefined until the body is first drawn. */
  markdown?: StreamingMarkdown;
  readonly thinking: HTMLElement;
  frame?: number;
}

const rendered = new Map<string, Rendered>();
let renderedConversation = '';
/** Bodies not drawn yet: in a long conversation the newest are drawn first, the rest in slices. */
const bodiesToDraw = new BackgroundQueue(() => {
  if (stuckToBottom) log.scrollTop = log.scrollHeight;
});
let stuckToBottom = true;
/** The time the first draw of a snapshot may take before the older bodies wait for later slices. */
const FIRST_DRAW_MS = 8;

function contextBlock(turn: UserTurnView): HTMLElement[] {
  return turn.context.map((c) => {
    const lines = c.startLine === c.endLine ? `line ${c.startLine}` : `lines ${c.startLine}-${c.endLine}`;
    const omitted = c.omittedLines ? ` — ${c.omittedLines} more lines left out` : '';
    const summary = element('summary', { textContent: `${c.path} (${lines})${omitted}` });
    return element('details', { className: 'context' }, summary, element('pre', {}, element('code', { textContent: c.text })));
  });
}

const STATUS_TEXT: Record<AssistantTurnView['status'], string> = {
  streaming: '',
  complete: '',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
  error: 'Failed',
};

const ACTION_LABELS = { setApiKey: 'Set API Key', openSettings: 'Open Settings', retry: 'Retry' } as const;

function assistantFooter(turn: AssistantTurnView): HTMLElement | undefined {
  if (turn.status === 'complete' || turn.status === 'streaming') return undefined;
  const footer = element('div', { className: `status status-${turn.status}` }, element('span', { className: 'badge', textContent: STATUS_TEXT[turn.status] }));
  if (turn.error) footer.append(element('span', { className: 'error-message', textContent: turn.error.message }));
  const isLast = snapshot?.turns.at(-1)?.id === turn.id;
  const action = turn.error?.action ?? (turn.status === 'stopped' ? 'retry' : undefined);
  if (action && isLast) footer.append(button(ACTION_LABELS[action], () => post({ type: 'runAction', action }), 'secondary'));
  return footer;
}

function renderBody(entry: Rendered): void {
  if (entry.turn.role === 'user') {
    entry.body.replaceChildren(element('p', { className: 'user-text', textContent: entry.turn.text }), ...contextBlock(entry.turn));
    return;
  }
  entry.body.replaceChildren();
  entry.markdown = new StreamingMarkdown(entry.body);
  updateAnswer(entry, entry.turn);
}

/**
 * Brings an answer's body to `turn`: new text is appended, and only the open block is drawn again.
 * Returns false when part of it waits for a later frame.
 */
function updateAnswer(entry: Rendered, turn: AssistantTurnView): boolean {
  const markdown = entry.markdown;
  if (!markdown) return true; // not drawn yet: its turn in the queue draws it from entry.turn
  // The host only ever adds to an answer's text; anything shorter is another text, drawn anew.
  if (turn.text.length < markdown.length) {
    renderBody(entry);
    return true;
  }
  markdown.append(turn.text.slice(markdown.length));
  if (turn.status !== 'streaming') markdown.finish();
  const drawn = markdown.draw();
  entry.thinking.hidden = !(turn.status === 'streaming' && !markdown.length);
  return drawn;
}

function renderTurn(turn: TurnView): Rendered {
  const body = element('div', { className: 'body' });
  const who = turn.role === 'user' ? 'You' : 'Parley';
  const thinking = element('span', { className: 'thinking', textContent: 'Thinking…', hidden: true });
  const article = element('article', { className: `turn turn-${turn.role}` }, element('div', { className: 'who', textContent: who }), body, thinking);
  article.setAttribute('aria-label', who);
  const entry: Rendered = { article, body, turn, thinking };
  bodiesToDraw.push(() => {
    if (rendered.get(turn.id) === entry && !entry.markdown) renderBody(entry);
  });
  updateStatus(entry);
  return entry;
}

function updateStatus(entry: Rendered): void {
  entry.article.querySelector('.status')?.remove();
  if (entry.turn.role !== 'assistant') return;
  const streaming = entry.turn.status === 'streaming';
  entry.article.classList.toggle('streaming', streaming);
  // Screen readers wait for a finished answer instead of reading every token.
  entry.article.setAttribute('aria-busy', String(streaming));
  const footer = assistantFooter(entry.turn);
  if (footer) entry.article.append(footer);
}

function isStuckToBottom(): boolean {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
}

function renderConversation(next: Snapshot): void {
  if (next.conversationId !== renderedConversation) {
    rendered.clear();
    bodiesToDraw.clear();
    renderedConversation = next.conversationId;
  }
  stuckToBottom = isStuckToBottom();
  if (rendered.size > next.turns.length || next.turns.some((t, i) => i < rendered.size && !rendered.has(t.id))) {
    const keep = new Set(next.turns.map((t) => t.id));
    for (const id of rendered.keys()) if (!keep.has(id)) rendered.delete(id);
  }
  const articles = next.turns.map((turn) => {
    const existing = rendered.get(turn.id);
    if (existing?.turn === turn) return existing.article;
    if (existing && existing.turn.role === turn.role && (turn.role === 'assistant' || existing.turn.text === turn.text)) {
      existing.turn = turn;
      if (turn.role === 'assistant' && !updateAnswer(existing, turn)) drawNextFrame(existing);
      updateStatus(existing);
      return existing.article;
    }
    const entry = renderTurn(turn);
    rendered.set(turn.id, entry);
    return entry.article;
  });
  placeArticles(articles.length > 0 ? articles : [emptyState]);
  bodiesToDraw.run(FIRST_DRAW_MS);
}

/** Puts `articles` in the log, touching only what changed (usually the end). */
function placeArticles(articles: HTMLElement[]): void {
  const shown = log.children;
  let same = 0;
  while (same < articles.length && shown[same] === articles[same]) same++;
  while (shown.length > same) shown[shown.length - 1]!.remove();
  log.append(...articles.slice(same));
}

function appendText(turnId: string, text: string): void {
  const entry = rendered.get(turnId);
  if (entry?.turn.role !== 'assistant') return;
  entry.turn = { ...entry.turn, text: entry.turn.text + text };
  drawNextFrame(entry);
}

/** Many deltas can arrive within a frame: draw once per frame, and only this message's open block. */
function drawNextFrame(entry: Rendered): void {
  entry.frame ??= requestAnimationFrame(() => {
    entry.frame = undefined;
    const stickToBottom = isStuckToBottom();
    if (!entry.markdown) renderBody(entry);
    const drawn = updateAnswer(entry, entry.turn as AssistantTurnView);
    if (stickToBottom) log.scrollTop = log.scrollHeight;
    if (!drawn) drawNextFrame(entry);
  });
}

// ---- Snapshot -----------------------------------------------------------------------------------

function renderEmptyState(next: Snapshot): void {
  emptyState.replaceChildren(
    element('h2', { textContent: 'Ask anything about your code' }),
    element('p', { textContent: `Each question goes to ${next.model} at ${next.baseUrl} together with your system prompt, the example exchanges from your settings, this whole conversation, and any code you attach.` }),
    element('p', { textContent: 'Select code in an editor and choose “Parley: Ask About Selection…” from its context menu, or “Add Selection to Chat” to attach it here.' }),
  );
}

function renderChips(next: Snapshot): void {
  chips.replaceChildren(
    ...next.attachments.map((a) => {
      const remove = button('×', () => post({ type: 'removeAttachment', id: a.id }), 'chip-remove');
      remove.setAttribute('aria-label', `Remove ${a.label}`);
      return element('span', { className: 'chip', title: a.context.text.slice(0, 500) }, element('span', { textContent: a.label }), remove);
    }),
  );
}

function render(next: Snapshot): void {
  snapshot = next;
  title.textContent = next.title;
  modelLabel.textContent = next.model;
  keyBanner.hidden = !next.needsApiKey;
  if (next.needsApiKey) {
    keyBanner.replaceChildren(
      element('span', { textContent: `Parley needs an API key to talk to ${next.baseUrl}. It is stored in VS Code's secret storage.` }),
      button('Set API Key', () => post({ type: 'runAction', action: 'setApiKey' }), 'primary'),
    );
  }
  notice.hidden = !next.notice;
  if (next.notice) notice.replaceChildren(element('span', { textContent: next.notice }), button('Dismiss', () => post({ type: 'dismissNotice' }), 'secondary'));
  renderEmptyState(next);
  renderConversation(next);
  renderChips(next);
  stopButton.hidden = !next.busy;
  sendButton.disabled = next.busy;
}

// ---- Events -------------------------------------------------------------------------------------

log.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const link = target.closest('a');
  if (link) {
    event.preventDefault();
    post({ type: 'openLink', href: link.getAttribute('href') ?? '' });
    return;
  }
  if (target.classList.contains('copy-code')) {
    const code = target.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    void navigator.clipboard.writeText(code).then(() => {
      target.textContent = 'Copied';
      setTimeout(() => (target.textContent = 'Copy'), 1500);
    });
  }
});

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'state':
      render(message.snapshot);
      break;
    case 'update': {
      const next = applySnapshotUpdate(snapshot, message);
      // An update that does not follow what is shown (a missed message): ask for everything.
      if (next) render(next);
      else post({ type: 'ready' });
      break;
    }
    case 'delta':
      appendText(message.turnId, message.text);
      break;
    case 'focusComposer':
      input.focus();
      break;
    default:
      assertNever(message);
  }
});

post({ type: 'ready' });
input.focus();
