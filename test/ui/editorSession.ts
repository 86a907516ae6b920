// The life of one UI suite: a local OpenAI-compatible server, code-server with the packaged .vsix,
// headless Chromium on its workbench, and Parley's chat open. After each test the recorded requests
// are checked against the Chat Completions schema; a failure leaves a screenshot and the logs.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CodeServer, CodeServerOptions } from '../support/codeServer';
import { REPO_ROOT, launchBrowser, openWorkbench, screenshot, startCodeServer } from '../support/codeServer';
import { validateChatRequest } from '../support/chatSchema';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { ParleyUi } from './parleyUi';

export interface EditorSession {
  fake: FakeOpenAI;
  server: CodeServer;
  browser: Browser;
  ui: ParleyUi;
}

/** The settings a suite starts from: Parley talks to the fake server, steered by a plain system prompt. */
export function fakeServerSettings(fake: FakeOpenAI): Record<string, unknown> {
  return { 'parley.baseUrl': fake.baseUrl, 'parley.model': 'gpt-4o-mini', 'parley.systemPrompt': 'You are Parley under test.', 'parley.examples': [] };
}

/**
 * Registers the suite's mocha hooks and returns the session, filled in once `before` has run.
 * `options` gets the started fake server, so settings can point at it.
 */
export function useEditorSession(name: string, options: (fake: FakeOpenAI) => Omit<CodeServerOptions, 'vsix'>): EditorSession {
  const session = {} as EditorSession;

  before(async function () {
    this.timeout(300_000);
    const vsix = join(REPO_ROOT, 'parley.vsix');
    assert.ok(existsSync(vsix), 'parley.vsix exists (npm run package)');
    session.fake = await FakeOpenAI.start();
    session.server = await startCodeServer({ vsix, ...options(session.fake) });
    session.browser = await launchBrowser();
    session.ui = new ParleyUi(session.browser.page);
    await openWorkbench(session.browser.page, session.server);
    await session.ui.open();
  });

  afterEach(async function () {
    const { fake, server, browser } = session;
    if (this.currentTest?.state === 'failed') {
      const shot = `${name}-${this.currentTest.title}`;
      await screenshot(browser.page, shot).catch(() => undefined);
      server.saveLogs(shot);
    }
    for (const recorded of fake.requests) assert.deepEqual(validateChatRequest(recorded.body), [], 'every request matches the Chat Completions schema');
    assert.deepEqual(
      fake.otherRequests.map((r) => r.url),
      [],
      'nothing else was fetched from the server',
    );
    fake.reset();
  });

  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
    await session.fake?.close();
  });

  return session;
}
