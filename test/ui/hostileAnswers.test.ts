// The hostile-answer suite: every answer of test/support/hostileAnswers.ts streamed through the real
// webview bundle in headless Chromium as the panel receives it (a snapshot, deltas frame by frame,
// then the end), once under the panel's CSP and once with no CSP at all, so the renderer is seen to
// hold on its own. Counted for each answer: scripts that ran (a canary the payloads call, dialogs,
// CSP violation reports), errors the renderer threw, requests for anything but the page's own files, elements
// and attributes outside the sanitizer's allow-list, links with a scheme outside it, and an answer
// not drawn at all. The longest task is printed, not judged: `npm run bench` judges it against an
// ordinary answer's in the same run. Needs only Chromium, not code-server.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ANSWER_ATTRIBUTES, ANSWER_TAGS, ANSWER_URL, MATH_ATTRIBUTES, MATH_TAGS } from '../../src/shared/answerHtml';
import type { ToWebview } from '../../src/shared/protocol';
import { screenshot } from '../support/codeServer';
import type { HostileAnswer } from '../support/hostileAnswers';
import { hostileAnswers, hostileDeltaSize } from '../support/hostileAnswers';
import type { PanelPageOptions } from '../support/webviewPage';
import { STREAM_HELPER, launchChromium, openPanelPage, panelSnapshot, streamMessages, traceTasks } from '../support/webviewPage';

/** An answer not drawn by then has hung the page: that is a failure, and the suite goes on. */
const ANSWER_TIME_LIMIT_MS = 60_000;

/** Attributes the panel's own code adds after sanitizing: actions, highlighting state, bidi chips. */
const PANEL_ATTRIBUTES = ['data-code-action', 'data-highlight', 'data-code-point'];

/** Counters the payloads and the page feed; read after each answer. */
const PROBES = `
window.hostile = { canary: [], violations: [] };
window.parleyCanary = (name) => window.hostile.canary.push(String(name));
document.addEventListener('securitypolicyviolation', (e) => window.hostile.violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

/**
 * Page side (a string: it uses the DOM, which this Node program's types do not have): every element
 * in the answers' bodies against the allow-list, every address against the allowed schemes, and
 * elements that load or run anything anywhere in the document.
 */
const INSPECT = `(lists) => {
  const tags = new Set(lists.tags), attributes = new Set(lists.attributes), url = new RegExp(lists.url, 'i');
  // Inside KaTeX's output in a formula, KaTeX's own lists (SVG and MathML among them).
  const mathTags = new Set(lists.mathTags), mathAttributes = new Set(lists.mathAttributes);
  const outside = [], badUrls = [];
  for (const body of document.querySelectorAll('.turn-assistant .body')) {
    for (const el of body.querySelectorAll('*')) {
      const inMath = !!el.closest('.math .katex');
      if (inMath ? !mathTags.has(el.localName) : !tags.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') outside.push('<' + el.localName + '>');
      for (const attribute of el.attributes) if (!(inMath ? mathAttributes : attributes).has(attribute.name)) outside.push(el.localName + '[' + attribute.name + ']');
      if (inMath && /url|@import|expression/i.test(el.getAttribute('style') ?? '')) outside.push(el.localName + '[style=' + el.getAttribute('style') + ']');
      for (const name of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
        const value = el.getAttribute(name);
        if (value === null) continue;
        const protocol = new URL(value, location.href).protocol;
        if (!url.test(value) || !['http:', 'https:'].includes(protocol)) badUrls.push(el.localName + '[' + name + '=' + value + ']');
      }
    }
  }
  const loaders = document.querySelectorAll('img, iframe, frame, object, embed, svg, math, video, audio, picture, source, base, form:not(.composer), meta[http-equiv="refresh"], style, link:not([href$="/media/chat.css"]):not([href$="/dist/math.css"]):not([href$="/dist/codicons/codicon.css"])');
  for (const el of loaders) if (!el.closest('.math .katex')) outside.push('document <' + el.localName + '>');
  const ownScripts = [...document.scripts].filter((s) => s.type === 'application/json' || /\\/dist\\/(webview|highlight|math)\\.js$/.test(s.src));
  if (ownScripts.length !== document.scripts.length) outside.push('document <script> of its own');
  const bodies = [...document.querySelectorAll('.turn-assistant .body')];
  return { outside, badUrls, shownChars: bodies.reduce((n, b) => n + b.textContent.length, 0), hostile: window.hostile };
}`;

interface AnswerResult {
  readonly name: string;
  readonly scripts: string[];
  /** Errors thrown in the page, e.g. the parser's stack overflowing. */
  readonly errors: string[];
  readonly requests: string[];
  readonly outside: string[];
  readonly badUrls: string[];
  readonly longestTaskCpuMs: number;
  readonly longestTaskWallMs: number;
  readonly shownChars: number;
  /** Not drawn within ANSWER_TIME_LIMIT_MS. */
  readonly hung?: boolean;
}

/** Waits two frames and a little: the last draw, and highlighting that was waiting for its grammar. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 150))))`);
  await page.waitForFunction(`!document.querySelector('[data-highlight="pending"]')`, undefined, { timeout: 10_000 }).catch(() => undefined);
}

/** Streams the messages into a fresh panel page and counts what the page did. */
async function streamAnswer(browser: Browser, answer: HostileAnswer, options: PanelPageOptions, messages: ToWebview[]): Promise<AnswerResult> {
  const { page, foreignRequests } = await openPanelPage(browser, { ...options, probes: PROBES });
  const scripts: string[] = [];
  page.on('dialog', (dialog) => {
    scripts.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message.split('\n')[0]!.slice(0, 200)));
  await page.evaluate(STREAM_HELPER);
  await page.evaluate((all) => ((globalThis as unknown as { messages: unknown }).messages = all), messages);
  const cdp = await page.context().newCDPSession(page);
  const tasks = await traceTasks(cdp);
  const drawn = page.evaluate('streamMessages(messages, 50)').then(() => settled(page));
  const inTime = await Promise.race([drawn.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ANSWER_TIME_LIMIT_MS))]);
  if (!inTime) {
    drawn.catch(() => undefined);
    await page.close();
    const hung = { longestTaskCpuMs: ANSWER_TIME_LIMIT_MS, longestTaskWallMs: ANSWER_TIME_LIMIT_MS, shownChars: 0, outside: [], badUrls: [] };
    return { name: answer.name, scripts, errors, requests: foreignRequests, ...hung, hung: true };
  }
  const times = await tasks.stop();
  const seen = (await page.evaluate(
    `(${INSPECT})(${JSON.stringify({ tags: ANSWER_TAGS, attributes: [...ANSWER_ATTRIBUTES, ...PANEL_ATTRIBUTES], mathTags: MATH_TAGS, mathAttributes: MATH_ATTRIBUTES, url: ANSWER_URL.source })})`,
  )) as {
    outside: string[];
    badUrls: string[];
    shownChars: number;
    hostile: { canary: string[]; violations: string[] };
  };
  await page.close();
  return {
    name: answer.name,
    scripts: [...scripts, ...seen.hostile.canary.map((c) => `canary ${c}`), ...seen.hostile.violations.map((v) => `CSP violation ${v}`)],
    errors,
    requests: foreignRequests,
    outside: seen.outside,
    badUrls: seen.badUrls,
    longestTaskCpuMs: Math.max(0, ...times.map((t) => t[1])),
    longestTaskWallMs: Math.max(0, ...times.map((t) => t[0])),
    shownChars: seen.shownChars,
  };
}

describe('Hostile answers in the real webview bundle', function () {
  this.timeout(ANSWER_TIME_LIMIT_MS + 30_000);
  const answers = hostileAnswers();
  const results = new Map<string, AnswerResult[]>();
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    const all = [...results.values()].flat();
    if (all.length === 0) return;
    const count = (pick: (r: AnswerResult) => readonly unknown[]): number => all.reduce((n, r) => n + pick(r).length, 0);
    const longest = all.reduce((a, b) => (b.longestTaskCpuMs > a.longestTaskCpuMs ? b : a));
    console.log(
      `      hostile answers: ${all.length / results.size} answers × ${results.size} (${[...results.keys()].join(', ')}): scripts run ${count((r) => r.scripts)}, renderer errors ${count((r) => r.errors)}, answers not drawn in ${ANSWER_TIME_LIMIT_MS / 1000} s ${all.filter((r) => r.hung).length}, requests ${count((r) => r.requests)}, elements outside the allow-list ${count((r) => [...r.outside, ...r.badUrls])}, longest render task ${longest.longestTaskCpuMs.toFixed(0)} ms CPU (${longest.name}; wall ${Math.max(...all.map((r) => r.longestTaskWallMs)).toFixed(0)} ms)`,
    );
  });

  for (const [mode, csp] of [
    ['CSP', true],
    ['no CSP', false],
  ] as const) {
    describe(csp ? "under the panel's CSP" : 'with no CSP', () => {
      const done: AnswerResult[] = [];
      before(() => results.set(mode, done));
      for (const answer of answers) {
        it(answer.name, async () => {
          const r = await streamAnswer(browser, answer, { csp }, streamMessages(answer.text, hostileDeltaSize(answer.text)));
          done.push(r);
          const failures = [
            ...r.scripts,
            ...r.errors.map((s) => `error ${s}`),
            ...r.requests.map((s) => `request ${s}`),
            ...r.outside.map((s) => `outside the allow-list ${s}`),
            ...r.badUrls.map((s) => `address ${s}`),
            ...(r.hung ? [`not drawn within ${ANSWER_TIME_LIMIT_MS / 1000} s`] : r.shownChars === 0 ? ['nothing shown'] : []),
          ];
          // Each failure once, with how often it happened: an error thrown every frame is one finding.
          const counted = new Map<string, number>();
          for (const failure of failures) counted.set(failure, (counted.get(failure) ?? 0) + 1);
          assert.deepEqual(
            [...counted].map(([failure, times]) => (times > 1 ? `${failure} (×${times})` : failure)),
            [],
          );
        });
      }
    });
  }

  it('draws a screenshot of hostile answers in the dark and light themes', async () => {
    const shown = answers.filter((a) =>
      /^(bidi|image: markdown$|link scheme javascript|raw HTML block: script$|mXSS: fence info|giant: 10,000 nested quotes)/.test(a.name),
    );
    const text = shown.map((a) => `**${a.name}**\n\n${a.text}`).join('\n\n---\n\n');
    for (const theme of ['dark', 'light'] as const) {
      const { page } = await openPanelPage(browser, { theme, viewport: { width: 900, height: 1800 } });
      await page.evaluate(STREAM_HELPER);
      await page.evaluate((all) => ((globalThis as unknown as { messages: unknown }).messages = all), streamMessages(text, 200));
      await page.evaluate('streamMessages(messages, 50)');
      await settled(page);
      await screenshot(page, `hostile-answers-${theme}`);
      await page.close();
    }
  });

  /** Streams `text` into a fresh page (under the CSP), `prefix` characters first; the page stays open. */
  async function rendered(text: string, prefix = text.length): Promise<{ page: Page; finish(): Promise<void> }> {
    const { page } = await openPanelPage(browser);
    const messages = streamMessages(text, 40);
    const end = messages.pop()!;
    const first = streamMessages(text.slice(0, prefix), 40).slice(0, -1);
    const rest = streamMessages(text.slice(prefix), 40).slice(1, -1);
    await page.evaluate(STREAM_HELPER);
    await page.evaluate((all) => ((globalThis as unknown as { messages: unknown }).messages = all), first);
    await page.evaluate('streamMessages(messages, 100)');
    await settled(page);
    return {
      page,
      async finish() {
        await page.evaluate((all) => ((globalThis as unknown as { messages: unknown }).messages = all), [...rest, end]);
        await page.evaluate('streamMessages(messages, 100)');
        await settled(page);
      },
    };
  }

  const hrefs = (page: Page, selector: string): Promise<string[]> =>
    page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));

  it('resolves reference-style links defined in a later paragraph, while streaming and when done', async () => {
    const text = [
      'See [the guide][guide], [Docs] and [the API][].',
      '',
      'A paragraph between.',
      '',
      '[guide]: https://example.com/guide',
      '[docs]: https://example.com/docs "The docs"',
      '[the api]: <https://example.com/api>',
      '',
      'And a last paragraph.',
    ].join('\n');
    // While streaming, a definition counts once its paragraph has ended: until then its line may change.
    const { page, finish } = await rendered(text, text.indexOf('And a') + 'And a'.length);
    const expected = ['https://example.com/guide', 'https://example.com/docs', 'https://example.com/api'];
    assert.deepEqual(await hrefs(page, '.turn-assistant .body a'), expected, 'while the answer streams');
    await finish();
    assert.deepEqual(await hrefs(page, '.turn-assistant .body a'), expected, 'once it is done');
    assert.equal(await page.locator('.turn-assistant .body a', { hasText: 'Docs' }).getAttribute('title'), 'The docs');
    assert.ok(!(await page.locator('.turn-assistant .body').innerText()).includes('[guide]'), 'no definition is shown as text');
    await page.close();
  });

  it("keeps a list's start number, table column alignment and the copy button's type", async () => {
    const { page } = await rendered('3. three\n4. four\n\n| left | center | right |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n```js\nconst x = 1;\n```\n');
    const body = page.locator('.turn-assistant .body');
    assert.equal(await body.locator('ol').getAttribute('start'), '3');
    assert.deepEqual(await body.locator('th').evaluateAll((cells) => cells.map((c) => c.getAttribute('align'))), ['left', 'center', 'right']);
    assert.deepEqual(await body.locator('td').evaluateAll((cells) => cells.map((c) => c.getAttribute('align'))), ['left', 'center', 'right']);
    assert.equal(await body.locator('.copy-code').getAttribute('type'), 'button');
    await page.close();
  });

  it('shows bidirectional control characters in code as visible chips, and sends the code unchanged', async () => {
    const trojan = answers.find((a) => a.name === 'bidi: Trojan Source in a code block')!.text;
    const inline = answers.find((a) => a.name === 'bidi: every control in inline code')!.text;
    const { page, finish } = await rendered(`${trojan}\n\n${inline}`);
    // Code actions are added once the answer is done.
    await finish();
    const body = page.locator('.turn-assistant .body');
    assert.deepEqual(await body.locator('.code-block .bidi-control').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-code-point'))), [
      'U+202E',
      'U+2066',
      'U+2069',
      'U+2066',
    ]);
    const inlineChips = body.locator('p code .bidi-control');
    assert.equal(await inlineChips.count(), 12);
    assert.ok((await inlineChips.first().boundingBox())!.width > 10, 'a chip takes room: it is seen');
    const code = trojan.slice(trojan.indexOf('\n') + 1, trojan.lastIndexOf('\n'));
    assert.equal(await body.locator('.code-block code').textContent(), `${code}\n`, 'the code keeps its characters');
    await body.locator('.code-block [data-code-action="copy"]').click();
    const posted = (await page.evaluate('window.posted')) as { type: string; code?: string }[];
    assert.equal(posted.find((m) => m.type === 'codeAction')?.code, code, 'Copy sends the code as it is');
    await screenshot(page, 'hostile-answers-bidi');
    await page.close();
  });

  it("draws a giant code block's first 100,000 characters, says so, and its actions take all of it, streamed or whole", async () => {
    const text = answers.find((a) => a.name === 'giant: a 300,000-character code block')!.text;
    const code = text.slice(text.indexOf('\n') + 1, text.lastIndexOf('\n'));
    const bodies: string[] = [];
    for (const way of ['streamed', 'whole']) {
      const { page } = await openPanelPage(browser);
      const messages: ToWebview[] =
        way === 'streamed'
          ? streamMessages(text, hostileDeltaSize(text))
          : [{ type: 'state', revision: 1, snapshot: panelSnapshot([{ id: 'a', role: 'assistant', text, status: 'complete' }], false) }];
      await page.evaluate(STREAM_HELPER);
      await page.evaluate((all) => ((globalThis as unknown as { messages: unknown }).messages = all), messages);
      await page.evaluate('streamMessages(messages, 100)');
      await settled(page);
      const block = page.locator('.turn-assistant .body .code-block');
      assert.equal(((await block.locator('code').textContent()) ?? '').length, 100_000, way);
      assert.match(
        (await block.locator('.code-cut-note').textContent()) ?? '',
        /Only the first 100,000 characters are shown; Copy and the other code actions take all of it\./,
        way,
      );
      await block.locator('[data-code-action="copy"]').click();
      const posted = (await page.evaluate('window.posted')) as { type: string; code?: string }[];
      assert.equal(posted.find((m) => m.type === 'codeAction')?.code, code, `${way}: Copy sends the whole code`);
      bodies.push(await page.locator('.turn-assistant .body').innerHTML());
      await page.close();
    }
    assert.equal(bodies[0], bodies[1], 'streamed, it is drawn as it is whole');
  });

  it('shows markdown nested deeper than the renderer allows as its text, with a note', async () => {
    const deep = `${'>'.repeat(10_000)} deep`;
    const { page } = await rendered(`Before.\n\n${deep}\n\nAfter.`);
    const body = page.locator('.turn-assistant .body');
    assert.ok((await body.textContent())!.includes(deep), 'the text is all there');
    await body.locator('.too-deep-note').waitFor();
    await body.locator('p', { hasText: 'After.' }).waitFor();
    await page.close();
  });

  it('shows a formula nested deeper than 50 groups as its source, saying why, and typesets the rest', async () => {
    const deep = `$${'\\frac{1}{'.repeat(51)}x${'}'.repeat(51)}$`;
    const { page } = await rendered(`Deep ${deep} and shallow $${'\\frac{1}{'.repeat(49)}x${'}'.repeat(49)}$.`);
    const body = page.locator('.turn-assistant .body');
    await body.locator('.katex').waitFor();
    const source = body.locator('code.math-error');
    assert.equal(await source.textContent(), deep);
    assert.match((await source.getAttribute('title')) ?? '', /nests more than 50 groups deep/);
    assert.equal(await body.locator('.katex').count(), 1, 'the formula 49 groups deep is typeset');
    await page.close();
  });
});
