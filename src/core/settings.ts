import { l10n } from '../shared/l10n';
import { isExamplePair } from './profiles';
import type { ExamplePair } from './prompt';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface ParleySettings {
  readonly baseUrl: string;
  readonly model: string;
  readonly systemPrompt: string;
  readonly examples: readonly ExamplePair[];
  /** Tokens the model reads at most; 0 = from the table of known models. */
  readonly contextWindow: number;
}

export interface SettingsReading {
  readonly settings: ParleySettings;
  /** What was wrong in the user's settings and was left out. */
  readonly problems: readonly string[];
  /** A problem that stops every request until it is fixed: sending anyway would go wrong. */
  readonly blocking?: string;
}

/** Validates raw setting values; bad parts fall back or are dropped, and each is reported. */
export function readSettings(raw: { baseUrl: unknown; model: unknown; systemPrompt: unknown; examples: unknown; contextWindow?: unknown }): SettingsReading {
  const problems: string[] = [];
  let blocking: string | undefined;
  const baseUrl = typeof raw.baseUrl === 'string' ? raw.baseUrl.trim().replace(/\/+$/, '') : OPENAI_BASE_URL;
  // Never fall back to another server: the key and the conversation would go somewhere unintended.
  if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(baseUrl)?.[1];
    const shown = JSON.stringify(baseUrl.slice(0, 200));
    blocking =
      scheme && !/^[^:/]+:\d/.test(baseUrl)
        ? l10n.t('parley.baseUrl {0} uses "{1}:", but Parley speaks only http and https. Nothing was sent; fix the setting, for example https://api.openai.com/v1 or http://localhost:11434/v1.', shown, scheme)
        : l10n.t('parley.baseUrl {0} has no http:// or https:// at the start. Nothing was sent; fix the setting, for example https://api.openai.com/v1 or http://localhost:11434/v1.', shown);
    problems.push(blocking);
  }
  let contextWindow = 0;
  if (raw.contextWindow !== undefined && raw.contextWindow !== null) {
    if (typeof raw.contextWindow === 'number' && Number.isInteger(raw.contextWindow) && raw.contextWindow >= 0) {
      contextWindow = raw.contextWindow;
    } else {
      blocking ??= l10n.t('parley.contextWindow {0} must be a whole number of tokens, 0 or more (0 = known from the model). Nothing was sent; fix the setting.', String(JSON.stringify(raw.contextWindow)));
      problems.push(blocking);
    }
  }
  const model = typeof raw.model === 'string' && raw.model.trim() ? raw.model.trim() : '';
  if (!model) problems.push(l10n.t('parley.model is empty: set the model to use.'));
  const systemPrompt = typeof raw.systemPrompt === 'string' ? raw.systemPrompt : '';
  const examples: ExamplePair[] = [];
  if (Array.isArray(raw.examples)) {
    raw.examples.forEach((item, index) => {
      if (isExamplePair(item)) examples.push({ user: item.user, assistant: item.assistant });
      else problems.push(l10n.t('parley.examples[{0}] needs "user" and "assistant" strings; it was left out.', index));
    });
  } else if (raw.examples !== undefined) {
    problems.push(l10n.t('parley.examples must be an array of { "user", "assistant" } pairs; none were sent.'));
  }
  return { settings: { baseUrl, model, systemPrompt, examples, contextWindow }, problems, ...(blocking ? { blocking } : {}) };
}

/** Local servers (Ollama, LM Studio, llama.cpp) usually need no key; remote ones do. */
export function needsApiKey(baseUrl: string): boolean {
  const host = /^https?:\/\/(\[[^\]]+\]|[^/:]+)/i.exec(baseUrl)?.[1]?.toLowerCase() ?? '';
  return !(host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host));
}
