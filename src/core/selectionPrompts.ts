import { l10n } from '../shared/l10n';
import { titleFrom } from './conversation';
import type { CodeContext } from './domain';

/** A ready question of "Ask About Selection…": the template may place the code itself. */
export interface SelectionPrompt {
  readonly label: string;
  readonly template: string;
}

const PLACEHOLDERS = ['selection', 'language', 'file', 'lines'] as const;

/** The built-in ready questions, in the user's language; they leave the code to be attached after the question. */
export function builtinSelectionPrompts(): SelectionPrompt[] {
  return [
    { label: l10n.t('Explain'), template: l10n.t('Explain what this code does and how it works.') },
    { label: l10n.t('Find problems'), template: l10n.t('Find problems in this code: bugs, unhandled edge cases and risky patterns. Suggest fixes.') },
    { label: l10n.t('Write tests'), template: l10n.t('Write unit tests for this code, covering its edge cases.') },
    { label: l10n.t('Improve readability'), template: l10n.t('Suggest how to make this code clearer and simpler, without changing what it does.') },
    { label: l10n.t('Add documentation'), template: l10n.t('Write documentation comments for this code.') },
  ];
}

/** Validates `parley.selectionPrompts`; bad entries are left out and reported. */
export function readSelectionPrompts(raw: unknown): { prompts: SelectionPrompt[]; problems: string[] } {
  if (raw === undefined || raw === null) return { prompts: [], problems: [] };
  if (!Array.isArray(raw)) return { prompts: [], problems: [l10n.t('parley.selectionPrompts must be an array of { "label", "template" }; none were read.')] };
  const prompts: SelectionPrompt[] = [];
  const problems: string[] = [];
  raw.forEach((item: unknown, index) => {
    const entry = item as Partial<SelectionPrompt> | null;
    if (typeof entry?.label !== 'string' || !entry.label.trim() || typeof entry.template !== 'string' || !entry.template.trim()) {
      return void problems.push(l10n.t('parley.selectionPrompts[{0}] needs a "label" and a "template"; it was left out.', index));
    }
    const unknown = [...entry.template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      const known = PLACEHOLDERS.map((p) => `\${${p}}`).join(', ');
      problems.push(
        l10n.t(
          'parley.selectionPrompts[{0}] ("{1}") uses {2}, which Parley does not fill in; the known ones are {3}.',
          index,
          entry.label,
          `\${${unknown[0]}}`,
          known,
        ),
      );
    }
    prompts.push({ label: entry.label.trim(), template: entry.template });
  });
  return { prompts, problems };
}

/**
 * The question a template asks about a selection. When the template places `${selection}` itself,
 * the code is in the question and is not attached again; otherwise it goes along as attached code.
 */
export function expandSelectionPrompt(template: string, context: CodeContext): { question: string; attach: boolean } {
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    selection: context.text,
    language: context.language,
    file: context.path,
    lines: context.startLine === context.endLine ? `${context.startLine}` : `${context.startLine}-${context.endLine}`,
  };
  // One pass, so code that itself contains "${file}" is not filled in again.
  const question = template.replace(/\$\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole));
  return { question, attach: !/\$\{selection\}/.test(template) };
}

/** A line that names nothing: blank, a comment, a preprocessor line, or a decorator/attribute above a declaration. */
const NOT_CODE = /^\s*(?:$|\/\/|\/\*|\*|#|--|@|\[)/;
const IDENTIFIER = '([A-Za-z_$][\\w$]*)';
/** Declarations as most languages write them, the name captured: keyword first, then assignments, then signatures. */
const DECLARATIONS = [
  new RegExp(`\\b(?:function\\*?|class|interface|type|enum|struct|trait|impl|def|fn|fun|sub|module|namespace|record|protocol|extension)\\s+${IDENTIFIER}`),
  new RegExp(`\\bfunc\\s+(?:\\([^)]*\\)\\s*)?${IDENTIFIER}`),
  new RegExp(`\\b(?:const|let|var|val)\\s+${IDENTIFIER}\\s*[=:]`),
  // A method or C-like function: words (modifiers, a return type) then the name and its parameters.
  new RegExp(`^\\s*(?:[\\w$:<>,.*&\\[\\]?]+\\s+)*\\**${IDENTIFIER}\\s*(?:<[^>]*>)?\\(`),
];
/** Words a signature pattern would take for a name in a line that calls rather than declares. */
const STATEMENT = /^\s*(?:return|if|else|for|while|switch|catch|throw|new|await|yield|case|do|print|echo|assert)\b/;

/** The name the selection declares on its first line of code (`parseConfig`), if it declares one. */
export function declaredName(code: string): string | undefined {
  const first = code.split('\n').find((line) => !NOT_CODE.test(line));
  if (first === undefined || STATEMENT.test(first)) return undefined;
  for (const pattern of DECLARATIONS) {
    const name = pattern.exec(first)?.[1];
    if (name) return name;
  }
  return undefined;
}

/**
 * The title of a chat started from a ready question: what was asked, of which code, so chats about
 * different code tell apart ("Explain parseConfig in config.ts", "Write tests for config.ts, lines 3-9").
 */
export function selectionTitle(label: string, context: CodeContext): string {
  const file = context.path.split(/[\\/]/).pop() || context.path;
  const name = declaredName(context.text);
  if (name) return titleFrom(l10n.t('{0}: {1} in {2}', label, name, file));
  const lines = context.startLine === context.endLine ? l10n.t('line {0}', context.startLine) : l10n.t('lines {0}-{1}', context.startLine, context.endLine);
  return titleFrom(l10n.t('{0}: {1}, {2}', label, file, lines));
}
