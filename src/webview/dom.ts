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

/**
 * A button that shows a codicon (VS Code's icon font, dist/codicons) instead of text: `label` is its
 * accessible name, and its tooltip unless `tooltip` says more. The icon is the button's own
 * ::before, so nothing in it is read out.
 */
export function iconButton(icon: string, label: string, onClick: (() => void) | undefined, className = '', tooltip = label): HTMLButtonElement {
  const b = element('button', { type: 'button', className: `icon-button codicon codicon-${icon} ${className}`.trimEnd(), title: tooltip });
  b.setAttribute('aria-label', label);
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

/**
 * A toolbar button that opens one of VS Code's quick picks, as the model picker of VS Code's own chat:
 * what it is set to, then a chevron (a codicon, hidden from screen readers). `show` sets its text, its
 * accessible name (which says what it picks) and its tooltip.
 */
export class PickerButton {
  readonly root: HTMLButtonElement;
  private readonly icon = element('span', { hidden: true });
  private readonly text = element('span', { className: 'picker-text' });
  private readonly chevron = element('span', { className: 'codicon codicon-chevron-down' });

  constructor(className: string, onClick: () => void) {
    this.icon.setAttribute('aria-hidden', 'true');
    this.chevron.setAttribute('aria-hidden', 'true');
    this.root = button('', onClick, `picker ${className}`);
    this.root.append(this.icon, this.text, this.chevron);
  }

  /** `icon`, a codicon's name, goes before the text. */
  show(text: string, name: string, tooltip: string, disabled: boolean, icon?: string): void {
    this.icon.hidden = icon === undefined;
    this.icon.className = icon === undefined ? '' : `codicon codicon-${icon}`;
    this.text.textContent = text;
    this.root.setAttribute('aria-label', name);
    this.root.title = tooltip;
    this.root.disabled = disabled;
  }

  /** A spinning icon in place of the chevron, while what it picks from is on its way. */
  showBusy(busy: boolean): void {
    this.chevron.className = busy ? 'codicon codicon-loading codicon-modifier-spin' : 'codicon codicon-chevron-down';
  }
}

const SVG = 'http://www.w3.org/2000/svg';

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string>, ...children: SVGElement[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * The error mark of a failure's callout: a circle with a cross, drawn in the current colour. An
 * inline SVG (no style attribute, so the CSP allows it); decoration, hidden from screen readers,
 * which read the callout's "Failed".
 */
export function errorIcon(): SVGSVGElement {
  const stroke = { stroke: 'currentColor', 'stroke-width': '1.5' };
  return svgElement(
    'svg',
    { viewBox: '0 0 16 16', width: '16', height: '16', 'aria-hidden': 'true', class: 'callout-icon' },
    svgElement('circle', { cx: '8', cy: '8', r: '6.5', fill: 'none', ...stroke }),
    svgElement('path', { d: 'M5.5 5.5l5 5m0-5l-5 5', 'stroke-linecap': 'round', ...stroke }),
  );
}
