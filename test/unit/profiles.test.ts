import * as assert from 'node:assert/strict';
import type { Profile } from '../../src/core/profiles';
import { GENERAL, builtinProfiles, findProfile, mergeProfiles, profileRef, readSettingsProfiles, recordSteering } from '../../src/core/profiles';

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

  it("merges profiles: the user's settings replace a built-in of the same name; a workspace file never replaces either", () => {
    const fromSettings = readSettingsProfiles([{ name: 'code explainer', systemPrompt: 'mine' }, { name: 'Only mine' }]).profiles;
    const merged = mergeProfiles(builtinProfiles(general), [workspace('General'), workspace('Only mine'), workspace('Team')], fromSettings);
    assert.deepEqual(
      merged.profiles.map((p) => `${p.name}:${p.source.kind}`),
      [
        'General:general',
        'code explainer:settings',
        'Data science tutor:builtin',
        'Only mine:settings',
        'General:workspace',
        'Only mine:workspace',
        'Team:workspace',
      ],
    );
    assert.equal(findProfile(merged.profiles, { name: 'CODE EXPLAINER' })?.systemPrompt, 'mine');
    assert.equal(findProfile(merged.profiles, { name: 'General' })?.source.kind, 'general', "a name finds the user's or a built-in profile, never a file");
    assert.equal(findProfile(merged.profiles, { name: 'Team' }), undefined, 'a workspace profile is found only by its file');
    assert.equal(findProfile(merged.profiles, { name: 'General', file: '.parley/profiles/General.md' })?.source.kind, 'workspace');
    assert.deepEqual(merged.problems, []);
  });

  it('keeps two workspace files of the same name apart, each by its file', () => {
    const merged = mergeProfiles([], [workspace('Team', '.parley/profiles/a.md'), workspace('team', '.parley/profiles/b.md')], []);
    assert.deepEqual(
      merged.profiles.map((p) => profileRef(p)),
      [
        { name: 'Team', file: '.parley/profiles/a.md' },
        { name: 'team', file: '.parley/profiles/b.md' },
      ],
    );
    assert.deepEqual(merged.problems, []);
  });

  it('reports a second settings profile of the same name and keeps the first', () => {
    const fromSettings = readSettingsProfiles([
      { name: 'Mine', systemPrompt: 'first' },
      { name: 'mine', systemPrompt: 'second' },
    ]).profiles;
    const merged = mergeProfiles([], [], fromSettings);
    assert.deepEqual(
      merged.profiles.map((p) => p.systemPrompt),
      ['first'],
    );
    assert.deepEqual(merged.problems, ['your settings (parley.profiles): another profile is already named "mine"; this one was skipped.']);
  });

  it('records the file a workspace profile came from, so the conversation shows it later', () => {
    assert.deepEqual(recordSteering(workspace('General')), {
      profile: 'General',
      file: '.parley/profiles/General.md',
      systemPrompt: 'General from .parley/profiles/General.md',
      examples: [],
    });
  });

  it('records a copy of the steering, with model and temperature only when set', () => {
    const profile = readSettingsProfiles([{ name: 'R', systemPrompt: 'S', examples: [{ user: 'q', assistant: 'a' }], temperature: 0.5 }]).profiles[0]!;
    const recorded = recordSteering(profile);
    assert.deepEqual(recorded, { profile: 'R', systemPrompt: 'S', examples: [{ user: 'q', assistant: 'a' }], temperature: 0.5 });
    assert.notEqual(recorded.examples, profile.examples, 'a copy: later edits of the profile do not change the record');
  });
});
