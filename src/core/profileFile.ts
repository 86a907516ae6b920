// The workspace profile format: one Markdown file per profile under .parley/profiles/, readable
// and diffable, so a team commits its steering next to its code.
//
//   ---
//   name: Code reviewer          (optional; the file name without .md otherwise)
//   model: gpt-4o                (optional)
//   temperature: 0.2             (optional, 0 to 2)
//   ---
//   The system message: everything before the first "## User".
//
//   ## User
//   An example question.
//
//   ## Assistant
//   Its ideal answer. Other headings, and "## User" inside code fences, are part of the text.
import { l10n } from '../shared/l10n';
import type { Profile } from './profiles';
import { MAX_TEMPERATURE, validTemperature } from './profiles';
import type { ExamplePair } from './domain';

export const PROFILES_FOLDER = '.parley/profiles';
/** As long as the longest question: a profile's text goes with every question of its conversations. */
export const MAX_PROFILE_FILE_CHARS = 200_000;
/** Long enough for any real name; a longer one would push the origin shown after it out of sight. */
export const MAX_PROFILE_NAME_CHARS = 100;

export interface FileProblem {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

export type ProfileFileReading = { readonly ok: true; readonly profile: Profile } | { readonly ok: false; readonly problems: readonly FileProblem[] };

export function describeProblem(problem: FileProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

const FRONT_MATTER_KEYS = ['name', 'model', 'temperature'] as const;
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];
const HEADING = /^##[ \t]+(user|assistant)[ \t]*$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/**
 * Walks Markdown lines, telling apart the example headings from everything else: a line in a code
 * fence is never a heading. Returns the line index of a fence left open at the end, if any.
 */
function scanLines(lines: readonly string[], from: number, onLine: (index: number, heading: 'user' | 'assistant' | undefined) => void): number | undefined {
  let fence: { marker: string; index: number } | undefined;
  for (let index = from; index < lines.length; index++) {
    const line = lines[index]!;
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence.marker[0] && marker.length >= fence.marker.length && line.trim() === marker) fence = undefined;
      onLine(index, undefined);
    } else if (marker) {
      fence = { marker, index };
      onLine(index, undefined);
    } else {
      onLine(index, HEADING.exec(line)?.[1]?.toLowerCase() as 'user' | 'assistant' | undefined);
    }
  }
  return fence?.index;
}

/** Text as a section holds it: without the blank lines around it (indentation is kept). */
export function normalizeSection(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

function sectionText(lines: readonly string[]): string {
  return normalizeSection(lines.join('\n'));
}

function unquote(value: string): string | undefined {
  if (value.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (value.startsWith("'")) return value.length >= 2 && value.endsWith("'") ? value.slice(1, -1).replace(/''/g, "'") : undefined;
  return value;
}

/**
 * Control characters, and the invisible ones that reorder or hide text (bidirectional controls,
 * zero-width characters): in a name or a model they could make a repository's profile read like
 * another, or hide the origin shown after it.
 */
const HIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\u3164\ufeff\uffa0]/;

function hiddenCharacter(value: string): string | undefined {
  const found = HIDDEN_CHARACTER.exec(value)?.[0];
  return found && `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A decimal number as people write one: not hexadecimal, not "Infinity". */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/i, '');
}

/** Reads a profile file. A file with any problem is not used; every problem is reported with its line. */
export function parseProfileFile(text: string, file: string): ProfileFileReading {
  const problems: FileProblem[] = [];
  const problem = (index: number, message: string) => problems.push({ file, line: index + 1, message });
  if (text.length > MAX_PROFILE_FILE_CHARS) {
    problem(0, l10n.t('the file has {0} characters; a profile file may have at most {1}', text.length, MAX_PROFILE_FILE_CHARS));
    return { ok: false, problems };
  }
  const lines = splitLines(text);
  const fields: Partial<Record<FrontMatterKey, string>> = {};
  const fieldLines: Partial<Record<FrontMatterKey, number>> = {};
  let bodyStart = 0;

  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
    if (end < 0) {
      problem(0, l10n.t('the front matter that starts here has no closing "---" line'));
      return { ok: false, problems };
    }
    for (let index = 1; index < end; index++) {
      const line = lines[index]!;
      if (!line.trim() || line.trimStart().startsWith('#')) continue;
      const match = /^([A-Za-z][\w-]*)[ \t]*:(.*)$/.exec(line);
      if (!match) {
        problem(index, l10n.t('expected "key: value" in the front matter, found {0}', JSON.stringify(line.slice(0, 60))));
        continue;
      }
      const key = match[1]!.toLowerCase();
      if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
        problem(index, l10n.t('unknown key "{0}"; the known keys are {1}', match[1]!, FRONT_MATTER_KEYS.join(', ')));
        continue;
      }
      if (fields[key as FrontMatterKey] !== undefined) {
        problem(index, l10n.t('"{0}" is given twice', key));
        continue;
      }
      const value = unquote(match[2]!.trim());
      if (value === undefined) {
        problem(index, l10n.t('the value of "{0}" has an unmatched quote', key));
        continue;
      }
      fields[key as FrontMatterKey] = value;
      fieldLines[key as FrontMatterKey] = index;
    }
    bodyStart = end + 1;
  }

  const name = fields.name ?? baseName(file);
  const nameLine = fieldLines.name ?? 0;
  const hiddenInName = hiddenCharacter(name);
  if (!name.trim()) problem(nameLine, l10n.t('the profile needs a name'));
  else if (hiddenInName) problem(nameLine, l10n.t('the name has an invisible or control character ({0}); write the name without it', hiddenInName));
  else if (name.trim().length > MAX_PROFILE_NAME_CHARS)
    problem(nameLine, l10n.t('the name has {0} characters; at most {1}', name.trim().length, MAX_PROFILE_NAME_CHARS));
  let temperature: number | undefined;
  if (fields.temperature !== undefined) {
    temperature = DECIMAL.test(fields.temperature.trim()) ? Number(fields.temperature) : Number.NaN;
    if (!validTemperature(temperature))
      problem(fieldLines.temperature ?? 0, l10n.t('temperature must be a number from 0 to {0}, not "{1}"', MAX_TEMPERATURE, fields.temperature));
  }
  const hiddenInModel = fields.model !== undefined ? hiddenCharacter(fields.model) : undefined;
  if (fields.model !== undefined && !fields.model.trim()) problem(fieldLines.model ?? 0, l10n.t('model is empty; leave the key out to use parley.model'));
  else if (hiddenInModel) problem(fieldLines.model ?? 0, l10n.t('the model has an invisible or control character ({0})', hiddenInModel));

  // The body: the system message, then alternating "## User" / "## Assistant" sections.
  type Section = { role: 'system' | 'user' | 'assistant'; heading: number; lines: string[] };
  const sections: Section[] = [{ role: 'system', heading: bodyStart, lines: [] }];
  const openFence = scanLines(lines, bodyStart, (index, heading) => {
    const current = sections.at(-1)!;
    if (!heading) return void current.lines.push(lines[index]!);
    if (heading === 'user' && current.role === 'user') problem(current.heading, l10n.t('"## User" has no "## Assistant" answer before the next "## User"'));
    if (heading === 'assistant' && current.role !== 'user') problem(index, l10n.t('"## Assistant" must follow a "## User" section'));
    sections.push({ role: heading, heading: index, lines: [] });
  });
  if (openFence !== undefined) problem(openFence, l10n.t('this code fence is never closed, so the headings after it cannot be read'));
  const last = sections.at(-1)!;
  if (last.role === 'user') problem(last.heading, l10n.t('the last "## User" section has no "## Assistant" answer'));

  const examples: ExamplePair[] = [];
  let question: string | undefined;
  for (const section of sections.slice(1)) {
    const text = sectionText(section.lines);
    if (!text) problem(section.heading, l10n.t('the "## {0}" section is empty', section.role === 'user' ? 'User' : 'Assistant'));
    if (section.role === 'user') question = text;
    else if (question !== undefined) {
      examples.push({ user: question, assistant: text });
      question = undefined;
    }
  }
  const systemPrompt = sectionText(sections[0]!.lines);
  if (!systemPrompt && sections.length === 1) problem(bodyStart, l10n.t('the profile has no system message and no examples'));

  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return {
    ok: true,
    profile: {
      name: name.trim(),
      systemPrompt,
      examples,
      ...(fields.model !== undefined ? { model: fields.model.trim() } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      source: { kind: 'workspace', file },
    },
  };
}

/**
 * Why a text cannot be written into a profile file and read back the same, or undefined when it
 * can: a "## User"/"## Assistant" line outside code would start a new section, and a code fence
 * left open would swallow the sections after it.
 */
export function unwritableReason(text: string): string | undefined {
  const lines = splitLines(text);
  let heading: number | undefined;
  const openFence = scanLines(lines, 0, (index, found) => {
    if (found && heading === undefined) heading = index;
  });
  if (heading !== undefined)
    return l10n.t('line {0} ("{1}") would start a new example; put it in a code block or reword it', heading + 1, lines[heading]!.trim());
  if (openFence !== undefined) return l10n.t('the code fence on line {0} is never closed', openFence + 1);
  if (/^---[ \t]*$/.test(lines[0] ?? '')) return l10n.t('a first line of "---" would be read as front matter');
  return undefined;
}

/** Throws with a clear reason when the pair cannot be written into a profile file. */
function assertWritable(pair: ExamplePair): void {
  const parts = [
    {
      text: pair.user,
      empty: l10n.t("The example's question is empty."),
      unwritable: (reason: string) => l10n.t("The example's question cannot be saved in a profile file: {0}.", reason),
    },
    {
      text: pair.assistant,
      empty: l10n.t("The example's answer is empty."),
      unwritable: (reason: string) => l10n.t("The example's answer cannot be saved in a profile file: {0}.", reason),
    },
  ];
  for (const { text, empty, unwritable } of parts) {
    if (!text.trim()) throw new Error(empty);
    const reason = unwritableReason(text);
    if (reason) throw new Error(unwritable(reason));
  }
}

function examplesMarkdown(examples: readonly ExamplePair[]): string {
  return examples.map((e) => `## User\n\n${normalizeSection(e.user)}\n\n## Assistant\n\n${normalizeSection(e.assistant)}\n`).join('\n');
}

function frontMatterValue(value: string): string {
  return value !== value.trim() || /^["']/.test(value) || /[\n\r]/.test(value) ? JSON.stringify(value) : value;
}

/** A profile as a file that parses back to the same profile. */
export function formatProfileFile(profile: Pick<Profile, 'name' | 'systemPrompt' | 'examples' | 'model' | 'temperature'>): string {
  const reason = unwritableReason(profile.systemPrompt);
  if (reason) throw new Error(l10n.t('The system message cannot be saved in a profile file: {0}.', reason));
  profile.examples.forEach(assertWritable);
  const front = [`name: ${frontMatterValue(profile.name)}`];
  if (profile.model !== undefined) front.push(`model: ${frontMatterValue(profile.model)}`);
  if (profile.temperature !== undefined) front.push(`temperature: ${profile.temperature}`);
  const system = normalizeSection(profile.systemPrompt);
  const body = [system ? `${system}\n` : '', examplesMarkdown(profile.examples)].filter(Boolean).join('\n');
  return `---\n${front.join('\n')}\n---\n\n${body}`;
}

/** The file with one more example at its end; the rest of the file is left exactly as it was. */
export function appendExample(fileText: string, pair: ExamplePair): string {
  assertWritable(pair);
  const kept = fileText.trimEnd();
  return `${kept}${kept ? '\n\n' : ''}${examplesMarkdown([pair])}`;
}

/** A file name for a new profile: lower case words joined by dashes. */
export function profileFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents go, their letters stay
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'profile'}.md`;
}
