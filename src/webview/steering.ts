// Steering in the panel: the profile picker in the header, the collapsible "Steering" section
// with the system message and examples the conversation is sent with (never chat bubbles), and
// "Save as Example" on answers.
import type { FromWebview, Snapshot, ToWebview } from '../shared/protocol';
import type { SaveTarget, SteeringView } from '../shared/steering';
import { button, element, tokenText } from './dom';

type Post = (message: FromWebview) => void;
type Draft = Extract<ToWebview, { type: 'exampleDraft' }>;
type Saved = Extract<ToWebview, { type: 'exampleSaved' }>;

function textBlock(label: string, text: string): HTMLElement {
  return element('div', { className: 'steering-block' }, element('div', { className: 'steering-label', textContent: label }), element('pre', { className: 'steering-text', textContent: text }));
}

export class SteeringPanel {
  readonly picker = element('select', { className: 'profile-picker' });
  readonly section = element('details', { className: 'steering' });
  private readonly summary = element('summary');
  private readonly content = element('div', { className: 'steering-content' });
  private targets: readonly SaveTarget[] = [];

  constructor(private readonly post: Post) {
    this.picker.setAttribute('aria-label', 'Profile');
    this.picker.addEventListener('change', () => post({ type: 'pickProfile', name: this.picker.value }));
    this.section.append(this.summary, this.content);
  }

  render(snapshot: Snapshot): void {
    const steering = snapshot.steering;
    this.targets = steering.saveTargets;
    this.renderPicker(steering);
    this.summary.textContent = `Steering: ${steering.profile} · ${tokenText(steering.tokens)}${steering.problems.length ? ` · ${steering.problems.length} problem${steering.problems.length === 1 ? '' : 's'}` : ''}`;
    this.summary.title = `Tokens ${steering.tokenMethod}`;
    const settings = [steering.model && `model ${steering.model}`, steering.temperature !== undefined && `temperature ${steering.temperature}`].filter(Boolean).join(', ');
    const status = steering.recorded ? 'Recorded: this conversation was sent with exactly this.' : 'Goes with the first question of this conversation, and is recorded with it.';
    this.content.replaceChildren(
      element('p', { className: 'steering-meta', textContent: `${status}${settings ? ` Profile settings: ${settings}.` : ''} ${tokenText(steering.tokens)} (${steering.tokenMethod}).` }),
      textBlock('System message', steering.systemPrompt || '(none)'),
      ...steering.examples.flatMap((e, i) => [textBlock(`Example ${i + 1} — user`, e.user), textBlock(`Example ${i + 1} — assistant`, e.assistant)]),
    );
    if (steering.problems.length > 0) {
      this.content.append(element('ul', { className: 'steering-problems' }, ...steering.problems.map((p) => element('li', { textContent: p }))));
    }
  }

  private renderPicker(steering: SteeringView): void {
    this.picker.replaceChildren(...steering.profiles.map((p) => element('option', { value: p.name, textContent: p.name, title: p.source, selected: p.name === steering.profile })));
    if (!steering.profiles.some((p) => p.name === steering.profile)) {
      // A recorded profile that no longer exists is still what the conversation was sent with.
      this.picker.append(element('option', { value: steering.profile, textContent: `${steering.profile} (recorded)`, selected: true }));
    }
    this.picker.disabled = steering.recorded;
    this.picker.title = steering.recorded ? 'The profile this conversation was sent with. Start a New Chat to use another.' : 'The profile for this conversation';
  }

  /** The "Save as Example" button of a finished answer. */
  saveExampleButton(turnId: string): HTMLButtonElement {
    return button('Save as Example', () => this.post({ type: 'draftExample', turnId }), 'secondary save-example');
  }

  /** Opens the editor of an example pair under its answer: edit, pick where it goes, save. */
  showDraft(log: HTMLElement, draft: Draft): void {
    const article = log.querySelector<HTMLElement>(`article[data-turn-id="${CSS.escape(draft.turnId)}"]`);
    if (!article) return;
    article.querySelector('.example-editor')?.remove();
    const user = element('textarea', { rows: 4, value: draft.user });
    const assistant = element('textarea', { rows: 8, value: draft.assistant });
    const target = element('select', {}, ...this.targets.map((t) => element('option', { value: t.id, textContent: t.label })));
    const status = element('div', { className: 'example-status' });
    status.setAttribute('role', 'status');
    const form = element(
      'form',
      { className: 'example-editor' },
      element('label', {}, 'Question', user),
      element('label', {}, 'Answer', assistant),
      element('label', {}, 'Save to', target),
      status,
    );
    form.setAttribute('aria-label', 'Save as Example');
    const save = element('button', { type: 'submit', textContent: 'Save Example', className: 'primary' });
    form.append(element('div', { className: 'composer-actions' }, button('Cancel', () => form.remove(), 'secondary'), save));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      status.textContent = 'Saving…';
      this.post({ type: 'saveExample', turnId: draft.turnId, target: target.value, user: user.value, assistant: assistant.value });
    });
    article.append(form);
    user.focus();
  }

  /** Closes the editor when saved; keeps it, with the reason, when not. */
  showSaved(log: HTMLElement, saved: Saved): void {
    const article = log.querySelector<HTMLElement>(`article[data-turn-id="${CSS.escape(saved.turnId)}"]`);
    const form = article?.querySelector('.example-editor');
    if (!article || !form) return;
    if (!saved.ok) {
      form.querySelector('.example-status')!.textContent = saved.message;
      return;
    }
    form.remove();
    article.querySelector('.example-saved')?.remove();
    const note = element('div', { className: 'example-saved', textContent: saved.message });
    note.setAttribute('role', 'status');
    article.append(note);
  }
}
