// The log follows the conversation, in a real browser with the real bundle: a sent question comes
// into view even when the user had scrolled up; the user scrolling up while an answer streams stops
// the following, and "Jump to latest" says so and brings them back.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ToWebview, TurnView } from '../../src/shared/protocol';
import { usePanelPages, panelSnapshot, panelState } from '../support/webviewPage';
import { until } from '../support/until';

/** Enough earlier messages, each a few paragraphs long, that the log scrolls several screens. */
function earlierTurns(pairs: number): TurnView[] {
  const paragraph = 'A paragraph of an earlier answer, long enough to wrap over a line or two in the panel. '.repeat(3);
  return Array.from({ length: pairs }, (_, i): TurnView[] => [
    { id: `q${i}`, role: 'user', text: `Earlier question ${i}`, context: [] },
    { id: `a${i}`, role: 'assistant', text: `${paragraph}\n\n${paragraph}\n\n${paragraph}`, status: 'complete' },
  ]).flat();
}

/** `count` messages, alternately a question and its answer, each of one short line; `answer` writes the answer. */
function shortTurns(count: number, question: (i: number) => string, answer: (i: number) => string): TurnView[] {
  return Array.from({ length: count }, (_, i): TurnView =>
    i % 2 === 0 ? { id: `t${i}`, role: 'user', text: question(i), context: [] } : { id: `t${i}`, role: 'assistant', text: answer(i), status: 'complete' },
  );
}

describe('the log follows the conversation', function () {
  this.timeout(60_000);
  const openPage = usePanelPages();
  let page: Page;

  const earlier = earlierTurns(12);
  const question: TurnView = { id: 'new-q', role: 'user', text: 'And now a new question?', context: [] };
  const streaming = (text: string) => ({ id: 'new-a', role: 'assistant', text, status: 'streaming' }) as const;
  const post = (message: ToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const distanceFromBottom = () =>
    page.evaluate(() => {
      const l = document.getElementById('log')!;
      return l.scrollHeight - l.scrollTop - l.clientHeight;
    });
  const scrollTop = () => page.evaluate(() => document.getElementById('log')!.scrollTop);
  /** Whether the whole of the element is inside the log's visible box. */
  const inView = (selector: string) =>
    page.evaluate((s) => {
      const box = document.getElementById('log')!.getBoundingClientRect();
      const target = document.querySelector(s)!.getBoundingClientRect();
      return target.top >= box.top - 1 && target.bottom <= box.bottom + 1;
    }, selector);
  const jump = () => page.getByRole('button', { name: 'Jump to latest' });
  const frames = () => page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');

  /** Opens the panel on the earlier conversation, scrolled to its bottom as it opens. */
  async function openEarlier(): Promise<void> {
    page = await openPage({ viewport: { width: 800, height: 600 } });
    await post({ type: 'state', revision: 1, snapshot: panelSnapshot(earlier, false) });
    await until(async () => (await page.locator('article[data-turn-id="a11"] .body').innerText()).includes('earlier answer'), 'the conversation is drawn');
    await until(async () => (await distanceFromBottom()) <= 2, 'it opens at its newest message');
  }

  /** The user turns the mouse wheel over the log, and the scroll settles. */
  async function wheelUp(pixels: number): Promise<number> {
    const before = await scrollTop();
    await page.locator('#log').hover();
    // A fresh page's compositor can drop the first wheel event: turned again until the log moves.
    await until(async () => {
      if ((await scrollTop()) < before) return true;
      await page.mouse.wheel(0, -pixels);
      await frames();
      return (await scrollTop()) < before;
    }, 'the log scrolled up');
    let settled = await scrollTop();
    for (;;) {
      await frames();
      const now = await scrollTop();
      if (now === settled) return now;
      settled = now;
    }
  }

  it('shows a new chat from the top of its empty state in a panel too short for all of it', async () => {
    page = await openPage({ viewport: { width: 360, height: 420 } });
    await post({ type: 'state', revision: 1, snapshot: panelSnapshot([], false) });
    await page.locator('#log .empty').waitFor();
    await frames();
    assert.ok(
      await page.evaluate(() => document.getElementById('log')!.scrollHeight > document.getElementById('log')!.clientHeight),
      'the empty state scrolls',
    );
    assert.equal(await scrollTop(), 0);
    assert.ok(await inView('#log .empty > :first-child'), 'its first line is in view');
    // The user reads on: the log stays where they scroll it, through the host's next snapshot too.
    await page.locator('#log').hover();
    await until(async () => {
      await page.mouse.wheel(0, 100);
      await frames();
      return (await scrollTop()) > 0;
    }, 'the log scrolled down');
    const read = await scrollTop();
    await post({ type: 'state', revision: 2, snapshot: panelSnapshot([], false) });
    await frames();
    assert.equal(await scrollTop(), read);
  });

  it('brings a sent question into view though the user had scrolled up a little', async () => {
    await openEarlier();
    // More than the old 40 px of slack, far less than a screen.
    await wheelUp(100);
    assert.ok((await distanceFromBottom()) > 40, 'the user is a little above the bottom');
    await post({ type: 'state', revision: 2, snapshot: panelSnapshot([...earlier, question, streaming('')], true) });
    await until(() => inView('article[data-turn-id="new-q"]'), 'the question just sent is in view');
    await post({ type: 'delta', turnId: 'new-a', part: 'text', offset: 0, text: 'The answer begins here.' });
    await until(async () => (await page.locator('article[data-turn-id="new-a"] .body').innerText()).includes('answer begins'), 'the answer streams');
    await until(async () => (await distanceFromBottom()) <= 2, 'and the log follows it');
    assert.equal(await jump().isVisible(), false, 'nothing is below to jump to');
  });

  it('stops following when the user scrolls up during an answer; Jump to latest says so and follows again', async () => {
    await openEarlier();
    await post({ type: 'state', revision: 2, snapshot: panelSnapshot([...earlier, question, streaming('')], true) });
    await until(() => inView('article[data-turn-id="new-q"]'), 'the question is in view');
    let offset = 0;
    const stream = async (lines: number) => {
      for (let i = 0; i < lines; i++) {
        const text = `Line ${offset} of the answer, a sentence that keeps it growing.\n\n`;
        await post({ type: 'delta', turnId: 'new-a', part: 'text', offset, text });
        offset += text.length;
        await frames();
      }
    };
    await stream(5);
    await until(async () => (await distanceFromBottom()) <= 2, 'the log follows the answer');

    const readingAt = await wheelUp(300);
    await stream(10);
    assert.equal(await scrollTop(), readingAt, 'the log stays where the user reads while the answer grows');
    assert.ok((await distanceFromBottom()) > 300, 'the answer grew below');
    await until(() => jump().isVisible(), 'Jump to latest shows');
    assert.equal(await jump().getAttribute('title'), 'An answer is streaming below');
    assert.equal(await page.getByRole('status').filter({ hasText: 'An answer is streaming below' }).count(), 1, 'and is said politely');

    // From the keyboard: a Tab stop of its own (no tabindex taking it out), Enter jumps.
    assert.equal(await jump().evaluate((b) => (b as HTMLElement).tabIndex), 0);
    await jump().focus();
    await page.keyboard.press('Enter');
    await until(async () => (await distanceFromBottom()) <= 2, 'Jump to latest scrolls to the bottom');
    assert.equal(await jump().isVisible(), false, 'and goes away');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-turn-id')), 'new-a', 'focus is on the newest message');
    await stream(10);
    assert.ok((await distanceFromBottom()) <= 2, 'the log follows again');

    // The answer ends while the user reads above: the button stays for what is new below.
    await wheelUp(300);
    await post({
      type: 'update',
      revision: 3,
      base: 2,
      snapshot: panelState(false),
      keptTurns: earlier.length + 1,
      turns: [{ ...streaming('The whole answer.\n\n'.repeat(40)), status: 'complete' }],
    });
    await until(() => jump().isVisible(), 'Jump to latest shows for the finished answer below');
    assert.equal(await jump().getAttribute('title'), 'New messages below');
    await jump().click();
    await until(async () => (await distanceFromBottom()) <= 2, 'a click scrolls to the bottom');
  });

  it('opens 10,000 messages at the newest, and scrolled to the top has drawn every message in order', async function () {
    this.timeout(120_000);
    page = await openPage({ viewport: { width: 800, height: 600 } });
    const many = shortTurns(
      10_000,
      (i) => `Question ${i}`,
      (i) => `Answer **${i}**.`,
    );
    await post({ type: 'state', revision: 1, snapshot: panelSnapshot(many, false) });
    await until(() => inView('article[data-turn-id="t9999"]'), 'the newest message is in view');
    const drawn = () => page.evaluate(() => document.querySelectorAll('#log article').length);
    await until(async () => (await drawn()) === 10_000, 'the older messages are built in the background', 60_000);
    await page.locator('#log').hover();
    await until(async () => {
      await page.mouse.wheel(0, -10_000_000);
      await frames();
      return (await scrollTop()) === 0;
    }, 'the user turns the wheel to the top');
    await until(() => inView('article[data-turn-id="t0"]'), 'the first message is at the top');
    const order = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#log article')].map((a) => a.dataset.turnId));
    assert.deepEqual(
      order,
      many.map((t) => t.id),
      'every message, once, in the order of the conversation',
    );
    await until(async () => (await page.locator('#log article .body:empty').count()) === 0, 'every body is drawn', 60_000);
    assert.equal(await page.locator('article[data-turn-id="t1"] strong').innerText(), '1');
  });

  it('stays at the newest message while the older ones are drawn, though they are shorter than the log estimated', async function () {
    this.timeout(120_000);
    page = await openPage({ viewport: { width: 800, height: 600 } });
    // The log lays out only the messages in view (content-visibility), estimating the others'
    // height; two short lines are less than the estimate, so the log shrinks as they are drawn.
    const short = shortTurns(
      1_000,
      (i) => `Q ${i}`,
      (i) => `A ${i}\n\nmore text`,
    );
    await post({ type: 'state', revision: 1, snapshot: panelSnapshot(short, false) });
    await until(async () => (await page.evaluate(() => document.querySelectorAll('#log article').length)) === 1_000, 'every message is built');
    await frames();
    assert.ok((await distanceFromBottom()) <= 2, 'the log is still at its bottom');
    assert.equal(await inView('article[data-turn-id="t999"]'), true, 'the newest message is in view');
    assert.equal(await jump().isVisible(), false, 'nothing says there is more below');
  });

  it('shows no Jump to latest to a user reading above when nothing comes below', async () => {
    await openEarlier();
    await wheelUp(400);
    await frames();
    assert.equal(await jump().isVisible(), false);
  });
});
