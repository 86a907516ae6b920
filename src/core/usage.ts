// Tokens each answer used, as the server reported them, and what they cost where the user set
// prices: per answer and for the whole conversation.
import { l10n } from '../shared/l10n';
import type { Usage } from './domain';

/** Prices in US dollars (the answer's cost is shown with $) per 1 million tokens. */
export interface Price {
  readonly input: number;
  readonly output: number;
}

export type PriceTable = Readonly<Record<string, Price>>;

function isPrice(value: unknown): value is Price {
  const p = value as Price;
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return typeof p === 'object' && p !== null && ok(p.input) && ok(p.output);
}

/** Reads parley.prices; an entry that is not `{ "input": n, "output": n }` is left out and reported. */
export function readPrices(raw: unknown): { prices: PriceTable; problems: string[] } {
  if (raw === undefined || raw === null) return { prices: {}, problems: [] };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { prices: {}, problems: [l10n.t('parley.prices must be an object of model names and { "input", "output" } prices; no costs are shown.')] };
  const prices: Record<string, Price> = {};
  const problems: string[] = [];
  for (const [model, price] of Object.entries(raw)) {
    if (isPrice(price)) prices[model] = { input: price.input, output: price.output };
    else
      problems.push(l10n.t('parley.prices {0} needs "input" and "output" prices of 0 or more (per 1M tokens); its cost is not shown.', JSON.stringify(model)));
  }
  return { prices, problems };
}

/** The cost of one answer, or undefined when the model has no price. */
export function answerCost(usage: Usage, price: Price | undefined): number | undefined {
  if (!price) return undefined;
  return (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
}

export interface UsageTotal {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** The sum of the costs that are known. */
  readonly cost: number;
  /** Answers with usage but no price: the cost leaves them out. */
  readonly unpriced: number;
  readonly answers: number;
}

/** Sums the usage of a conversation's answers. */
export function totalUsage(answers: readonly { readonly model: string; readonly usage?: Usage }[], prices: PriceTable): UsageTotal {
  let promptTokens = 0;
  let completionTokens = 0;
  let cost = 0;
  let unpriced = 0;
  let counted = 0;
  for (const { model, usage } of answers) {
    if (!usage) continue;
    counted++;
    promptTokens += usage.promptTokens;
    completionTokens += usage.completionTokens;
    const known = answerCost(usage, prices[model]);
    if (known === undefined) unpriced++;
    else cost += known;
  }
  return { promptTokens, completionTokens, cost, unpriced, answers: counted };
}
