// `#` in the composer: typing # offers the context sources (#file, #changes, …) in a list under the
// text, as a combobox (ARIA 1.2: the text area owns a listbox; the active option is its
// aria-activedescendant, so a screen reader reads it while the focus stays in the text). Arrows
// move, Enter or Tab attach, Escape closes; the chosen #word leaves the text and becomes a chip.
import * as l10n from '@vscode/l10n';
import type { ContextSource } from '../shared/steering';
import { CONTEXT_WORDS } from '../shared/steering';
import { element } from './dom';

const DESCRIPTIONS: Record<ContextSource, string> = {
  selection: l10n.t('the selected code'),
  file: l10n.t('the active file'),
  files: l10n.t('files or a folder you pick'),
  problems: l10n.t('the problems of the active file'),
  editor: l10n.t('an open editor you pick'),
  changes: l10n.t('the changes not staged (git diff)'),
  stagedChanges: l10n.t('the staged changes (git diff --cached)'),
  fileChanges: l10n.t('the changes to the active file (git diff HEAD)'),
  terminal: l10n.t('the last terminal command and its output'),
  symbol: l10n.t('a function or class you pick'),
  image: l10n.t('an image file you pick (PNG, JPEG, GIF, WebP)'),
};

/** The `#word` being typed just before the caret, if any. */
function typedWord(text: string, caret: number): { start: number; prefix: string } | undefined {
  const match = /(?:^|\s)#([A-Za-z]*)$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[1]!.length - 1, prefix: match[1]!.toLowerCase() } : undefined;
}

export class ContextCompletion {
  readonly list = element('div', { className: 'context-completion', id: 'context-completion', hidden: true });
  private readonly status = element('div', { className: 'visually-hidden' });
  private options: typeof CONTEXT_WORDS = [];
  private active = 0;
  /** Where the `#` of a list the user closed with Escape is: it stays closed until another is typed. */
  private dismissedAt: number | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly attach: (source: ContextSource) => void,
  ) {
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', this.list.id);
    input.setAttribute('aria-expanded', 'false');
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', l10n.t('Context to attach'));
    this.status.setAttribute('aria-live', 'polite');
    input.addEventListener('input', () => this.update());
    input.addEventListener('click', () => this.update());
    input.addEventListener('blur', () => this.close());
  }

  /** The list and its announcements, to place next to the text area. */
  get elements(): HTMLElement[] {
    return [this.list, this.status];
  }

  /** Handles a key while the list is open; returns whether it did. */
  onKeyDown(event: KeyboardEvent): boolean {
    if (this.list.hidden || event.isComposing) return false;
    const count = this.options.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
      this.draw();
    } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      this.choose(this.active);
    } else if (event.key === 'Escape') {
      this.dismissedAt = typedWord(this.input.value, this.input.selectionStart)?.start;
      this.close();
    } else {
      return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  private update(): void {
    const { input } = this;
    const word = input.selectionStart === input.selectionEnd ? typedWord(input.value, input.selectionStart) : undefined;
    if (word?.start !== this.dismissedAt) this.dismissedAt = undefined;
    const options = word && this.dismissedAt === undefined ? CONTEXT_WORDS.filter((w) => w.word.startsWith(word.prefix)) : [];
    if (options.length === 0) {
      this.close();
      return;
    }
    const wasOpen = !this.list.hidden;
    const activeWord = this.options[this.active]?.word;
    this.options = options;
    this.active = Math.max(
      0,
      options.findIndex((o) => o.word === activeWord),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.draw();
    if (!wasOpen) this.status.textContent = l10n.t('{0} kinds of context; Up and Down to choose, Enter to attach, Escape to close.', options.length);
  }

  private draw(): void {
    this.list.replaceChildren(
      ...this.options.map((option, index) => {
        const node = element(
          'div',
          { className: 'context-option', id: `context-option-${option.word}` },
          element('span', { className: 'context-word', textContent: `#${option.word}` }),
          element('span', { className: 'context-description', textContent: DESCRIPTIONS[option.source] }),
        );
        node.setAttribute('role', 'option');
        node.setAttribute('aria-selected', String(index === this.active));
        // A click chooses without taking the focus from the text.
        node.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.choose(index);
        });
        return node;
      }),
    );
    this.input.setAttribute('aria-activedescendant', `context-option-${this.options[this.active]!.word}`);
  }

  /** Takes the `#word` out of the text and attaches what it names. */
  private choose(index: number): void {
    const option = this.options[index];
    const { input } = this;
    const word = typedWord(input.value, input.selectionStart);
    this.close();
    if (!option || !word) return;
    input.value = input.value.slice(0, word.start) + input.value.slice(input.selectionStart);
    input.setSelectionRange(word.start, word.start);
    input.dispatchEvent(new Event('input'));
    this.attach(option.source);
  }

  private close(): void {
    if (this.list.hidden) return;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}
