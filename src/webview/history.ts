// The conversation list: newest first in groups by date (Today, Yesterday, …), searchable across
// titles and text, with open, rename and delete (shown on hover and focus, always in the Tab order).
// The host owns the list and sends it (`conversations`); this only draws it and asks.
import * as l10n from '@vscode/l10n';
import type { ConversationListItem, FromWebview } from '../shared/protocol';
import { dateTimeText } from '../shared/numbers';
import { button, element } from './dom';
import type { DateGroup } from './historyGroups';
import { CalendarDays, groupByDate } from './historyGroups';

const SEARCH_DELAY_MS = 150;

function groupHeading(group: DateGroup): string {
  switch (group) {
    case 'today':
      return l10n.t('Today');
    case 'yesterday':
      return l10n.t('Yesterday');
    case 'lastWeek':
      return l10n.t('Last 7 days');
    case 'lastMonth':
      return l10n.t('Last 30 days');
    case 'older':
      return l10n.t('Older');
  }
}

export class HistoryView {
  readonly root: HTMLElement;
  private readonly search: HTMLInputElement;
  /** The groups: each a heading and the list it names. */
  private readonly list: HTMLElement;
  /** Days in the page's time zone, which is the user's. */
  private readonly days = new CalendarDays();
  private readonly status: HTMLElement;
  private currentId = '';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where focus goes after a delete: the row that took the deleted one's place. */
  private focusRowAfterUpdate: number | undefined;
  /** The id of the last list asked for: only its answer is shown. */
  private requestId = 0;

  constructor(
    private readonly post: (message: FromWebview) => void,
    private readonly onClose: () => void,
  ) {
    this.search = element('input', { type: 'search', placeholder: l10n.t('Search conversations') });
    this.search.setAttribute('aria-label', l10n.t('Search conversations'));
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.request(), SEARCH_DELAY_MS);
    });
    this.list = element('div', { className: 'history-groups' });
    this.status = element('p', { className: 'history-status' });
    this.status.setAttribute('role', 'status');
    this.root = element(
      'section',
      { className: 'history', hidden: true },
      element(
        'div',
        { className: 'history-top' },
        this.search,
        button(l10n.t('Close'), () => this.onClose(), 'secondary', l10n.t('Close conversation list')),
      ),
      this.status,
      this.list,
    );
    this.root.setAttribute('aria-label', l10n.t('Conversation list'));
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.onClose();
      }
    });
  }

  get open(): boolean {
    return !this.root.hidden;
  }

  show(currentId: string): void {
    this.currentId = currentId;
    this.root.hidden = false;
    this.request();
    this.search.focus();
  }

  hide(): void {
    this.root.hidden = true;
    // A search left behind would make the host read every conversation after each change.
    if (this.search.value) {
      this.search.value = '';
      this.request();
    }
  }

  setCurrent(id: string): void {
    this.currentId = id;
  }

  private request(): void {
    this.post({ type: 'listConversations', requestId: ++this.requestId, query: this.search.value });
  }

  update({ requestId, query, items }: { requestId: number; query: string; items: readonly ConversationListItem[] }): void {
    // A slower answer to an older search must not replace the newer one's.
    if (requestId !== this.requestId) return;
    this.status.textContent =
      items.length === 0 ? (query.trim() ? l10n.t('No conversation mentions “{0}”.', query.trim()) : l10n.t('No saved conversations yet.')) : '';
    let index = 0;
    this.list.replaceChildren(
      ...groupByDate(items, Date.now(), this.days).flatMap(({ group, items: members }) => {
        const heading = element('h2', { className: 'history-group', id: `history-group-${group}`, textContent: groupHeading(group) });
        const list = element('ul', { className: 'history-list' }, ...members.map((item) => this.row(item, index++)));
        list.setAttribute('aria-labelledby', heading.id);
        return [heading, list];
      }),
    );
    if (this.focusRowAfterUpdate !== undefined) {
      const rows = this.list.querySelectorAll<HTMLButtonElement>('.history-open');
      (rows[Math.min(this.focusRowAfterUpdate, rows.length - 1)] ?? this.search).focus();
      this.focusRowAfterUpdate = undefined;
    }
  }

  private row(item: ConversationListItem, index: number): HTMLLIElement {
    const when = dateTimeText(item.updatedAt, document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const meta = l10n.t('{0} · {1} messages', when, item.turnCount);
    const open = button(
      '',
      () => {
        this.post({ type: 'openConversation', id: item.id });
        this.onClose();
      },
      'history-open',
    );
    open.append(
      element('span', { className: 'history-title', textContent: item.title }),
      element('span', {
        className: 'history-meta',
        textContent: item.fromChatView ? l10n.t('{0} · in VS Code’s Chat view', meta) : meta,
      }),
    );
    if (item.id === this.currentId) open.setAttribute('aria-current', 'true');
    const rename = button(l10n.t('Rename'), () => this.post({ type: 'renameConversation', id: item.id }), 'secondary', l10n.t('Rename {0}', item.title));
    const remove = button(
      l10n.t('Delete'),
      () => {
        this.focusRowAfterUpdate = index;
        this.post({ type: 'deleteConversation', id: item.id });
      },
      'secondary',
      l10n.t('Delete {0}', item.title),
    );
    return element('li', { className: 'history-row' }, open, element('span', { className: 'history-actions' }, rename, remove));
  }
}
