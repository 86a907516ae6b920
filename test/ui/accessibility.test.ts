/// <reference lib="dom" />
// Accessibility as a tool no one here wrote measures it: axe-core, injected into the chat's frame in
// the real editor, checks each main screen (a markdown-rich conversation with a failed answer,
// Steering open, History open) in VS Code's four default themes against WCAG 2.1 AA, and any
// serious or critical violation fails the test. Screenshots of the panel at a narrow and a wide
// window are kept beside it for a person to look at.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AxeResults, Result } from 'axe-core';
import type { Frame, Locator } from 'playwright-core';
import type { Browser } from '../support/codeServer';
import { EXTENSION_ID, runCommand, screenshot } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** An answer with what a model writes: links in text, a linked image, a table, code with numbers and comments. */
const RICH_ANSWER = [
  'See the [TypeScript handbook](https://www.typescriptlang.org/docs/) for the details, or [MDN](https://developer.mozilla.org/) for the rest.',
  '[![TypeScript logo](https://www.typescriptlang.org/icons/icon-48x48.png)](https://www.typescriptlang.org/)',
  '| Method | Mutates | Returns |\n|---|---|---|\n| `sort` | yes | the same array |\n| `toSorted` | no | a new array |',
  '```typescript\n// Sorts a copy: the caller keeps its order.\nconst limit = 42;\nconst sorted = items.toSorted((a, b) => a - b).slice(0, limit * 2);\n```',
].join('\n\n');

/** The workbench's activity bar, beside the panel when the side bar is closed. */
const ACTIVITY_BAR_WIDTH = 48;

const THEMES = [
  { theme: 'Light Modern', kind: 'vs' },
  { theme: 'Dark Modern', kind: 'vs-dark' },
  { theme: 'Dark High Contrast', kind: 'hc-black' },
  { theme: 'Light High Contrast', kind: 'hc-light' },
] as const;

/** One line per serious or critical violation: its rule, where, and why. */
function describeViolations(screen: string, violations: readonly Result[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((node) => `${screen}: ${v.id} (${v.impact}) at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`),
    );
}

describe('Accessibility, as axe-core measures it', function () {
  this.timeout(180_000);
  let fake: FakeOpenAI;
  let browser: Browser;
  let ui: ParleyUi;
  const workbench = () => browser.page;

  const editor = useEditorSession('ui-a11y', (started) => ({ settings: { 'parley.baseUrl': started.baseUrl, 'parley.model': 'gpt-4o-mini' } }));

  /** The chat's own frame (the inner one of its webview), with axe-core in it. */
  async function chatFrameWithAxe(): Promise<Frame> {
    const frame = await (await ui.chat.locator('body').elementHandle())?.ownerFrame();
    assert.ok(frame, 'the chat frame is found');
    // Evaluated through the debugger protocol, which the page's CSP does not govern; once per frame.
    if (!(await frame.evaluate('typeof window.axe !== "undefined"'))) await frame.evaluate(`${AXE_SOURCE};0`);
    return frame;
  }

  async function audit(screen: string): Promise<string[]> {
    const frame = await chatFrameWithAxe();
    const results = await frame.evaluate(
      (tags) =>
        (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
        }),
      WCAG_21_AA,
    );
    return describeViolations(screen, results.violations);
  }

  /** The chat's webview as a screenshot of its own, `width` wide, scrolled to the failed answer. */
  async function panelShot(name: string, width: number): Promise<void> {
    await workbench().setViewportSize({ width: width + ACTIVITY_BAR_WIDTH, height: 900 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ui.answers.last().scrollIntoViewIfNeeded();
    const webview = workbench().locator(`iframe.webview[src*="extensionId=${EXTENSION_ID}"]`);
    await webview.screenshot({ path: await screenshot(workbench(), name) });
  }

  async function toggle(summary: Locator, open: boolean): Promise<void> {
    const details = summary.locator('xpath=..');
    if (((await details.getAttribute('open')) === null) === open) await summary.click();
  }

  before(async () => {
    ({ fake, browser, ui } = editor);
    // Tall enough that every message is laid out (off-screen ones are not, see .turn in chat.css).
    await workbench().setViewportSize({ width: 1400, height: 1600 });
    // The chat alone beside no side bar, as a user reading it would have it.
    await runCommand(workbench(), 'View: Close Primary Side Bar');
    await ui.open();
    fake.script({ kind: 'reply', text: RICH_ANSWER });
    await ui.ask('How do I sort without mutating?');
    await (await ui.answerDone(1)).locator('.code-block .hljs-number').first().waitFor();
    fake.script({ kind: 'status', status: 500 });
    await ui.ask('And in place?');
    await ui.answerDone(2);
  });

  for (const { theme, kind } of THEMES) {
    it(`no serious or critical violation in ${theme}`, async () => {
      await workbench().setViewportSize({ width: 1400, height: 1600 });
      await runCommand(workbench(), 'Preferences: Color Theme');
      await ui.quickInput({ text: theme }, 'Select Color Theme');
      await workbench().locator(`.monaco-workbench.${kind}`).waitFor();
      await ui.open();
      const file = theme.toLowerCase().replace(/ /g, '-');
      const found: string[] = [];

      await ui.answers.nth(1).locator('.status').waitFor();
      found.push(...(await audit('conversation with a failed answer')));
      await panelShot(`a11y-${file}-1400`, 1400);
      await panelShot(`a11y-${file}-360`, 360);
      await workbench().setViewportSize({ width: 1400, height: 1600 });

      const steering = ui.chat.locator('details.steering > summary');
      await toggle(steering, true);
      await ui.chat.locator('.steering-content').waitFor();
      found.push(...(await audit('Steering open')));
      await toggle(steering, false);

      await ui.button('History').click();
      const history = ui.chat.getByRole('region', { name: 'Conversation list' });
      await history.locator('button.history-open[aria-current="true"]').waitFor();
      found.push(...(await audit('History open')));
      await history.getByRole('button', { name: 'Close conversation list' }).click();

      assert.deepEqual(found, [], `axe-core found in ${theme}:\n${found.join('\n')}`);
    });
  }
});
