import { l10n } from '../shared/l10n';
import type { ExamplePair, RecordedSteering, Steering } from './domain';

/**
 * Where a profile comes from, which is also where "Save as Example" writes to it:
 * - `general`: the built-in General profile, whose system message and examples are the
 *   `parley.systemPrompt` and `parley.examples` settings;
 * - `builtin`: shipped with Parley; saving an example makes a copy in the user's settings;
 * - `settings`: an entry of `parley.profiles` in the user's settings;
 * - `workspace`: a Markdown file under `.parley/profiles/`, shared through the repository.
 */
export type ProfileSource =
  { readonly kind: 'general' } | { readonly kind: 'builtin' } | { readonly kind: 'settings' } | { readonly kind: 'workspace'; readonly file: string };

export interface Profile extends Steering {
  readonly name: string;
  /** Overrides `parley.model` for conversations with this profile. */
  readonly model?: string;
  readonly temperature?: number;
  readonly source: ProfileSource;
}

/**
 * Which profile: one of the user's or a built-in one by its name, a workspace one by its file. A
 * workspace profile's name may be anything, the user's own names included, so a name never finds it.
 */
export interface ProfileRef {
  readonly name: string;
  readonly file?: string;
}

export const GENERAL = 'General';

/** OpenAI accepts 0 to 2; other servers the same or a subset. */
export const MAX_TEMPERATURE = 2;

const CODE_EXPLAINER: Profile = {
  name: 'Code explainer',
  systemPrompt: [
    'You explain code to a developer who is new to it.',
    'Start with one sentence on what the code is for, then walk through how it works in the order it runs.',
    'Name the language features and library calls it relies on, point out anything surprising, and keep code quotes short.',
  ].join(' '),
  examples: [],
  temperature: 0.2,
  source: { kind: 'builtin' },
};

const DATA_SCIENCE_TUTOR: Profile = {
  name: 'Data science tutor',
  systemPrompt: [
    'You are a patient tutor for people learning Python for data science.',
    'Answer with a short explanation, a small runnable example, and the one mistake learners most often make.',
    'Prefer the standard library, NumPy and pandas; say when something differs between them.',
    // The panel typesets these (src/shared/mathDelimiters.ts); a price such as $5 stays text.
    'Write formulas in LaTeX: $…$ inside a sentence, and $$…$$ on lines of their own for a formula shown apart.',
  ].join(' '),
  examples: [
    {
      user: 'What is the difference between mutable and immutable objects?',
      assistant: [
        'A **mutable** object can be changed after it is created; an **immutable** one cannot — any "change" makes a new object.',
        '',
        '- Mutable: `list`, `dict`, `set`, NumPy arrays, pandas DataFrames.',
        '- Immutable: `int`, `float`, `str`, `tuple`, `frozenset`.',
        '',
        '```python',
        'a = [1, 2]',
        'b = a          # b names the same list',
        'b.append(3)',
        'print(a)       # [1, 2, 3]: a changed too',
        '',
        's = "hi"',
        't = s + "!"    # a new string; s is untouched',
        'print(s)       # hi',
        '```',
        '',
        'Why it matters: a mutable default argument (`def f(items=[])`) is shared between calls, and a function that',
        "changes a DataFrame passed to it changes the caller's too. Copy first (`df.copy()`, `list(a)`) when you mean to",
        'keep the original. Only immutable objects can be dictionary keys or set members.',
      ].join('\n'),
    },
  ],
  temperature: 0.3,
  source: { kind: 'builtin' },
};

/** The built-in profiles; General's text comes from the settings (see `generalProfile`). */
export function builtinProfiles(general: Steering): Profile[] {
  return [{ name: GENERAL, systemPrompt: general.systemPrompt, examples: general.examples, source: { kind: 'general' } }, CODE_EXPLAINER, DATA_SCIENCE_TUTOR];
}

export function isExamplePair(value: unknown): value is ExamplePair {
  const pair = value as ExamplePair;
  return typeof pair === 'object' && pair !== null && typeof pair.user === 'string' && typeof pair.assistant === 'string';
}

export function validTemperature(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TEMPERATURE;
}

export interface ProfilesReading {
  readonly profiles: readonly Profile[];
  /** What was wrong and left out, each saying where. */
  readonly problems: readonly string[];
}

/** Validates `parley.profiles`; an entry with a problem is left out and reported, the others are kept. */
export function readSettingsProfiles(raw: unknown): ProfilesReading {
  if (raw === undefined || raw === null) return { profiles: [], problems: [] };
  if (!Array.isArray(raw)) return { profiles: [], problems: [l10n.t('parley.profiles must be an array of profiles; none were read.')] };
  const profiles: Profile[] = [];
  const problems: string[] = [];
  raw.forEach((item: unknown, index) => {
    const where = `parley.profiles[${index}]`;
    const entry = item as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return void problems.push(l10n.t('{0} is not an object; it was left out.', where));
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    const wrong: string[] = [];
    if (!name) wrong.push(l10n.t('needs a "name"'));
    if (entry.systemPrompt !== undefined && typeof entry.systemPrompt !== 'string') wrong.push(l10n.t('"systemPrompt" must be a string'));
    if (entry.examples !== undefined && !(Array.isArray(entry.examples) && entry.examples.every(isExamplePair))) {
      wrong.push(l10n.t('"examples" must be a list of { "user", "assistant" } strings'));
    }
    if (entry.model !== undefined && (typeof entry.model !== 'string' || !entry.model.trim())) wrong.push(l10n.t('"model" must be a model name'));
    if (entry.temperature !== undefined && !validTemperature(entry.temperature))
      wrong.push(l10n.t('"temperature" must be a number from 0 to {0}', MAX_TEMPERATURE));
    if (wrong.length > 0) {
      const what = wrong.join(', ');
      return void problems.push(name ? l10n.t('{0} ("{1}") {2}; it was left out.', where, name, what) : l10n.t('{0} {1}; it was left out.', where, what));
    }
    profiles.push({
      name,
      systemPrompt: (entry.systemPrompt as string | undefined) ?? '',
      examples: ((entry.examples as ExamplePair[] | undefined) ?? []).map((e) => ({ user: e.user, assistant: e.assistant })),
      ...(entry.model !== undefined ? { model: (entry.model as string).trim() } : {}),
      ...(entry.temperature !== undefined ? { temperature: entry.temperature as number } : {}),
      source: { kind: 'settings' },
    });
  });
  return { profiles, problems };
}

/**
 * One list of profiles: the built-ins, each replaced by the user's profile of the same name
 * (case-insensitive) — the user has the last word on their own editor — then the user's others, then
 * the workspace files'. A workspace profile never replaces another: it is offered apart, under its
 * file, whatever its name. Within the user's settings the first of a name wins and the repeat is
 * reported.
 */
export function mergeProfiles(builtin: readonly Profile[], workspace: readonly Profile[], settings: readonly Profile[]): ProfilesReading {
  const byName = new Map<string, Profile>(builtin.map((profile) => [profile.name.toLowerCase(), profile]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const profile of settings) {
    const key = profile.name.toLowerCase();
    if (seen.has(key)) {
      problems.push(l10n.t('{0}: another profile is already named "{1}"; this one was skipped.', describeSource(profile), profile.name));
      continue;
    }
    seen.add(key);
    // A replacement keeps the place of the profile it replaces, so the list order stays familiar.
    byName.set(key, profile);
  }
  return { profiles: [...byName.values(), ...workspace], problems };
}

export function describeSource(profile: Profile): string {
  switch (profile.source.kind) {
    case 'general':
      return l10n.t('built in (parley.systemPrompt, parley.examples)');
    case 'builtin':
      return l10n.t('built in');
    case 'settings':
      return l10n.t('your settings (parley.profiles)');
    case 'workspace':
      return profile.source.file;
  }
}

export function profileRef(profile: Profile): ProfileRef {
  return profile.source.kind === 'workspace' ? { name: profile.name, file: profile.source.file } : { name: profile.name };
}

export function findProfile(profiles: readonly Profile[], ref: ProfileRef): Profile | undefined {
  if (ref.file !== undefined) return profiles.find((p) => p.source.kind === 'workspace' && p.source.file === ref.file);
  const key = ref.name.toLowerCase();
  return profiles.find((p) => p.source.kind !== 'workspace' && p.name.toLowerCase() === key);
}

/**
 * The profile a user names by typing it (`@parley /profile …`): a repository profile by its file,
 * else by name, the user's and built-in ones before the repository's.
 */
export function profileNamed(profiles: readonly Profile[], typed: string): Profile | undefined {
  const key = typed.trim().toLowerCase();
  if (key.length === 0) return undefined;
  return (
    profiles.find((p) => p.source.kind === 'workspace' && p.source.file.toLowerCase() === key) ??
    findProfile(profiles, { name: key }) ??
    profiles.find((p) => p.name.toLowerCase() === key)
  );
}

/** The steering a conversation records when it starts with this profile. */
export function recordSteering(profile: Profile): RecordedSteering {
  return {
    profile: profile.name,
    ...(profile.source.kind === 'workspace' ? { file: profile.source.file } : {}),
    systemPrompt: profile.systemPrompt,
    examples: profile.examples.map((e) => ({ user: e.user, assistant: e.assistant })),
    ...(profile.model !== undefined ? { model: profile.model } : {}),
    ...(profile.temperature !== undefined ? { temperature: profile.temperature } : {}),
  };
}
