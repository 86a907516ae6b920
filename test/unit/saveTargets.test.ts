// Where Save as Example offers to save first (src/shared/steering.ts): the profile that steered the
// conversation, so an answer of a "Data science tutor" chat does not land in General.
import * as assert from 'node:assert/strict';
import type { SaveTarget } from '../../src/shared/steering';
import { steeringSaveTarget } from '../../src/shared/steering';

const TARGETS: readonly SaveTarget[] = [
  { id: 'general', label: 'General — your settings (parley.examples)', profile: 'General' },
  { id: 'newfile:General', label: 'General — new shared file', profile: 'General' },
  { id: 'settings:Data science tutor', label: 'Data science tutor — a copy in your settings', profile: 'Data science tutor' },
  { id: 'newfile:Data science tutor', label: 'Data science tutor — new shared file', profile: 'Data science tutor' },
  {
    id: 'file:.parley/profiles/general.md',
    label: 'From this repository: General (.parley/profiles/general.md)',
    profile: 'General',
    file: '.parley/profiles/general.md',
  },
];

describe('the place Save as Example offers first', () => {
  it("is the first of the steering profile's own places", () => {
    assert.equal(steeringSaveTarget(TARGETS, { profile: 'Data science tutor' }), 'settings:Data science tutor');
    assert.equal(steeringSaveTarget(TARGETS, { profile: 'General' }), 'general');
  });

  it("tells a repository's profile from the user's of the same name by its file", () => {
    assert.equal(steeringSaveTarget(TARGETS, { profile: 'General', file: '.parley/profiles/general.md' }), 'file:.parley/profiles/general.md');
  });

  it('is none when the profile has no place to save to (it is gone): the user picks one', () => {
    assert.equal(steeringSaveTarget(TARGETS, { profile: 'Removed tutor' }), undefined);
  });
});
