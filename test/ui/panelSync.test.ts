// The webview's side of the numbered channel, in a real browser with the real bundle: what follows
// what it shows is drawn; a missed update, a piece that does not begin where the text ends, or a
// message it cannot read makes it ask for a whole snapshot (`ready`) instead of drawing it wrong.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ToWebview } from '../../src/shared/protocol';
import { launchChromium, openPanelPage, panelSnapshot, panelState } from '../support/webviewPage';
import { until } from '../support/until';

describe('the webview keeps to what the host posted, in order', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());
  beforeEach(async () => {
    ({ page } = await openPanelPage(browser));
  });
  afterEach(() => page.close());

  const question = { id: 'q', role: 'user', text: 'Count to three.', context: [] } as const;
  const streaming = (text: string) => ({ id: 'a', role: 'assistant', text, status: 'streaming' }) as const;
  const post = (message: ToWebview | Record<string, unknown>) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const readies = () => page.evaluate(() => ((window as unknown as { posted?: { type: string }[] }).posted ?? []).filter((m) => m.type === 'ready').length);
  const answer = () => page.locator('article[data-turn-id="a"] .body').innerText();

  async function start(): Promise<number> {
    await until(async () => (await readies()) === 1, 'the page said ready once on load');
    await post({ type: 'state', revision: 1, snapshot: panelSnapshot([question, streaming('One,')], true) });
    await until(async () => (await answer()).includes('One,'), 'the snapshot is drawn');
    return readies();
  }

  it('appends a piece that begins where the answer ends, and applies an update to the revision shown', async () => {
    const before = await start();
    await post({ type: 'delta', turnId: 'a', part: 'text', offset: 4, text: ' two,' });
    await until(async () => (await answer()).includes('One, two,'), 'the piece is appended');
    await post({
      type: 'update',
      revision: 2,
      base: 1,
      snapshot: panelState(false),
      keptTurns: 1,
      turns: [{ ...streaming('One, two, three.'), status: 'complete' }],
    });
    await until(async () => (await answer()).includes('three.'), 'the update is drawn');
    assert.equal(await readies(), before, 'nothing was asked for again');
  });

  it('asks for a whole snapshot when a piece does not begin where the answer ends, and draws no piece until it comes', async () => {
    const before = await start();
    await post({ type: 'delta', turnId: 'a', part: 'text', offset: 9, text: ' three,' });
    await until(async () => (await readies()) === before + 1, 'a gap: the page asks for everything');
    await post({ type: 'delta', turnId: 'a', part: 'text', offset: 4, text: ' two,' });
    await post({ type: 'delta', turnId: 'a', part: 'text', offset: 9, text: ' three,' });
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    assert.equal(await answer(), 'One,', 'pieces that arrive before the snapshot are not drawn');
    assert.equal(await readies(), before + 1, 'and it asked once');
    await post({ type: 'state', revision: 7, snapshot: panelSnapshot([question, streaming('One, two, three,')], true) });
    await until(async () => (await answer()) === 'One, two, three,', 'the whole snapshot is drawn');
    await post({ type: 'delta', turnId: 'a', part: 'text', offset: 16, text: ' four.' });
    await until(async () => (await answer()) === 'One, two, three, four.', 'pieces follow the new snapshot');
  });

  it('asks for a whole snapshot after an update to a revision it does not show, or a message it cannot read', async () => {
    const before = await start();
    await post({ type: 'update', revision: 3, base: 2, snapshot: panelState(false), keptTurns: 1, turns: [{ ...streaming('One, two.'), status: 'complete' }] });
    await until(async () => (await readies()) === before + 1, 'revision 2 was missed');
    assert.equal(await answer(), 'One,', 'the update that did not follow is not drawn');
    await post({ type: 'state', revision: 4, snapshot: panelSnapshot([question, streaming('One,')], true) });
    await post({ type: 'delta', turnId: 'a', part: 'text', text: ' no offset' });
    await until(async () => (await readies()) === before + 2, 'a delta without its offset is not drawn');
    assert.equal(await answer(), 'One,');
  });
});
