import { isExamplePair } from './profiles';
import type { ExamplePair } from './prompt';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface ParleySettings {
  readonly baseUrl: string;
  readonly model: string;
  readonly systemPrompt: string;
  readonly examples: readonly ExamplePair[];
}

export interface SettingsReading {
  readonly settings: ParleySettings;
  /** What was wrong in the user's settings and was left out. */
  readonly problems: readonly string[];
}

/** Validates raw setting values; bad parts fall back or are dropped, and each is reported. */
export function readSettings(raw: { baseUrl: unknown; model: unknown; systemPrompt: unknown; examples: unknown }): SettingsReading {
  const problems: string[] = [];
  let baseUrl = typeof raw.baseUrl === 'string' ? raw.baseUrl.trim().replace(/\/+$/, '') : '';
  if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
    problems.push(`parley.baseUrl ${JSON.stringify(raw.baseUrl)} is not an http(s) URL; using ${OPENAI_BASE_URL}.`);
    baseUrl = OPENAI_BASE_URL;
  }
  const model = typeof raw.model === 'string' && raw.model.trim() ? raw.model.trim() : '';
  if (!model) problems.push('parley.model is empty: set the model to use.');
  const systemPrompt = typeof raw.systemPrompt === 'string' ? raw.systemPrompt : '';
  const examples: ExamplePair[] = [];
  if (Array.isArray(raw.examples)) {
    raw.examples.forEach((item, index) => {
      if (isExamplePair(item)) examples.push({ user: item.user, assistant: item.assistant });
      else problems.push(`parley.examples[${index}] needs "user" and "assistant" strings; it was left out.`);
    });
  } else if (raw.examples !== undefined) {
    problems.push('parley.examples must be an array of { "user", "assistant" } pairs; none were sent.');
  }
  return { settings: { baseUrl, model, systemPrompt, examples }, problems };
}

/** Local servers (Ollama, LM Studio, llama.cpp) usually need no key; remote ones do. */
export function needsApiKey(baseUrl: string): boolean {
  const host = /^https?:\/\/(\[[^\]]+\]|[^/:]+)/i.exec(baseUrl)?.[1]?.toLowerCase() ?? '';
  return !(host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host));
}
