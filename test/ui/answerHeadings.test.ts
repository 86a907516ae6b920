// An answer's headings are the sections of a chat message, not the titles of a page (chat.css): in
// the real webview bundle in headless Chromium, h1 is 1.4 times the answer's text and the sizes
// step down to the text's own at h4, each heading bold and nearer to what follows it than to what
// comes before. Needs only Chromium.
import * as assert from 'node:assert/strict';
import { panelSnapshot, usePanelPages } from '../support/webviewPage';

const ANSWER = ['Text before.', '# One', 'Under one.', '## Two', 'Under two.', '### Three', 'Under three.', '#### Four', 'Under four.', '###### Six'].join(
  '\n\n',
);

describe("An answer's headings", function () {
  this.timeout(60_000);
  const openPage = usePanelPages();

  it('step down from 1.4 times the text to its size, bold, with more space above than below', async () => {
    const page = await openPage({ viewport: { width: 800, height: 900 } });
    await page.evaluate((m) => window.postMessage(m, '*'), {
      type: 'state',
      revision: 1,
      snapshot: panelSnapshot([{ id: 'a', role: 'assistant', text: ANSWER, status: 'complete' }], false),
    } as const);
    await page.locator('.turn-assistant .body h6').waitFor();
    const measured = await page.evaluate(() => {
      const body = document.querySelector('.turn-assistant .body')!;
      const text = parseFloat(getComputedStyle(body.querySelector('p')!).fontSize);
      return [...body.querySelectorAll('h1, h2, h3, h4, h6')].map((h) => {
        const style = getComputedStyle(h);
        return {
          tag: h.localName,
          ratio: Math.round((parseFloat(style.fontSize) / text) * 100) / 100,
          weight: style.fontWeight,
          above: parseFloat(style.marginTop),
          below: parseFloat(style.marginBottom),
        };
      });
    });
    assert.deepEqual(
      measured.map((h) => [h.tag, h.ratio, h.weight]),
      [
        ['h1', 1.4, '600'],
        ['h2', 1.25, '600'],
        ['h3', 1.1, '600'],
        ['h4', 1, '600'],
        ['h6', 1, '600'],
      ],
    );
    for (const h of measured) assert.ok(h.above > h.below, `${h.tag}: ${h.above} px above, ${h.below} px below`);
  });
});
