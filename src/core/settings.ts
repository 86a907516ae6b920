import { l10n } from '../shared/l10n';
import { isExamplePair } from './profiles';
import type { ReasoningEffort, ReasoningSettings } from './reasoning';
import { DEFAULT_REASONING_MODELS, REASONING_EFFORTS } from './reasoning';
import type { PriceTable } from './usage';
import { readPrices } from './usage';
import type { ExamplePair } from './domain';

export interface ParleySettings {
  readonly model: string;
  readonly systemPrompt: string;
  readonly examples: readonly ExamplePair[];
  /** Tokens the model reads at most; 0 = from the table of known models. */
  readonly contextWindow: number;
  readonly reasoning: ReasoningSettings;
  readonly prices: PriceTable;
}

export interface RawSettings {
  readonly model: unknown;
  readonly systemPrompt: unknown;
  readonly examples: unknown;
  readonly contextWindow?: unknown;
  readonly maxOutputTokens?: unknown;
  readonly reasoningModels?: unknown;
  readonly reasoningEffort?: unknown;
  readonly prices?: unknown;
}

export interface SettingsReading {
  readonly settings: ParleySettings;
  /** What was wrong in the user's settings and was left out. */
  readonly problems: readonly string[];
  /** A problem that stops every request until it is fixed: sending anyway would go wrong. */
  readonly blocking?: string;
}

/** Validates raw setting values; bad parts fall back or are dropped, and each is reported. Where requests go is read by providers.ts. */
export function readSettings(raw: RawSettings): SettingsReading {
  const problems: string[] = [];
  let blocking: string | undefined;
  let contextWindow = 0;
  if (raw.contextWindow !== undefined && raw.contextWindow !== null) {
    if (typeof raw.contextWindow === 'number' && Number.isInteger(raw.contextWindow) && raw.contextWindow >= 0) {
      contextWindow = raw.contextWindow;
    } else {
      blocking ??= l10n.t(
        'parley.contextWindow {0} must be a whole number of tokens, 0 or more (0 = known from the model). Nothing was sent; fix the setting.',
        String(JSON.stringify(raw.contextWindow)),
      );
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
  const reasoning = readReasoning(raw, problems);
  const priced = readPrices(raw.prices);
  problems.push(...priced.problems);
  const settings = { model, systemPrompt, examples, contextWindow, reasoning, prices: priced.prices };
  return { settings, problems, ...(blocking ? { blocking } : {}) };
}

function readReasoning(raw: RawSettings, problems: string[]): ReasoningSettings {
  let maxOutputTokens = 0;
  if (raw.maxOutputTokens !== undefined && raw.maxOutputTokens !== null) {
    if (typeof raw.maxOutputTokens === 'number' && Number.isInteger(raw.maxOutputTokens) && raw.maxOutputTokens >= 0) maxOutputTokens = raw.maxOutputTokens;
    else
      problems.push(l10n.t('parley.maxOutputTokens {0} must be a whole number of tokens, 0 or more; no limit was sent.', JSON.stringify(raw.maxOutputTokens)));
  }
  let models = DEFAULT_REASONING_MODELS;
  if (Array.isArray(raw.reasoningModels) && raw.reasoningModels.every((m) => typeof m === 'string')) models = raw.reasoningModels as string[];
  else if (raw.reasoningModels !== undefined)
    problems.push(l10n.t('parley.reasoningModels must be a list of model name prefixes; the default ({0}) applies.', DEFAULT_REASONING_MODELS.join(', ')));
  const effort = REASONING_EFFORTS.includes(raw.reasoningEffort as ReasoningEffort) ? (raw.reasoningEffort as ReasoningEffort) : undefined;
  if (raw.reasoningEffort !== undefined && raw.reasoningEffort !== 'default' && !effort) {
    problems.push(
      l10n.t(
        "parley.reasoningEffort {0} is not one of default, {1}; the server's default applies.",
        JSON.stringify(raw.reasoningEffort),
        REASONING_EFFORTS.join(', '),
      ),
    );
  }
  return { models, maxOutputTokens, ...(effort ? { effort } : {}) };
}
