import { createRequire } from 'node:module';
import type { TokenCounter } from '../core/budget';
import { rememberingCounter } from '../core/budget';

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;

const loaded = new Map<string, TokenCounter>();

/**
 * OpenAI's o200k tokenizer (GPT-4o, 4.1, 5, o-series; close for older models), loaded from `bundle`
 * on first use and kept. Activation never pays for it.
 */
export function openAITokenizer(bundle: string): TokenCounter {
  let counter = loaded.get(bundle);
  if (!counter) {
    const { countTokens } = createRequire(__filename)(bundle) as { countTokens: CountTokens };
    // Text that looks like a special token (<|endoftext|>) is counted as text, not refused.
    const options = { disallowedSpecial: new Set<string>() };
    counter = rememberingCounter({ exact: true, count: (text) => countTokens(text, options) });
    loaded.set(bundle, counter);
  }
  return counter;
}

/** The tokenizer if a request has already loaded it; the panel's figures never load it themselves. */
export function loadedOpenAITokenizer(bundle: string): TokenCounter | undefined {
  return loaded.get(bundle);
}
