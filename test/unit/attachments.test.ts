import * as assert from 'node:assert/strict';
import {
  diffContext,
  folderContext,
  moreContextLabel,
  omittedFilesNotice,
  plainTerminalText,
  symbolContext,
  terminalContext,
} from '../../src/core/attachments';
import { ESTIMATED_TOKENS } from '../../src/core/budget';
import { attachmentLabel } from '../../src/core/chatSession';
import type { CodeContext } from '../../src/core/domain';
import { formatCodeContext } from '../../src/core/prompt';
import { MAX_SELECTION_CHARS, cutNotice } from '../../src/core/selection';
import { parseConversation } from '../../src/core/storedConversation';

const DIFF = 'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-old\n+new\n';

describe('more context: changes, terminal, folders and symbols', () => {
  it('attaches a diff of the repository or of one file, and names which', () => {
    const unstaged = diffContext('sample', DIFF, 'unstaged')!;
    assert.deepEqual(unstaged, { path: 'sample', language: 'diff', startLine: 1, endLine: 6, text: DIFF.trimEnd(), kind: 'diff', changes: 'unstaged' });
    assert.equal(formatCodeContext(unstaged), `The changes not yet staged in the repository \`sample\` (git diff):\n\`\`\`diff\n${DIFF}\`\`\``);
    assert.equal(attachmentLabel(unstaged), 'Unstaged changes in sample');
    const staged = diffContext('sample', DIFF, 'staged')!;
    assert.match(formatCodeContext(staged), /^The staged changes in the repository `sample` \(git diff --cached\):\n```diff\n/);
    assert.equal(attachmentLabel(staged), 'Staged changes in sample');
    const file = diffContext('src/a.ts', DIFF)!;
    assert.match(formatCodeContext(file), /^The changes to `src\/a.ts` since the last commit \(git diff HEAD\):\n```diff\n/);
    assert.equal(attachmentLabel(file), 'Changes to src/a.ts');
    assert.equal(diffContext('sample', '\n'), undefined);
  });

  it("cuts a big diff to Parley's limit and says so in the chip and to the model", () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `+line ${i}`).join('\n');
    const cut = diffContext('sample', big, 'unstaged')!;
    assert.ok(cut.text.length <= MAX_SELECTION_CHARS);
    assert.ok(cut.omittedLines! > 0);
    assert.match(formatCodeContext(cut), new RegExp(`\\n\\(${cut.omittedLines} more lines of the diff were left out\\.\\)$`));
    assert.match(cutNotice(cut) ?? '', /more lines are left out/);
  });

  it("reads a terminal's output as plain text: no colours, titles or redrawn progress", () => {
    const raw = '\u001b]633;C\u0007\u001b[32mok\u001b[0m 1\r\nloading 10%\rloading 100%\r\n\u001b]0;title\u001b\\done\r\n';
    assert.equal(plainTerminalText(raw), 'ok 1\nloading 100%\ndone\n');
    const context = terminalContext('bash', 'npm test', raw);
    assert.equal(context.text, '$ npm test\nok 1\nloading 100%\ndone');
    assert.equal(formatCodeContext(context), 'The last command in the terminal `bash`, and its output:\n```console\n$ npm test\nok 1\nloading 100%\ndone\n```');
    assert.equal(attachmentLabel(context), 'Terminal bash: npm test');
    assert.equal(terminalContext('zsh', 'true', '').text, '$ true');
    assert.equal(attachmentLabel(terminalContext('zsh', 'x'.repeat(100), '')), `Terminal zsh: ${'x'.repeat(59)}…`);
  });

  it('attaches a symbol with its path and lines', () => {
    const context = symbolContext('greet', { path: 'src/greet.ts', language: 'typescript', startLine: 3, text: 'function greet() {\n  return 1;\n}\n' });
    assert.equal(context.endLine, 5);
    assert.equal(formatCodeContext(context), 'The symbol `greet` from `src/greet.ts` (lines 3-5):\n```typescript\nfunction greet() {\n  return 1;\n}\n```');
    assert.equal(attachmentLabel(context), 'greet in src/greet.ts (lines 3-5)');
  });

  it('takes the files of a folder that fit its token budget, and lists the others', () => {
    const files = [
      { path: 'src/a.ts', language: 'typescript', text: 'a'.repeat(400) },
      { path: 'src/big.ts', language: 'typescript', text: 'b'.repeat(4000) },
      { path: 'src/logo.png', language: 'plaintext' },
      { path: 'src/c.ts', language: 'typescript', text: 'c'.repeat(400) },
    ];
    const folder = folderContext('src', files, ESTIMATED_TOKENS, 300) as CodeContext;
    assert.equal(folder.kind, 'folder');
    assert.deepEqual(folder.omittedFiles, ['src/big.ts', 'src/logo.png']);
    const a = formatCodeContext({ path: 'src/a.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'a'.repeat(400), kind: 'file' });
    const c = formatCodeContext({ path: 'src/c.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'c'.repeat(400), kind: 'file' });
    assert.equal(
      formatCodeContext(folder),
      `The folder \`src\` (files chosen within a budget of 300 tokens):\n\n${a}\n\n${c}\n\n(Left out, over the budget or not text: \`src/big.ts\`, \`src/logo.png\`.)`,
    );
    assert.ok(ESTIMATED_TOKENS.count(a) + ESTIMATED_TOKENS.count(c) <= 300);
    assert.equal(attachmentLabel(folder), 'src (folder, files within 300 tokens)');
    assert.equal(omittedFilesNotice(folder), 'Left out, over the budget of 300 tokens or not text (2 files): src/big.ts, src/logo.png');
    const whole = folderContext('src', files.slice(0, 1), ESTIMATED_TOKENS, 300) as CodeContext;
    assert.equal(whole.omittedFiles, undefined);
    assert.equal(omittedFilesNotice(whole), undefined);
    assert.equal(folderContext('src', [], ESTIMATED_TOKENS), 'src holds no files Parley can attach.');
    assert.equal(folderContext('src', files.slice(1, 2), ESTIMATED_TOKENS, 300), 'No file of src fits within the budget of 300 tokens.');
  });

  it('leaves the labels of selections, files and problems to attachmentLabel', () => {
    assert.equal(moreContextLabel({ path: 'a.ts', language: 'ts', startLine: 1, endLine: 2, text: 'x' }), undefined);
    assert.equal(moreContextLabel({ path: 'a.ts', language: 'ts', startLine: 1, endLine: 2, text: 'x', kind: 'file' }), undefined);
  });

  it('keeps the new kinds in a stored conversation, and refuses a bad one', () => {
    const contexts: CodeContext[] = [
      diffContext('sample', DIFF, 'staged')!,
      terminalContext('bash', 'ls', 'a\n'),
      symbolContext('greet', { path: 'g.ts', language: 'typescript', startLine: 1, text: 'x' }),
      folderContext(
        'src',
        [
          { path: 'src/a.ts', language: 'typescript', text: 'a' },
          { path: 'src/b.bin', language: 'plaintext' },
        ],
        ESTIMATED_TOKENS,
      ) as CodeContext,
    ];
    const stored = (context: unknown): unknown =>
      JSON.parse(
        JSON.stringify({
          version: 2,
          id: 'c1',
          title: 't',
          createdAt: 1,
          updatedAt: 1,
          turns: [{ id: 'u1', role: 'user', text: 'q', context: [context], createdAt: 1 }],
        }),
      );
    for (const context of contexts)
      assert.deepEqual(parseConversation(stored(context), 'import').turns[0], { id: 'u1', role: 'user', text: 'q', context: [context], createdAt: 1 });
    assert.throws(() => parseConversation(stored({ ...contexts[0], changes: 'all' }), 'import'));
    assert.throws(() => parseConversation(stored({ ...contexts[3], omittedFiles: [1] }), 'import'));
    assert.throws(() => parseConversation(stored({ ...contexts[0], kind: 'image' }), 'import'));
  });
});
