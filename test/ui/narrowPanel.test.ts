// The panel at its narrowest useful width (360 px): the first-run banner keeps its button's label on
// one line and wraps its text around it. The real webview bundle in headless Chromium. Needs only Chromium.
import * as assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { screenshot } from '../support/codeServer';
import { snapshotFixture } from '../support/snapshotFixture';
import { launchChromium, openPanelPage } from '../support/webviewPage';

/** How many lines the element's text is laid out on. */
function lineCount(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  });
}

describe('The panel at 360 px', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchChromium();
    ({ page } = await openPanelPage(browser, { viewport: { width: 360, height: 700 } }));
  });
  after(async () => {
    await browser?.close();
  });

  it('the first-run banner keeps "Set API Key" and "Choose Provider…" on one line and wraps its text instead', async () => {
    const snapshot = snapshotFixture([], { needsApiKey: true, baseUrl: 'https://api.openai.com/v1' });
    await page.evaluate((s) => window.postMessage({ type: 'state', revision: 1, snapshot: s }, '*'), snapshot);
    const button = page.locator('.banner').getByRole('button', { name: 'Set API Key' });
    await button.waitFor();
    await screenshot(page, 'narrow-key-banner');
    const other = page.locator('.banner').getByRole('button', { name: 'Choose Provider…' });
    assert.equal(await lineCount(button), 1, '"Set API Key" reads on one line');
    assert.equal(await lineCount(other), 1, '"Choose Provider…" reads on one line');
    assert.equal((await button.boundingBox())?.y, (await other.boundingBox())?.y, 'side by side');
    assert.ok((await lineCount(page.locator('.banner .banner-text'))) > 1, 'the text wraps, not the buttons');
    const [banner, box] = [await page.locator('.banner').boundingBox(), await button.boundingBox()];
    assert.ok(banner && box && box.x + box.width <= banner.x + banner.width, 'the button stays inside the banner');
  });
});
