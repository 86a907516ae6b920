// The quick picks the panel's toolbar opens (src/vscode/toolbarPicks.ts): the models the provider
// lists plus a name typed by hand, and every profile, a repository's with its file.
import * as assert from 'node:assert/strict';
import type { ProfileOption } from '../../src/shared/steering';
import { modelPickItems, profilePickItems } from '../../src/vscode/toolbarPicks';

describe('the model quick pick', () => {
  it('lists the models in the order the provider gave them, the current one marked', () => {
    assert.deepEqual(modelPickItems(['alpha', 'gpt-4o-mini', 'beta'], 'gpt-4o-mini', ''), [
      { label: 'alpha', model: 'alpha' },
      { label: 'gpt-4o-mini', model: 'gpt-4o-mini', description: 'current' },
      { label: 'beta', model: 'beta' },
    ]);
  });

  it('shows a current model the provider does not list (typed by hand) first', () => {
    assert.deepEqual(
      modelPickItems(['alpha'], 'my-deployment', '').map((i) => [i.model, i.description]),
      [
        ['my-deployment', 'current'],
        ['alpha', undefined],
      ],
    );
  });

  it('offers a typed name that is no listed model, always shown, to use as it is', () => {
    const items = modelPickItems(['alpha', 'beta'], 'alpha', '  qwen3:8b ');
    assert.deepEqual(items.at(-1), { label: '$(edit) qwen3:8b', description: 'Use this model name', alwaysShow: true, model: 'qwen3:8b' });
    assert.equal(items.length, 3);
  });

  it('offers nothing more for a typed name that is listed, or for blank text', () => {
    assert.equal(modelPickItems(['alpha', 'beta'], 'alpha', 'beta').length, 2);
    assert.equal(modelPickItems(['alpha', 'beta'], 'alpha', '   ').length, 2);
    assert.equal(modelPickItems(['alpha'], 'hand-typed', 'hand-typed').length, 2, 'the current model is one of the items');
  });

  it('is empty of models when the provider lists none, still taking a typed name', () => {
    assert.deepEqual(modelPickItems([], '', ''), []);
    assert.deepEqual(
      modelPickItems([], '', 'gpt-4o').map((i) => i.model),
      ['gpt-4o'],
    );
  });
});

describe('the profile quick pick', () => {
  const PROFILES: readonly ProfileOption[] = [
    { name: 'General', source: 'built in (parley.systemPrompt, parley.examples)' },
    { name: 'Reviewer', source: 'your settings (parley.profiles)' },
    { name: 'General', source: '.parley/profiles/general.md', file: '.parley/profiles/general.md' },
  ];

  it('lists every profile, a repository one with its file, and marks the current one', () => {
    assert.deepEqual(profilePickItems(PROFILES, { profile: 'Reviewer' }), [
      { label: 'General', description: 'built in (parley.systemPrompt, parley.examples)', ref: { name: 'General' } },
      { label: 'Reviewer', description: 'your settings (parley.profiles) · current', ref: { name: 'Reviewer' } },
      {
        label: '$(repo) General',
        description: 'from this repository: .parley/profiles/general.md',
        ref: { name: 'General', file: '.parley/profiles/general.md' },
      },
    ]);
  });

  it("tells a repository's profile from the user's of the same name by its file", () => {
    const marked = (current: { profile: string; file?: string }) =>
      profilePickItems(PROFILES, current)
        .filter((i) => i.description.endsWith('current'))
        .map((i) => i.ref);
    assert.deepEqual(marked({ profile: 'General', file: '.parley/profiles/general.md' }), [{ name: 'General', file: '.parley/profiles/general.md' }]);
    assert.deepEqual(marked({ profile: 'General' }), [{ name: 'General' }]);
    assert.deepEqual(marked({ profile: 'Gone' }), []);
  });
});
