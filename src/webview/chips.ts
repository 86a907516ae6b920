// The context chips above the composer: each shows what it attaches, its token count, and the
// exact text the question will carry for it (expand the chip); × removes it.
import * as l10n from '@vscode/l10n';
import type { AttachmentView, FromWebview } from '../shared/protocol';
import { button, element } from './dom';
import { tokenText } from './format';

type Post = (message: FromWebview) => void;

/** `exact`: counted with the model's tokenizer, not estimated. */
function chip(attachment: AttachmentView, exact: boolean, post: Post): HTMLElement {
  const summary = element(
    'summary',
    {},
    ...(attachment.image ? [thumbnail(attachment.image.thumbnail)] : []),
    element('span', { className: 'chip-label', textContent: attachment.label }),
    element('span', { className: 'chip-tokens', textContent: tokenText(attachment.tokens, exact && !attachment.image?.estimated) }),
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

/** An image chip's picture: the thumbnail the host checked (a `data:` URL of a PNG or JPEG it read), or a blank frame. */
function thumbnail(url: string | undefined): HTMLElement {
  if (!url?.startsWith('data:image/')) return element('span', { className: 'chip-thumbnail chip-thumbnail-none' });
  const image = element('img', { className: 'chip-thumbnail', src: url, alt: '' });
  return image;
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

/** "Add Context": the host offers every source in a searchable quick pick (`#` in the composer does the same). */
export function addContextControl(post: Post): HTMLElement {
  return button(l10n.t('Add Context'), () => post({ type: 'pickContext' }), 'add-context secondary');
}
