import { l10n } from '../shared/l10n';
import type { ChatMessage, Overflow } from './domain';
import { imagesTokens } from './images';

/** Counts the tokens of a text: exactly with a model's tokenizer, or as an estimate. */
export interface TokenCounter {
  count(text: string): number;
  /** False for the estimate, which the server's reported usage then corrects. */
  readonly exact: boolean;
}

/**
 * The stated estimate for servers whose tokenizer Parley does not have: about four characters of
 * ASCII per token (English and code), one token per other character (CJK, emoji, accented text).
 * The usage the server reports after each answer calibrates it (see ContextBudget).
 */
export const ESTIMATED_TOKENS: TokenCounter = {
  exact: false,
  count(text: string): number {
    let ascii = 0;
    let other = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) ascii++;
      // A surrogate pair is one character: count its high half only.
      else if (code < 0xdc00 || code > 0xdfff) other++;
    }
    return Math.ceil(ascii / 4) + other;
  },
};

/** Characters of text whose counts a remembering counter keeps (about 16 MB of strings). */
const REMEMBERED_CHARS = 8_000_000;

/**
 * `counter`, remembering the counts of the texts it counted last. Every request and every panel
 * update counts the whole history again; with this, only the messages that are new are tokenized.
 */
export function rememberingCounter(counter: TokenCounter, capacityChars = REMEMBERED_CHARS): TokenCounter {
  const counts = new Map<string, number>();
  let chars = 0;
  return {
    exact: counter.exact,
    count(text: string): number {
      const known = counts.get(text);
      if (known !== undefined) {
        // Most recently used last, so the oldest is evicted first.
        counts.delete(text);
        counts.set(text, known);
        return known;
      }
      const tokens = counter.count(text);
      if (text.length > capacityChars) return tokens;
      counts.set(text, tokens);
      chars += text.length;
      for (const oldest of counts.keys()) {
        if (chars <= capacityChars) break;
        counts.delete(oldest);
        chars -= oldest.length;
      }
      return tokens;
    },
  };
}

/** How the figures a user reads were counted, shown beside them. */
export function countingMethod(counter: TokenCounter): string {
  return counter.exact ? l10n.t("counted with the model's tokenizer") : l10n.t('estimated at about 4 characters a token');
}

/** What the chat format adds around each message (role, separators), and before the answer. */
const PER_MESSAGE_TOKENS = 4;
const PRIMING_TOKENS = 3;

/** Context windows of known models, first match wins. Anything else is ASSUMED_WINDOW unless set. */
const KNOWN_WINDOWS: readonly (readonly [RegExp, number])[] = [
  [/^gpt-4\.1/, 1_047_576],
  [/^gpt-5/, 400_000],
  [/^(o1|o3|o4)(-|$)/, 200_000],
  [/^(gpt-4o|chatgpt-4o|gpt-4-turbo|gpt-4-\d{4}-preview|gpt-4\.5)/, 128_000],
  [/^gpt-4-32k/, 32_768],
  [/^gpt-4(-|$)/, 8_192],
  [/^gpt-3\.5-turbo/, 16_385],
  [/^gpt-oss/, 131_072],
];

/** What Parley assumes of a model it does not know, unless parley.contextWindow says otherwise. */
export const ASSUMED_WINDOW = 8_192;

export interface ContextWindow {
  readonly tokens: number;
  readonly source: 'setting' | 'provider' | 'known' | 'assumed';
}

/**
 * The context window of a model: the setting when given (> 0), else what its provider reported
 * with its model list, else the table, else the assumption.
 */
export function contextWindowFor(model: string, setting = 0, reported?: number): ContextWindow {
  if (setting > 0) return { tokens: setting, source: 'setting' };
  if (reported !== undefined) return { tokens: reported, source: 'provider' };
  const name = model.toLowerCase().replace(/^.*\//, '');
  const known = KNOWN_WINDOWS.find(([pattern]) => pattern.test(name));
  return known ? { tokens: known[1], source: 'known' } : { tokens: ASSUMED_WINDOW, source: 'assumed' };
}

/** Whether a model name is an OpenAI model, whose tokenizer (o200k) Parley can load. */
export function usesOpenAITokenizer(model: string): boolean {
  return /^(gpt-|chatgpt-|o1|o3|o4)/.test(model.toLowerCase().replace(/^openai\//, ''));
}

/** Room kept for the answer: the window is shared by the prompt and the reply. */
export function answerReserve(windowTokens: number): number {
  return Math.min(4_096, Math.floor(windowTokens / 4));
}

/** A message's tokens: its text as `counter` counts it, and its images as OpenAI counts them. */
function tokensOf(message: ChatMessage, counter: TokenCounter): number {
  return counter.count(message.content) + imagesTokens(message.images) + PER_MESSAGE_TOKENS;
}

export function messageTokens(messages: readonly ChatMessage[], counter: TokenCounter): number {
  return messages.reduce((sum, m) => sum + tokensOf(m, counter), PRIMING_TOKENS);
}

export type Fitted =
  | {
      readonly ok: true;
      readonly messages: ChatMessage[];
      /** History messages left out, all older than any kept. */
      readonly leftOut: number;
      /** The kept messages' tokens as counted (before calibration). */
      readonly counted: number;
    }
  /** Even without any history the request does not fit: the question, code or steering is too long. */
  | { readonly ok: false; readonly needed: number; readonly limit: number };

/**
 * Fits a request into `limit` tokens. The first `head` messages (system and examples) and the last
 * one (the new question with its code) always stay; history is dropped oldest first, a question
 * together with the answer that followed it, so what is kept starts with a question.
 * `scale` turns counted tokens into what the server will count (calibration).
 */
export function fitMessages(messages: readonly ChatMessage[], head: number, limit: number, counter: TokenCounter, scale = 1): Fitted {
  const tokens = messages.map((m) => tokensOf(m, counter));
  let counted = tokens.reduce((a, b) => a + b, PRIMING_TOKENS);
  const last = messages.length - 1;
  let start = head;
  while (counted * scale > limit && start < last) {
    counted -= tokens[start]!;
    start++;
    // Never keep an answer whose question was dropped.
    while (start < last && messages[start]!.role === 'assistant') counted -= tokens[start++]!;
  }
  if (counted * scale > limit) return { ok: false, needed: Math.ceil(counted * scale), limit };
  return { ok: true, messages: [...messages.slice(0, head), ...messages.slice(start)], leftOut: start - head, counted };
}

const MIN_SCALE = 0.5;
const MAX_SCALE = 4;
/** After an overflow without numbers, the next request aims this far below what failed. */
const OVERFLOW_SHRINK = 0.75;

/**
 * What a session learns about each model's budget from the server: how its token count compares
 * with Parley's (from `usage`), and a smaller window when the server said a request was too long.
 */
export class ContextBudget {
  private readonly scales = new Map<string, number>();
  private readonly learnedLimits = new Map<string, number>();

  /** Parley's count times this is what the server counts. */
  scale(model: string): number {
    return this.scales.get(model) ?? 1;
  }

  /** The most prompt tokens a request to `model` may use. */
  limit(model: string, window: ContextWindow): number {
    const limit = window.tokens - answerReserve(window.tokens);
    return Math.min(limit, this.learnedLimits.get(model) ?? limit);
  }

  /** The server counted `reported` prompt tokens where Parley counted `counted`. */
  calibrate(model: string, counted: number, reported: number): void {
    if (counted <= 0 || reported <= 0) return;
    this.scales.set(model, Math.min(MAX_SCALE, Math.max(MIN_SCALE, reported / counted)));
  }

  /**
   * The server refused a request of `counted` tokens (as Parley counted them) as too long; `window`
   * and `sent` are the numbers its error gave, when it gave them.
   */
  overflowed(model: string, counted: number, { window, sent }: Overflow): void {
    if (sent && counted > 0) this.calibrate(model, counted, sent);
    const scaled = counted * this.scale(model);
    const learned = window ? window - answerReserve(window) : Math.floor(scaled * OVERFLOW_SHRINK);
    // Each overflow lowers the limit, so retrying converges instead of failing the same way.
    const current = this.learnedLimits.get(model) ?? Infinity;
    this.learnedLimits.set(model, Math.max(1, Math.min(learned, current, Math.floor(scaled * OVERFLOW_SHRINK) || 1)));
  }
}
