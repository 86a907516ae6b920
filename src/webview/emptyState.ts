// What the log shows before the first question: what each question is sent with, how to attach
// code, and example questions that go into the composer when clicked.
import * as l10n from '@vscode/l10n';
import type { Snapshot } from '../shared/protocol';
import { button, element } from './dom';

const EXAMPLE_QUESTIONS = [
  l10n.t('Explain the difference between an interface and a type alias in TypeScript.'),
  l10n.t('How do I read a large file line by line in Node.js without loading it all?'),
  l10n.t('Write a regular expression that matches ISO 8601 dates, and explain it.'),
];

export class EmptyState {
  readonly root = element('div', { className: 'empty' });

  /** `useExample` puts an example question in the composer. */
  constructor(private readonly useExample: (question: string) => void) {}

  render(snapshot: Snapshot): void {
    const sent = element(
      'ul',
      {},
      element('li', { textContent: l10n.t('the system message of the profile “{0}” (see Steering above),', snapshot.steering.profile) }),
      element('li', { textContent: l10n.t('its example exchanges, which steer the answers and are never shown here,') }),
      element('li', { textContent: l10n.t('this whole conversation so far, so follow-ups like “shorter, please” work,') }),
      element('li', { textContent: l10n.t('and any code you attach, with its file and lines.') }),
    );
    const examples = EXAMPLE_QUESTIONS.map((question) => button(question, () => this.useExample(question), 'example-question'));
    this.root.replaceChildren(
      element('h2', { textContent: l10n.t('Ask anything about your code') }),
      element('p', { textContent: l10n.t('Each question goes to the model {0} at {1}, together with:', snapshot.model, snapshot.baseUrl) }),
      sent,
      element('p', {
        textContent: l10n.t(
          'Select code in an editor and choose “Parley: Ask About Selection…” from its context menu, or “Add Selection to Chat” to attach it here. Earlier conversations are under History.',
        ),
      }),
      element('p', { className: 'examples-title', textContent: l10n.t('Try one:') }),
      element('div', { className: 'examples' }, ...examples),
    );
  }
}
