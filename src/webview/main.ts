import type { AssistantTurnView, FromWebview, Snapshot, ToWebview, TurnView, UserTurnView } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { addContextControl, renderChips } from './chips';
import { button, element } from './dom';
import { renderMarkdown } from './markdown';
import { SteeringPanel } from './steering';

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

// ---- Layout -------------------------------------------------------------------------------------

const title = element('h1', { className: 'title', textContent: 'Parley' });
const modelLabel = element('span', { className: 'model' });
const newChatButton = button('New Chat', () => post({ type: 'newChat' }), 'secondary');
const steeringPanel = new SteeringPanel(post);
const header = element('header', {}, element('div', { className: 'heading' }, title, modelLabel), steeringPanel.picker, newChatButton);

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
const composer = element('form', { className: 'composer' }, chips, input, element('div', { className: 'composer-actions' }, addContextControl(post), stopButton, sendButton));
composer.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});

document.getElementById('app')!.append(header, steeringPanel.section, keyBanner, log, notice, composer);

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
  text: string;
  frame?: number;
}

const rendered = new Map<string, Rendered>();
let renderedConversation = '';

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
    entry.body.replaceChildren(element('p', { className: 'user-text', textContent: entry.text }), ...contextBlock(entry.turn));
    return;
  }
  entry.body.innerHTML = entry.text ? renderMarkdown(entry.text) : '';
  if (!entry.text && entry.turn.status === 'streaming') entry.body.append(element('span', { className: 'thinking', textContent: 'Thinking…' }));
}

function renderTurn(turn: TurnView): Rendered {
  const body = element('div', { className: 'body' });
  const who = turn.role === 'user' ? 'You' : 'Parley';
  const article = element('article', { className: `turn turn-${turn.role}` }, element('div', { className: 'who', textContent: who }), body);
  article.setAttribute('aria-label', who);
  article.dataset.turnId = turn.id;
  const entry: Rendered = { article, body, turn, text: turn.text };
  renderBody(entry);
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

function sameTurn(a: TurnView, b: TurnView): boolean {
  return a.text === b.text && (a.role !== 'assistant' || (b.role === 'assistant' && a.status === b.status && a.error?.message === b.error?.message));
}

function renderConversation(next: Snapshot): void {
  if (next.conversationId !== renderedConversation) {
    rendered.clear();
    renderedConversation = next.conversationId;
  }
  const stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  const keep = new Set(next.turns.map((t) => t.id));
  for (const id of rendered.keys()) if (!keep.has(id)) rendered.delete(id);
  const articles = next.turns.map((turn) => {
    const existing = rendered.get(turn.id);
    if (existing && sameTurn(existing.turn, turn)) {
      existing.turn = turn;
      updateStatus(existing);
      return existing.article;
    }
    const entry = renderTurn(turn);
    rendered.set(turn.id, entry);
    return entry.article;
  });
  log.replaceChildren(...(articles.length > 0 ? articles : [emptyState]));
  if (stickToBottom) log.scrollTop = log.scrollHeight;
}

function appendText(turnId: string, text: string): void {
  const entry = rendered.get(turnId);
  if (!entry) return;
  entry.text += text;
  // Many deltas can arrive within a frame: draw once per frame, and only this message.
  entry.frame ??= requestAnimationFrame(() => {
    entry.frame = undefined;
    const stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    renderBody(entry);
    if (stickToBottom) log.scrollTop = log.scrollHeight;
  });
}

// ---- Snapshot -----------------------------------------------------------------------------------

function renderEmptyState(next: Snapshot): void {
  emptyState.replaceChildren(
    element('h2', { textContent: 'Ask anything about your code' }),
    element('p', { textContent: `Each question goes to ${next.model} at ${next.baseUrl} together with the system message and example exchanges of the profile “${next.steering.profile}” (see Steering above), this whole conversation, and any code you attach.` }),
    element('p', { textContent: 'Select code in an editor and choose “Parley: Ask About Selection…” from its context menu, or “Add Selection to Chat” to attach it here.' }),
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
  steeringPanel.render(next);
  steeringPanel.decorateAnswers(log, next);
  renderChips(chips, next.attachments, post);
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
    case 'delta':
      appendText(message.turnId, message.text);
      break;
    case 'focusComposer':
      input.focus();
      break;
    case 'exampleDraft':
      steeringPanel.showDraft(log, message);
      break;
    case 'exampleSaved':
      steeringPanel.showSaved(log, message);
      break;
    default:
      assertNever(message);
  }
});

post({ type: 'ready' });
input.focus();
