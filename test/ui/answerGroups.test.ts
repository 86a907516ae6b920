// A long answer's finished blocks sit in groups (streamingMarkdown.ts, chat.css) that only are laid
// out in view. Held here, in the real webview bundle in headless Chromium: every block stands where
// it stands with no groups, to the pixel, and an answer streamed is grouped as the same answer drawn
// whole. Needs only Chromium.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { markdownAnswer } from '../../bench/corpus';
import { STREAM_HELPER, launchChromium, openPanelPage, panelSnapshot, streamMessages } from '../support/webviewPage';

/** Headings, paragraphs, lists, task lists, code, tables and quotes, with a rule and a reference defined at the end. */
const ANSWER = `${markdownAnswer(12_000)}\n\n---\n\nLast, see [the plan][plan].\n\n[plan]: https://example.com/plan\n`;

/** Page side: each block of the last answer's body, where it stands from the body's top and how tall it is, with the body's groups and without. */
const MEASURE = `() => {
  const body = [...document.querySelectorAll('.turn-assistant .body')].at(-1);
  const groups = [...body.querySelectorAll(':scope > .blocks')];
  const blocks = [...body.children].flatMap((child) => (child.classList.contains('blocks') ? [...child.children] : [child]));
  const place = () => {
    const top = body.getBoundingClientRect().top;
    return blocks.map((block) => { const r = block.getBoundingClientRect(); return [r.top - top, r.height]; });
  };
  // Laid out whole, in view or not: what is compared is where the groups' margins put the blocks.
  for (const group of groups) group.style.contentVisibility = 'visible';
  const grouped = place();
  const shape = groups.map((group) => group.children.length);
  for (const group of groups) group.replaceWith(...group.childNodes);
  return { shape, tags: blocks.map((b) => b.localName), grouped, ungrouped: place() };
}`;

interface Measured {
  readonly shape: number[];
  readonly tags: string[];
  readonly grouped: Array<[number, number]>;
  readonly ungrouped: Array<[number, number]>;
}

async function measure(page: Page): Promise<Measured> {
  await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 150))))`);
  return (await page.evaluate(`(${MEASURE})()`)) as Measured;
}

/** The blocks that do not stand where they stand ungrouped, as "block N <tag>: top a vs b". */
function misplaced(m: Measured): string[] {
  return m.grouped.flatMap(([top, height], i) => {
    const [ungroupedTop, ungroupedHeight] = m.ungrouped[i]!;
    return Math.abs(top - ungroupedTop) > 0.5 || Math.abs(height - ungroupedHeight) > 0.5
      ? [`block ${i} <${m.tags[i]}>: top ${top.toFixed(1)} vs ${ungroupedTop.toFixed(1)}, height ${height.toFixed(1)} vs ${ungroupedHeight.toFixed(1)}`]
      : [];
  });
}

describe("A long answer's blocks in groups", function () {
  this.timeout(180_000);
  let browser: Browser;
  let streamed: Measured;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('stand where they stand with no groups, to the pixel, streamed', async () => {
    const { page } = await openPanelPage(browser, { viewport: { width: 700, height: 900 } });
    await page.evaluate(STREAM_HELPER);
    await page.evaluate(`window.streamMessages(${JSON.stringify(streamMessages(ANSWER, 333))}, 200)`);
    await page.locator('.turn-assistant .body a', { hasText: 'the plan' }).waitFor();
    streamed = await measure(page);
    assert.ok(streamed.shape.length >= 3, `the answer is in groups: ${streamed.shape.join(', ')}`);
    assert.deepEqual(misplaced(streamed), []);
    await page.close();
  });

  it('are the same groups when the answer is drawn whole', async () => {
    assert.ok(streamed, 'the streamed answer was measured');
    const { page } = await openPanelPage(browser, { viewport: { width: 700, height: 900 } });
    const snapshot = panelSnapshot(
      [
        { id: 'q', role: 'user', text: 'Explain the whole plan, with code.', context: [] },
        { id: 'a', role: 'assistant', text: ANSWER, status: 'complete' },
      ],
      false,
    );
    await page.evaluate((s) => window.postMessage({ type: 'state', revision: 1, snapshot: s }, '*'), snapshot);
    await page.locator('.turn-assistant .body a', { hasText: 'the plan' }).waitFor();
    const whole = await measure(page);
    assert.deepEqual(misplaced(whole), []);
    assert.deepEqual(whole.shape, streamed.shape);
    assert.deepEqual(whole.tags, streamed.tags);
    await page.close();
  });
});
