// The composer: the question being written (kept as a draft across hides and reloads), the
// attached code as chips, Send and Stop, and editing an earlier question (Edit on it, or Arrow Up
// in an empty composer), which asks it again in place of the answers after it. `#` attaches context.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot, UserTurnView } from '../shared/protocol';
import { addContextControl, renderChips } from './chips';
import { ContextCompletion } from './contextCompletion';
import { button, element } from './dom';
import { ImageInput } from './images';

export interface ComposerOptions {
  readonly post: (message: FromWebview) => void;
  /** The draft the panel had when it was last hidden or reloaded, and where to keep it. */
  readonly draft: string;
  readonly saveDraft: (draft: string) => void;
  /** An imported conversation's steering the user must keep or replace before asking. */
  readonly steering: { awaitsChoice(): boolean; focusChoice(): void };
}

export class Composer {
  readonly root: HTMLFormElement;
  private readonly chips = element('div', { className: 'chips' });
  private readonly editingBar = element('div', { className: 'editing', hidden: true });
  private readonly input: HTMLTextAreaElement;
  private readonly completion: ContextCompletion;
  /** Pasted, dropped and picked images. */
  readonly images: ImageInput;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private snapshot: Snapshot | undefined;
  /** The earlier question being edited, and the draft it replaced in the composer. */
  private editing: { turnId: string; draft: string } | undefined;

  constructor(private readonly options: ComposerOptions) {
    const { post } = options;
    this.input = element('textarea', { rows: 3, placeholder: l10n.t('Ask Parley… (Enter to send, Shift+Enter for a new line)'), value: options.draft });
    this.input.setAttribute('aria-label', l10n.t('Message'));
    this.completion = new ContextCompletion(this.input, (source) => post({ type: 'addContext', source }));
    this.sendButton = button(l10n.t('Send'), () => this.send(), 'primary');
    this.stopButton = button(l10n.t('Stop'), () => post({ type: 'stop' }), 'secondary');
    this.root = element(
      'form',
      { className: 'composer' },
      this.editingBar,
      this.chips,
      this.input,
      ...this.completion.elements,
      element('div', { className: 'composer-actions' }, addContextControl(post), this.stopButton, this.sendButton),
    );
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    this.images = new ImageInput(this.root, post);
    this.root.insertBefore(this.images.notice, this.input);
    this.input.addEventListener('input', () => this.saveDraft());
    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
  }

  render(next: Snapshot): void {
    this.snapshot = next;
    const editing = this.editing;
    if (editing && !next.turns.some((t) => t.id === editing.turnId)) this.endEditing(editing.draft);
    renderChips(this.chips, next.attachments, next.size.exact, this.options.post);
    // Stop disappears when the answer ends; focus must not vanish with it.
    const stopHadFocus = document.activeElement === this.stopButton;
    this.stopButton.hidden = !next.busy;
    this.sendButton.disabled = next.busy;
    if (stopHadFocus && !next.busy) this.input.focus();
  }

  focus(): void {
    this.input.focus();
  }

  /** Puts an example question in the composer, to send or change. */
  useExample(question: string): void {
    this.input.value = question;
    this.saveDraft();
    this.input.focus();
  }

  startEditing(turn: UserTurnView): void {
    this.editing = { turnId: turn.id, draft: this.editing?.draft ?? this.input.value };
    this.editingBar.replaceChildren(
      element('span', {
        textContent: l10n.t('Editing an earlier question: Enter asks it again and replaces the answers after it (Undo brings them back). Escape cancels.'),
      }),
      button(l10n.t('Cancel'), () => this.endEditing(this.editing?.draft ?? ''), 'secondary', l10n.t('Cancel editing')),
    );
    this.editingBar.hidden = false;
    this.input.value = turn.text;
    this.input.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  private endEditing(draft: string): void {
    this.editing = undefined;
    this.editingBar.hidden = true;
    this.input.value = draft;
    this.saveDraft();
    this.input.focus();
  }

  private saveDraft(): void {
    this.options.saveDraft(this.editing ? this.editing.draft : this.input.value);
  }

  private send(): void {
    const text = this.input.value;
    const { snapshot, editing, options } = this;
    if (!snapshot || snapshot.busy) return;
    // The question stays in the composer until the user settled what steers it.
    if (options.steering.awaitsChoice()) {
      options.steering.focusChoice();
      return;
    }
    if (editing) {
      if (!text.trim()) return;
      options.post({ type: 'editAndResend', turnId: editing.turnId, text });
      this.endEditing(editing.draft);
      return;
    }
    if (!text.trim() && snapshot.attachments.length === 0) return;
    options.post({ type: 'send', text });
    this.input.value = '';
    this.saveDraft();
  }

  private onKeyDown(event: KeyboardEvent): void {
    const { input, snapshot } = this;
    if (this.completion.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    } else if (event.key === 'Escape' && snapshot?.busy) {
      event.preventDefault();
      this.options.post({ type: 'stop' });
    } else if (event.key === 'Escape' && this.editing) {
      event.preventDefault();
      this.endEditing(this.editing.draft);
    } else if (event.key === 'ArrowUp' && !event.altKey && input.value === '' && !snapshot?.busy) {
      const lastQuestion = snapshot?.turns.filter((t): t is UserTurnView => t.role === 'user').at(-1);
      if (lastQuestion) {
        event.preventDefault();
        this.startEditing(lastQuestion);
      }
    }
  }
}
