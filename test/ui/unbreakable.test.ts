// A part of an answer the markdown parser fails on (here, emphasis nested deeper than its stack)
// is shown as its text; the rest of the conversation draws, and the failure is logged once. The
// real webview bundle in headless Chromium, as the panel receives a conversation. Needs only Chromium.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TurnView } from '../../src/shared/protocol';
import { screenshot } from '../support/codeServer';
import { STREAM_HELPER, launchChromium, openPanelPage, panelSnapshot, streamMessages } from '../support/webviewPage';

/**
 * Two runs of `*` (well within the emphasis bound) nest emphasis 10,000 deep: marked overflows its
 * stack (from 3,000, depending on how deep the stack already is).
 */
const THROWS = `${'*'.repeat(10_000)}a${'*'.repeat(10_000)}`;
/** About 2 KB of nested quotes: beyond the nesting bound, shown as text without parsing. */
const DEEP_QUOTE = `${'> '.repeat(1000)}deep`;
const FAILURE_LOG = 'could not be drawn as markdown';

describe('Answers the parser fails on', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  const failures: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    browser = await launchChromium();
    ({ page } = await openPanelPage(browser));
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes(FAILURE_LOG)) failures.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });
  after(async () => {
    await browser?.close();
  });

  it('show the failing part as text and draw the rest of the conversation, logging the failure once', async () => {
    const answers = ['## First\n\nSome **bold** words.', `Before.\n\n${THROWS}\n\nAfter **this**.`, `Quoted:\n\n${DEEP_QUOTE}`, 'Last `code`.'];
    const turns: TurnView[] = answers.flatMap((text, i): TurnView[] => [
      { id: `q${i}`, role: 'user', text: `Question ${i}`, context: [] },
      { id: `a${i}`, role: 'assistant', text, status: 'complete' },
    ]);
    await page.evaluate((snapshot) => window.postMessage({ type: 'state', revision: 1, snapshot }, '*'), panelSnapshot(turns, false, 'unbreakable'));
    const bodies = page.locator('.turn-assistant .body');
    await bodies.nth(3).locator('code', { hasText: 'code' }).waitFor();
    await bodies.nth(0).getByRole('heading', { name: 'First' }).waitFor();
    const failed = bodies.nth(1);
    assert.equal((await failed.locator('.too-deep-text').textContent())?.trim(), THROWS, 'the failing part is shown as its text, whole');
    await failed.locator('p', { hasText: 'Before.' }).waitFor();
    await failed.locator('strong', { hasText: 'this' }).waitFor();
    assert.equal((await bodies.nth(2).locator('.too-deep-text').textContent())?.trim(), DEEP_QUOTE);
    await screenshot(page, 'unbreakable-conversation');
    assert.deepEqual(pageErrors, []);
    assert.equal(failures.length, 1, 'the failure is logged once');
  });

  it('show a streamed failing part as text, redrawn every frame, without logging it again', async () => {
    await page.evaluate(STREAM_HELPER);
    const answer = `Streamed.\n\n${THROWS}\n\nEnd.`;
    await page.evaluate(`window.streamMessages(${JSON.stringify(streamMessages(answer, 97, 'Again', 'unbreakable-stream'))}, 200)`);
    const body = page.locator('.turn-assistant .body').last();
    await body.locator('p', { hasText: 'End.' }).waitFor();
    assert.equal((await body.locator('.too-deep-text').textContent())?.trim(), THROWS);
    assert.deepEqual(pageErrors, []);
    assert.equal(failures.length, 1, 'still logged once');
  });
});
