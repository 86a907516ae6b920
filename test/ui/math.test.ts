/// <reference lib="dom" />
// LaTeX in answers: typeset by KaTeX, which loads with the first formula. First the webview's real
// renderer in headless Chromium on the panel's page and CSP: math drawn whole and streamed in many
// pieces gives the same DOM (as the CommonMark spec suite holds for markdown), and an answer
// without math never loads KaTeX. Then in the real editor: a streamed answer from the Data science
// tutor, prices and code left alone, a broken formula shown as its source, Copy copying the source,
// and the answer in three themes.
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Browser as EditorBrowser, CodeServer } from '../support/codeServer';
import { runCommand, screenshot } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { until } from '../support/until';
import { STREAM_HELPER, launchChromium, openPanelPage, pageBundle, streamMessages } from '../support/webviewPage';
import { useEditorSession } from './editorSession';
import type { ParleyUi } from './parleyUi';

/** Answers with math where it is easy to get wrong, each with how many formulas it has; each is drawn whole and streamed. */
const EXAMPLES: ReadonlyArray<readonly [string, number]> = [
  ['Inline $x^2 + y^2 = z^2$ and \\(\\alpha\\) in a sentence.\n', 2],
  ['Display:\n\n$$\n\\frac{a}{b} = \\sqrt{c}\n$$\n\nAfter.\n', 1],
  ['A display block with a blank line:\n\n$$\n\\begin{aligned}\na &= b \\\\\n\nc &= d\n\\end{aligned}\n$$\n\nAfter.\n', 1],
  ['Brackets:\n\\[\n\\sum_{i=1}^n i = \\frac{n(n+1)}{2}\n\\]\nand text.\n', 1],
  ['Prices: $5 and $10, or $5-$10.\n', 0],
  ['Code: `$x$` and `\\(y\\)`.\n\n```tex\n$$\nx\n$$\n```\n', 0],
  ['Broken: $\\frac{a$ here.\n', 0],
  ['Not closed yet: $x^2 + y', 0],
  ['$$\nnever closed\n\nstill text\n', 0],
  ['- item $a_1$\n- item $$b$$\n\n> quoted $\\beta$\n\n| x | $x^2$ |\n|---|---|\n| 2 | $4$ |\n\n## Heading $h$\n', 6],
  ['Escaped \\$5, emphasis *around $m$* and $\\$5 + y$.\n', 2],
];

/** The page's renderer, as the webview bundle draws an answer with, and the typesetter's loader. */
const ENTRY = `import { StreamingMarkdown } from './src/webview/streamingMarkdown';
import { TYPESETTER_READY_EVENT, typesetter } from './src/webview/typesetter';
window.parleyRenderer = { StreamingMarkdown, TYPESETTER_READY_EVENT, typesetter };`;

/** Page side: each example whole, and streamed in pieces of each size; the ones that differ. */
const RUNNER = `window.mathRun = (examples, sizes) => {
  const { StreamingMarkdown } = window.parleyRenderer;
  const draw = (text, size) => {
    const container = document.createElement('div');
    const markdown = new StreamingMarkdown(container);
    let now = 1000;
    for (let i = 0; i < text.length; i += size) {
      markdown.append(text.slice(i, i + size));
      markdown.draw(now);
      now += 1000 / 60;
    }
    markdown.finish();
    markdown.draw(now);
    return container;
  };
  return examples.map((text) => {
    const whole = draw(text, text.length);
    const differ = sizes.filter((size) => draw(text, size).innerHTML !== whole.innerHTML);
    return { text, formulas: whole.querySelectorAll('.katex').length, differ };
  });
};`;

/** Records CSP violations on the page, from its first script on. */
const CSP_PROBE = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`;

describe('Math in the webview renderer', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws every math example streamed in any pieces exactly as whole, with no CSP violation', async () => {
    const { page } = await openPanelPage(browser, { app: await pageBundle(ENTRY, 'mathRenderer.ts'), probes: CSP_PROBE });
    await page.evaluate(RUNNER);
    // KaTeX loaded first, so every draw typesets alike.
    await page.evaluate(`new Promise((resolve) => {
      const { TYPESETTER_READY_EVENT, typesetter } = window.parleyRenderer;
      if (typesetter()) return resolve();
      window.addEventListener(TYPESETTER_READY_EVENT, resolve, { once: true });
    })`);
    const texts = EXAMPLES.map(([text]) => text);
    const results = (await page.evaluate(`window.mathRun(${JSON.stringify(texts)}, [1, 2, 3, 5, 8, 13])`)) as Array<{
      text: string;
      formulas: number;
      differ: number[];
    }>;
    assert.deepEqual(
      results.filter((r) => r.differ.length > 0).map((r) => `${JSON.stringify(r.text)} in pieces of ${r.differ.join(', ')}`),
      [],
      'streamed = whole',
    );
    assert.deepEqual(
      results.map((r) => [r.text, r.formulas]),
      EXAMPLES,
      'the formulas typeset in each example',
    );
    assert.deepEqual(await page.evaluate('window.cspViolations'), []);
    await page.close();
  });

  it('loads KaTeX only with the first formula, and typesets it there with its fonts, CSP intact', async () => {
    const { page, foreignRequests } = await openPanelPage(browser, { probes: CSP_PROBE });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.evaluate(STREAM_HELPER);
    const plain = 'No math: **bold**, `code`, a price of $5 and $10.\n\n```ts\nconst a = 1;\n```\n';
    await page.evaluate(`window.streamMessages(${JSON.stringify(streamMessages(plain, 5, 'Plain?', 'plain'))}, 300)`);
    await page.locator('.code-block .hljs-keyword').first().waitFor();
    assert.deepEqual(
      requested.filter((path) => /math|katex/i.test(path)),
      [],
      'an answer without math does not load KaTeX',
    );
    assert.equal(await page.locator('.math, .math-source').count(), 0);

    await page.evaluate(`window.streamMessages(${JSON.stringify(streamMessages(EXAMPLES.map(([text]) => text).join('\n'), 7, 'Math?', 'math'))}, 300)`);
    const body = page.locator('.turn-assistant .body').last();
    await body.locator('.katex').first().waitFor();
    assert.ok(
      requested.some((path) => path === '/dist/math.js') && requested.some((path) => path === '/dist/math.css'),
      'KaTeX and its styles load with the first formula',
    );
    assert.ok(
      requested.some((path) => /^\/dist\/katex\/KaTeX_.*\.woff2$/.test(path)),
      'its woff2 fonts load',
    );
    // Fonts in use: the typeset x is in KaTeX's font, not the page's.
    await until(() => page.evaluate(() => document.fonts.check('1em KaTeX_Math')), 'KaTeX_Math is loaded');
    assert.equal(await body.locator('.math-source').count(), 0, 'every formula is typeset');
    assert.deepEqual(await page.evaluate('window.cspViolations'), [], 'no CSP violation');
    assert.deepEqual(foreignRequests, []);
    assert.deepEqual(pageErrors, []);
    await screenshot(page, 'math-webview');
    await page.close();
  });
});

const ANSWER = [
  'The sample mean is $\\bar{x} = \\frac{1}{n}\\sum_{i=1}^{n} x_i$, and the variance:',
  '',
  '$$',
  's^2 = \\frac{1}{n-1}\\sum_{i=1}^{n} (x_i - \\bar{x})^2',
  '$$',
  '',
  'A coffee costs $5 and lunch $10; in code, `df["$x$"].mean()` is plain.',
  '',
  'This one is broken: $\\frac{1}{$ and stays readable.',
].join('\n');

describe('Math in a real editor', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let server: CodeServer;
  let browser: EditorBrowser;
  let ui: ParleyUi;
  const consoleErrors: string[] = [];

  const editor = useEditorSession('math', (started) => ({ settings: { 'parley.baseUrl': started.baseUrl, 'parley.model': 'gpt-4o-mini' } }));
  before(async () => {
    ({ fake, server, browser, ui } = editor);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    browser.page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
    });
  });

  /** Whether the chat's page has added KaTeX's script. */
  const mathRequested = () =>
    ui.chat
      .locator('body')
      .evaluate(
        () => !!document.querySelector('script[src*="math.js"]') || performance.getEntriesByType('resource').some((r) => /math\.js|KaTeX_/.test(r.name)),
      );

  it('does not load KaTeX for an answer without math', async () => {
    fake.script({ kind: 'reply', text: 'Plain: **bold**, `code`, and $5 or $10.', chunkSize: 4, delayMs: 5 });
    await ui.ask('Anything without math?');
    await (await ui.answerDone(1)).getByText('Plain:').waitFor();
    assert.equal(await mathRequested(), false);
  });

  it("typesets the Data science tutor's streamed formulas; prices and code stay text; a broken one shows its source; Copy copies the source", async () => {
    await ui.newChat();
    await ui.choose('Profile', { label: 'Data science tutor' });
    fake.script({ kind: 'reply', text: ANSWER, chunkSize: 3, delayMs: 5 });
    await ui.ask('What are the mean and the variance?');
    const answer = await ui.answerDone(1);
    const system = (fake.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> }).messages[0]!;
    assert.equal(system.role, 'system');
    assert.match(system.content, /LaTeX: \$…\$ .*\$\$…\$\$/, 'the tutor asks for LaTeX formulas');

    await answer.locator('.math-inline .katex').first().waitFor();
    await answer.locator('div.math-display .katex-display').waitFor();
    assert.equal(await answer.locator('.katex').count(), 2, 'two formulas typeset, the prices and the code not');
    assert.equal(await answer.locator('code', { hasText: 'df["$x$"].mean()' }).count(), 1, 'inline code stays code');
    assert.ok((await answer.locator('p', { hasText: 'A coffee costs' }).innerText()).includes('$5 and lunch $10'), 'prices stay text');
    const broken = answer.locator('code.math-error');
    assert.equal(await broken.textContent(), '$\\frac{1}{$', 'the broken formula shows its source');
    assert.match((await broken.getAttribute('title')) ?? '', /did not parse/);
    assert.equal(await mathRequested(), true);

    await answer.getByRole('button', { name: 'Copy answer' }).click();
    await until(async () => (await browser.page.evaluate(() => navigator.clipboard.readText())) === ANSWER, 'the source markdown is on the clipboard');
    assert.deepEqual(consoleErrors, [], 'no CSP violation');
    // The check above can fail: a style attribute set in the chat's page is refused and reported.
    await ui.chat.locator('body').evaluate(() => document.createElement('span').setAttribute('style', 'color: red'));
    await until(async () => consoleErrors.length > 0, 'a CSP violation in the chat page is seen');
    consoleErrors.length = 0;
  });

  for (const [theme, file, kind] of [
    ['Light Modern', 'light', 'vs'],
    ['Dark Modern', 'dark', 'vs-dark'],
    ['Dark High Contrast', 'high-contrast', 'hc-black'],
  ] as const) {
    it(`draws math in the theme's colours: ${theme} (screenshot kept)`, async () => {
      await runCommand(browser.page, 'Preferences: Color Theme');
      await ui.quickInput({ text: theme }, 'Select Color Theme');
      await browser.page.locator(`.monaco-workbench.${kind}`).waitFor();
      await ui.open();
      const answer = ui.answers.first();
      await answer.locator('.katex').first().waitFor();
      const colours = await answer.evaluate((article) => {
        const text = getComputedStyle(article.querySelector('.body p')!).color;
        const math = getComputedStyle(article.querySelector('.katex-html .mord')!).color;
        return { text, math, background: getComputedStyle(document.body).backgroundColor };
      });
      assert.equal(colours.math, colours.text, `math is drawn in the text's colour (${colours.text} on ${colours.background})`);
      await screenshot(browser.page, `math-theme-${file}`);
      assert.deepEqual(consoleErrors, [], 'no CSP violation');
    });
  }
});
