// Steering in the panel: the profile picker in the composer's toolbar, the collapsible "Steering" section
// with the system message and examples the conversation is sent with (never chat bubbles), and
// "Save as Example" on answers.
import * as l10n from '@vscode/l10n';
import type { FromWebview, Snapshot, ToWebview } from '../shared/protocol';
import type { SaveTarget, SteeringView } from '../shared/steering';
import { steeringSaveTarget } from '../shared/steering';
import { button, element, iconButton, PickerButton } from './dom';
import { tokenText } from './format';

type Post = (message: FromWebview) => void;
type Draft = Extract<ToWebview, { type: 'exampleDraft' }>;
type Saved = Extract<ToWebview, { type: 'exampleSaved' }>;

/**
 * A profile's name, with its origin first when it comes from the repository: never just a name the
 * user knows, and the origin stays in sight when a narrow picker cuts the end of a long name.
 */
function profileLabel(name: string, file: string | undefined): string {
  return file === undefined ? name : l10n.t('From this repository: {0} ({1})', name, file);
}

function textBlock(label: string, text: string): HTMLElement {
  return element(
    'div',
    { className: 'steering-block' },
    element('div', { className: 'steering-label', textContent: label }),
    element('pre', { className: 'steering-text', textContent: text }),
  );
}

export class SteeringPanel {
  readonly picker: PickerButton;
  readonly section = element('details', { className: 'steering' });
  /** Above the composer while an imported conversation waits for the user to keep or replace its steering. */
  readonly importChoice = element('div', { className: 'notice import-choice', hidden: true });
  private readonly summary = element('summary');
  private readonly content = element('div', { className: 'steering-content' });
  private targets: readonly SaveTarget[] = [];
  /** The place a new Save as Example form offers first: the steering profile's. */
  private preferredTarget?: string;
  /** Per answer, the id of the last draft and the last save asked for: only their answers are shown. */
  private readonly drafts = new Map<string, number>();
  private readonly saves = new Map<string, number>();
  private lastRequestId = 0;

  constructor(private readonly post: Post) {
    this.picker = new PickerButton('profile-picker', () => post({ type: 'chooseProfile' }));
    this.section.append(this.summary, this.content);
    this.importChoice.setAttribute('role', 'region');
    this.importChoice.setAttribute('aria-label', l10n.t('Imported steering'));
  }

  /** Whether questions must wait until the user keeps or replaces an imported conversation's steering. */
  awaitsChoice(): boolean {
    return !this.importChoice.hidden;
  }

  /** Brings the choice to the user's attention, e.g. when they try to send before making it. */
  focusChoice(): void {
    this.importChoice.querySelector('button')?.focus();
  }

  render(snapshot: Snapshot): void {
    const steering = snapshot.steering;
    const tokens = tokenText(steering.tokens, snapshot.size.exact);
    this.targets = steering.saveTargets;
    this.preferredTarget = steeringSaveTarget(steering.saveTargets, steering);
    this.renderPicker(steering);
    const problems = steering.problems.length;
    const summary = steering.imported
      ? l10n.t('Steering: {0} (imported) · {1}', steering.profile, tokens)
      : steering.file === undefined
        ? l10n.t('Steering: {0} · {1}', steering.profile, tokens)
        : l10n.t('Steering from this repository: {0} ({1}) · {2}', steering.profile, steering.file, tokens);
    this.summary.textContent = problems === 0 ? summary : problems === 1 ? l10n.t('{0} · 1 problem', summary) : l10n.t('{0} · {1} problems', summary, problems);
    this.summary.title = l10n.t('Tokens {0}', steering.tokenMethod);
    const settings = [
      steering.model && l10n.t('model {0}', steering.model),
      steering.temperature !== undefined && l10n.t('temperature {0}', steering.temperature),
    ]
      .filter(Boolean)
      .join(', ');
    const status = steering.imported
      ? steering.imported.undecided
        ? l10n.t(
            'Imported from {0}: this conversation was sent with this elsewhere. Before your next question, keep it or use your own profile.',
            steering.imported.file,
          )
        : l10n.t('Imported from {0}, and kept for the next questions.', steering.imported.file)
      : steering.recorded
        ? l10n.t('Recorded: this conversation was sent with exactly this.')
        : l10n.t('Goes with the first question of this conversation, and is recorded with it.');
    const size = l10n.t('{0} ({1}).', tokens, steering.tokenMethod);
    const origin =
      steering.file === undefined
        ? []
        : [
            element('p', {
              className: 'steering-origin',
              textContent: l10n.t('From this repository: {0}. Not one of your own profiles; read what it sends below.', steering.file),
            }),
          ];
    this.content.replaceChildren(
      ...origin,
      element('p', {
        className: 'steering-meta',
        textContent: settings ? l10n.t('{0} Profile settings: {1}. {2}', status, settings, size) : `${status} ${size}`,
      }),
      textBlock(l10n.t('System message'), steering.systemPrompt || l10n.t('(none)')),
      ...steering.examples.flatMap((e, i) => [
        textBlock(l10n.t('Example {0} — user', i + 1), e.user),
        textBlock(l10n.t('Example {0} — assistant', i + 1), e.assistant),
      ]),
    );
    this.renderImportChoice(steering);
    if (steering.problems.length > 0) {
      this.content.append(element('ul', { className: 'steering-problems' }, ...steering.problems.map((p) => element('li', { textContent: p }))));
    }
  }

  private renderImportChoice(steering: SteeringView): void {
    const imported = steering.imported;
    this.importChoice.hidden = !imported?.undecided;
    if (!imported?.undecided) return;
    const model = steering.model ? l10n.t(', model {0}', steering.model) : '';
    this.importChoice.replaceChildren(
      element('span', {
        textContent: l10n.t(
          'This conversation was imported from {0} with its own steering: the profile “{1}”{2}. Its system message is under Steering. Keep it for your next questions, or use your own profile?',
          imported.file,
          steering.profile,
          model,
        ),
      }),
      button(l10n.t('Keep Imported Steering'), () => this.post({ type: 'settleImportedSteering', keep: true }), 'secondary'),
      button(l10n.t('Use My Profile'), () => this.post({ type: 'settleImportedSteering', keep: false }), 'primary'),
    );
  }

  private renderPicker(steering: SteeringView): void {
    const listed = steering.profiles.some((p) => p.name === steering.profile && p.file === steering.file);
    // A recorded profile that no longer exists is still what the conversation was sent with.
    const label = listed ? profileLabel(steering.profile, steering.file) : l10n.t('{0} (recorded)', profileLabel(steering.profile, steering.file));
    const tooltip = steering.recorded
      ? l10n.t('{0}: the profile this conversation was sent with. Start a New Chat to use another.', label)
      : l10n.t('{0}: the profile for this conversation', label);
    // The name alone fits the toolbar; the origin of a repository's profile is in its accessible name and tooltip.
    this.picker.show(steering.profile, l10n.t('Profile: {0}', label), tooltip, steering.recorded, steering.file === undefined ? undefined : 'repo');
  }

  /** The "Save as Example" button of a finished answer. */
  saveExampleButton(turnId: string): HTMLButtonElement {
    return iconButton(
      'bookmark',
      l10n.t('Save as Example'),
      () => this.post({ type: 'draftExample', requestId: this.ask(this.drafts, turnId), turnId }),
      'save-example',
    );
  }

  /** A new request's id, kept as the one answer `turnId` waits for. */
  private ask(waiting: Map<string, number>, turnId: string): number {
    waiting.set(turnId, ++this.lastRequestId);
    return this.lastRequestId;
  }

  /** Opens the editor of an example pair under its answer: edit, pick where it goes, save. */
  showDraft(log: HTMLElement, draft: Draft): void {
    if (this.drafts.get(draft.turnId) !== draft.requestId) return;
    const article = log.querySelector<HTMLElement>(`article[data-turn-id="${CSS.escape(draft.turnId)}"]`);
    if (!article) return;
    article.querySelector('.example-editor')?.remove();
    const user = element('textarea', { rows: 4, value: draft.user });
    const assistant = element('textarea', { rows: 8, value: draft.assistant });
    const target = element(
      'select',
      {},
      ...this.targets.map((t) => element('option', { value: t.id, textContent: t.label, selected: t.id === this.preferredTarget })),
    );
    const status = element('div', { className: 'example-status' });
    status.setAttribute('role', 'status');
    const form = element(
      'form',
      { className: 'example-editor' },
      element('label', {}, l10n.t('Question'), user),
      element('label', {}, l10n.t('Answer'), assistant),
      element('label', {}, l10n.t('Save to'), target),
      status,
    );
    form.setAttribute('aria-label', l10n.t('Save as Example'));
    const save = element('button', { type: 'submit', textContent: l10n.t('Save Example'), className: 'primary' });
    form.append(
      element(
        'div',
        { className: 'composer-actions' },
        button(l10n.t('Cancel'), () => form.remove(), 'secondary'),
        save,
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      status.textContent = l10n.t('Saving…');
      this.post({
        type: 'saveExample',
        requestId: this.ask(this.saves, draft.turnId),
        turnId: draft.turnId,
        target: target.value,
        user: user.value,
        assistant: assistant.value,
      });
    });
    article.append(form);
    user.focus();
  }

  /** Closes the editor when saved; keeps it, with the reason, when not. */
  showSaved(log: HTMLElement, saved: Saved): void {
    if (this.saves.get(saved.turnId) !== saved.requestId) return;
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
