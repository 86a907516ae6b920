import * as assert from 'node:assert/strict';
import type { Profile } from '../../src/core/profiles';
import { GENERAL, builtinProfiles, findProfile, mergeProfiles, readSettingsProfiles, recordSteering } from '../../src/core/profiles';

const general = { systemPrompt: 'From parley.systemPrompt.', examples: [{ user: 'from', assistant: 'parley.examples' }] };

function workspace(name: string, file = `.parley/profiles/${name}.md`): Profile {
  return { name, systemPrompt: `${name} from ${file}`, examples: [], source: { kind: 'workspace', file } };
}

describe('profiles', () => {
  it('has General (from parley.systemPrompt and parley.examples), Code explainer and Data science tutor built in', () => {
    const builtins = builtinProfiles(general);
    assert.deepEqual(
      builtins.map((p) => p.name),
      [GENERAL, 'Code explainer', 'Data science tutor'],
    );
    assert.equal(builtins[0]!.systemPrompt, general.systemPrompt);
    assert.deepEqual(builtins[0]!.examples, general.examples);
    const tutor = builtins[2]!;
    assert.equal(tutor.examples[0]?.user, 'What is the difference between mutable and immutable objects?');
    assert.match(tutor.examples[0]!.assistant, /```python[\s\S]*```/);
  });

  it('reads parley.profiles, leaving out and reporting the entries that are wrong', () => {
    const reading = readSettingsProfiles([
      { name: ' Reviewer ', systemPrompt: 'Review.', examples: [{ user: 'q', assistant: 'a' }], model: 'gpt-4o', temperature: 0 },
      { name: 'Bare' },
      { systemPrompt: 'no name' },
      { name: 'Hot', temperature: 5 },
      { name: 'Bad examples', examples: [{ user: 'q' }] },
      'not an object',
    ]);
    assert.deepEqual(reading.profiles, [
      { name: 'Reviewer', systemPrompt: 'Review.', examples: [{ user: 'q', assistant: 'a' }], model: 'gpt-4o', temperature: 0, source: { kind: 'settings' } },
      { name: 'Bare', systemPrompt: '', examples: [], source: { kind: 'settings' } },
    ]);
    assert.deepEqual(reading.problems, [
      'parley.profiles[2] needs a "name"; it was left out.',
      'parley.profiles[3] ("Hot") "temperature" must be a number from 0 to 2; it was left out.',
      'parley.profiles[4] ("Bad examples") "examples" must be a list of { "user", "assistant" } strings; it was left out.',
      'parley.profiles[5] is not an object; it was left out.',
    ]);
    assert.deepEqual(readSettingsProfiles(undefined), { profiles: [], problems: [] });
    assert.deepEqual(readSettingsProfiles({}).problems, ['parley.profiles must be an array of profiles; none were read.']);
  });

  it('merges built-in, workspace and settings profiles: settings win, then workspace, by name in any case', () => {
    const fromSettings = readSettingsProfiles([{ name: 'shared', systemPrompt: 'mine' }, { name: 'Only mine' }]).profiles;
    const merged = mergeProfiles(builtinProfiles(general), [workspace('Shared'), workspace('code explainer'), workspace('Team')], fromSettings);
    assert.deepEqual(
      merged.profiles.map((p) => `${p.name}:${p.source.kind}`),
      ['General:general', 'code explainer:workspace', 'Data science tutor:builtin', 'shared:settings', 'Team:workspace', 'Only mine:settings'],
    );
    assert.equal(findProfile(merged.profiles, 'SHARED')?.systemPrompt, 'mine');
    assert.deepEqual(merged.problems, []);
  });

  it('reports a second workspace file of the same name and keeps the first', () => {
    const merged = mergeProfiles([], [workspace('Team', '.parley/profiles/a.md'), workspace('team', '.parley/profiles/b.md')], []);
    assert.deepEqual(
      merged.profiles.map((p) => p.source),
      [{ kind: 'workspace', file: '.parley/profiles/a.md' }],
    );
    assert.deepEqual(merged.problems, ['.parley/profiles/b.md: another profile is already named "team"; this one was skipped.']);
  });

  it('records a copy of the steering, with model and temperature only when set', () => {
    const profile = readSettingsProfiles([{ name: 'R', systemPrompt: 'S', examples: [{ user: 'q', assistant: 'a' }], temperature: 0.5 }]).profiles[0]!;
    const recorded = recordSteering(profile);
    assert.deepEqual(recorded, { profile: 'R', systemPrompt: 'S', examples: [{ user: 'q', assistant: 'a' }], temperature: 0.5 });
    assert.notEqual(recorded.examples, profile.examples, 'a copy: later edits of the profile do not change the record');
  });
});
