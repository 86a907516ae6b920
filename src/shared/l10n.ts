// Translated text for core/ and shared/, which may import neither VS Code nor @vscode/l10n: the
// side that runs them hands in its translator once at start (the extension host vscode.l10n.t).
// Until then, and in unit tests, messages are English. Each message is English with {0}, {1}…
// where its arguments go; `npm run l10n` extracts the `l10n.t('…')` calls into
// l10n/bundle.l10n.json, so the message must be a string literal and the object named `l10n`.

/** What vscode.l10n.t and @vscode/l10n's t both are: English message in, translated text out. */
export type Localize = (message: string, ...args: (string | number)[]) => string;

/** The message as written, with each {n} replaced by the n-th argument. */
export const english: Localize = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : placeholder));

let translate: Localize = english;

export const l10n = {
  t: (message: string, ...args: (string | number)[]): string => translate(message, ...args),
};

/** Makes `l10n.t` translate with `localize` from now on (the host calls this on activation). */
export function useLocalize(localize: Localize): void {
  translate = localize;
}
