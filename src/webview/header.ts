// The panel's header, kept quiet: the conversation's title; its model and size against the model's
// window on one line, the usage so far beside it; History and New Chat as icons; and why the window
// is smaller than the model reads when a server runs it so. The pickers are in the composer's toolbar.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot } from '../shared/protocol';
import { element, iconButton } from './dom';
import { conversationSize, usageTotalText } from './format';
import { HISTORY_SHORTCUT } from './panelKeys';

export class Header {
  readonly root: HTMLElement;
  private readonly title = element('h1', { className: 'title', textContent: 'Parley' });
  private readonly modelLabel = element('span', { className: 'model' });
  private readonly usageTotal = element('span', { className: 'usage-total' });
  /** Why the window is smaller than the model reads, when the server runs it so. */
  private readonly windowNote = element('p', { className: 'window-note', hidden: true });
  private readonly historyButton: HTMLButtonElement;

  /** History calls `toggleHistory`. */
  constructor(post: (message: FromWebview) => void, toggleHistory: () => void) {
    const newChatButton = iconButton('add', l10n.t('New Chat'), () => post({ type: 'newChat' }));
    this.historyButton = iconButton('history', l10n.t('History'), toggleHistory);
    this.historyButton.setAttribute('aria-expanded', 'false');
    this.historyButton.title = l10n.t('History ({0})', HISTORY_SHORTCUT.label);
    this.historyButton.setAttribute('aria-keyshortcuts', HISTORY_SHORTCUT.aria);
    this.root = element(
      'header',
      {},
      element('div', { className: 'heading' }, this.title, element('p', { className: 'figures' }, this.modelLabel, this.usageTotal)),
      element('div', { className: 'header-actions' }, this.historyButton, newChatButton),
      this.windowNote,
    );
  }

  render(snapshot: Snapshot): void {
    this.title.textContent = snapshot.title;
    this.title.title = snapshot.title;
    const size = conversationSize(snapshot);
    this.modelLabel.textContent = size.label;
    this.modelLabel.title = size.title;
    this.usageTotal.textContent = usageTotalText(snapshot.usage);
    this.usageTotal.title = this.usageTotal.textContent;
    this.windowNote.textContent = snapshot.windowNote ?? '';
    this.windowNote.hidden = snapshot.windowNote === undefined;
  }

  /** History says whether the conversation list is open. */
  showHistoryOpen(open: boolean): void {
    this.historyButton.setAttribute('aria-expanded', String(open));
  }
}
