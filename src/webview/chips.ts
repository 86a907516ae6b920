// The context chips above the composer: each shows what it attaches, its token count, and the
// exact text the question will carry for it (expand the chip); × removes it.
import * as l10n from '@vscode/l10n';
import type { AttachmentView, FromWebview } from '../shared/protocol';
import type { ContextSource } from '../shared/steering';
import { button, element } from './dom';
import { tokenText } from './format';

type Post = (message: FromWebview) => void;

/** `exact`: counted with the model's tokenizer, not estimated. */
function chip(attachment: AttachmentView, exact: boolean, post: Post): HTMLElement {
  const summary = element(
    'summary',
    {},
    element('span', { className: 'chip-label', textContent: attachment.label }),
    element('span', { className: 'chip-tokens', textContent: tokenText(attachment.tokens, exact) }),
  );
  const preview = element(
    'details',
    { className: 'chip-preview' },
    summary,
    element('pre', { className: 'chip-text' }, element('code', { textContent: attachment.sent })),
  );
  const remove = button('×', () => post({ type: 'removeAttachment', id: attachment.id }), 'chip-remove');
  remove.setAttribute('aria-label', l10n.t('Remove {0}', attachment.label));
  const wrap = element('div', { className: `chip${attachment.notice ? ' chip-cut' : ''}` }, preview, remove);
  wrap.setAttribute('role', 'group');
  wrap.setAttribute('aria-label', l10n.t('Attached: {0}', attachment.label));
  if (attachment.notice) wrap.append(element('div', { className: 'chip-notice', textContent: attachment.notice }));
  return wrap;
}

/** Redraws the chips; a chip whose preview is open stays open. */
export function renderChips(container: HTMLElement, attachments: readonly AttachmentView[], exact: boolean, post: Post): void {
  const open = new Set([...container.querySelectorAll<HTMLElement>('.chip')].filter((c) => c.querySelector('details')?.open).map((c) => c.dataset.id));
  container.replaceChildren(
    ...attachments.map((a) => {
      const node = chip(a, exact, post);
      node.dataset.id = a.id;
      if (open.has(a.id)) node.querySelector('details')!.open = true;
      return node;
    }),
  );
}

const SOURCES: readonly { source: ContextSource; label: string }[] = [
  { source: 'selection', label: l10n.t('Selection') },
  { source: 'file', label: l10n.t('Active file') },
  { source: 'problems', label: l10n.t('Problems of active file') },
  { source: 'editor', label: l10n.t('Open editor…') },
];

/** "Add context": attaches the selection, the active file, its problems, or any open editor. */
export function addContextControl(post: Post): HTMLElement {
  const menu = element('details', { className: 'add-context' });
  menu.append(
    element('summary', { textContent: l10n.t('Add Context') }),
    element(
      'div',
      { className: 'add-context-menu' },
      ...SOURCES.map(({ source, label }) =>
        button(
          label,
          () => {
            menu.open = false;
            post({ type: 'addContext', source });
          },
          'secondary',
        ),
      ),
    ),
  );
  return menu;
}
