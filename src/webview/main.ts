// First: the translations are in place before any module builds its labels.
import './l10n';
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot, ToWebview } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { applySnapshotUpdate } from '../shared/snapshotUpdate';
import { Composer } from './composer';
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
  edit: (question) => composer.startEditing(question),
  saveExampleButton: (turnId) => steeringPanel.saveExampleButton(turnId),
  useExample: (question) => composer.useExample(question),
});
const log = conversation.log;

const notice = element('div', { className: 'notice', hidden: true });
notice.setAttribute('role', 'alert');
const undoBar = element('div', { className: 'notice undo-bar', hidden: true });
undoBar.setAttribute('role', 'status');

const history = new HistoryView(post, () => toggleHistory(false));

const composer = new Composer({
  post,
  draft: saved.draft,
  saveDraft: (draft) => vscode.setState({ draft } satisfies ViewState),
  steering: steeringPanel,
});

document
  .getElementById('app')!
  .append(header, steeringPanel.section, keyBanner, history.root, log, notice, undoBar, steeringPanel.importChoice, composer.root, conversation.announcer);

function toggleHistory(open = !history.open): void {
  historyButton.setAttribute('aria-expanded', String(open));
  log.hidden = open;
  if (open) {
    history.show(snapshot?.conversationId ?? '');
  } else {
    history.hide();
    composer.focus();
  }
}

let snapshot: Snapshot | undefined;

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
  history.setCurrent(next.conversationId);
  conversation.render(next);
  steeringPanel.render(next);
  composer.render(next);
  conversation.setBusy(next.busy);
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
      composer.focus();
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
composer.focus();
