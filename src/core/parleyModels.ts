// How Parley's own models are named to VS Code's Language Model API (the model picker, the
// `@parley` participant): the vendor Parley registers, and one id per provider and model.

/** The vendor under which Parley contributes its providers' models (package.json `languageModelChatProviders`). */
export const PARLEY_VENDOR = 'parley';

/** A model of one of Parley's providers, as VS Code's model picker knows it. */
export interface ParleyModelRef {
  readonly provider: string;
  readonly model: string;
}

// The provider id holds no "/" (see PROVIDER_IDS); the model may (OpenRouter's "vendor/model").
export function parleyModelId(ref: ParleyModelRef): string {
  return `${ref.provider}/${ref.model}`;
}

/** The provider and model of an id made by parleyModelId, or undefined for any other id. */
export function parseParleyModelId(id: string): ParleyModelRef | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}
