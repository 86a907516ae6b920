// Parley as a user meets it: the packaged .vsix in code-server, driven in headless Chromium,
// talking to a local OpenAI-compatible server that records every request.
import * as assert from 'node:assert/strict';
import type { Browser } from '../support/codeServer';
import { runCommand } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

type Message = { role: string; content: string };

const SYSTEM_PROMPT = 'You are Parley under test. Be brief.';
const EXAMPLE = { user: 'What is a closure?', assistant: 'A function that remembers the variables around it.' };
const LONG_ANSWER = Array.from({ length: 80 }, (_, i) => `Sentence number ${i + 1} of a long story.`).join(' ');

describe('Parley in a real editor', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let browser: Browser;
  let ui: ParleyUi;

  const request = (i: number) => fake.requests[i]!;
  const messages = (i: number) => (request(i).body as { messages: Message[] }).messages;

  const editor = useEditorSession('ui', (started) => ({
    settings: {
      'parley.baseUrl': started.baseUrl,
      'parley.model': 'gpt-4o-mini',
      'parley.systemPrompt': SYSTEM_PROMPT,
      'parley.examples': [EXAMPLE],
    },
  }));
  before(() => ({ fake, browser, ui } = editor));

  it('first run without a key: explains, offers Set API Key, then sends the question', async () => {
    fake.script({ kind: 'status', status: 401 }, { kind: 'reply', text: 'Hello! Your key works.' });
    await ui.ask('Hello?');
    const answer = ui.answers.first();
    await answer.getByText('refused the API key (401)').waitFor();
    await ui.questions.first().getByText('Hello?').waitFor();
    assert.equal(request(0).headers.authorization, undefined, 'no key was sent');
    await answer.getByRole('button', { name: 'Set API Key' }).click();
    await ui.quickInput({ text: 'sk-test-123' });
    await ui.answers.first().getByText('Hello! Your key works.').waitFor();
    await fake.waitForRequests(2);
    assert.equal(request(1).headers.authorization, 'Bearer sk-test-123');
    assert.deepEqual(messages(1).at(-1), { role: 'user', content: 'Hello?' });
    assert.equal(await ui.questions.count(), 1, 'the question was sent again, not duplicated');
  });

  it('a seed conversation: each request carries system, example, history and the question, in order', async () => {
    await ui.newChat();
    fake.script(
      { kind: 'reply', text: 'Nice to meet you, Ada!' },
      { kind: 'reply', text: 'Your name is Ada.' },
      { kind: 'reply', text: 'You told me your name is Ada.' },
    );
    await ui.ask('Hi, my name is Ada.');
    await ui.answerDone(1);
    await ui.ask('What is my name?');
    await (await ui.answerDone(2)).getByText('Your name is Ada.').waitFor();
    await ui.ask('Summarize your last answer in one sentence.');
    await (await ui.answerDone(3)).getByText('You told me your name is Ada.').waitFor();
    assert.deepEqual(messages(2), [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: EXAMPLE.user },
      { role: 'assistant', content: EXAMPLE.assistant },
      { role: 'user', content: 'Hi, my name is Ada.' },
      { role: 'assistant', content: 'Nice to meet you, Ada!' },
      { role: 'user', content: 'What is my name?' },
      { role: 'assistant', content: 'Your name is Ada.' },
      { role: 'user', content: 'Summarize your last answer in one sentence.' },
    ]);
    assert.equal(await ui.questions.count(), 3);
    assert.equal(await ui.answers.count(), 3);
    const shown = await ui.log.innerText();
    assert.ok(!shown.includes(EXAMPLE.user) && !shown.includes(EXAMPLE.assistant), 'the example pair is never a bubble');
  });

  it('asks about a selection from the editor context menu, with a ready and a typed question', async () => {
    await ui.newChat();
    await ui.openFile('math.ts');
    await ui.selectLines(1, 3);
    await ui.editorContextMenu('export function add', 'Ask About Selection…');
    await ui.quickInput({ row: 'Explain' });
    await fake.waitForRequests(1);
    const fence = '```typescript\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```';
    assert.equal(messages(0).at(-1)?.content, `Explain what this code does and how it works.\n\nFrom \`src/math.ts\` (lines 1-3):\n${fence}`);
    await ui.answerDone(1);

    await ui.openFile('math.ts');
    await ui.selectLines(5, 7);
    await ui.editorContextMenu('export function fibonacci', 'Ask About Selection…');
    await ui.quickInput({ text: 'Is this recursive?' });
    await fake.waitForRequests(2);
    const question = messages(1).at(-1)?.content ?? '';
    assert.match(question, /^Is this recursive\?\n\nFrom `src\/math.ts` \(lines 5-7\):\n```typescript\nexport function fibonacci/);
    await ui.answerDone(2);
    await ui.questions.nth(1).getByText('src/math.ts (lines 5-7)').waitFor();
  });

  it('Stop keeps the partial answer, marked stopped, and the next request carries it', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: LONG_ANSWER, chunkSize: 8, delayMs: 40 }, { kind: 'reply', text: 'Fine.' });
    await ui.ask('Tell me a long story.');
    await ui.answers.first().getByText('Sentence number 3').waitFor();
    await ui.button('Stop').click();
    const stopped = ui.answers.first();
    await stopped.getByText('Stopped', { exact: true }).waitFor();
    const partial = (await stopped.locator('.body').innerText()).trim();
    assert.ok(partial.length > 0 && LONG_ANSWER.startsWith(partial) && partial.length < LONG_ANSWER.length, `partial answer kept: ${partial.slice(0, 60)}…`);
    await ui.ask('Shorter, please.');
    await ui.answerDone(2);
    const [question, kept, followUp] = messages(1).slice(-3);
    assert.deepEqual(question, { role: 'user', content: 'Tell me a long story.' });
    // The page shows the text without the trailing space a chunk may end on; the request has it all.
    assert.equal(kept?.role, 'assistant');
    assert.equal(kept?.content.trimEnd(), partial);
    assert.deepEqual(followUp, { role: 'user', content: 'Shorter, please.' });
  });

  it('a reload mid-answer brings the panel back with the whole history; the cut answer is interrupted, not lost', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'The first answer.' }, { kind: 'reply', text: LONG_ANSWER, chunkSize: 8, delayMs: 60 });
    await ui.ask('First question');
    await ui.answerDone(1);
    await ui.ask('Second question');
    await ui.answers.nth(1).getByText('Sentence number 2').waitFor();
    await runCommand(browser.page, 'Developer: Reload Window');
    await browser.page.locator('.monaco-workbench').waitFor();
    await ui.composer.waitFor({ timeout: 60_000 });
    await ui.answers.nth(1).getByText('Interrupted', { exact: true }).waitFor({ timeout: 20_000 });
    assert.deepEqual(await ui.questionTexts(), ['First question', 'Second question']);
    await ui.answers.first().getByText('The first answer.').waitFor();
    const kept = await ui.answers.nth(1).locator('.body').innerText();
    assert.match(kept, /^Sentence number 1 of a long story\. Sentence number 2/, 'the text that arrived before the reload is kept');
  });

  it('Export Chat as Markdown opens every turn in order', async () => {
    await ui.newChat();
    fake.script({ kind: 'reply', text: 'Answer one.' }, { kind: 'reply', text: 'Answer two.' });
    await ui.ask('Question one');
    await ui.answerDone(1);
    await ui.ask('Question two');
    await ui.answerDone(2);
    await runCommand(browser.page, 'Parley: Export Chat as Markdown');
    await browser.page.locator('.tab.active', { hasText: 'Untitled' }).waitFor();
    const text = await ui.activeEditorText();
    const order = ['# Question one', '**User:** Question one', '**Assistant:** Answer one.', '**User:** Question two', '**Assistant:** Answer two.'].map((s) =>
      text.indexOf(s),
    );
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)),
      `turns in order in:\n${text}`,
    );
    await ui.open();
  });

  it('hostile output runs nothing and fetches nothing, and stays readable', async () => {
    await ui.newChat();
    const origin = fake.baseUrl.replace(/\/v1$/, '');
    const hostile = [
      'Plain words before.',
      '<script>window.parent.postMessage({ type: "send", text: "pwned" }, "*")</script>',
      `<img src="${origin}/onerror.png" onerror="document.title='pwned'">`,
      '[click me](javascript:alert(1)) and [reload](command:workbench.action.reloadWindow) and [data](data:text/html,<b>x</b>)',
      `![tracker](${origin}/tracker.png)`,
      `<iframe src="${origin}/frame"></iframe>`,
      '<svg onload="document.title=\'pwned\'"><circle r="5"/></svg>',
      `<a href="${origin}/raw" onclick="document.title='pwned'">raw link</a>`,
      'Plain words after.',
    ].join('\n\n');
    fake.script({ kind: 'reply', text: hostile });
    await ui.ask('Show me something dangerous.');
    const answer = await ui.answerDone(1);
    await answer.getByText('Plain words before.').waitFor();
    await answer.getByText('Plain words after.').waitFor();
    await answer.getByText('<script>', { exact: false }).first().waitFor();
    for (const tag of ['script', 'img', 'iframe', 'svg']) assert.equal(await answer.locator(tag).count(), 0, `no <${tag}> element`);
    for (const href of await answer.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) {
      assert.match(href, /^(https?:|$)/, `only web links keep an href, saw ${href}`);
    }
    assert.equal(await answer.locator('[onerror], [onclick], [onload]').count(), 0, 'no event handler attributes');
    await answer.getByText('click me').click();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(fake.requests.length, 1, 'the script did not send a message');
  });

  it('failures give a clear message with the right action, and lose nothing', async () => {
    await ui.newChat();
    const cases = [
      { script: { kind: 'status', status: 404 } as const, text: 'does not know the model "gpt-4o-mini" (404)', action: 'Pick a Model' },
      { script: { kind: 'status', status: 429, retryAfter: '7' } as const, text: 'Try again in 7 s', action: 'Retry' },
      { script: { kind: 'status', status: 500 } as const, text: 'The server had a problem (500)', action: 'Retry' },
      { script: { kind: 'cut', text: 'Half an ans' } as const, text: 'stopped before the server said it was finished', action: 'Retry' },
    ];
    for (const [i, c] of cases.entries()) {
      fake.script(c.script);
      await ui.ask(`Question ${i + 1}`);
      const answer = await ui.answerDone(i + 1);
      await answer.getByText(c.text, { exact: false }).waitFor();
      await answer.getByRole('button', { name: c.action }).waitFor();
      if (c.action === 'Pick a Model') {
        // The model was picked in the panel, not in Settings: the way out opens the model's quick pick.
        await answer.getByRole('button', { name: c.action }).click();
        await ui.pickInput('Model').waitFor();
        await ui.page.keyboard.press('Escape');
        await ui.pickInput('Model').waitFor({ state: 'hidden' });
        await ui.composer.focus();
      }
    }
    await ui.answers.nth(3).getByText('Half an ans').waitFor();
    await ui.answers.nth(3).getByText('Interrupted', { exact: true }).waitFor();
    assert.deepEqual(await ui.questionTexts(), ['Question 1', 'Question 2', 'Question 3', 'Question 4']);
    fake.script({ kind: 'reply', text: 'Recovered answer.' });
    await ui.answers.nth(3).getByRole('button', { name: 'Retry' }).click();
    await ui.answers.nth(3).getByText('Recovered answer.').waitFor();
    assert.equal(await ui.answers.count(), 4, 'retry replaced the cut answer');
  });
});
