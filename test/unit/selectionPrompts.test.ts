import * as assert from 'node:assert/strict';
import { builtinSelectionPrompts, expandSelectionPrompt, readSelectionPrompts } from '../../src/core/selectionPrompts';
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
