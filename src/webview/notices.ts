// The bars between the header and the composer: the missing API key above the log, and under it
// a problem to dismiss and the last delete, edit or regenerate while Undo can take it back.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot } from '../shared/protocol';
import { button, element } from './dom';

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
    keyBanner.hidden = !snapshot.needsApiKey;
    if (snapshot.needsApiKey) {
      keyBanner.replaceChildren(
        element('span', { textContent: l10n.t("Parley needs an API key to talk to {0}. It is stored in VS Code's secret storage.", snapshot.baseUrl) }),
        button(l10n.t('Set API Key'), () => post({ type: 'runAction', action: 'setApiKey' }), 'primary'),
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
