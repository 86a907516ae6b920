// The versions of a message (an edited question, a regenerated answer): "‹ 2 / 3 ›" in its head,
// whose buttons ask the host to show another version; and the note of a fork, which opens the
// conversation it was forked from. The host moves between versions; this only asks.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot, VersionsView } from '../shared/protocol';
import { button, element } from './dom';

type Step = 'previous' | 'next';

/**
 * The button pressed last: the version it shows is another message, drawn as a new article, so
 * the same button of that article takes the focus (keyboard users stay where they were).
 */
let focusAfterStep: Step | undefined;

export class BranchNav {
  readonly root = element('span', { className: 'branch-nav', hidden: true });
  private shown?: VersionsView;

  constructor(private readonly post: (message: FromWebview) => void) {
    this.root.setAttribute('role', 'group');
  }

  update(versions: VersionsView | undefined): void {
    if (this.shown?.position === versions?.position && this.shown?.count === versions?.count) return;
    this.shown = versions;
    this.root.hidden = !versions;
    if (!versions) return this.root.replaceChildren();
    const label = l10n.t('Version {0} of {1}', versions.position, versions.count);
    this.root.setAttribute('aria-label', label);
    const step = (which: Step, text: string, name: string, target: string | undefined): HTMLButtonElement => {
      const b = button(text, () => target && this.show(which, target), `icon-button branch-${which}`, `${name} (${label})`);
      b.disabled = target === undefined;
      return b;
    };
    const position = element('span', { className: 'branch-position', textContent: `${versions.position} / ${versions.count}` });
    position.setAttribute('aria-hidden', 'true');
    const previous = step('previous', '‹', l10n.t('Previous version'), versions.previous);
    const next = step('next', '›', l10n.t('Next version'), versions.next);
    this.root.replaceChildren(previous, position, next);
    const focus = focusAfterStep === 'previous' ? previous : focusAfterStep === 'next' ? next : undefined;
    if (focus) {
      focusAfterStep = undefined;
      // The article is placed in the log after it is built.
      requestAnimationFrame(() => (focus.disabled ? (focus === previous ? next : previous) : focus).focus());
    }
  }

  private show(which: Step, turnId: string): void {
    focusAfterStep = this.root.contains(document.activeElement) ? which : undefined;
    this.post({ type: 'showVersion', turnId });
  }
}

/** The line above a fork's messages that says where it came from, and opens it. */
export class ForkNote {
  readonly root = element('div', { className: 'fork-note', hidden: true });
  private shownFor = '';

  constructor(private readonly post: (message: FromWebview) => void) {
    this.root.setAttribute('role', 'note');
  }

  render(snapshot: Snapshot): void {
    const from = snapshot.forkedFrom;
    const key = from ? `${snapshot.conversationId}|${from.conversationId}|${from.title}` : '';
    if (key === this.shownFor) return;
    this.shownFor = key;
    this.root.hidden = !from;
    if (!from) return this.root.replaceChildren();
    const open = button(from.title, () => this.post({ type: 'openConversation', id: from.conversationId }), 'fork-origin');
    open.setAttribute('aria-label', l10n.t('Open the original conversation, “{0}”', from.title));
    this.root.replaceChildren(l10n.t('Forked from'), ' ', open);
  }
}
