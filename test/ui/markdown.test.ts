// Answers as a user sees them in the real editor: markdown drawn while it streams, code highlighted.
import * as assert from 'node:assert/strict';
import type { Browser } from '../support/codeServer';
import { screenshot } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { useEditorSession } from './editorSession';
import type { ParleyUi } from './parleyUi';

const ANSWER = [
  '## Plan',
  '',
  'Some **bold** words and `inline code`.',
  '',
  '- [x] written',
  '- [ ] tested',
  '',
  '> A quoted line.',
  '',
  '| option | default |',
  '|---|---|',
  '| retries | 3 |',
  '',
  '```ts',
  'const answer: number = 42; // the answer',
  'export function twice(n: number): number {',
  '  return n * 2;',
  '}',
  '```',
  '',
  'Done.',
].join('\n');

describe('Answers in a real editor', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let browser: Browser;
  let ui: ParleyUi;

  const editor = useEditorSession('markdown', (started) => ({ settings: { 'parley.baseUrl': started.baseUrl, 'parley.model': 'gpt-4o-mini' } }));
  before(() => ({ fake, browser, ui } = editor));

  it('draws a streamed answer as markdown: headings, lists with task boxes, quotes, tables and highlighted code', async () => {
    fake.script({ kind: 'reply', text: ANSWER, chunkSize: 3, delayMs: 5 });
    await ui.ask('Show me everything markdown can do.');
    const answer = await ui.answerDone(1);
    await answer.getByRole('heading', { name: 'Plan' }).waitFor();
    await answer.locator('strong', { hasText: 'bold' }).waitFor();
    assert.deepEqual(await answer.locator('li .task').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label'))), ['done', 'not done']);
    await answer.locator('blockquote', { hasText: 'A quoted line.' }).waitFor();
    assert.deepEqual(await answer.locator('table td').allInnerTexts(), ['retries', '3']);
    const code = answer.locator('.code-block[data-language="ts"]');
    await code.locator('.hljs-keyword', { hasText: 'const' }).first().waitFor();
    await code.locator('.hljs-comment', { hasText: '// the answer' }).waitFor();
    assert.equal(
      await code.locator('code').evaluate((c) => c.textContent),
      'const answer: number = 42; // the answer\nexport function twice(n: number): number {\n  return n * 2;\n}\n',
      'the code is shown exactly, once',
    );
    assert.equal(await answer.locator('.code-block').count(), 1);
    await answer.getByText('Done.').waitFor();
    await screenshot(browser.page, 'answer-markdown');
  });

  it('shows a half-finished code block as code while it streams', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'Here:\n\n```python\ndef slow():\n    return 1\n' + '# more\n'.repeat(60) + '```\n', chunkSize: 4, delayMs: 20 });
    await ui.ask('Stream some Python slowly.');
    const streaming = ui.answers.first();
    const code = streaming.locator('.code-block[data-language="python"] code');
    await code.getByText('def slow():').waitFor();
    assert.equal(await streaming.getAttribute('aria-busy'), 'true', 'the answer is still streaming');
    assert.ok(!(await streaming.locator('.body').innerText()).includes('```'), 'the fence itself is never shown as text');
    await ui.answerDone(1);
  });
});
