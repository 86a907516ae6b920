import * as assert from 'node:assert/strict';
import type { FileProblem } from '../../src/core/profileFile';
import { appendExample, describeProblem, formatProfileFile, parseProfileFile, profileFileName, unwritableReason } from '../../src/core/profileFile';

const FILE = '.parley/profiles/reviewer.md';

function parsed(text: string, file = FILE) {
  const reading = parseProfileFile(text, file);
  assert.ok(reading.ok, `parses: ${reading.ok ? '' : reading.problems.map(describeProblem).join('; ')}`);
  return reading.profile;
}

function problems(text: string): FileProblem[] {
  const reading = parseProfileFile(text, FILE);
  assert.ok(!reading.ok, 'the file is refused');
  return [...reading.problems];
}

const REVIEWER = [
  '---',
  'name: Code reviewer',
  'model: gpt-4o',
  'temperature: 0.2',
  '---',
  '',
  'You review TypeScript.',
  'Be brief.',
  '',
  '## User',
  '',
  'Is `any` fine here?',
  '',
  '## Assistant',
  '',
  'Prefer `unknown` and narrow it:',
  '',
  '```ts',
  '## User',
  'if (typeof x === "string") {}',
  '```',
  '',
  '## Why',
  'Headings other than User and Assistant are text.',
  '',
  '## user',
  'Second question?',
  '## ASSISTANT',
  'Second answer.',
  '',
].join('\n');

describe('profile files', () => {
  it('reads front matter, the system message and the example pairs, in order', () => {
    assert.deepEqual(parsed(REVIEWER), {
      name: 'Code reviewer',
      model: 'gpt-4o',
      temperature: 0.2,
      systemPrompt: 'You review TypeScript.\nBe brief.',
      examples: [
        {
          user: 'Is `any` fine here?',
          assistant:
            'Prefer `unknown` and narrow it:\n\n```ts\n## User\nif (typeof x === "string") {}\n```\n\n## Why\nHeadings other than User and Assistant are text.',
        },
        { user: 'Second question?', assistant: 'Second answer.' },
      ],
      source: { kind: 'workspace', file: FILE },
    });
  });

  it('takes the name from the file when there is no front matter, and reads Windows line ends', () => {
    const profile = parsed('Answer in French.\r\n\r\n## User\r\nHi\r\n## Assistant\r\nBonjour\r\n', '.parley/profiles/french.md');
    assert.equal(profile.name, 'french');
    assert.equal(profile.systemPrompt, 'Answer in French.');
    assert.deepEqual(profile.examples, [{ user: 'Hi', assistant: 'Bonjour' }]);
    assert.equal(profile.model, undefined);
    assert.equal(profile.temperature, undefined);
  });

  it('accepts quoted values, comments and a profile of examples only', () => {
    const profile = parsed('---\n# a comment\nname: "  Spaced: name "\nmodel: \'llama3.2\'\n---\n## User\nq\n## Assistant\na\n');
    assert.equal(profile.name, 'Spaced: name');
    assert.equal(profile.model, 'llama3.2');
    assert.equal(profile.systemPrompt, '');
  });

  it('refuses broken files, naming each problem with its line', () => {
    const cases: [string, string, [number, RegExp][]][] = [
      ['unclosed front matter', '---\nname: x\n\nSystem.', [[1, /no closing "---"/]]],
      ['unknown key', '---\nname: x\ntemprature: 1\n---\nSystem.', [[3, /unknown key "temprature"/]]],
      ['not key: value', '---\nname x\n---\nSystem.', [[2, /expected "key: value"/]]],
      ['key twice', '---\nname: a\nname: b\n---\nSystem.', [[3, /"name" is given twice/]]],
      ['bad temperature', '---\ntemperature: warm\n---\nSystem.', [[2, /temperature must be a number from 0 to 2, not "warm"/]]],
      ['temperature out of range', '---\ntemperature: 3\n---\nSystem.', [[2, /from 0 to 2/]]],
      ['empty model', '---\nmodel:\n---\nSystem.', [[2, /model is empty/]]],
      ['unmatched quote', '---\nname: "x\n---\nSystem.', [[2, /unmatched quote/]]],
      ['answer without a question', 'System.\n\n## Assistant\nAn answer.', [[3, /must follow a "## User"/]]],
      ['two questions in a row', 'System.\n## User\nOne\n## User\nTwo\n## Assistant\nA', [[2, /no "## Assistant" answer before the next/]]],
      ['question without an answer', 'System.\n## User\nOne\n## Assistant\nA\n## User\nLeft open', [[6, /last "## User" section has no "## Assistant"/]]],
      ['empty section', 'System.\n## User\n\n## Assistant\nA', [[2, /"## User" section is empty/]]],
      ['unclosed fence', 'System.\n## User\nq\n## Assistant\n```js\ncode\n## User\nq2', [[5, /code fence is never closed/]]],
      ['empty file', '', [[1, /no system message and no examples/]]],
      ['front matter only', '---\nname: x\n---\n\n', [[4, /no system message and no examples/]]],
      ['a bidi control in the name', '---\nname: "General\\u202e"\n---\nSystem.', [[2, /the name has an invisible or control character \(U\+202E\)/]]],
      ['a zero-width space in the name', '---\nname: Gen\u200beral\n---\nSystem.', [[2, /invisible or control character \(U\+200B\)/]]],
      ['a control character in the name', '---\nname: "Gen\\u0007eral"\n---\nSystem.', [[2, /invisible or control character \(U\+0007\)/]]],
      ['a name too long to show with its origin', `---\nname: ${'n'.repeat(101)}\n---\nSystem.`, [[2, /the name has 101 characters; at most 100/]]],
      ['a file too large to be a profile', `System ${'x'.repeat(200_000)}`, [[1, /the file has 200007 characters; a profile file may have at most 200000/]]],
    ];
    for (const [what, text, expected] of cases) {
      const found = problems(text);
      assert.equal(found.length, expected.length, `${what}: ${found.map(describeProblem).join('; ')}`);
      expected.forEach(([line, message], i) => {
        assert.equal(found[i]!.file, FILE, what);
        assert.equal(found[i]!.line, line, `${what}: ${describeProblem(found[i]!)}`);
        assert.match(found[i]!.message, message, what);
      });
    }
  });

  it('reports every problem of a file, in line order', () => {
    const found = problems('---\ncolour: red\ntemperature: hot\n---\n## Assistant\nA');
    assert.deepEqual(
      found.map((p) => p.line),
      [2, 3, 5],
    );
    assert.equal(describeProblem(found[0]!), `${FILE}:2: unknown key "colour"; the known keys are name, model, temperature`);
  });

  it('writes a profile that reads back the same', () => {
    const profile = {
      name: 'Data tutor',
      systemPrompt: 'Teach.\n\n## Notes\nStay kind.',
      examples: [
        { user: 'What is `df`?', assistant: 'A DataFrame:\n\n```python\n## User\ndf = pd.DataFrame()\n```' },
        { user: '  indented first line', assistant: 'ok' },
      ],
      model: 'gpt-4o-mini',
      temperature: 0.3,
    };
    const text = formatProfileFile(profile);
    assert.deepEqual(parsed(text, '.parley/profiles/data-tutor.md'), { ...profile, source: { kind: 'workspace', file: '.parley/profiles/data-tutor.md' } });
    assert.match(text, /^---\nname: Data tutor\nmodel: gpt-4o-mini\ntemperature: 0.3\n---\n\nTeach\./);
  });

  it('appends an example at the end and leaves the rest of the file as it was', () => {
    const pair = { user: 'Third?', assistant: 'Third answer with\n```\n## Assistant\n```' };
    const text = appendExample(REVIEWER, pair);
    assert.ok(text.startsWith(REVIEWER.trimEnd()), 'the existing text is untouched');
    const profile = parsed(text);
    assert.equal(profile.examples.length, 3);
    assert.deepEqual(profile.examples.at(-1), pair);
    assert.equal(profile.systemPrompt, 'You review TypeScript.\nBe brief.');
  });

  it('refuses text that would not read back, saying why', () => {
    assert.match(unwritableReason('Intro\n## User\nmore') ?? '', /line 2 \("## User"\) would start a new example/);
    assert.match(unwritableReason('```js\nopen') ?? '', /code fence on line 1 is never closed/);
    assert.match(unwritableReason('---\nlooks like front matter') ?? '', /front matter/);
    assert.equal(unwritableReason('## Heading\n```\n## User\n```'), undefined);
    assert.throws(() => appendExample(REVIEWER, { user: 'q', assistant: 'a\n## Assistant\nb' }), /answer cannot be saved in a profile file: line 2/);
    assert.throws(() => appendExample(REVIEWER, { user: ' ', assistant: 'a' }), /question is empty/);
    assert.throws(() => formatProfileFile({ name: 'x', systemPrompt: '## User', examples: [] }), /system message cannot be saved/);
  });

  it('makes file names from profile names', () => {
    assert.equal(profileFileName('Code reviewer (strict)'), 'code-reviewer-strict.md');
    assert.equal(profileFileName('Ünïcödé'), 'unicode.md');
    assert.equal(profileFileName('***'), 'profile.md');
  });
});
