// Small DOM helpers shared by the webview's modules.
import * as l10n from '@vscode/l10n';

import { groupDigits } from '../shared/numbers';

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** A button; `label` is also its accessible name unless `ariaLabel` says more. */
export function button(label: string, onClick: () => void, className = '', ariaLabel?: string): HTMLButtonElement {
  const b = element('button', { type: 'button', textContent: label, className });
  if (ariaLabel) b.setAttribute('aria-label', ariaLabel);
  b.addEventListener('click', onClick);
  return b;
}

/** "≈1,234 tokens" — approximate unless the counter is exact, which the title says. */
export function tokenText(tokens: number, exact: boolean): string {
  if (exact) return tokens === 1 ? l10n.t('1 token') : l10n.t('{0} tokens', groupDigits(tokens));
  return tokens === 1 ? l10n.t('≈1 token') : l10n.t('≈{0} tokens', groupDigits(tokens));
}
