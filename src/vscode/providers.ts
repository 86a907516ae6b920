import * as vscode from 'vscode';
import type { ChatModelClient } from '../core/client';
import type { Endpoint, ListedModel, ProviderId, ProviderSettings } from '../core/providers';
import { endpointAddress, isProviderId, presetBaseUrl, providerPreset, providerPresets, resolveEndpoint, sendsCredentialsInPlainText } from '../core/providers';
import { redactSecrets } from '../core/secrets';
import { OpenAIChatClient } from '../node/openaiClient';
import type { RunningWindow } from '../core/runningWindow';
import { windowServer } from '../core/runningWindow';
import type { LocalServer } from '../node/probe';
import { loadOllamaModel, readRunningWindow, readServerCapabilities } from '../node/runningWindow';
import { probeLocalServers } from '../node/probe';
import type { ModelListView } from '../shared/protocol';
import type { ApiKeyStore } from './apiKey';
import type { ModelItem } from './toolbarPicks';
import { modelPickItems } from './toolbarPicks';
import { pickOrTyped } from './typedPick';
import { vscodeLanguageModelClient, vscodeLanguageModels } from './languageModels';
import { readProviderSettings } from './settings';

const LAST_MODELS_KEY = 'parley.lastModels';

/** How long what a local server said it runs is believed: a model loads, unloads or is loaded again with another window. */
const RUNNING_WINDOW_MS = 10_000;

/** A provider's model list as the picker shows it, and what it stated of each model (context window, capabilities). */
interface ModelList {
  readonly view: ModelListView;
  readonly listed: ReadonlyMap<string, ListedModel>;
  /** Refresh was asked for: still shown, but fetched again when next asked for. */
  readonly stale?: boolean;
  /** While loading: the list it will be. */
  readonly arriving?: Promise<ModelList>;
}

function listKey(endpoint: Endpoint): string {
  return `${endpoint.provider} ${endpointAddress(endpoint)}`;
}

function readyList(models: readonly ListedModel[]): ModelList {
  return {
    view: { state: 'ready', models: models.map((m) => m.id) },
    listed: new Map(models.map((m) => [m.id, m])),
  };
}

/** A list that failed or is not offered: no models, no windows. */
function emptyList(view: ModelListView): ModelList {
  return { view, listed: new Map() };
}

/** The client that sends a conversation's requests to `endpoint`. */
export function createChatClient(endpoint: Endpoint, apiKey: string | undefined): ChatModelClient {
  return endpoint.api === 'vscode-lm' ? vscodeLanguageModelClient() : new OpenAIChatClient({ endpoint, apiKey });
}

/**
 * The providers as the user set them up: their keys, the models each lists (cached until
 * refreshed), the model last picked for each, and the first-use probe of local servers.
 */
export class ProviderService implements vscode.Disposable {
  private readonly lists = new Map<string, ModelList>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a model list has arrived or failed. */
  readonly onDidChange = this.changed.event;
  private probed = false;
  /** Plain http:// addresses the user was warned about this session, and those they then sent a key to. */
  private readonly warnedPlainText = new Set<string>();
  private readonly sentPlainText = new Set<string>();
  /** What each local server said it runs each model with, and when it was asked. */
  private readonly running = new Map<string, { readonly window?: RunningWindow; readonly askedAt: number }>();

  /** Other extensions add and remove language models at any time: the list is read again when they do. */
  private readonly languageModelsChanged = vscode.lm.onDidChangeChatModels(() => {
    const key = listKey({ api: 'vscode-lm', provider: 'vscode-lm', needsKey: false });
    const list = this.lists.get(key);
    if (!list) return;
    this.lists.set(key, { ...list, stale: true });
    this.changed.fire();
  });

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  settings(): ProviderSettings {
    return readProviderSettings();
  }

  /** The providers the pickers offer. */
  options(): { id: string; label: string }[] {
    return providerPresets().map((p) => ({ id: p.id, label: p.label }));
  }

  /** The model last picked for `provider`, which a conversation switching to it starts with. */
  lastModel(provider: ProviderId): string | undefined {
    return this.memento.get<Record<string, string>>(LAST_MODELS_KEY, {})[provider];
  }

  async rememberModel(provider: ProviderId, model: string): Promise<void> {
    await this.memento.update(LAST_MODELS_KEY, { ...this.memento.get<Record<string, string>>(LAST_MODELS_KEY, {}), [provider]: model });
  }

  /** The models `provider` lists: from the cache, else fetched now (the view updates when they arrive). */
  models(provider: ProviderId): ModelListView {
    return this.list(provider).view;
  }

  /** The models `provider` lists, with what it states of each, once the list has arrived (empty when it failed). */
  async listedModels(provider: ProviderId): Promise<readonly ListedModel[]> {
    const list = this.list(provider);
    return [...((await list.arriving) ?? list).listed.values()];
  }

  private list(provider: ProviderId): ModelList {
    const reading = resolveEndpoint(this.settings(), provider);
    if (!reading.ok) return emptyList({ state: 'error', models: [], message: reading.problem });
    const endpoint = reading.endpoint;
    if (endpoint.api === 'azure') {
      return emptyList({
        state: 'unsupported',
        models: [],
        message: vscode.l10n.t('Azure OpenAI lists deployments only in its portal: type the name of your deployment.'),
      });
    }
    const key = listKey(endpoint);
    const cached = this.lists.get(key);
    if (cached && !cached.stale) return cached;
    // While it asks again, the picker goes on offering what the provider listed before.
    const arriving = this.fetchModels(endpoint).then((list) => {
      if (this.lists.get(key) !== loading) return list; // refreshed meanwhile
      this.lists.set(key, list);
      this.changed.fire();
      return list;
    });
    const loading: ModelList = { view: { state: 'loading', models: cached?.view.models ?? [] }, listed: cached?.listed ?? new Map(), arriving };
    this.lists.set(key, loading);
    return loading;
  }

  /** The context window `provider` stated for `model` in the model list it last gave, if it did. */
  statedWindow(provider: ProviderId, model: string): number | undefined {
    const reading = resolveEndpoint(this.settings(), provider);
    return reading.ok ? this.lists.get(listKey(reading.endpoint))?.listed.get(model)?.contextWindow : undefined;
  }

  /** Whether `provider` stated that `model` reads images in the model list it last gave, if it did. */
  statedImageInput(provider: ProviderId, model: string): boolean | undefined {
    const reading = resolveEndpoint(this.settings(), provider);
    return reading.ok ? this.lists.get(listKey(reading.endpoint))?.listed.get(model)?.imageInput : undefined;
  }

  /**
   * The window the local server behind `provider` says it runs `model` with, from the last time it
   * was asked; asked again when that is older than a few seconds (the view updates when it answers).
   */
  /** The local server behind a provider that states its running window, and the cache key of `model` on it. */
  private windowSource(provider: ProviderId, model: string) {
    const server = windowServer(provider);
    const reading = resolveEndpoint(this.settings(), provider);
    if (!server || !reading.ok || reading.endpoint.api !== 'openai') return undefined;
    const endpoint = reading.endpoint;
    return { server, endpoint, key: `${listKey(endpoint)} ${model}` };
  }

  runningWindow(provider: ProviderId, model: string): RunningWindow | undefined {
    const source = this.windowSource(provider, model);
    if (!source) return undefined;
    const { server, endpoint, key } = source;
    const known = this.running.get(key);
    if (!known || Date.now() - known.askedAt > RUNNING_WINDOW_MS) {
      this.running.set(key, { ...(known?.window ? { window: known.window } : {}), askedAt: Date.now() });
      void readRunningWindow(server, { baseUrl: endpoint.baseUrl, model, headers: endpoint.headers }).then((window) => {
        this.running.set(key, { ...(window ? { window } : {}), askedAt: Date.now() });
        if (JSON.stringify(window) !== JSON.stringify(known?.window)) {
          if (window)
            this.log.info(`${endpointAddress(endpoint)} runs ${model} with a ${window.tokens}-token window (the model reads ${window.modelMaximum ?? '?'})`);
          this.changed.fire();
        }
      });
    }
    return known?.window;
  }

  /**
   * Reads again what a local server runs `model` with, before a request is fitted into it; says
   * whether that changed. Ollama says only for a loaded model: an unloaded one is loaded first, as
   * the request itself would load it, so even the first request fits the window it will get.
   */
  async readRunningWindowNow(provider: ProviderId, model: string): Promise<boolean> {
    const source = this.windowSource(provider, model);
    if (!source) return false;
    const { server, endpoint, key } = source;
    const target = { baseUrl: endpoint.baseUrl, model, headers: endpoint.headers };
    const before = this.running.get(key)?.window;
    let window = await readRunningWindow(server, target);
    if (!window && server === 'ollama') {
      this.log.info(`Loading ${model} on ${endpointAddress(endpoint)} to read the window Ollama runs it with`);
      await loadOllamaModel(target);
      window = await readRunningWindow(server, target);
    }
    this.running.set(key, { ...(window ? { window } : {}), askedAt: Date.now() });
    return JSON.stringify(window) !== JSON.stringify(before);
  }

  /**
   * The first request that would carry a credential unencrypted to an address on the network is
   * not sent: this says whether to warn instead (a `plain-http` failure). The next one goes (the user, warned, asked
   * again), and from then on the address's model list may be fetched with the key too.
   */
  warnsPlainText(endpoint: Endpoint, apiKey: string | undefined): boolean {
    if (!sendsCredentialsInPlainText(endpoint, apiKey)) return false;
    const address = endpointAddress(endpoint);
    if (!this.warnedPlainText.has(address)) {
      this.warnedPlainText.add(address);
      this.log.warn(`Did not send to ${address}: a credential would go over plain http; the user was warned`);
      return true;
    }
    if (!this.sentPlainText.has(address)) {
      this.sentPlainText.add(address);
      this.refreshModels();
    }
    return false;
  }

  /** Marks the cached lists stale, so the next view fetches them again. */
  refreshModels(): void {
    for (const [key, list] of this.lists) this.lists.set(key, { ...list, stale: true });
    this.running.clear();
    this.changed.fire();
  }

  private async fetchModels(endpoint: Endpoint): Promise<ModelList> {
    if (endpoint.api === 'vscode-lm') {
      try {
        return readyList(await vscodeLanguageModels());
      } catch (error) {
        return emptyList({ state: 'error', models: [], message: redactSecrets((error as Error).message) });
      }
    }
    const apiKey = await this.keys.get(endpoint.provider);
    if (!apiKey && endpoint.needsKey) {
      // Not a failure, and not a third "no key" on the screen: the key banner says what to do.
      return emptyList({ state: 'unsupported', models: [], message: vscode.l10n.t('Models are listed once there is a key.') });
    }
    if (sendsCredentialsInPlainText(endpoint, apiKey) && !this.sentPlainText.has(endpointAddress(endpoint))) {
      const message = vscode.l10n.t(
        '{0} is a plain http:// address: Parley lists its models once you have chosen to send your key there unencrypted. Ask a question to decide.',
        endpointAddress(endpoint),
      );
      return emptyList({ state: 'error', models: [], message });
    }
    const client = new OpenAIChatClient({ endpoint, apiKey });
    try {
      const models = await client.listModels();
      this.log.info(`GET ${endpointAddress(endpoint)}/models: ${models.length} models`);
      return readyList(await this.withServerCapabilities(endpoint, apiKey, models));
    } catch (error) {
      const message = client.describeListFailure(error);
      this.log.warn(`GET ${endpointAddress(endpoint)}/models failed: ${message}`);
      return emptyList({ state: 'error', models: [], message: vscode.l10n.t('Could not list the models: {0}', message) });
    }
  }

  /** A local server's models with what its own API says they can do, which its OpenAI-compatible list does not say. */
  private async withServerCapabilities(endpoint: Endpoint, apiKey: string | undefined, models: ListedModel[]): Promise<ListedModel[]> {
    const server = windowServer(endpoint.provider);
    if (!server || endpoint.api !== 'openai' || models.length === 0) return models;
    const stated = await readServerCapabilities(
      server,
      { baseUrl: endpoint.baseUrl, headers: endpoint.headers, ...(apiKey ? { apiKey } : {}) },
      models.map((m) => m.id),
    );
    return models.map((model) => ({ ...model, ...stated.get(model.id) }));
  }

  /**
   * On first use with nothing set up, looks for model servers on this machine (once a session) and
   * offers the ones that answer. Returns the server the user picked.
   */
  async offerLocalServer(): Promise<LocalServer | undefined> {
    if (this.probed) return undefined;
    this.probed = true;
    const settings = this.settings();
    const candidates = providerPresets()
      .filter((p) => p.local)
      .map((p) => ({ provider: p.id, baseUrl: presetBaseUrl(settings, p).url }));
    const found = await probeLocalServers(candidates);
    this.log.info(`Probed local model servers: ${found.length ? found.map((f) => redactSecrets(f.baseUrl)).join(', ') : 'none answered'}`);
    if (found.length === 0) return undefined;
    type Item = vscode.QuickPickItem & { server?: LocalServer };
    const items: Item[] = [
      ...found.map((server) => ({
        label: providerPreset(server.provider).label,
        description: redactSecrets(server.baseUrl),
        detail:
          server.models.length === 1
            ? vscode.l10n.t('1 model: {0}', server.models[0]!)
            : vscode.l10n.t('{0} models: {1}', server.models.length, server.models.slice(0, 5).join(', ') || '—'),
        server,
      })),
      { label: vscode.l10n.t('No, set an OpenAI API key'), detail: vscode.l10n.t('Keep OpenAI as the provider.') },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Parley found a model server on this machine'),
      placeHolder: vscode.l10n.t('Use it? It needs no API key.'),
      ignoreFocusOut: true,
    });
    return picked?.server;
  }

  /**
   * Asks for what `provider` still needs before its first request: Azure's endpoint, the custom
   * server's URL, the key. Returns false when the user cancelled.
   */
  async setUp(provider: ProviderId): Promise<boolean> {
    const settings = this.settings();
    const config = vscode.workspace.getConfiguration('parley');
    if (provider === 'azure' && !(typeof settings.azureEndpoint === 'string' && settings.azureEndpoint.trim())) {
      const endpoint = await askUrl(vscode.l10n.t('Azure OpenAI endpoint'), 'https://my-resource.openai.azure.com');
      if (!endpoint) return false;
      await config.update('azure.endpoint', endpoint, vscode.ConfigurationTarget.Global);
    }
    if (provider === 'custom' && !settings.baseUrlSetByUser) {
      const url = await askUrl(vscode.l10n.t('Base URL of the OpenAI-compatible server'), 'http://my-server:8000/v1');
      if (!url) return false;
      await config.update('baseUrl', url, vscode.ConfigurationTarget.Global);
    }
    const reading = resolveEndpoint(this.settings(), provider);
    if (reading.ok && reading.endpoint.needsKey && !(await this.keys.get(provider))) {
      return this.keys.prompt(provider, endpointAddress(reading.endpoint));
    }
    return true;
  }

  /** The quick pick of Parley: Choose Provider…; returns the provider picked. */
  async pick(current: ProviderId): Promise<ProviderId | undefined> {
    const settings = this.settings();
    type Item = vscode.QuickPickItem & { id: ProviderId };
    const items: Item[] = await Promise.all(
      providerPresets().map(async (preset): Promise<Item> => {
        const reading = resolveEndpoint(settings, preset.id);
        const where = reading.ok ? endpointAddress(reading.endpoint) : vscode.l10n.t('not set up yet');
        const key =
          !reading.ok || !reading.endpoint.needsKey
            ? vscode.l10n.t('no key needed')
            : (await this.keys.get(preset.id))
              ? vscode.l10n.t('key stored')
              : vscode.l10n.t('needs an API key');
        return { id: preset.id, label: preset.label, description: preset.id === current ? vscode.l10n.t('current') : undefined, detail: `${where} · ${key}` };
      }),
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Parley: Choose Provider'),
      placeHolder: vscode.l10n.t('Where the questions go'),
      matchOnDetail: true,
    });
    return picked && isProviderId(picked.id) ? picked.id : undefined;
  }

  /**
   * The quick pick of the panel's model button: the models `provider` lists (Refresh asks it again,
   * the list redrawn as it arrives), or a name typed by hand. Returns the model picked.
   */
  async pickModel(provider: ProviderId, current: string): Promise<string | undefined> {
    const pick = vscode.window.createQuickPick<ModelItem>();
    const refresh: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh the model list') };
    pick.title = vscode.l10n.t('Parley: Choose Model');
    pick.buttons = [refresh];
    // Redrawn when the list or the typed text changes, not on every other change (a redraw moves the selection to the top).
    let drawn = '';
    const draw = (): void => {
      const { state, models, message } = this.models(provider);
      pick.busy = state === 'loading';
      pick.placeholder = state === 'error' || state === 'unsupported' ? message : vscode.l10n.t('Pick a model, or type its name and press Enter');
      const key = JSON.stringify([models, pick.value]);
      if (key === drawn) return;
      drawn = key;
      pick.items = modelPickItems(models, current, pick.value);
      if (!pick.value) pick.activeItems = pick.items.filter((item) => item.model === current);
    };
    draw();
    return pickOrTyped(pick, (item) => item.model, [this.onDidChange(draw), pick.onDidChangeValue(draw), pick.onDidTriggerButton(() => this.refreshModels())]);
  }

  dispose(): void {
    this.languageModelsChanged.dispose();
    this.changed.dispose();
  }
}

function askUrl(title: string, placeHolder: string): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title,
      placeHolder,
      ignoreFocusOut: true,
      validateInput: (value) => (/^https?:\/\/[^\s/]+/i.test(value.trim()) ? undefined : vscode.l10n.t('Start with http:// or https://.')),
    }),
  ).then((value) => value?.trim() || undefined);
}
