// History as VS Code draws a list, and the panel's keys, in a real browser with the real bundle:
// one key reaches History from the message box; the list is grouped by date under headings that
// name each group's list; a row's Rename and Delete show on hover and focus and stay in the Tab
// order; Alt+Up and Alt+Down step between messages.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ConversationListItem, ToWebview } from '../../src/shared/protocol';
import { usePanelPages, panelSnapshot } from '../support/webviewPage';
import { until } from '../support/until';

describe('History and the panel keys', function () {
  this.timeout(60_000);
  const openPage = usePanelPages();
  let page: Page;

  const post = (message: ToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const posted = () => page.evaluate(() => (window as unknown as { posted?: { type: string; requestId?: number }[] }).posted ?? []);
  const day = 86_400_000;

  async function open(): Promise<void> {
    page = await openPage({ viewport: { width: 600, height: 700 } });
    const turns = [
      { id: 'q1', role: 'user', text: 'First question', context: [] },
      { id: 'a1', role: 'assistant', text: 'First answer', status: 'complete' },
      { id: 'q2', role: 'user', text: 'Second question', context: [] },
      { id: 'a2', role: 'assistant', text: 'Second answer', status: 'complete' },
    ] as const;
    await post({ type: 'state', revision: 1, snapshot: panelSnapshot([...turns], false, 'now') });
    await page.locator('article[data-turn-id="a2"]').waitFor();
  }

  /** Answers the list History asked for, as the host does. */
  async function answerList(items: ConversationListItem[]): Promise<void> {
    await until(async () => (await posted()).some((m) => m.type === 'listConversations'), 'History asks for the list');
    const requestId = (await posted()).filter((m) => m.type === 'listConversations').at(-1)!.requestId!;
    await post({ type: 'conversations', requestId, query: '', items });
  }

  it('opens History from the message box with Ctrl+Alt+H, which its tooltip names', async () => {
    await open();
    const history = page.getByRole('button', { name: 'History' });
    assert.equal(await history.getAttribute('title'), 'History (Ctrl+Alt+H)');
    assert.equal(await history.getAttribute('aria-keyshortcuts'), 'Control+Alt+H');
    await page.getByLabel('Message', { exact: true }).focus();
    await page.keyboard.press('Control+Alt+h');
    const search = page.getByRole('searchbox', { name: 'Search conversations' });
    await until(() => search.evaluate((el) => el === document.activeElement), 'the search field has focus');
    assert.equal(await page.getByRole('region', { name: 'Conversation list' }).isVisible(), true);
  });

  it('groups the list by date under headings, with Rename and Delete shown on hover and focus', async () => {
    await open();
    await page.getByRole('button', { name: 'History' }).click();
    const now = Date.now();
    const item = (id: string, title: string, updatedAt: number): ConversationListItem => ({ id, title, updatedAt, turnCount: 2 });
    await answerList([item('now', 'Owls', now), item('b', 'Bees', now - 1000), item('c', 'Cats', now - 10 * day), item('d', 'Dogs', now - 60 * day)]);
    const region = page.getByRole('region', { name: 'Conversation list' });
    await region.getByRole('heading', { name: 'Today' }).waitFor();
    assert.deepEqual(await region.getByRole('heading').allTextContents(), ['Today', 'Last 30 days', 'Older']);
    const titles = async (group: string) => region.getByRole('list', { name: group }).locator('.history-title').allInnerTexts();
    assert.deepEqual(await titles('Today'), ['Owls', 'Bees']);
    assert.deepEqual(await titles('Last 30 days'), ['Cats']);
    assert.deepEqual(await titles('Older'), ['Dogs']);

    const rename = region.getByRole('button', { name: 'Rename Bees' });
    const opacity = () => rename.evaluate((el) => getComputedStyle(el.parentElement!).opacity);
    const border = await region
      .locator('button.history-open')
      .first()
      .evaluate((el) => getComputedStyle(el).borderTopColor);
    assert.equal(border, 'rgba(0, 0, 0, 0)', 'a row has no box around it');
    await page.mouse.move(0, 0);
    assert.equal(await opacity(), '0', 'the actions wait for the row');
    await region.locator('.history-open', { hasText: 'Bees' }).hover();
    assert.equal(await opacity(), '1', 'hovering the row shows them');
    await page.mouse.move(0, 0);
    // From the keyboard: focus on the row shows them, and Tab goes on to its Rename (still in the Tab order).
    await region.locator('.history-open', { hasText: 'Cats' }).focus();
    assert.equal(await opacity(), '0', "another row's focus leaves them hidden");
    await region.locator('.history-open', { hasText: 'Bees' }).focus();
    assert.equal(await opacity(), '1', "the row's focus shows them");
    await page.keyboard.press('Tab');
    assert.equal(await rename.evaluate((el) => el === document.activeElement), true, 'Tab reaches Rename');
    assert.equal(await opacity(), '1', 'focus shows it');
  });

  it('steps between messages with Alt+Up and Alt+Down', async () => {
    await open();
    const focusedTurn = () => page.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-turn-id') ?? null);
    await page.getByLabel('Message', { exact: true }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    assert.equal(await focusedTurn(), 'a2', 'from the empty message box, the newest message');
    await page.keyboard.press('Alt+ArrowUp');
    assert.equal(await focusedTurn(), 'q2');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'You', 'the message itself, named by who wrote it');
    await page.keyboard.press('Alt+ArrowDown');
    assert.equal(await focusedTurn(), 'a2');
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    assert.equal(await focusedTurn(), 'q1', 'the first message stays focused at the top');
  });
});
