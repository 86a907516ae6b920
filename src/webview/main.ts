// First: the translations are in place before any module builds its labels.
import './l10n';
import * as l10n from '@vscode/l10n';
import type { AnswerPart, AssistantTurnView, CodeAction, FromWebview, Snapshot, ToWebview, TurnView, UserTurnView } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { applySnapshotUpdate } from '../shared/snapshotUpdate';
import { addContextControl, renderChips } from './chips';
import { button, element } from './dom';
import { HistoryView } from './history';
import { countDown, cutShortNote, leftOutNote } from './notes';
import { ModelPicker } from './modelPicker';
import { actionLabel, announcement, codeActionLabel, contextSummary, conversationSize, statusText, turnActionLabel, usageText, usageTotalText } from './format';
import type { TurnAction } from './turnActions';
import { actionsKey, answersSelection, codeActions, followUp, isLastTurn, offersSaveExample, turnActions } from './turnActions';
import { SteeringPanel } from './steering';
import { BackgroundQueue } from './backgroundQueue';
import { ReasoningSection } from './reasoning';
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

// ---- Layout -------------------------------------------------------------------------------------

const title = element('h1', { className: 'title', textContent: 'Parley' });
const modelLabel = element('span', { className: 'model' });
const newChatButton = button(l10n.t('New Chat'), () => post({ type: 'newChat' }), 'secondary');
const historyButton = button(l10n.t('History'), () => toggleHistory(), 'secondary', l10n.t('Conversations'));
historyButton.setAttribute('aria-expanded', 'false');
const steeringPanel = new SteeringPanel(post);
const modelPicker = new ModelPicker(post);
const usageTotal = element('span', { className: 'usage-total' });
const header = element(
  'header',
  {},
  element('div', { className: 'heading' }, title, modelLabel, usageTotal),
  modelPicker.root,
  steeringPanel.picker,
  element('div', { className: 'header-actions' }, historyButton, newChatButton),
);

const keyBanner = element('div', { className: 'banner', hidden: true });
keyBanner.setAttribute('role', 'status');

const log = element('div', { className: 'log', id: 'log' });
log.setAttribute('role', 'log');
log.setAttribute('aria-label', l10n.t('Conversation'));
// The log would read every streamed token aloud; finished answers are announced once instead.
log.setAttribute('aria-live', 'off');
const announcer = element('div', { className: 'visually-hidden' });
announcer.setAttribute('role', 'status');
announcer.setAttribute('aria-live', 'polite');
const emptyState = element('div', { className: 'empty' });

const notice = element('div', { className: 'notice', hidden: true });
notice.setAttribute('role', 'alert');
const undoBar = element('div', { className: 'notice undo-bar', hidden: true });
undoBar.setAttribute('role', 'status');

const history = new HistoryView(post, () => toggleHistory(false));

const chips = element('div', { className: 'chips' });
const editingBar = element('div', { className: 'editing', hidden: true });
const input = element('textarea', { rows: 3, placeholder: l10n.t('Ask Parley… (Enter to send, Shift+Enter for a new line)'), value: saved.draft });
input.setAttribute('aria-label', l10n.t('Message'));
const sendButton = button(l10n.t('Send'), () => send(), 'primary');
const stopButton = button(l10n.t('Stop'), () => post({ type: 'stop' }), 'secondary');
const composer = element(
  'form',
  { className: 'composer' },
  editingBar,
  chips,
  input,
  element('div', { className: 'composer-actions' }, addContextControl(post), stopButton, sendButton),
);
composer.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});

document
  .getElementById('app')!
  .append(header, steeringPanel.section, keyBanner, history.root, log, notice, undoBar, steeringPanel.importChoice, composer, announcer);

function toggleHistory(open = !history.open): void {
  historyButton.setAttribute('aria-expanded', String(open));
  log.hidden = open;
  if (open) {
    history.show(snapshot?.conversationId ?? '');
  } else {
    history.hide();
    input.focus();
  }
}

// ---- Composer -----------------------------------------------------------------------------------

let snapshot: Snapshot | undefined;

/** The earlier question being edited, and the draft it replaced in the composer. */
let editing: { turnId: string; draft: string } | undefined;

function send(): void {
  const text = input.value;
  if (!snapshot || snapshot.busy) return;
  // The question stays in the composer until the user settled what steers it.
  if (steeringPanel.awaitsChoice()) {
    steeringPanel.focusChoice();
    return;
  }
  if (editing) {
    if (!text.trim()) return;
    post({ type: 'editAndResend', turnId: editing.turnId, text });
    endEditing(editing.draft);
    return;
  }
  if (!text.trim() && snapshot.attachments.length === 0) return;
  post({ type: 'send', text });
  input.value = '';
  saveDraft();
}

function saveDraft(): void {
  vscode.setState({ draft: editing ? editing.draft : input.value } satisfies ViewState);
}

function startEditing(turn: UserTurnView): void {
  editing = { turnId: turn.id, draft: editing?.draft ?? input.value };
  editingBar.replaceChildren(
    element('span', {
      textContent: l10n.t('Editing an earlier question: Enter asks it again and replaces the answers after it (Undo brings them back). Escape cancels.'),
    }),
    button(l10n.t('Cancel'), () => endEditing(editing?.draft ?? ''), 'secondary', l10n.t('Cancel editing')),
  );
  editingBar.hidden = false;
  input.value = turn.text;
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

function endEditing(draft: string): void {
  editing = undefined;
  editingBar.hidden = true;
  input.value = draft;
  saveDraft();
  input.focus();
}

input.addEventListener('input', saveDraft);
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  } else if (event.key === 'Escape' && snapshot?.busy) {
    event.preventDefault();
    post({ type: 'stop' });
  } else if (event.key === 'Escape' && editing) {
    event.preventDefault();
    endEditing(editing.draft);
  } else if (event.key === 'ArrowUp' && input.value === '' && !snapshot?.busy) {
    const lastQuestion = snapshot?.turns.filter((t): t is UserTurnView => t.role === 'user').at(-1);
    if (lastQuestion) {
      event.preventDefault();
      startEditing(lastQuestion);
    }
  }
});

// ---- Conversation -------------------------------------------------------------------------------

/** What each rendered message shows, so unchanged messages are not drawn again. */
interface Rendered {
  readonly article: HTMLElement;
  readonly body: HTMLElement;
  readonly actions: HTMLElement;
  /** What the action buttons were last drawn for. */
  actionsKey?: string;
  turn: TurnView;
  /** An answer's text, drawn block by block; undefined until the body is first drawn. */
  markdown?: StreamingMarkdown;
  /** Made when the answer first has reasoning. */
  reasoning?: ReasoningSection;
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
/**
 * A long conversation opens with the articles of its newest messages only (enough to fill the
 * view); the older ones are built in slices, newest first. Building all at once would make the
 * first frame style and lay out every message.
 */
const FIRST_ARTICLES = 40;
const OLDER_ARTICLES_PER_SLICE = 50;
/** How many leading turns of the shown conversation have no article yet. */
let unbuilt = 0;

function contextBlock(turn: UserTurnView): HTMLElement[] {
  return turn.context.map((c) => {
    const summary = element('summary', { textContent: contextSummary(c) });
    return element('details', { className: 'context' }, summary, element('pre', {}, element('code', { textContent: c.text })));
  });
}

function assistantFooter(turn: AssistantTurnView): HTMLElement | undefined {
  if (turn.status === 'complete' && turn.usage) return element('div', { className: 'usage', textContent: usageText(turn.usage) });
  if (turn.status === 'complete' || turn.status === 'streaming') return undefined;
  const footer = element('div', { className: `status status-${turn.status}` }, element('span', { className: 'badge', textContent: statusText(turn.status) }));
  if (turn.error) footer.append(element('span', { className: 'error-message', textContent: turn.error.message }));
  const action = followUp(turn, isLastTurn(snapshot?.turns ?? [], turn.id));
  if (action) {
    const actionButton = button(actionLabel(action), () => post({ type: 'runAction', action }), 'secondary');
    if (turn.retryInMs && action === 'retry') countDown(actionButton, turn.retryInMs);
    footer.append(actionButton);
  }
  return footer;
}

function addCodeActions(entry: Rendered): void {
  const blockActions = codeActions(answersSelection(snapshot?.turns ?? [], entry.turn.id));
  for (const toolbar of entry.body.querySelectorAll('.code-toolbar')) {
    // Finished blocks are never drawn again: only new toolbars need their buttons.
    if (toolbar.querySelector('.code-actions')) continue;
    const actions = element('span', { className: 'code-actions' });
    for (const action of blockActions) {
      const b = element('button', { type: 'button', className: 'code-action', textContent: codeActionLabel(action) });
      b.dataset.codeAction = action;
      actions.append(b);
    }
    const copy = toolbar.querySelector('.copy-code');
    if (copy instanceof HTMLElement) {
      copy.dataset.codeAction = 'copy';
      actions.append(copy);
    }
    toolbar.append(actions);
  }
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
  if (turn.reasoning && !entry.reasoning) {
    entry.reasoning = new ReasoningSection();
    entry.article.insertBefore(entry.reasoning.root, entry.body);
  }
  entry.reasoning?.update(turn);
  markdown.append(turn.text.slice(markdown.length));
  if (turn.status !== 'streaming') markdown.finish();
  const drawn = markdown.draw();
  // Once, when the answer is whole: per frame it would walk every block of a long answer again.
  if (drawn && turn.status !== 'streaming') addCodeActions(entry);
  // While a model's reasoning streams, its section says it is thinking.
  entry.thinking.hidden = !(turn.status === 'streaming' && !markdown.length && !turn.reasoning);
  return drawn;
}

function renderTurn(turn: TurnView): Rendered {
  const body = element('div', { className: 'body' });
  const who = turn.role === 'user' ? l10n.t('You') : 'Parley';
  const thinking = element('span', { className: 'thinking', textContent: l10n.t('Thinking…'), hidden: true });
  const actions = element('div', { className: 'turn-actions' });
  const article = element(
    'article',
    { className: `turn turn-${turn.role}` },
    element('div', { className: 'turn-head' }, element('span', { className: 'who', textContent: who }), actions),
    body,
    thinking,
  );
  article.setAttribute('aria-label', who);
  article.dataset.turnId = turn.id;
  const entry: Rendered = { article, body, actions, turn, thinking };
  bodiesToDraw.push(() => {
    if (rendered.get(turn.id) === entry && !entry.markdown) renderBody(entry);
  });
  updateStatus(entry);
  return entry;
}

const TURN_ACTION_CLASSES: Record<TurnAction, string> = { edit: 'icon-button edit-turn', copy: 'icon-button', regenerate: 'icon-button regenerate-turn' };

function runTurnAction(action: TurnAction, turn: TurnView): void {
  if (action === 'edit') {
    if (turn.role === 'user') startEditing(turn);
  } else if (action === 'copy') post({ type: 'copyTurn', turnId: turn.id });
  else post({ type: 'regenerate' });
}

/** The buttons in a message's head (see turnActions), and Save as Example under a finished answer. */
function updateActions(entry: Rendered): void {
  const { turn } = entry;
  const isLast = isLastTurn(snapshot?.turns ?? [], turn.id);
  // Called for every turn on every snapshot: rebuild the buttons only when what decides them changed.
  const key = actionsKey(turn, isLast);
  if (entry.actionsKey === key) return;
  entry.actionsKey = key;
  if (turn.role === 'assistant') {
    entry.article.querySelector(':scope > .save-example')?.remove();
    // Above the usage line, whether or not that is drawn yet (insertBefore null appends).
    if (offersSaveExample(turn)) entry.article.insertBefore(steeringPanel.saveExampleButton(turn.id), entry.article.querySelector(':scope > .usage'));
  }
  entry.actions.replaceChildren(
    ...turnActions(turn, isLast).map((action) => {
      const { label, ariaLabel } = turnActionLabel(action);
      return button(label, () => runTurnAction(action, turn), TURN_ACTION_CLASSES[action], ariaLabel);
    }),
  );
}

function updateStatus(entry: Rendered): void {
  entry.article.querySelector('.status')?.remove();
  entry.article.querySelector('.usage')?.remove();
  // The note can arrive after the answer's article: the request is fitted once it has started.
  entry.article.querySelector('.left-out')?.remove();
  // Above the answer and its reasoning: it is about the question the answer went with.
  if (entry.turn.role === 'assistant' && entry.turn.leftOut) entry.article.insertBefore(leftOutNote(entry.turn.leftOut), entry.reasoning?.root ?? entry.body);
  entry.article.querySelector(':scope > .cut-short')?.remove();
  if (entry.turn.role === 'assistant' && entry.turn.cutShort) entry.body.after(cutShortNote(entry.turn.cutShort));
  updateActions(entry);
  if (entry.turn.role !== 'assistant') return;
  const streaming = entry.turn.status === 'streaming';
  entry.article.classList.toggle('streaming', streaming);
  entry.article.setAttribute('aria-busy', String(streaming));
  const footer = assistantFooter(entry.turn);
  if (footer) entry.article.append(footer);
}

/** Says a finished answer once, for screen readers: the log itself is silent. */
function announce(turn: AssistantTurnView): void {
  announcer.textContent = announcement(turn);
}

function isStuckToBottom(): boolean {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
}

function renderConversation(next: Snapshot): void {
  if (next.conversationId !== renderedConversation) {
    rendered.clear();
    bodiesToDraw.clear();
    renderedConversation = next.conversationId;
    unbuilt = Math.max(0, next.turns.length - FIRST_ARTICLES);
    if (unbuilt > 0) bodiesToDraw.push(buildOlderArticles);
  }
  unbuilt = Math.min(unbuilt, next.turns.length);
  const shownTurns = next.turns.slice(unbuilt);
  stuckToBottom = isStuckToBottom();
  if (rendered.size > shownTurns.length || shownTurns.some((t, i) => i < rendered.size && !rendered.has(t.id))) {
    const keep = new Set(shownTurns.map((t) => t.id));
    for (const id of rendered.keys()) if (!keep.has(id)) rendered.delete(id);
  }
  const articles = shownTurns.map((turn) => {
    const existing = rendered.get(turn.id);
    if (existing?.turn.role === 'assistant' && existing.turn.status === 'streaming' && turn.role === 'assistant' && turn.status !== 'streaming') announce(turn);
    if (existing?.turn === turn) {
      // Unchanged, but which answer is last and whether one is running decide its buttons.
      updateActions(existing);
      return existing.article;
    }
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

/** Builds the articles of the next older messages above the ones shown; their bodies are drawn first. */
function buildOlderArticles(): void {
  const from = Math.max(0, unbuilt - OLDER_ARTICLES_PER_SLICE);
  // Queued before the bodies the new articles queue, so it runs after them.
  if (from > 0) bodiesToDraw.push(buildOlderArticles);
  const older = (snapshot?.turns ?? []).slice(from, unbuilt).map((turn) => {
    const entry = renderTurn(turn);
    rendered.set(turn.id, entry);
    return entry.article;
  });
  unbuilt = from;
  log.prepend(...older);
}

/** Puts `articles` in the log, touching only what changed (usually the end). */
function placeArticles(articles: HTMLElement[]): void {
  const shown = log.children;
  let same = 0;
  while (same < articles.length && shown[same] === articles[same]) same++;
  while (shown.length > same) shown[shown.length - 1]!.remove();
  log.append(...articles.slice(same));
}

function appendText(turnId: string, part: AnswerPart, text: string): void {
  const entry = rendered.get(turnId);
  if (entry?.turn.role !== 'assistant') return;
  const { turn } = entry;
  entry.turn = part === 'text' ? { ...turn, text: turn.text + text } : { ...turn, reasoning: (turn.reasoning ?? '') + text };
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

const EXAMPLE_QUESTIONS = [
  l10n.t('Explain the difference between an interface and a type alias in TypeScript.'),
  l10n.t('How do I read a large file line by line in Node.js without loading it all?'),
  l10n.t('Write a regular expression that matches ISO 8601 dates, and explain it.'),
];

function renderEmptyState(next: Snapshot): void {
  const sent = element(
    'ul',
    {},
    element('li', { textContent: l10n.t('the system message of the profile “{0}” (see Steering above),', next.steering.profile) }),
    element('li', { textContent: l10n.t('its example exchanges, which steer the answers and are never shown here,') }),
    element('li', { textContent: l10n.t('this whole conversation so far, so follow-ups like “shorter, please” work,') }),
    element('li', { textContent: l10n.t('and any code you attach, with its file and lines.') }),
  );
  const examples = EXAMPLE_QUESTIONS.map((question) =>
    button(
      question,
      () => {
        input.value = question;
        saveDraft();
        input.focus();
      },
      'example-question',
    ),
  );
  emptyState.replaceChildren(
    element('h2', { textContent: l10n.t('Ask anything about your code') }),
    element('p', { textContent: l10n.t('Each question goes to the model {0} at {1}, together with:', next.model, next.baseUrl) }),
    sent,
    element('p', {
      textContent: l10n.t(
        'Select code in an editor and choose “Parley: Ask About Selection…” from its context menu, or “Add Selection to Chat” to attach it here. Earlier conversations are under History.',
      ),
    }),
    element('p', { className: 'examples-title', textContent: l10n.t('Try one:') }),
    element('div', { className: 'examples' }, ...examples),
  );
}

function render(next: Snapshot): void {
  snapshot = next;
  title.textContent = next.title;
  const size = conversationSize(next);
  modelLabel.textContent = size.label;
  modelLabel.title = size.title;
  usageTotal.textContent = usageTotalText(next.usage);
  modelPicker.render(next);
  keyBanner.hidden = !next.needsApiKey;
  if (next.needsApiKey) {
    keyBanner.replaceChildren(
      element('span', { textContent: l10n.t("Parley needs an API key to talk to {0}. It is stored in VS Code's secret storage.", next.baseUrl) }),
      button(l10n.t('Set API Key'), () => post({ type: 'runAction', action: 'setApiKey' }), 'primary'),
    );
  }
  notice.hidden = !next.notice;
  if (next.notice)
    notice.replaceChildren(
      element('span', { textContent: next.notice }),
      button(l10n.t('Dismiss'), () => post({ type: 'dismissNotice' }), 'secondary'),
    );
  undoBar.hidden = !next.undo;
  if (next.undo)
    undoBar.replaceChildren(
      element('span', { textContent: `${next.undo.label}.` }),
      button(l10n.t('Undo'), () => post({ type: 'undo' }), 'secondary'),
    );
  if (editing && !next.turns.some((t) => t.id === editing?.turnId)) endEditing(editing.draft);
  history.setCurrent(next.conversationId);
  renderEmptyState(next);
  renderConversation(next);
  steeringPanel.render(next);
  renderChips(chips, next.attachments, post);
  // Stop disappears when the answer ends; focus must not vanish with it.
  const stopHadFocus = document.activeElement === stopButton;
  stopButton.hidden = !next.busy;
  sendButton.disabled = next.busy;
  log.classList.toggle('busy', next.busy);
  if (stopHadFocus && !next.busy) input.focus();
}

// ---- Events -------------------------------------------------------------------------------------

function scrollToFragment(link: Element, fragment: string): void {
  let id: string;
  try {
    id = decodeURIComponent(fragment);
  } catch {
    return;
  }
  if (!id) return;
  const target = link.closest('article')?.querySelector(`[id="${CSS.escape(id)}"], a[name="${CSS.escape(id)}"]`);
  target?.scrollIntoView({ block: 'start' });
}

log.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const link = target.closest('a');
  if (link) {
    event.preventDefault();
    const href = link.getAttribute('href') ?? '';
    // An in-page link stays in the page: it scrolls to its target in the same answer, if there is one.
    if (href.startsWith('#')) scrollToFragment(link, href.slice(1));
    else post({ type: 'openLink', href });
    return;
  }
  const action = target.closest<HTMLElement>('[data-code-action]')?.dataset.codeAction as CodeAction | undefined;
  const turnId = target.closest<HTMLElement>('article')?.dataset.turnId;
  if (action && turnId) {
    const block = target.closest('.code-block');
    // The block's text ends with the line break before its closing fence; the code does not.
    const code = (block?.querySelector('code')?.textContent ?? '').replace(/\n$/, '');
    const language = block instanceof HTMLElement ? (block.dataset.language ?? '') : '';
    post({ type: 'codeAction', action, turnId, code, language });
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
      appendText(message.turnId, message.part, message.text);
      break;
    case 'focusComposer':
      input.focus();
      break;
    case 'conversations':
      history.update(message.query, message.items);
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
