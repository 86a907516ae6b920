// The panel's header: the conversation's title, its model and size against the model's window,
// why that window is smaller than the model reads when a server runs it so, the usage so far, the provider, model and profile pickers, History and New Chat.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot } from '../shared/protocol';
import { button, element } from './dom';
import { conversationSize, usageTotalText } from './format';
import { ModelPicker } from './modelPicker';
import { HISTORY_SHORTCUT } from './panelKeys';

export class Header {
  readonly root: HTMLElement;
  private readonly title = element('h1', { className: 'title', textContent: 'Parley' });
  private readonly modelLabel = element('span', { className: 'model' });
  private readonly usageTotal = element('span', { className: 'usage-total' });
  /** Why the window is smaller than the model reads, when the server runs it so. */
  private readonly windowNote = element('p', { className: 'window-note', hidden: true });
  private readonly historyButton: HTMLButtonElement;
  private readonly modelPicker: ModelPicker;

  /** `profilePicker` is the steering panel's; History calls `toggleHistory`. */
  constructor(post: (message: FromWebview) => void, profilePicker: HTMLElement, toggleHistory: () => void) {
    const newChatButton = button(l10n.t('New Chat'), () => post({ type: 'newChat' }), 'secondary');
    this.historyButton = button(l10n.t('History'), toggleHistory, 'secondary');
    this.historyButton.setAttribute('aria-expanded', 'false');
    this.historyButton.title = l10n.t('History ({0})', HISTORY_SHORTCUT.label);
    this.historyButton.setAttribute('aria-keyshortcuts', HISTORY_SHORTCUT.aria);
    this.modelPicker = new ModelPicker(post);
    this.root = element(
      'header',
      {},
      element('div', { className: 'heading' }, this.title, this.modelLabel, this.usageTotal),
      this.windowNote,
      this.modelPicker.root,
      profilePicker,
      element('div', { className: 'header-actions' }, this.historyButton, newChatButton),
    );
  }

  render(snapshot: Snapshot): void {
    this.title.textContent = snapshot.title;
    const size = conversationSize(snapshot);
    this.modelLabel.textContent = size.label;
    this.modelLabel.title = size.title;
    this.usageTotal.textContent = usageTotalText(snapshot.usage);
    this.windowNote.textContent = snapshot.windowNote ?? '';
    this.windowNote.hidden = snapshot.windowNote === undefined;
    this.modelPicker.render(snapshot);
  }

  /** History says whether the conversation list is open. */
  showHistoryOpen(open: boolean): void {
    this.historyButton.setAttribute('aria-expanded', String(open));
  }
}
