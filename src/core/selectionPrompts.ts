import { l10n } from '../shared/l10n';
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
