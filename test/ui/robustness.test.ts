// Parley under pressure, as a user meets it: a conversation outgrowing the context window, a server
// that says "too long" or "slow down", a webview that posts garbage, links that are not web pages,
// and an API key that must appear nowhere but in the request.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { Browser, CodeServer } from '../support/codeServer';
import { EXTENSION_ID, runCommand } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { malformedMessages } from '../support/hostileMessages';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

type Message = { role: string; content: string };
/**
 * VS Code's host page around a webview: the webview's acquireVsCodeApi().postMessage calls this
 * function of it, so calling it is exactly what the chat's script (or a script injected into it) does.
 */
type WebviewHost = { __vscode_post_message__: (command: string, data: unknown) => void };

/** Small enough that two long exchanges do not fit: 300 tokens for the prompt after the reply's share. */
const CONTEXT_WINDOW = 400;
const API_KEY = `sk-leakcheck-${randomBytes(12).toString('hex')}`;
const FUZZ_COUNT = 2_000;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('Parley under pressure, in a real editor', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let server: CodeServer;
  let browser: Browser;
  let ui: ParleyUi;

  const messages = (i: number) => (fake.requests[i]!.body as { messages: Message[] }).messages;

  /** VS Code's host frame of the chat webview, and the chat's own document inside it. */
  async function chatFrames(): Promise<{ host: Frame; chat: Frame }> {
    const host = await (await browser.page.locator(`iframe.webview[src*="extensionId=${EXTENSION_ID}"]`).elementHandle())?.contentFrame();
    const chat = await (await host?.locator('#active-frame').elementHandle())?.contentFrame();
    assert.ok(host && chat, 'the chat webview is open');
    return { host, chat };
  }

  /** Posts messages to the extension as the chat webview's script would. */
  async function postAsWebview(batch: readonly unknown[]): Promise<number> {
    const { host } = await chatFrames();
    return host.evaluate((messages) => {
      for (const message of messages) (globalThis as unknown as WebviewHost).__vscode_post_message__('onmessage', { message });
      return messages.length;
    }, batch);
  }

  /** How many malformed webview messages the Parley log reports having ignored. */
  /** The Parley output channel's log, as written so far. */
  function parleyLog(): string {
    return server
      .extensionHostLogs()
      .filter((file) => /Parley\.log$/.test(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
  }

  function ignoredInLog(): number {
    return parleyLog().match(/Ignored a malformed message from the webview/g)?.length ?? 0;
  }

  const editor = useEditorSession('robustness', (started) => ({
    env: { OPENAI_API_KEY: API_KEY },
    settings: {
      'parley.baseUrl': started.baseUrl,
      'parley.model': 'gpt-4o-mini',
      'parley.systemPrompt': 'Be brief.',
      'parley.contextWindow': CONTEXT_WINDOW,
    },
  }));
  before(() => ({ fake, server, browser, ui } = editor));

  it('a conversation longer than the context window: the oldest exchange is left out, and the answer says so', async () => {
    await ui.newChat();
    const long = 'alpha '.repeat(150).trim();
    await ui.ask(long);
    await ui.answerDone(1);
    await ui.ask('Short question?');
    const answer = await ui.answerDone(2);
    await answer.getByText('2 earlier messages were not sent with this question', { exact: false }).waitFor();
    assert.deepEqual(messages(1), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Short question?' },
    ]);
    assert.equal(await ui.questions.count(), 2, 'the left-out exchange is still in the conversation');
    assert.equal(await ui.answers.first().locator('.left-out').count(), 0, 'the first answer had everything');
  });

  it('an answer the server ends at its length limit is kept, and says why it stops there', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'Step one, then step two, and then', finishReason: 'length' });
    await ui.ask('List the steps.');
    const answer = await ui.answerDone(1);
    await answer.locator('.body').getByText('Step one, then step two, and then').waitFor();
    await answer.locator('.cut-short[role="note"]', { hasText: 'it reached the length limit (parley.maxOutputTokens' }).waitFor();
    assert.equal(await answer.locator('.status').count(), 0, 'not a failure: nothing to retry');
  });

  it('"context length exceeded": the answer says so, and one click on Retry sends less and gets an answer', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'First answer.' }, { kind: 'reply', text: 'Second answer.' });
    await ui.ask('First question');
    await ui.answerDone(1);
    await ui.ask('Second question');
    await ui.answerDone(2);
    fake.script(
      {
        kind: 'status',
        status: 400,
        code: 'context_length_exceeded',
        message: "This model's maximum context length is 60 tokens. However, your messages resulted in 70 tokens.",
      },
      { kind: 'reply', text: 'Fits now.' },
    );
    await ui.ask('Third question');
    const failed = await ui.answerDone(3);
    await failed.getByText('Retry sends it again without the oldest messages', { exact: false }).waitFor();
    await failed.getByRole('button', { name: 'Retry' }).click();
    await ui.answers.nth(2).getByText('Fits now.').waitFor();
    await ui.answers.nth(2).locator('.left-out').waitFor();
    assert.equal(messages(2).length, 6, 'the refused request carried everything');
    assert.ok(messages(3).length < messages(2).length, `the retry sent ${messages(3).length} messages`);
    assert.deepEqual(messages(3).at(-1), { role: 'user', content: 'Third question' });
  });

  it('429 with retry-after: Retry counts the seconds down, then sends', async () => {
    await ui.newChat();
    fake.script({ kind: 'status', status: 429, retryAfter: '3' }, { kind: 'reply', text: 'After the wait.' });
    await ui.ask('Are you busy?');
    const limited = await ui.answerDone(1);
    const waiting = limited.getByRole('button', { name: /^Retry in \d s$/ });
    await waiting.waitFor();
    assert.equal(await waiting.isDisabled(), true, 'Retry cannot be pressed during the wait');
    const retry = limited.getByRole('button', { name: 'Retry', exact: true });
    await retry.waitFor({ timeout: 10_000 });
    assert.equal(fake.requests.length, 1, 'nothing was sent during the wait');
    await retry.click();
    await ui.answers.first().getByText('After the wait.').waitFor();
  });

  it(`${FUZZ_COUNT} malformed messages from the webview: each is refused, nothing is sent, the chat goes on`, async () => {
    await ui.newChat();
    const before = ignoredInLog();
    const corpus = malformedMessages(FUZZ_COUNT, 66);
    const posted = await postAsWebview(corpus);
    assert.equal(posted, FUZZ_COUNT);
    const deadline = Date.now() + 30_000;
    while (ignoredInLog() - before < FUZZ_COUNT && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(ignoredInLog() - before, FUZZ_COUNT, 'every message reached the host and was refused');
    assert.equal(fake.requests.length, 0, 'no request left');
    await ui.ask('Still there?');
    await (await ui.answerDone(1)).getByText('You said: Still there?').waitFor();
    console.log(`      malformed webview messages posted: ${posted}, refused by the host: ${ignoredInLog() - before}, requests caused: 0`);
  });

  it('links: an in-page # link stays in the page; mailto: asks first in a modal; any other scheme is refused', async () => {
    const refusedToast = browser.page.locator('.notification-toast', { hasText: 'Parley opens only web links' });
    fake.script({ kind: 'reply', text: 'See [the end](#the-end).' });
    const answers = (await ui.answers.count()) + 1;
    await ui.ask('Where is the end?');
    await (await ui.answerDone(answers)).getByRole('link', { name: 'the end' }).click();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(await refusedToast.count(), 0, 'a # link is no link to refuse');
    assert.ok(!parleyLog().includes('Did not open a link'), 'a # link never reaches the host');

    await postAsWebview([{ type: 'openLink', href: 'mailto:someone@example.com' }]);
    const dialog = browser.page.locator('.monaco-dialog-box');
    await dialog.getByText('Open an email link from the chat?').waitFor();
    await dialog.getByText('mailto:someone@example.com', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    for (const href of ['vscode-file://vscode-app/etc/passwd', 'smb://evil.example/share', 'command:workbench.action.reloadWindow']) {
      await postAsWebview([{ type: 'openLink', href }]);
      await refusedToast.filter({ hasText: href }).waitFor();
      assert.equal(await dialog.count(), 0, `${href}: no modal, refused`);
    }
    await ui.questions.first().waitFor();
    assert.equal(await ui.answers.count(), answers, 'the window did not reload: the conversation is still shown');
  });

  it('the API key appears nowhere: not in logs, stored files, state, the webview or an export', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'Keys stay secret.' }, { kind: 'status', status: 401 });
    await ui.ask('What is my API key?');
    await ui.answerDone(1);
    await ui.ask('Again?');
    await ui.answerDone(2);
    assert.equal(fake.requests[0]!.headers.authorization, `Bearer ${API_KEY}`, 'the key was in use');
    await runCommand(browser.page, 'Parley: Export Chat as Markdown');
    await browser.page.locator('.tab.active', { hasText: 'Untitled' }).waitFor();
    const places: Record<string, string> = { export: await ui.activeEditorText() };
    await ui.open();
    places['webview document'] = await (await chatFrames()).chat.evaluate<string>('document.documentElement.outerHTML');
    places['workbench page'] = await browser.page.content();
    // Everything the editor wrote: logs, workspace and global state databases, Parley's stored
    // conversations, the server's own log; and the workspace.
    const root = dirname(server.userDataDir);
    const files = filesUnder(root).filter((file) => !file.includes(`${join(root, 'extensions')}`));
    const leaks = Object.entries(places)
      .filter(([, text]) => text.includes(API_KEY))
      .map(([place]) => place);
    for (const file of files) {
      const bytes = readFileSync(file);
      if (bytes.includes(API_KEY) || bytes.includes(Buffer.from(API_KEY, 'utf16le'))) leaks.push(file);
    }
    assert.ok(
      files.some((f) => f.endsWith('Parley.log')) && files.some((f) => /parley\.parley[\\/].+\.json$/.test(f)),
      'the search covered the log and the stored conversations',
    );
    assert.deepEqual(leaks, []);
    console.log(`      API key searched in ${files.length} files and ${Object.keys(places).length} documents: found 0 times`);
  });
});
