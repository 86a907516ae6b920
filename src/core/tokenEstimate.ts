/**
 * Counts tokens for what the panel shows (steering cost, chips). Injected, so a real tokenizer can
 * replace the estimate without touching the callers; `method` says which one the user is reading.
 */
export interface TokenCounter {
  count(text: string): number;
  /** Shown next to the figures, e.g. "estimated: 4 characters a token". */
  readonly method: string;
}

/** OpenAI's rule of thumb for English text and code: about four characters a token. */
export const CHARS_PER_TOKEN = 4;

export const ESTIMATED_TOKENS: TokenCounter = {
  count: (text) => Math.ceil(text.length / CHARS_PER_TOKEN),
  method: `estimated at ${CHARS_PER_TOKEN} characters a token`,
};
