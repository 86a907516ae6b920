// The bars between the header and the composer: the missing API key above the log, and under it
// a problem to dismiss and the last delete, edit or regenerate while Undo can take it back.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot } from '../shared/protocol';
import { button, element } from './dom';
import { actionLabel } from './format';

export class Notices {
  readonly keyBanner = element('div', { className: 'banner', hidden: true });
  readonly notice = element('div', { className: 'notice', hidden: true });
  readonly undoBar = element('div', { className: 'notice undo-bar', hidden: true });

  constructor(private readonly post: (message: FromWebview) => void) {
    this.keyBanner.setAttribute('role', 'status');
    this.notice.setAttribute('role', 'alert');
    this.undoBar.setAttribute('role', 'status');
  }

  render(snapshot: Snapshot): void {
    const { keyBanner, notice, undoBar, post } = this;
    // Said once: a question that failed for want of the key says it, with the same ways out.
    const showsKeyBanner = snapshot.needsApiKey && !lastAnswerWantsKey(snapshot);
    keyBanner.hidden = !showsKeyBanner;
    if (showsKeyBanner) {
      keyBanner.replaceChildren(
        element('span', {
          className: 'banner-text',
          textContent: l10n.t(
            "Parley needs an API key for {0} (kept in VS Code's secret storage), or another provider, such as a server on this machine.",
            snapshot.baseUrl,
          ),
        }),
        element(
          'span',
          { className: 'banner-actions' },
          button(actionLabel('setApiKey'), () => post({ type: 'runAction', action: 'setApiKey' }), 'primary'),
          button(actionLabel('chooseProvider'), () => post({ type: 'runAction', action: 'chooseProvider' }), 'secondary'),
        ),
      );
    }
    notice.hidden = !snapshot.notice;
    if (snapshot.notice)
      notice.replaceChildren(
        element('span', { textContent: snapshot.notice }),
        button(l10n.t('Dismiss'), () => post({ type: 'dismissNotice' }), 'secondary'),
      );
    undoBar.hidden = !snapshot.undo;
    if (snapshot.undo)
      undoBar.replaceChildren(
        element('span', { textContent: `${snapshot.undo.label}.` }),
        button(l10n.t('Undo'), () => post({ type: 'undo' }), 'secondary'),
      );
  }
}

function lastAnswerWantsKey(snapshot: Snapshot): boolean {
  const last = snapshot.turns.at(-1);
  return last?.role === 'assistant' && last.error?.action === 'setApiKey';
}
