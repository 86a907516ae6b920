// Small DOM helpers shared by the webview's modules.

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
