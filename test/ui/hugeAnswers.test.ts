// The answers issue 18 names as the ones that break chat panels, in one conversation of a real
// editor: about 2 KB of nested quotes, a 1 MB markdown answer and a 600 KB table. They stream in,
// the conversation is saved, and opened again from History: the newest answer is in view, each
// answer is drawn (the quote, nested beyond the renderer's bound, and the table, longer than one
// block may be, as their text with a note), the log scrolls to the top and back, and the page throws
// nothing. How long the page's tasks take is the bench's (`npm run bench -- history`); here the
// longest is printed, never asserted.
import * as assert from 'node:assert/strict';
import { bigTable, markdownAnswer } from '../../bench/corpus';
import { until } from '../support/until';
import { useEditorSession, fakeServerSettings } from './editorSession';

/** About 2 KB of quotes nested 1,000 deep: beyond the renderer's nesting bound, shown as text. */
const DEEP_QUOTE = `${'> '.repeat(1000)}deep`;
/** The bench's texts (bench/corpus.ts): 1 MiB of headings, lists, tables, quotes and code; a table of 600 KiB. */
const LONG = `${markdownAnswer((1024 * 1024) / 4)}\n\n## The end of the long answer`;
const TABLE = bigTable(600 * 1024);

describe('A conversation of huge answers', function () {
  this.timeout(600_000);
  const editor = useEditorSession('ui-huge', (started) => ({ settings: fakeServerSettings(started) }));

  it('streams, opens again from History with the newest in view, and scrolls to the top and back', async () => {
    const { ui, fake } = editor;
    const answers = [`Quoted:\n\n${DEEP_QUOTE}`, LONG, TABLE];
    fake.script(...answers.map((text) => ({ kind: 'reply' as const, text, chunkSize: 8192 })));
    const pageErrors: string[] = [];
    ui.page.on('pageerror', (error) => pageErrors.push(String(error)));

    const questions = ['Quote yourself deeply.', 'Write a very long answer.', 'Give me a big table.'];
    for (const [i, question] of questions.entries()) {
      await ui.ask(question);
      await ui.answers.nth(i).and(ui.chat.locator('[aria-busy="false"]')).waitFor({ timeout: 180_000 });
    }
    await ui.answers.nth(2).locator('.too-deep-text').waitFor();

    await ui.newChat();
    await ui.button('History').click();
    const history = ui.chat.getByRole('region', { name: 'Conversation list' });
    // The panel's own clock from here (History hides the log; the message box stays): the long tasks
    // it runs while the conversation opens and scrolls.
    await ui.composer.evaluate(() => {
      const tasks: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = tasks;
      new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
    });
    await history.locator('.history-open', { hasText: questions[0] }).click();

    // The table is one block of 600 KB: beyond the 50,000 characters a block is parsed within, it
    // shows its first 100,000 as text; its end is the usage line under it.
    const tableAnswer = ui.answers.nth(2);
    const lastLine = tableAnswer.locator('.usage');
    await lastLine.waitFor({ timeout: 60_000 });
    const inView = () =>
      lastLine.evaluate((cell) => {
        const log = cell.closest('[role="log"]')!.getBoundingClientRect();
        const box = cell.getBoundingClientRect();
        return box.bottom > log.top && box.top < log.bottom;
      });
    await until(inView, 'the end of the newest answer is in view');
    assert.match(await tableAnswer.locator('.too-deep-note').innerText(), /Shown as text: one part is longer than .* Copy on the answer copies all of it/);
    assert.ok((await tableAnswer.locator('.too-deep-text').innerText()).startsWith(TABLE.slice(0, 100)), 'the table as its text');

    const [quoted, longAnswer] = [ui.answers.nth(0), ui.answers.nth(1)];
    assert.equal((await quoted.locator('.too-deep-text').textContent())?.trim(), DEEP_QUOTE, 'the nested quote is shown as its text');
    await longAnswer.getByRole('heading', { name: 'The end of the long answer' }).waitFor();
    assert.equal(await longAnswer.locator('h2').count(), LONG.split('\n## ').length, 'every heading of the long answer is drawn');
    // A thousand code blocks are given their actions a hundred per task: every one of them.
    const codeBlocks = (LONG.split('\n```').length - 1) / 2;
    assert.ok(codeBlocks > 1_000, `${codeBlocks} code blocks`);
    await until(
      async () => (await longAnswer.locator('.code-block .code-actions [data-code-action="copy"]').count()) === codeBlocks,
      'every code block to have Copy',
    );
    assert.equal(await longAnswer.locator('.code-block').count(), codeBlocks);

    await ui.log.evaluate((log) => log.scrollTo({ top: 0 }));
    await until(() => ui.questions.first().isVisible(), 'the first question is in view at the top');
    await until(() => quoted.locator('.too-deep-text').isVisible(), 'and the quote under it');
    await ui.log.evaluate((log) => log.scrollTo({ top: log.scrollHeight }));
    await until(inView, 'back at the bottom, the end of the newest answer is in view');

    const longTasks = await ui.log.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(
      `      the panel's tasks over 50 ms while opening and scrolling: ${longTasks.length}, longest ${Math.round(Math.max(0, ...longTasks))} ms (wall time; the bench holds the budget)`,
    );
    assert.deepEqual(pageErrors, []);
  });
});
