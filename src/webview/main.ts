// First: the translations are in place before any module builds its labels.
import './l10n';
import type { FromWebview, Snapshot, ToWebview } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { applySnapshotUpdate } from '../shared/snapshotUpdate';
import { Composer } from './composer';
import { ConversationView } from './conversationView';
import { Header } from './header';
import { HistoryView } from './history';
import { Notices } from './notices';
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

const steeringPanel = new SteeringPanel(post);
const header = new Header(post, steeringPanel.picker, () => toggleHistory());
const notices = new Notices(post);

const conversation = new ConversationView({
  post,
  edit: (question) => composer.startEditing(question),
  saveExampleButton: (turnId) => steeringPanel.saveExampleButton(turnId),
  useExample: (question) => composer.useExample(question),
});
const log = conversation.log;

const history = new HistoryView(post, () => toggleHistory(false));

const composer = new Composer({
  post,
  draft: saved.draft,
  saveDraft: (draft) => vscode.setState({ draft } satisfies ViewState),
  steering: steeringPanel,
});

document
  .getElementById('app')!
  .append(
    header.root,
    steeringPanel.section,
    notices.keyBanner,
    history.root,
    log,
    notices.notice,
    notices.undoBar,
    steeringPanel.importChoice,
    composer.root,
    conversation.announcer,
  );

function toggleHistory(open = !history.open): void {
  header.showHistoryOpen(open);
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
  header.render(next);
  notices.render(next);
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
