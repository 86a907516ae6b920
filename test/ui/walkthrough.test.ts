// The Get Started walkthrough as a new user meets it in the packaged extension: opened from the
// command palette, its steps in English (the manifest's %keys% resolved from package.nls.json),
// and each step checked off only when the user has done what it asks.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Browser, CodeServer } from '../support/codeServer';
import { REPO_ROOT, launchBrowser, openWorkbench, runCommand, screenshot, startCodeServer } from '../support/codeServer';
import { ParleyUi } from './parleyUi';

const STEPS = {
  provider: 'Choose a provider and set your key',
  openChat: 'Open the chat',
  askAboutSelection: 'Ask about a selection',
  profile: 'Make a profile',
} as const;
type StepId = keyof typeof STEPS;

describe('Parley Get Started walkthrough in a real editor', function () {
  this.timeout(120_000);
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  /** A step's row; VS Code ids it as `<extension>#<walkthrough>#<step>`. */
  const step = (id: StepId): Locator => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
  /** The check mark VS Code draws in front of a step; it gains `complete` when the step is done. */
  const checkMark = (id: StepId): Locator => page.locator(`.getting-started-step [data-done-step-id$="#${id}"]`);
  const isDone = async (id: StepId): Promise<boolean> => ((await checkMark(id).getAttribute('class')) ?? '').split(/\s+/).includes('complete');
  const waitDone = (id: StepId): Promise<void> => checkMark(id).and(page.locator('.complete')).waitFor();

  /** Selects a step (which shows its description and buttons) and clicks the button named `label`. */
  async function clickStepButton(id: StepId, label: string): Promise<void> {
    await step(id).locator('.step-title').click();
    await step(id).getByRole('button', { name: label, exact: true }).click();
  }

  /** What a user does: the palette's "Welcome: Open Walkthrough...", then Parley's walkthrough. */
  async function openWalkthrough(): Promise<void> {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Parley' }).click();
    await page.locator('.gettingStartedSlideDetails h2', { hasText: 'Get Started with Parley' }).waitFor();
  }

  before(async function () {
    this.timeout(300_000);
    const vsix = join(REPO_ROOT, 'parley.vsix');
    assert.ok(existsSync(vsix), 'parley.vsix exists (npm run package)');
    // Settings editors as tabs, not modals over the walkthrough (this VS Code's default for some).
    server = await startCodeServer({ vsix, settings: { 'parley.baseUrl': 'http://127.0.0.1:9/v1', 'workbench.editor.useModal': 'off' } });
    browser = await launchBrowser();
    page = browser.page;
    await openWorkbench(page, server);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const name = `walkthrough-${this.currentTest.title}`;
      await screenshot(page, name).catch(() => undefined);
      server.saveLogs(name);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens from "Welcome: Open Walkthrough..." with its four steps in English, none done yet', async () => {
    // Without the side bar the walkthrough is wide enough to show each step's page beside it.
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await openWalkthrough();
    for (const [id, title] of Object.entries(STEPS) as [StepId, string][]) {
      assert.equal((await step(id).locator('.step-title').innerText()).trim(), title);
      assert.equal(await isDone(id), false, `${id} is not done before the user did it`);
    }
    // The first step is open: its text and both buttons, no %key% left unresolved.
    await step('provider').getByRole('button', { name: 'Choose Provider', exact: true }).waitFor();
    await step('provider').getByRole('button', { name: 'Set API Key', exact: true }).waitFor();
    assert.doesNotMatch(await page.locator('.gettingStartedSlideDetails').innerText(), /%[\w.]+%/);
    // The step's page, media/walkthrough/provider.md, rendered in its webview.
    await page.frameLocator('iframe.webview').frameLocator('#active-frame').getByRole('heading', { name: 'Where Parley sends your questions' }).waitFor();
    await screenshot(page, 'walkthrough-opened');
  });

  it('the Open Chat button opens the chat and checks off its step', async () => {
    await clickStepButton('openChat', 'Open Chat');
    await new ParleyUi(page).composer.waitFor();
    await waitDone('openChat');
    assert.equal(await isDone('provider'), false, 'opening the chat does not complete the provider step');
    // The chat opens beside the walkthrough; back to it the way a user would.
    await openWalkthrough();
    await waitDone('openChat');
    await screenshot(page, 'walkthrough-chat-done');
  });

  it('the provider step is done once a key is stored, not when the Set API Key box is cancelled', async () => {
    const keyBox = page.locator('.quick-input-widget input[type="password"]');
    await clickStepButton('provider', 'Set API Key');
    await keyBox.waitFor();
    await page.keyboard.press('Escape');
    await keyBox.waitFor({ state: 'hidden' });
    assert.equal(await isDone('provider'), false, 'a cancelled key prompt stores nothing');

    await clickStepButton('provider', 'Set API Key');
    await keyBox.fill('sk-walkthrough-test');
    await page.keyboard.press('Enter');
    await waitDone('provider');
    await screenshot(page, 'walkthrough-key-done');
  });

  it("the Settings editor lists Parley's settings in their order, with their English descriptions", async () => {
    await runCommand(page, 'Preferences: Open Settings (UI)');
    await page.locator('.settings-editor').waitFor();
    await page.keyboard.type('@ext:parley.parley');
    await page.locator('.settings-editor', { hasText: '7 Settings Found' }).waitFor();
    // The list renders only what is on screen: the first settings, in their `order`.
    const labels = page.locator('.settings-editor .setting-item-contents .setting-item-label');
    await labels.nth(2).waitFor();
    assert.deepEqual(
      (await labels.allInnerTexts()).slice(0, 3).map((t) => t.trim()),
      ['Provider', 'Base Url', 'Custom Headers'],
    );
    const provider = page.locator('.settings-editor .setting-item-contents', { hasText: 'Provider' }).first();
    await provider.getByText('Where questions go: a preset', { exact: false }).waitFor();
    assert.doesNotMatch(await page.locator('.settings-editor .settings-body').innerText(), /%config\./);
    await screenshot(page, 'walkthrough-settings');
  });

  it('the profile step is done when the user adds a profile to settings.json', async () => {
    await openWalkthrough();
    assert.equal(await isDone('profile'), false);
    await runCommand(page, 'Preferences: Open User Settings (JSON)');
    await page.locator('.monaco-editor .view-line', { hasText: 'parley.baseUrl' }).waitFor();
    // After the opening brace; inserted text, unlike typed keys, gets no auto-closed quotes or brackets.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.insertText('\n"parley.profiles": [{ "name": "Reviewer", "systemPrompt": "Review briefly." }],');
    await page.keyboard.press('Control+S');
    await openWalkthrough();
    await waitDone('profile');
    assert.equal(await isDone('askAboutSelection'), false, 'untouched steps stay open');
    await screenshot(page, 'walkthrough-profile-done');
  });
});
