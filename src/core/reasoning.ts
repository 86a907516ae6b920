// Reasoning models (OpenAI's o1, o3, o4 and gpt-5 families, by default) take their output limit as
// `max_completion_tokens` and may take `reasoning_effort`; other models take `max_tokens`.

export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export const DEFAULT_REASONING_MODELS: readonly string[] = ['o1', 'o3', 'o4', 'gpt-5'];

export interface ReasoningSettings {
  /** Model name prefixes of reasoning models. */
  readonly models: readonly string[];
  /** Sent to reasoning models when set; the server's default otherwise. */
  readonly effort?: ReasoningEffort;
  /** The longest answer asked for, in tokens; 0 leaves it to the server. */
  readonly maxOutputTokens: number;
}

/**
 * Whether `model` belongs to a family in `families`: its name (after any `vendor/` prefix, as on
 * OpenRouter) is the family or starts with it followed by a separator: `o3-mini`, `gpt-5.1`, not `o30`.
 */
export function isReasoningModel(model: string, families: readonly string[]): boolean {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return families.some((family) => {
    const f = family.trim().toLowerCase();
    return f !== '' && name.startsWith(f) && (name.length === f.length || /[^a-z0-9]/.test(name[f.length]!));
  });
}

/** The output parameters of a request to `model`, as ChatRequest carries them. */
export function outputOptions(model: string, settings: ReasoningSettings): { maxOutputTokens?: number; reasoning?: { effort?: ReasoningEffort } } {
  const limit = settings.maxOutputTokens > 0 ? { maxOutputTokens: settings.maxOutputTokens } : {};
  if (!isReasoningModel(model, settings.models)) return limit;
  return { ...limit, reasoning: settings.effort ? { effort: settings.effort } : {} };
}
