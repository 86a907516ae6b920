import * as assert from 'node:assert/strict';
import { builtinSelectionPrompts, declaredName, expandSelectionPrompt, readSelectionPrompts, selectionTitle } from '../../src/core/selectionPrompts';
import { cutNotice, problemsContext } from '../../src/core/selection';
import { formatCodeContext } from '../../src/core/prompt';

const context = { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 5, text: 'const x = "${file}";' };

describe('selection prompts', () => {
  it('fills in the placeholders once, and attaches the code only when the template does not place it', () => {
    assert.deepEqual(expandSelectionPrompt('Review this ${language} from ${file} (lines ${lines}):\n${selection}', context), {
      question: 'Review this typescript from src/a.ts (lines 3-5):\nconst x = "${file}";',
      attach: false,
    });
    assert.deepEqual(expandSelectionPrompt('Is ${file} line ${lines} safe? ${unknown}', { ...context, endLine: 3 }), {
      question: 'Is src/a.ts line 3 safe? ${unknown}',
      attach: true,
    });
  });

  it('finds the name the selection declares on its first line of code, in the common languages', () => {
    const names: [string, string | undefined][] = [
      ['export function parseConfig(text: string): Config {', 'parseConfig'],
      ['/** Reads it. */\n@memo\nexport default async function* lines() {', 'lines'],
      ['export class ConfigError extends Error {', 'ConfigError'],
      ['const parse = (text: string) => JSON.parse(text);', 'parse'],
      ['  private async parseConfig(text: string): Promise<Config> {', 'parseConfig'],
      ['# comment\ndef load_config(path):', 'load_config'],
      ['func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {', 'ServeHTTP'],
      ['pub fn from_str(s: &str) -> Result<Self> {', 'from_str'],
      ['#include <stdio.h>\nint main(void) {', 'main'],
      ['public static List<String> splitLines(String text) {', 'splitLines'],
      ['return parseConfig(text);', undefined],
      ['if (config.debug) {', undefined],
      ['  x += 1;\n  y = f(x);', undefined],
      ['', undefined],
    ];
    for (const [code, name] of names) assert.equal(declaredName(code), name, code);
  });

  it("titles a ready question's chat after the code it asks about", () => {
    const code = { path: 'src/core/config.ts', language: 'typescript', startLine: 3, endLine: 9, text: 'export function parseConfig(text: string) {\n}' };
    assert.equal(selectionTitle('Explain', code), 'Explain: parseConfig in config.ts');
    assert.equal(selectionTitle('Write tests', { ...code, text: '  total += item.price;' }), 'Write tests: config.ts, lines 3-9');
    assert.equal(selectionTitle('Find problems', { ...code, path: 'C:\\work\\app.py', text: 'x = 1', endLine: 3 }), 'Find problems: app.py, line 3');
    // Cut as any title is, so a long name cannot fill the list's row.
    assert.ok(selectionTitle('Explain', { ...code, text: `function ${'a'.repeat(80)}() {}` }).endsWith('…'));
  });

  it('reads parley.selectionPrompts, reporting bad entries and unknown placeholders', () => {
    const { prompts, problems } = readSelectionPrompts([{ label: 'Port', template: 'Port to ${target}: ${selection}' }, { label: 'x' }, 'y']);
    assert.deepEqual(prompts, [{ label: 'Port', template: 'Port to ${target}: ${selection}' }]);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /uses \$\{target\}, which Parley does not fill in/);
    assert.match(problems[1]!, /\[1\] needs a "label" and a "template"/);
    assert.ok(builtinSelectionPrompts().some((p) => p.label === 'Explain'));
  });

  it("formats a whole file, a cut file and a file's problems the way chips show them", () => {
    const file = { ...context, kind: 'file' as const, omittedLines: 12 };
    assert.equal(formatCodeContext(file), 'The file `src/a.ts`:\n```typescript\nconst x = "${file}";\n```\n(12 more lines of the file were left out.)');
    assert.match(cutNotice(file) ?? '', /limit of 60,000 characters: 12 more lines are left out/);
    assert.equal(cutNotice(context), undefined);
    const problems = problemsContext('src/a.ts', [
      { line: 9, column: 2, severity: 'warning', message: 'Unused\n  variable', source: 'ts', code: '6133' },
      { line: 1, column: 5, severity: 'error', message: 'Cannot find name "y".' },
    ]);
    assert.equal(
      formatCodeContext(problems),
      'Problems VS Code reports in `src/a.ts`:\n- line 1:5 error: Cannot find name "y".\n- line 9:2 warning: Unused variable (ts 6133)',
    );
  });
});
