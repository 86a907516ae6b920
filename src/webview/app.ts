// The panel: builds its parts, draws each snapshot through them, and handles what the host posts.
import type { FromWebview, Snapshot } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { applySnapshotUpdate } from '../shared/snapshotUpdate';
import { parseToWebview } from '../shared/validate';
import { Composer } from './composer';
import { ForkNote } from './branchNav';
import { ConversationView } from './conversationView';
import { Header } from './header';
import { element } from './dom';
import { HistoryView } from './history';
import { ModelPicker } from './modelPicker';
import { Notices } from './notices';
import { isHistoryKey, messageStep } from './panelKeys';
import { SteeringPanel } from './steering';

/** What VS Code gives the webview: the channel to the host, and state kept across hides and reloads. */
export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** UI state the host does not need: kept by the webview across hides and reloads. */
interface ViewState {
  draft: string;
}

export class App {
  private readonly post: (message: FromWebview) => void;
  private readonly steeringPanel: SteeringPanel;
  private readonly header: Header;
  private readonly modelPicker: ModelPicker;
  private readonly notices: Notices;
  private readonly history: HistoryView;
  private readonly conversation: ConversationView;
  private readonly composer: Composer;
  private readonly forkNote: ForkNote;
  private snapshot: Snapshot | undefined;
  /** The host's number for the snapshot shown; an update must name it to apply. */
  private revision = 0;
  /** Set after asking for a whole snapshot: what arrives until it comes does not follow what is shown. */
  private resyncing = false;

  constructor(root: HTMLElement, vscode: VsCodeApi) {
    const post = (message: FromWebview) => vscode.postMessage(message);
    this.post = post;
    const saved = (vscode.getState() as ViewState | undefined) ?? { draft: '' };
    this.steeringPanel = new SteeringPanel(post);
    this.header = new Header(post, () => this.toggleHistory());
    this.modelPicker = new ModelPicker(post);
    this.notices = new Notices(post);
    this.history = new HistoryView(post, () => this.toggleHistory(false));
    this.composer = new Composer({
      post,
      draft: saved.draft,
      saveDraft: (draft) => vscode.setState({ draft } satisfies ViewState),
      steering: this.steeringPanel,
    });
    this.conversation = new ConversationView({
      post,
      edit: (question) => this.composer.startEditing(question),
      saveExampleButton: (turnId) => this.steeringPanel.saveExampleButton(turnId),
      useExample: (question) => this.composer.useExample(question),
    });
    this.forkNote = new ForkNote(post);
    const { keyBanner, notice, undoBar } = this.notices;
    root.append(
      this.header.root,
      this.steeringPanel.section,
      keyBanner,
      this.history.root,
      this.forkNote.root,
      this.conversation.log,
      this.conversation.jumpToLatest,
      notice,
      undoBar,
      this.steeringPanel.importChoice,
      this.composer.root,
      // Where the next question goes, under the composer as in VS Code's own chat.
      element(
        'div',
        { className: 'composer-toolbar' },
        element('div', { className: 'pickers' }, this.modelPicker.provider.root, this.modelPicker.model.root, this.steeringPanel.picker.root),
        this.modelPicker.status,
      ),
      this.conversation.announcer,
    );
    root.addEventListener('keydown', (event) => this.onKeyDown(event));
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (isHistoryKey(event)) {
      event.preventDefault();
      this.toggleHistory();
      return;
    }
    const step = messageStep(event);
    const target = event.target as HTMLElement;
    // In a field with text, Alt+Up/Down moves its caret (macOS) rather than leaving it.
    const typing = (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) && target.value !== '';
    if (step && !this.history.open && !typing && this.conversation.focusMessage(step, target)) event.preventDefault();
  }

  /** Asks the host for the conversation, with the composer ready for typing. */
  start(): void {
    this.post({ type: 'ready' });
    this.composer.focus();
  }

  /** Everything the host posts, checked first. */
  handle(raw: unknown): void {
    const message = parseToWebview(raw);
    if (!message) return this.resync();
    switch (message.type) {
      case 'state':
        this.resyncing = false;
        this.revision = message.revision;
        this.render(message.snapshot);
        break;
      case 'update': {
        const next = this.resyncing ? undefined : applySnapshotUpdate(this.snapshot && { snapshot: this.snapshot, revision: this.revision }, message);
        if (!next) {
          this.resync();
          break;
        }
        this.revision = message.revision;
        this.render(next);
        break;
      }
      case 'delta':
        if (!this.resyncing && !this.conversation.append(message.turnId, message.part, message.offset, message.text)) this.resync();
        break;
      case 'imagePicked':
        void this.composer.images.attachPicked(message.name, message.mime, message.data);
        break;
      case 'focusComposer':
        this.composer.focus();
        break;
      case 'conversations':
        this.history.update(message);
        break;
      case 'exampleDraft':
        this.steeringPanel.showDraft(this.conversation.log, message);
        break;
      case 'exampleSaved':
        this.steeringPanel.showSaved(this.conversation.log, message);
        break;
      default:
        assertNever(message);
    }
  }

  /** Something from the host did not follow what is shown (a message was missed): ask for everything. */
  private resync(): void {
    if (this.resyncing) return;
    this.resyncing = true;
    this.post({ type: 'ready' });
  }

  private render(next: Snapshot): void {
    this.snapshot = next;
    this.header.render(next);
    this.modelPicker.render(next);
    this.notices.render(next);
    this.history.setCurrent(next.conversationId);
    this.forkNote.render(next);
    // While History is open it takes the log's place, the note's too.
    if (this.history.open) this.forkNote.root.hidden = true;
    this.conversation.render(next);
    this.steeringPanel.render(next);
    this.composer.render(next);
    this.conversation.setBusy(next.busy);
  }

  private toggleHistory(open = !this.history.open): void {
    this.header.showHistoryOpen(open);
    this.conversation.setVisible(!open);
    this.forkNote.root.hidden = open || !this.snapshot?.forkedFrom;
    if (open) {
      this.history.show(this.snapshot?.conversationId ?? '');
    } else {
      this.history.hide();
      this.composer.focus();
    }
  }
}
