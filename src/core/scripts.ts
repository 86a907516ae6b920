// Reads a conversation back from a Markdown script: Parley's own export (transcript.ts), a plain
// script of `**User:**` / `**Assistant:**` (or `User:` / `Assistant:`) turns written by hand, and
// the Markdown export of Cline and Roo Code (turns on their own line, parted by `---`; read from
// cline/cline src/integrations/misc/export-markdown.ts and RooCodeInc/Roo-Code
// src/integrations/misc/export-markdown.ts, `${role}\n\n${content}\n\n` joined by `---\n\n`).
//
// What the script holds comes back exactly: the title, the steering section, each question with
// its code context, each answer with how it ended and its failure's sentence. What it does not
// hold cannot: reasoning, token usage, the model of each answer, cut-short marks, timestamps.
// Every piece is checked by printing it again: a part that would not print the same is kept as
// text, so export → import → export gives the same script (an answer still streaming when it was
// exported comes back interrupted, as every import does).
import { l10n } from '../shared/l10n';
import { titleFrom } from './conversation';
import type { AssistantTurn, CodeContext, Conversation, ExamplePair, RecordedSteering, Turn, TurnStatus, UserTurn } from './domain';
import { STORED_VERSION } from './domain';
import { formatUserContent } from './prompt';
import { isBranchLine, statusNote, steeringMarkdown, turnMarkdown } from './transcript';

type Role = 'user' | 'assistant';

/** Which kind of script a text is: Parley's export, Cline's or Roo Code's export, or one written by hand. */
export type ScriptKind = 'parley' | 'cline' | 'plain';

/** Both the current language's words and English, so a script exported in another language still reads. */
function words(key: string, english: string): string[] {
  return [...new Set([key, english])];
}

function exportedLine(paragraph: string): boolean {
  return /^_.*Parley.*\d{4}-\d{2}-\d{2}.*_$/.test(paragraph) || /^_Exported from Parley on \d{4}-\d{2}-\d{2}\._$/.test(paragraph);
}

/** Which kind of script `text` is; `undefined` when it has no turn at all. */
export function scriptKind(text: string): ScriptKind | undefined {
  const clean = normalize(text);
  if (clean.split('\n\n').some((p) => exportedLine(p)) || clean.includes(`\n## ${l10n.t('Conversation')}\n`)) return 'parley';
  if (/^\*\*User:\*\*\n\n/.test(clean)) return 'cline';
  return markers(clean, 'plain').length > 0 ? 'plain' : undefined;
}

function normalize(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

interface Marker {
  readonly role: Role;
  /** Where the marker starts, and where what follows it starts. */
  readonly at: number;
  readonly end: number;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The turn markers of a script. Parley's export starts each turn a paragraph with `**User:** `;
 * a script written by hand may start them on any line, bold or not (the style of its first
 * marker is the style of all, so an answer quoting "User: …" is not split).
 */
function markers(text: string, kind: ScriptKind): Marker[] {
  const user = words(l10n.t('User:'), 'User:').map(escape);
  const assistant = words(l10n.t('Assistant:'), 'Assistant:').map(escape);
  const label = (names: string[], bold: boolean) => names.map((n) => (bold ? `\\*\\*${n}\\*\\*` : n)).join('|');
  const start = kind === 'plain' ? '(?:^|(?<=\\n))' : '(?:^|(?<=\\n\\n))';
  const styles = [true, false].map((bold) => new RegExp(`${start}(?:(${label(user, bold)})|(${label(assistant, bold)}))(?= |\\n|$)`, 'g'));
  const found = styles.map((pattern) => [...text.matchAll(pattern)]);
  const firstAt = (matches: RegExpMatchArray[]) => matches[0]?.index ?? Infinity;
  const chosen = kind !== 'plain' || firstAt(found[0]!) <= firstAt(found[1]!) ? found[0]! : found[1]!;
  return chosen.map((m) => ({ role: m[1] ? 'user' : 'assistant', at: m.index!, end: m.index! + m[0].length }));
}

/** A quoted block back to its text: the export quotes each line with `> ` (`>` for an empty one). */
function unquote(paragraph: string): string | undefined {
  const lines = paragraph.split('\n');
  if (!lines.every((line) => line === '>' || line.startsWith('> '))) return undefined;
  return lines.map((line) => line.slice(2)).join('\n');
}

/** The steering section's heading, `Steering: profile (model m, temperature t)`, back to its parts; every reading that prints the same. */
function headingReadings(heading: string): Pick<RecordedSteering, 'profile' | 'model' | 'temperature'>[] {
  const readings: Pick<RecordedSteering, 'profile' | 'model' | 'temperature'>[] = [{ profile: heading }];
  const settings = /^(.*) \((.*)\)$/.exec(heading);
  if (settings) {
    const [, profile, list] = settings as unknown as [string, string, string];
    const model = /^model (.*?)(?:, temperature (-?[\d.]+))?$/.exec(list);
    const temperature = /^temperature (-?[\d.]+)$/.exec(list);
    if (model) readings.unshift({ profile, model: model[1]!, ...(model[2] !== undefined ? { temperature: Number(model[2]) } : {}) });
    if (temperature) readings.unshift({ profile, temperature: Number(temperature[1]) });
  }
  return readings;
}

/** The steering section (the paragraphs between its heading and `## Conversation`), or a reason it cannot be read. */
function readSteering(paragraphs: string[]): RecordedSteering {
  const headingPrefix = `## ${l10n.t('Steering: {0}', '')}`;
  const heading = paragraphs[0]!.slice(headingPrefix.length);
  let file: string | undefined;
  let systemPrompt = '';
  const examples: ExamplePair[] = [];
  let index = 1;
  const fromRepository = l10n.t('From this repository: {0}', '');
  if (paragraphs[index]?.startsWith(fromRepository)) file = paragraphs[index++]!.slice(fromRepository.length);
  const quoted = (label: string): string | undefined => {
    if (paragraphs[index] !== label) return undefined;
    const text = unquote(paragraphs[index + 1] ?? '');
    if (text !== undefined) index += 2;
    return text;
  };
  systemPrompt = quoted(l10n.t('System message:')) ?? '';
  for (let n = 1; index < paragraphs.length; n++) {
    const user = quoted(l10n.t('Example {0}, user:', n));
    const assistant = user === undefined ? undefined : quoted(l10n.t('Example {0}, assistant:', n));
    if (user === undefined || assistant === undefined) break;
    examples.push({ user, assistant });
  }
  const section = [...paragraphs, `## ${l10n.t('Conversation')}`].join('\n\n');
  for (const reading of headingReadings(heading)) {
    const steering: RecordedSteering = { ...reading, ...(file !== undefined ? { file } : {}), systemPrompt, examples };
    if (index === paragraphs.length && steeringMarkdown(steering).join('\n\n') === section) return steering;
  }
  throw new Error(l10n.t('its steering section could not be read (paragraph {0}: {1})', index + 1, JSON.stringify(paragraphs[index]?.slice(0, 80) ?? heading)));
}

/** The code chips at the end of a question, as formatCodeContext printed them; `undefined` when `text` is not only chips. */
function readChips(text: string): CodeContext[] | undefined {
  if (text === '') return [];
  const header = /^(?:From `([^`\n]*)` \(lines? (\d+)(?:-(\d+))?\)|The file `([^`\n]*)`):\n(`{3,})([^\n`]*)\n/.exec(text) ?? undefined;
  const rest = (after: string): CodeContext[] | undefined => (after === '' ? [] : after.startsWith('\n\n') ? readChips(after.slice(2)) : undefined);
  if (header) {
    const [whole, selectionPath, start, end, filePath, fence, language] = header as unknown as (string | undefined)[];
    const isFile = filePath !== undefined;
    for (let close = text.indexOf(`\n${fence}`, whole!.length - 1); close >= 0; close = text.indexOf(`\n${fence}`, close + 1)) {
      const afterFence = text.slice(close + 1 + fence!.length);
      if (afterFence.startsWith('`') || close < whole!.length - 1) continue;
      const code = text.slice(whole!.length, Math.max(whole!.length, close));
      const omitted = /^\n\((\d+) more lines of the (?:selection|file) were left out\.\)/.exec(afterFence);
      const following = rest(omitted ? afterFence.slice(omitted[0].length) : afterFence);
      if (!following) continue;
      const lines = code.split('\n').length;
      const startLine = isFile ? 1 : Number(start);
      const chip: CodeContext = {
        path: (isFile ? filePath : selectionPath)!,
        language: language!,
        startLine,
        endLine: isFile ? lines : Number(end ?? start),
        text: code,
        ...(omitted ? { omittedLines: Number(omitted[1]) } : {}),
        ...(isFile ? { kind: 'file' as const } : {}),
      };
      return [chip, ...following];
    }
    return undefined;
  }
  const problems = /^Problems VS Code reports in `([^`\n]*)`:\n/.exec(text);
  if (!problems) return undefined;
  // The problems run to the next chip, or to the end.
  const body = text.slice(problems[0].length);
  const ends = [...body.matchAll(/\n\n/g)].map((m) => m.index!).concat(body.length);
  for (const end of ends) {
    const following = rest(body.slice(end));
    if (following) return [{ path: problems[1]!, language: 'plaintext', startLine: 1, endLine: 1, text: body.slice(0, end), kind: 'problems' }, ...following];
  }
  return undefined;
}

/** A question as the script printed it: its text, then its code chips (when they print back the same). */
function readQuestion(content: string): Pick<UserTurn, 'text' | 'context'> {
  const starts = [0, ...[...content.matchAll(/\n\n(?=From `|The file `|Problems VS Code reports in `)/g)].map((m) => m.index! + 2)];
  for (const start of starts) {
    const context = readChips(content.slice(start));
    const text = start === 0 ? '' : content.slice(0, start - 2);
    if (context && context.length > 0 && formatUserContent(text, context) === content) return { text, context };
  }
  return { text: content, context: [] };
}

const NOTED: readonly Exclude<TurnStatus, 'complete'>[] = ['stopped', 'interrupted', 'error', 'streaming'];

/** An answer as Parley's script printed it: `rest` is what follows `**Assistant:**`. */
function readAnswer(rest: string, base: Omit<AssistantTurn, 'text' | 'status'>): AssistantTurn {
  const plain: AssistantTurn = { ...base, text: rest.replace(/^ /, ''), status: 'complete' };
  for (const status of NOTED) {
    const note = ` ${statusNote(status)}`;
    if (!rest.startsWith(note) || !/^( |$)/.test(rest.slice(note.length))) continue;
    let text = rest.slice(note.length + 1);
    let error: AssistantTurn['error'];
    const lastBreak = text.lastIndexOf('\n\n');
    const last = lastBreak >= 0 ? text.slice(lastBreak + 2) : undefined;
    if (last !== undefined && last.startsWith('> ') && !last.includes('\n')) {
      error = { kind: 'server', reason: 'saved', savedText: last.slice(2) };
      text = text.slice(0, lastBreak);
    }
    const answer: AssistantTurn = { ...base, text, status, ...(error ? { error } : {}) };
    if (turnMarkdown(answer) === `**${l10n.t('Assistant:')}**${rest}`) return answer;
  }
  return plain;
}

/** Cline's and Roo Code's blocks that stand for what is not text, kept as they printed them. */
function clineContent(content: string): string {
  return content.replace(/\n+---\s*$/, '').trim();
}

/**
 * Reads a Markdown script into a conversation (not yet marked imported: exchange.ts does that, with
 * the same checks as an export). Throws with what is wrong: no turn at all, text before the first
 * turn, a steering section that does not read back.
 */
export function parseScript(source: string, at: number): Conversation {
  const text = normalize(source);
  const kind = scriptKind(text);
  if (!kind) throw new Error(l10n.t('it has no **User:** or User: turn'));
  const found = markers(text, kind);
  const preamble = text.slice(0, found[0]!.at).replace(/\n+$/, '');
  const paragraphs = preamble === '' ? [] : preamble.split('\n\n');
  let title: string | undefined;
  let steering: RecordedSteering | undefined;
  if (paragraphs[0]?.startsWith('# ')) title = paragraphs.shift()!.slice(2);
  if (paragraphs[0] !== undefined && exportedLine(paragraphs[0])) paragraphs.shift();
  if (paragraphs[0] !== undefined && isBranchLine(paragraphs[0])) paragraphs.shift();
  const conversationHeading = `## ${l10n.t('Conversation')}`;
  if (paragraphs[0]?.startsWith(`## ${l10n.t('Steering: {0}', '')}`)) {
    const end = paragraphs.indexOf(conversationHeading);
    if (end < 0) throw new Error(l10n.t('its steering section has no "{0}" heading after it', conversationHeading));
    steering = readSteering(paragraphs.slice(0, end));
    paragraphs.splice(0, end);
  }
  if (paragraphs[0] === conversationHeading) paragraphs.shift();
  if (paragraphs.length > 0) throw new Error(l10n.t('it has text before its first turn: {0}', JSON.stringify(paragraphs[0]!.slice(0, 80))));

  const model = steering?.model ?? '';
  const turns: Turn[] = found.map((marker, index): Turn => {
    const next = found[index + 1];
    // Parley parts turns with a blank line and ends the file with a newline; a hand-written script may not.
    let content = text.slice(marker.end, next ? next.at : text.length);
    content = next ? content.replace(kind === 'parley' ? /\n\n$/ : /\s+$/, '') : content.replace(/\n$/, '');
    const id = `t${index + 1}`;
    if (kind !== 'parley') {
      const body = kind === 'cline' ? clineContent(content) : content.trim();
      return marker.role === 'user'
        ? { id, role: 'user', text: body, context: [], createdAt: at }
        : { id, role: 'assistant', text: body, status: 'complete', model, createdAt: at };
    }
    if (marker.role === 'user') return { id, role: 'user', ...readQuestion(content.replace(/^ /, '')), createdAt: at };
    return readAnswer(content, { id, role: 'assistant', model, createdAt: at });
  });
  const first = turns.find((t) => t.role === 'user');
  const cleanTitle = title ?? titleFrom(first ? (kind === 'cline' ? clineTask(first.text) : first.text) : '');
  return { version: STORED_VERSION, id: 'imported-script', title: cleanTitle, createdAt: at, updatedAt: at, turns, ...(steering ? { steering } : {}) };
}

/** The task a Cline or Roo Code conversation began with: inside its `<task>` tags, when it has them. */
export function clineTask(text: string): string {
  return /<task>\s*([\s\S]*?)\s*<\/task>/.exec(text)?.[1] ?? text;
}
