// The provider and model pickers in the composer's toolbar: the provider from the presets, the model from
// what the provider lists (cached by the host, Refresh asks again) or typed by hand.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot } from '../shared/protocol';
import { element, iconButton } from './dom';
import { modelCount } from './format';

type Post = (message: FromWebview) => void;

export class ModelPicker {
  readonly root: HTMLElement;
  private readonly provider = element('select', { className: 'provider-picker' });
  private readonly model = element('input', { className: 'model-picker', type: 'text', spellcheck: false });
  private readonly list = element('datalist', { id: 'parley-models' });
  private readonly status = element('span', { className: 'model-status' });
  private shownModel = '';
  /** The user has typed in the field since it last showed the model: a snapshot does not overwrite that. */
  private typed = false;
  /** What the provider options and the model list were last drawn from: redrawing an open select would close it. */
  private drawnProviders = '';
  private drawnModels = '';

  constructor(post: Post) {
    this.provider.setAttribute('aria-label', l10n.t('Provider'));
    this.provider.addEventListener('change', () => post({ type: 'pickProvider', provider: this.provider.value }));
    this.model.setAttribute('aria-label', l10n.t('Model'));
    this.model.setAttribute('list', this.list.id);
    this.model.placeholder = l10n.t('Model name');
    // A pick from the list or a typed name (Enter or leaving the field); an empty field changes nothing.
    const commit = (): void => {
      this.typed = false;
      const name = this.model.value.trim();
      if (name && name !== this.shownModel) post({ type: 'pickModel', model: name });
      else this.model.value = this.shownModel;
    };
    this.model.addEventListener('input', () => {
      this.typed = true;
    });
    this.model.addEventListener('change', commit);
    this.model.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        commit();
      } else if (event.key === 'Escape') {
        this.typed = false;
        this.model.value = this.shownModel;
      }
    });
    const refresh = iconButton(
      'refresh',
      l10n.t('Refresh the model list'),
      () => post({ type: 'refreshModels' }),
      'refresh-models',
      l10n.t('Ask the provider for its models again'),
    );
    this.status.setAttribute('role', 'status');
    this.root = element('div', { className: 'model-choice' }, this.provider, this.model, this.list, refresh, this.status);
  }

  /** The cursor in the model field, its name selected: typing replaces it, the list opens on a key. */
  focus(): void {
    this.model.focus();
    this.model.select();
  }

  render(snapshot: Snapshot): void {
    const providersKey = JSON.stringify([snapshot.provider, snapshot.providers]);
    if (providersKey !== this.drawnProviders) {
      this.drawnProviders = providersKey;
      this.provider.replaceChildren(
        ...snapshot.providers.map((p) => element('option', { value: p.id, textContent: p.label, selected: p.id === snapshot.provider })),
      );
    }
    this.provider.disabled = snapshot.busy;
    this.model.disabled = snapshot.busy;
    // The field keeps what the user is typing, even when the model changes meanwhile (a provider
    // switch lands); Enter then picks what they typed. It follows the conversation's model otherwise.
    if (!this.typed) this.model.value = snapshot.model;
    this.shownModel = snapshot.model;
    const modelsKey = snapshot.models.models.join('\n');
    if (modelsKey !== this.drawnModels) {
      this.drawnModels = modelsKey;
      this.list.replaceChildren(...snapshot.models.models.map((id) => element('option', { value: id })));
    }
    const { state, models, message } = snapshot.models;
    this.status.className = `model-status model-status-${state}`;
    this.status.textContent = state === 'loading' ? l10n.t('Listing models…') : state === 'ready' ? modelCount(models.length) : (message ?? '');
    this.status.title = message ?? '';
  }
}
