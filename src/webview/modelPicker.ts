// The provider and model buttons in the composer's toolbar: each opens a quick pick in VS Code (the
// provider presets; the models the provider lists, Refresh, or a name typed by hand).
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot } from '../shared/protocol';
import { element, PickerButton } from './dom';
import { modelCount } from './format';

type Post = (message: FromWebview) => void;

export class ModelPicker {
  readonly provider: PickerButton;
  readonly model: PickerButton;
  /** Says that the list is on its way (to screen readers: the model button spins), and why it failed. */
  readonly status = element('div', { className: 'model-status' });

  constructor(post: Post) {
    this.provider = new PickerButton('provider-picker', () => post({ type: 'chooseProvider' }));
    this.model = new PickerButton('model-picker', () => post({ type: 'chooseModel' }));
    this.status.setAttribute('role', 'status');
  }

  render(snapshot: Snapshot): void {
    const provider = snapshot.providers.find((p) => p.id === snapshot.provider)?.label ?? snapshot.provider;
    this.provider.show(provider, l10n.t('Provider: {0}', provider), l10n.t('Provider: {0} (where the questions go)', provider), snapshot.busy);
    const { state, models, message } = snapshot.models;
    const list = state === 'loading' ? l10n.t('Listing models…') : state === 'ready' ? modelCount(models.length) : (message ?? '');
    const shown = snapshot.model || l10n.t('Pick a Model');
    const name = l10n.t('Model: {0}', shown);
    this.model.show(shown, name, list ? l10n.t('Model: {0} · {1}', shown, list) : name, snapshot.busy);
    this.model.showBusy(state === 'loading');
    // While the list is on its way the model button spins: the words are for screen readers.
    this.status.className = `model-status model-status-${state}${state === 'loading' ? ' visually-hidden' : ''}`;
    this.status.textContent = state === 'loading' ? list : state === 'error' ? (message ?? '') : '';
  }
}
