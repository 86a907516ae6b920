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

describe("The composer's toolbar: provider, model and profile buttons", function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  const providers = [
    { id: 'custom', label: 'Custom OpenAI-compatible server' },
    { id: 'ollama', label: 'Ollama' },
  ];
  const TEAM_FILE = '.parley/profiles/team-reviewer.md';
  /** A long provider, model and repository profile: what a narrow toolbar has to fit. */
  const snapshot = (fields: Parameters<typeof snapshotFixture>[1] = {}) =>
    snapshotFixture([], {
      providers,
      provider: 'custom',
      model: 'qwen2.5-coder-32b-instruct-q4_k_m',
      models: { state: 'ready', models: ['llama3.2', 'qwen2.5-coder-32b-instruct-q4_k_m'] },
      steering: {
        ...snapshotFixture([]).steering,
        profiles: [{ name: 'Team reviewer', source: TEAM_FILE, file: TEAM_FILE }],
        profile: 'Team reviewer',
        file: TEAM_FILE,
      },
      ...fields,
    });
  const show = (page: Page, s: ReturnType<typeof snapshot>, revision: number) =>
    page.evaluate(([s, revision]) => window.postMessage({ type: 'state', revision, snapshot: s }, '*'), [s, revision] as const);
  const posted = (page: Page) => page.evaluate(() => ((window as unknown as { posted?: { type: string }[] }).posted ?? []).map((m) => m.type));

  it('each button shows its value, says what it picks, follows the snapshot, asks the host for its quick pick, and waits while busy', async () => {
    const { page } = await openPanelPage(browser);
    await show(page, snapshot(), 1);
    const provider = page.getByRole('button', { name: 'Provider: Custom OpenAI-compatible server', exact: true });
    const model = page.getByRole('button', { name: 'Model: qwen2.5-coder-32b-instruct-q4_k_m', exact: true });
    const profile = page.getByRole('button', { name: `Profile: From this repository: Team reviewer (${TEAM_FILE})`, exact: true });
    await provider.waitFor();
    assert.equal((await model.innerText()).trim(), 'qwen2.5-coder-32b-instruct-q4_k_m');
    assert.equal((await profile.innerText()).trim(), 'Team reviewer', 'the name on the button; its origin in its name and tooltip');
    assert.match((await profile.getAttribute('title')) ?? '', /^From this repository: Team reviewer \(\.parley\/profiles\/team-reviewer\.md\)/);
    assert.equal(await profile.locator('.codicon-repo').count(), 1);
    assert.equal(await model.getAttribute('title'), 'Model: qwen2.5-coder-32b-instruct-q4_k_m · 2 models');
    for (const button of [provider, model, profile]) await button.click();
    assert.deepEqual(
      (await posted(page)).filter((type) => type.startsWith('choose')),
      ['chooseProvider', 'chooseModel', 'chooseProfile'],
    );

    await show(page, snapshot({ provider: 'ollama', model: 'llama3.2', busy: true, models: { state: 'loading', models: [] } }), 2);
    await page.getByRole('button', { name: 'Provider: Ollama', exact: true }).waitFor();
    for (const name of ['Provider: Ollama', 'Model: llama3.2']) assert.equal(await page.getByRole('button', { name, exact: true }).isDisabled(), true, name);
    assert.equal(await page.getByRole('status').filter({ hasText: 'Listing models…' }).count(), 1, 'the list on its way, said to screen readers');
    assert.equal(await page.getByRole('button', { name: 'Model: llama3.2' }).locator('.codicon-loading').count(), 1, 'and shown by the button');

    const failure = 'Could not list the models: Could not reach http://localhost:1234/v1.';
    await show(page, snapshot({ model: 'llama3.2', models: { state: 'error', models: [], message: failure } }), 3);
    await page.getByRole('status').getByText(failure).waitFor();
    await page.close();
  });

  for (const theme of ['dark', 'light'] as const) {
    for (const width of [360, 1400]) {
      it(`stays on one row, inside the panel, at ${width} px in the ${theme} theme (screenshot kept)`, async () => {
        const { page } = await openPanelPage(browser, { theme, viewport: { width, height: 500 } });
        await show(page, snapshot(), 1);
        const buttons = page.locator('.composer-toolbar button.picker');
        await buttons.first().waitFor();
        const boxes = await buttons.evaluateAll((all) => all.map((b) => b.getBoundingClientRect().toJSON() as DOMRect));
        assert.equal(boxes.length, 3);
        assert.equal(new Set(boxes.map((box) => Math.round(box.top))).size, 1, 'one row');
        assert.ok(
          boxes.every((box) => box.left >= 0 && box.right <= width),
          `inside the panel: ${JSON.stringify(boxes.map((b) => [b.left, b.right]))}`,
        );
        for (const text of await page.locator('.composer-toolbar .picker-text').all()) assert.equal(await lineCount(text), 1, 'each label on one line');
        // The share of each label shown: the provider's gives way before the model's.
        const shown = (picker: string) =>
          page.locator(`.composer-toolbar .${picker} .picker-text`).evaluate((text) => text.clientWidth / Math.max(1, text.scrollWidth));
        const [provider, model] = [await shown('provider-picker'), await shown('model-picker')];
        assert.ok(model >= provider, `model ${model.toFixed(2)} of its name shown, provider ${provider.toFixed(2)}`);
        if (width === 1400) assert.deepEqual([provider, model], [1, 1], 'both whole on a wide panel');
        // A short model name beside the long provider stays whole: the provider makes the room.
        await show(page, snapshot({ model: 'gpt-4o-mini' }), 2);
        await page.getByRole('button', { name: 'Model: gpt-4o-mini', exact: true }).waitFor();
        assert.equal(await shown('model-picker'), 1, 'gpt-4o-mini whole');
        await screenshot(page, `toolbar-${theme}-${width}`);
        await page.close();
      });
    }
  }
});
