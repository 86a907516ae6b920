// Numbers and dates as the user's display language writes them: "128,000.5" in English,
// "128.000,5" in German. The extension host works out the separators once (separatorsFor), when
// first needed, and hands them to this module on its side and, through the page, to the webview's.

/** The characters that group thousands and mark the decimal fraction. */
export interface NumberSeparators {
  readonly group: string;
  readonly decimal: string;
}

const ENGLISH: NumberSeparators = { group: ',', decimal: '.' };

/** The separators in use, or how to work them out when first needed. */
let chosen: NumberSeparators | (() => NumberSeparators) = ENGLISH;

/**
 * Writes numbers with `separators` from now on; until then, and in unit tests, as English does.
 * A function is called once, on the first number: the first Intl call costs about 20 ms, which
 * the extension host would otherwise spend on activation.
 */
export function useNumberSeparators(separators: NumberSeparators | (() => NumberSeparators)): void {
  chosen = separators;
}

/** The separators numbers are written with now. */
export function numberSeparators(): NumberSeparators {
  if (typeof chosen === 'function') chosen = chosen();
  return chosen;
}

/**
 * The separators of `language` (a BCP 47 tag such as VS Code's `env.language`), English when the
 * tag is not one Intl knows. For the extension host only: a webview's first Intl call loads the
 * ICU locale data, about 90 ms on the first frame it draws.
 */
export function separatorsFor(language: string): NumberSeparators {
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat(language).formatToParts(12345.6);
  } catch {
    return ENGLISH;
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  // A language that does not group digits has no group part.
  return { group: part('group') ?? '', decimal: part('decimal') ?? ENGLISH.decimal };
}

/** True for separators as separatorsFor makes them: short, and free of digits. */
export function isNumberSeparators(value: unknown): value is NumberSeparators {
  const ok = (s: unknown) => typeof s === 'string' && s.length <= 2 && !/\d/.test(s);
  const candidate = value as NumberSeparators;
  return typeof value === 'object' && value !== null && ok(candidate.group) && ok(candidate.decimal);
}

/** "128,000": a count with its thousands grouped. Written out rather than `toLocaleString` (see separatorsFor). */
export function groupDigits(count: number): string {
  return localNumber(String(count));
}

/** A number written plainly ("1234.50", as `toFixed` writes it) the user's way ("1.234,50" in German). */
export function localNumber(plain: string): string {
  const [whole = '', fraction] = plain.split('.');
  const { group, decimal } = numberSeparators();
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return fraction === undefined ? grouped : `${grouped}${decimal}${fraction}`;
}

/** A date and time as `language` writes them; as the runtime does when Intl does not know the tag. */
export function dateTimeText(ms: number, language: string | undefined, options?: Intl.DateTimeFormatOptions): string {
  try {
    return new Date(ms).toLocaleString(language, options);
  } catch {
    return new Date(ms).toLocaleString(undefined, options);
  }
}
