// First: the translations are in place before any module builds its labels.
import './l10n';
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot, ToWebview, UserTurnView } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { applySnapshotUpdate } from '../shared/snapshotUpdate';
import { addContextControl, renderChips } from './chips';
import { ConversationView } from './conversationView';
import { button, element } from './dom';
import { conversationSize, usageTotalText } from './format';
import { HistoryView } from './history';
import { ModelPicker } from './modelPicker';
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

const conversation = new ConversationView({
  post,
  edit: (question) => startEditing(question),
  saveExampleButton: (turnId) => steeringPanel.saveExampleButton(turnId),
  useExample: (question) => {
    input.value = question;
    saveDraft();
    input.focus();
  },
});
const log = conversation.log;

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
  .append(header, steeringPanel.section, keyBanner, history.root, log, notice, undoBar, steeringPanel.importChoice, composer, conversation.announcer);

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
  conversation.render(next);
  steeringPanel.render(next);
  renderChips(chips, next.attachments, post);
  // Stop disappears when the answer ends; focus must not vanish with it.
  const stopHadFocus = document.activeElement === stopButton;
  stopButton.hidden = !next.busy;
  sendButton.disabled = next.busy;
  conversation.setBusy(next.busy);
  if (stopHadFocus && !next.busy) input.focus();
}

// ---- Events -------------------------------------------------------------------------------------

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
      conversation.append(message.turnId, message.part, message.text);
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
