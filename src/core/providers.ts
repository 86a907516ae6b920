// Where Parley's requests go: a table of provider presets, and how the user's settings turn the
// chosen one into an endpoint. Every URL and header here comes from user (application) settings;
// the VS Code adapter never passes a workspace's values in.
import { l10n } from '../shared/l10n';
import { isCredentialName, isLoopbackHost, percentDecoded, redactSecrets } from './secrets';

export const PROVIDER_IDS = ['openai', 'azure', 'ollama', 'lmstudio', 'llamacpp', 'vllm', 'openrouter', 'custom', 'vscode-lm'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface ProviderPreset {
  readonly id: ProviderId;
  readonly label: string;
  /**
   * How requests are made: the OpenAI Chat Completions API at a base URL, Azure OpenAI's
   * deployment URLs, or VS Code's Language Model API (models other extensions provide).
   */
  readonly api: 'openai' | 'azure' | 'vscode-lm';
  /** The base URL when the user has not set one in parley.providerUrls. */
  readonly defaultBaseUrl?: string;
  /** A server on this machine by default: needs no key, and is probed on first use. */
  readonly local?: boolean;
  /** Headers every request to it carries (OpenRouter's app attribution). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The environment variable read when no key is stored for it. */
  readonly keyEnv?: string;
}

/** The presets, their labels in the user's language. */
export function providerPresets(): readonly ProviderPreset[] {
  return [
    { id: 'openai', label: 'OpenAI', api: 'openai', defaultBaseUrl: 'https://api.openai.com/v1', keyEnv: 'OPENAI_API_KEY' },
    { id: 'azure', label: 'Azure OpenAI', api: 'azure', keyEnv: 'AZURE_OPENAI_API_KEY' },
    { id: 'ollama', label: 'Ollama', api: 'openai', defaultBaseUrl: 'http://localhost:11434/v1', local: true },
    { id: 'lmstudio', label: 'LM Studio', api: 'openai', defaultBaseUrl: 'http://localhost:1234/v1', local: true },
    { id: 'llamacpp', label: l10n.t('llama.cpp server'), api: 'openai', defaultBaseUrl: 'http://localhost:8080/v1', local: true },
    { id: 'vllm', label: 'vLLM', api: 'openai', defaultBaseUrl: 'http://localhost:8000/v1', local: true },
    {
      id: 'openrouter',
      label: 'OpenRouter',
      api: 'openai',
      defaultBaseUrl: 'https://openrouter.ai/api/v1',
      headers: { 'HTTP-Referer': 'https://github.com/parley/parley', 'X-Title': 'Parley' },
      keyEnv: 'OPENROUTER_API_KEY',
    },
    // Before presets, OPENAI_API_KEY went to whatever parley.baseUrl named; such setups are now custom.
    { id: 'custom', label: l10n.t('Custom OpenAI-compatible server'), api: 'openai', keyEnv: 'OPENAI_API_KEY' },
    { id: 'vscode-lm', label: l10n.t('VS Code language models'), api: 'vscode-lm' },
  ];
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

export function providerPreset(id: ProviderId): ProviderPreset {
  return providerPresets().find((p) => p.id === id)!;
}

/** The provider settings, as read from the user's own settings. */
export interface ProviderSettings {
  /** parley.provider as the user set it; undefined when they never chose. */
  readonly provider: unknown;
  /** parley.baseUrl: the custom server's URL. Set by the user (not defaulted) in older setups. */
  readonly baseUrl: unknown;
  readonly baseUrlSetByUser: boolean;
  /** parley.providerUrls: base URLs that replace the presets' defaults. */
  readonly providerUrls: unknown;
  /** parley.customHeaders: extra headers for the custom server. */
  readonly customHeaders: unknown;
  readonly azureEndpoint: unknown;
  readonly azureDeployment: unknown;
  readonly azureApiVersion: unknown;
}

/**
 * The provider requests go to: the conversation's own choice, else the user's parley.provider,
 * else (for setups from before presets) the custom server when parley.baseUrl was set, else OpenAI.
 */
export function effectiveProvider(settings: ProviderSettings, conversationChoice: string | undefined): { id: ProviderId; chosen: boolean } {
  if (isProviderId(conversationChoice)) return { id: conversationChoice, chosen: true };
  if (isProviderId(settings.provider)) return { id: settings.provider, chosen: true };
  if (settings.baseUrlSetByUser) return { id: 'custom', chosen: true };
  return { id: 'openai', chosen: false };
}

export type Endpoint =
  | {
      readonly api: 'openai';
      readonly provider: ProviderId;
      readonly baseUrl: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly needsKey: boolean;
    }
  | { readonly api: 'azure'; readonly provider: 'azure'; readonly endpoint: string; readonly apiVersion: string; readonly needsKey: true }
  | { readonly api: 'vscode-lm'; readonly provider: 'vscode-lm'; readonly needsKey: false };

export type EndpointReading = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly problem: string };

export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** A URL that is not plain http(s) stops every request: sending anyway could go somewhere unintended. */
export function urlProblem(setting: string, url: string): string | undefined {
  const shown = JSON.stringify(redactSecrets(url.slice(0, 200)));
  if (/^https?:\/\/[^\s/]+/i.test(url)) {
    // fetch refuses such an address, and the credential in it would be repeated wherever the address is.
    return /^https?:\/\/[^\s/?#]*@/i.test(url)
      ? l10n.t(
          '{0} {1} holds a user name or password, which requests cannot carry in the address. Nothing was sent; remove it from the setting, and give the key with Parley: Set API Key (or as a header in parley.customHeaders).',
          setting,
          shown,
        )
      : undefined;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  return scheme && !/^[^:/]+:\d/.test(url)
    ? l10n.t(
        '{0} {1} uses "{2}:", but Parley speaks only http and https. Nothing was sent; fix the setting, for example https://api.openai.com/v1 or http://localhost:11434/v1.',
        setting,
        shown,
        scheme,
      )
    : l10n.t(
        '{0} {1} has no http:// or https:// at the start. Nothing was sent; fix the setting, for example https://api.openai.com/v1 or http://localhost:11434/v1.',
        setting,
        shown,
      );
}

function trimUrl(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim().replace(/\/+$/, '') : undefined;
}

/** Header names and values as HTTP allows them; a bad one stops requests rather than being dropped. */
function readHeaders(raw: unknown): { headers: Record<string, string> } | { problem: string } {
  if (raw === undefined || raw === null) return { headers: {} };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { problem: l10n.t('parley.customHeaders must be an object of header names and string values. Nothing was sent; fix the setting.') };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      return {
        problem: l10n.t(
          'parley.customHeaders {0} needs a valid header name and a one-line string value. Nothing was sent; fix the setting.',
          JSON.stringify(name.slice(0, 100)),
        ),
      };
    }
    headers[name] = value;
  }
  return { headers };
}

/** Local servers (Ollama, LM Studio, llama.cpp) usually need no key; remote ones do. */
export function isLoopback(baseUrl: string): boolean {
  const url = parsed(baseUrl);
  return url !== undefined && /^https?:$/.test(url.protocol) && isLoopbackHost(url.hostname);
}

/** The base URL of an OpenAI-compatible preset: the user's parley.providerUrls entry, else its default. */
export function presetBaseUrl(settings: ProviderSettings, preset: ProviderPreset): { url: string; setting: string } {
  const urls = settings.providerUrls;
  const own = typeof urls === 'object' && urls !== null ? trimUrl((urls as Record<string, unknown>)[preset.id]) : undefined;
  return own ? { url: own, setting: `parley.providerUrls.${preset.id}` } : { url: preset.defaultBaseUrl ?? '', setting: 'parley.providerUrls' };
}

/** Where requests to provider `id` go, or why none can. */
export function resolveEndpoint(settings: ProviderSettings, id: ProviderId): EndpointReading {
  const preset = providerPreset(id);
  switch (preset.api) {
    case 'vscode-lm':
      return { ok: true, endpoint: { api: 'vscode-lm', provider: 'vscode-lm', needsKey: false } };
    case 'azure': {
      const endpoint = trimUrl(settings.azureEndpoint) ?? '';
      if (!endpoint)
        return {
          ok: false,
          problem: l10n.t(
            'Azure OpenAI needs your resource’s endpoint in parley.azure.endpoint, for example https://my-resource.openai.azure.com. Nothing was sent.',
          ),
        };
      const problem = urlProblem('parley.azure.endpoint', endpoint);
      if (problem) return { ok: false, problem };
      const version =
        typeof settings.azureApiVersion === 'string' && settings.azureApiVersion.trim() ? settings.azureApiVersion.trim() : DEFAULT_AZURE_API_VERSION;
      return { ok: true, endpoint: { api: 'azure', provider: 'azure', endpoint, apiVersion: version, needsKey: true } };
    }
    case 'openai': {
      const { url, setting } = id === 'custom' ? { url: trimUrl(settings.baseUrl) ?? '', setting: 'parley.baseUrl' } : presetBaseUrl(settings, preset);
      const problem = urlProblem(setting, url);
      if (problem) return { ok: false, problem };
      const custom = id === 'custom' ? readHeaders(settings.customHeaders) : { headers: {} };
      if ('problem' in custom) return { ok: false, problem: custom.problem };
      // A custom server needs a key unless it runs on this machine; local presets never insist on one.
      const needsKey = id === 'custom' ? !isLoopback(url) : !preset.local;
      return { ok: true, endpoint: { api: 'openai', provider: id, baseUrl: url, headers: { ...preset.headers, ...custom.headers }, needsKey } };
    }
  }
}

/** The URL requests to an endpoint go to, credentials and all: for the adapter only, never shown. */
export function endpointUrl(endpoint: Extract<Endpoint, { api: 'openai' | 'azure' }>): string {
  return endpoint.api === 'openai' ? endpoint.baseUrl : `${endpoint.endpoint}/openai`;
}

/** The address shown to the user and in the log for an endpoint, without the credentials it may hold. */
export function endpointAddress(endpoint: Endpoint): string {
  return endpoint.api === 'vscode-lm' ? 'VS Code' : redactSecrets(endpointUrl(endpoint));
}

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The credential values a request to `endpoint` carries: the key, the user name and password and
 * credential parameters of its address, and its credential headers (with and without their scheme).
 */
export function endpointSecrets(endpoint: Endpoint, apiKey: string | undefined): string[] {
  const secrets = new Set<string>(apiKey ? [apiKey] : []);
  const url = endpoint.api === 'vscode-lm' ? undefined : parsed(endpointUrl(endpoint));
  if (url) {
    for (const part of [url.username, url.password]) {
      if (part) secrets.add(part).add(percentDecoded(part));
    }
    for (const [name, value] of url.searchParams) if (value && isCredentialName(name)) secrets.add(value);
  }
  for (const [name, value] of Object.entries(endpoint.api === 'openai' ? endpoint.headers : {})) {
    if (!value || !isCredentialName(name)) continue;
    secrets.add(value);
    const token = /^(?:Bearer|Basic|Token)\s+(.+)$/i.exec(value)?.[1];
    if (token) secrets.add(token);
  }
  return [...secrets];
}

/**
 * Whether a request to `endpoint` would carry a credential unencrypted over the network: plain
 * http:// to an address not on this machine, with a key, a credential header or one in the address.
 */
export function sendsCredentialsInPlainText(endpoint: Endpoint, apiKey: string | undefined): boolean {
  const url = endpoint.api === 'vscode-lm' ? undefined : parsed(endpointUrl(endpoint));
  if (!url || url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return false;
  return endpointSecrets(endpoint, apiKey).length > 0;
}

/** The model a conversation uses when it has not picked one: its profile's, else the provider's default. */
export function defaultModel(id: ProviderId, settings: { model: string; azureDeployment: unknown }): string {
  if (id === 'azure') return typeof settings.azureDeployment === 'string' ? settings.azureDeployment.trim() : '';
  return settings.model;
}

/** A model a provider lists, with its context window and what it can do where the provider states them. */
export interface ListedModel extends StatedCapabilities {
  readonly id: string;
  readonly contextWindow?: number;
}

/** What a provider states a model can do; absent where it does not say (then it is not claimed). */
export interface StatedCapabilities {
  readonly toolCalling?: boolean;
  readonly imageInput?: boolean;
  /** The longest answer the provider serves the model with. */
  readonly maxOutputTokens?: number;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const positive = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

/**
 * What an entry of GET /models states the model can do, beside OpenAI's fields (which state none):
 * OpenRouter's `supported_parameters` (with "tools"), `architecture.input_modalities` (with "image")
 * and `top_provider.max_completion_tokens`.
 */
export function statedCapabilities(entry: object): StatedCapabilities {
  const {
    supported_parameters: parameters,
    architecture,
    top_provider: top,
  } = entry as { supported_parameters?: unknown; architecture?: unknown; top_provider?: unknown };
  const modalities = typeof architecture === 'object' && architecture !== null ? (architecture as { input_modalities?: unknown }).input_modalities : undefined;
  const maxOutputTokens = typeof top === 'object' && top !== null ? positive((top as { max_completion_tokens?: unknown }).max_completion_tokens) : undefined;
  return {
    ...(Array.isArray(parameters) ? { toolCalling: strings(parameters).includes('tools') } : {}),
    ...(Array.isArray(modalities) ? { imageInput: strings(modalities).includes('image') } : {}),
    ...(maxOutputTokens ? { maxOutputTokens } : {}),
  };
}

/** Ollama's POST /api/show: `capabilities` lists "tools" and "vision" for models that have them (https://docs.ollama.com/api). */
export function ollamaCapabilities(show: unknown): StatedCapabilities {
  const listed = typeof show === 'object' && show !== null ? (show as { capabilities?: unknown }).capabilities : undefined;
  if (!Array.isArray(listed)) return {};
  const capabilities = strings(listed);
  return { toolCalling: capabilities.includes('tools'), imageInput: capabilities.includes('vision') };
}

/** LM Studio's GET /api/v1/models: each model's `capabilities.trained_for_tool_use` and `capabilities.vision`, by its `key`. */
export function lmStudioCapabilities(model: string, models: unknown): StatedCapabilities {
  const list = typeof models === 'object' && models !== null ? (models as { models?: unknown }).models : undefined;
  const entry = (Array.isArray(list) ? (list as unknown[]) : []).find(
    (each) => typeof each === 'object' && each !== null && (each as { key?: unknown }).key === model,
  );
  const stated = entry ? (entry as { capabilities?: unknown }).capabilities : undefined;
  if (typeof stated !== 'object' || stated === null) return {};
  const { trained_for_tool_use: tools, vision } = stated as { trained_for_tool_use?: unknown; vision?: unknown };
  return { ...(typeof tools === 'boolean' ? { toolCalling: tools } : {}), ...(typeof vision === 'boolean' ? { imageInput: vision } : {}) };
}

/**
 * The context window an entry of GET /models states, beside OpenAI's fields: OpenRouter's
 * `context_length`, vLLM's `max_model_len` (the limit it serves with). Undefined when it states none.
 */
export function statedContextWindow(entry: object): number | undefined {
  const { context_length: contextLength, max_model_len: maxModelLen } = entry as { context_length?: unknown; max_model_len?: unknown };
  const stated = contextLength ?? maxModelLen;
  return typeof stated === 'number' && Number.isInteger(stated) && stated > 0 ? stated : undefined;
}
