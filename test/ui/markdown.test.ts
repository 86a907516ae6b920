/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Answers as a user sees them in the real editor: markdown drawn while it streams, code highlighted,
// text kept to a reading width, tables that scroll sideways.
import * as assert from 'node:assert/strict';
import type { Browser } from '../support/codeServer';
import { runCommand, screenshot } from '../support/codeServer';
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

  it('keeps answers to a reading width on a wide panel, actions beside the text; a wide table scrolls sideways, words whole', async () => {
    await ui.newChat();
    // Six columns: at 360 px even their longest words side by side are wider than the panel.
    const table = [
      '| Operation | Description | Complexity | Worst case | Thread safety | Notes |',
      '|---|---|---|---|---|---|',
      '| Lookup | Finds an entry by its key | constant | linear | unsynchronized | Collisions slow it down |',
    ].join('\n');
    fake.script({ kind: 'reply', text: `A hash table ${'keeps its entries in buckets, '.repeat(20)}and finds them by key.\n\n${table}` });
    await ui.ask('Explain hash table lookups.');
    const answer = await ui.answerDone(1);
    await runCommand(browser.page, 'View: Close Primary Side Bar');
    const page = browser.page;
    try {
      await page.setViewportSize({ width: 1400, height: 800 });
      await ui.open();
      const wide = await answer.evaluate((article) => {
        const paragraph = article.querySelector('.body p')!;
        // 88 characters of the answer's font: the width the CSS caps lines at.
        const probe = document.createElement('span');
        probe.textContent = '0'.repeat(88);
        // On one line, out of the flow: the answer's text may otherwise break it anywhere.
        Object.assign(probe.style, { position: 'absolute', whiteSpace: 'nowrap', overflowWrap: 'normal' });
        paragraph.append(probe);
        const cap = probe.getBoundingClientRect().width;
        probe.remove();
        const text = paragraph.getBoundingClientRect();
        return {
          text: text.width,
          textRight: text.right,
          cap,
          log: article.parentElement!.clientWidth,
          copyRight: article.querySelector('.turn-actions')!.getBoundingClientRect().right,
        };
      });
      assert.ok(wide.log > wide.cap * 1.3, `the panel is wide (${wide.log} px)`);
      assert.ok(wide.text <= wide.cap + 1, `the answer's lines are at most 88 characters wide: ${wide.text} px, cap ${wide.cap} px`);
      assert.ok(wide.copyRight - wide.textRight < 40, `Copy is beside the text, ${wide.copyRight - wide.textRight} px from it`);
      await screenshot(page, 'answer-reading-width-1400');

      await page.setViewportSize({ width: 408, height: 800 });
      await answer.locator('.table-scroll').scrollIntoViewIfNeeded();
      const narrow = await answer.locator('.table-scroll').evaluate((scroller) => {
        // A word broken across lines has more than one line box.
        const broken: string[] = [];
        for (const cell of scroller.querySelectorAll('th, td')) {
          const text = cell.firstChild!;
          for (const match of (text.textContent ?? '').matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(text, match.index);
            range.setEnd(text, match.index + match[0].length);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken.push(match[0]);
          }
        }
        return { scrolls: scroller.scrollWidth > scroller.clientWidth, broken };
      });
      assert.ok(narrow.scrolls, 'the table is wider than the narrow panel and scrolls sideways');
      assert.deepEqual(narrow.broken, [], 'no word of the table is broken across lines');
      await screenshot(page, 'answer-table-360');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
