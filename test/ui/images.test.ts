// Images as a user attaches them: a screenshot pasted into the composer becomes a chip with its
// thumbnail, is scaled to fit 2048 px, and goes to the server as an image_url content part; a
// model that refuses images shows the server's words and the way out, and nothing typed is lost.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageHeader } from '../../src/core/images';
import { createSampleWorkspace } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { png } from '../support/images';
import { until } from '../support/until';
import type { ParleyUi } from './parleyUi';
import { fakeServerSettings, useEditorSession } from './editorSession';

type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
type Body = { messages: { role: string; content: string | Part[] }[] };

describe('Images in a real editor: paste, send, refuse', function () {
  this.timeout(180_000);
  let fake: FakeOpenAI;
  let ui: ParleyUi;
  let workspace: string;

  const lastMessage = (i: number) => (fake.requests[i]!.body as Body).messages.at(-1)!;
  const imageParts = (i: number) =>
    (fake.requests[i]!.body as Body).messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((p) => p.type === 'image_url');

  /** What a user's Ctrl+V of a copied picture gives the page: a paste event whose clipboard holds only the file. */
  async function paste(name: string, type: string, bytes: Buffer): Promise<void> {
    await ui.composer.evaluate(
      (target, file) => {
        const data = new DataTransfer();
        data.items.add(new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name, { type: file.type }));
        target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      { name, type, base64: bytes.toString('base64') },
    );
  }

  const editor = useEditorSession('images', (started) => {
    workspace = createSampleWorkspace(mkdtempSync(join(tmpdir(), 'parley-images-ws-')));
    writeFileSync(join(workspace, 'photo.png'), png(64, 48));
    return {
      workspace,
      settings: fakeServerSettings(started),
    };
  });
  before(() => ({ fake, ui } = editor));

  it('a pasted screenshot becomes a chip with its thumbnail, scaled to 2048 px, sent once as an image_url part', async () => {
    await ui.composer.fill('What is in this screenshot?');
    await paste('screenshot.png', 'image/png', png(3000, 1000));
    await ui.chips.first().waitFor();
    assert.equal(await ui.chips.locator('.chip-label').innerText(), 'screenshot.png (2048×683 PNG)');
    const thumbnail = ui.chips.locator('img.chip-thumbnail');
    assert.match((await thumbnail.getAttribute('src')) ?? '', /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    assert.ok(
      await thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.naturalWidth <= 96),
      'the thumbnail draws, small',
    );
    // The fake server is no OpenAI server: the image's tokens are an estimate (≈), by the tile formula: 2048×683 → 1536×512, 3 tiles.
    assert.match(await ui.chips.locator('.chip-tokens').innerText(), /^≈\d/);
    assert.equal(await ui.composer.inputValue(), 'What is in this screenshot?', 'the paste left the text as typed');

    fake.script({ kind: 'reply', text: 'A red rectangle.' });
    await ui.composer.press('Enter');
    await ui.answerDone(1);
    const sent = lastMessage(0).content as Part[];
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[0], { type: 'text', text: 'What is in this screenshot?\n\nThe image `screenshot.png` (2048×683) is attached.' });
    assert.equal(sent[1]!.type, 'image_url');
    const url = (sent[1] as Extract<Part, { type: 'image_url' }>).image_url.url;
    const prefix = 'data:image/png;base64,';
    assert.ok(url.startsWith(prefix), url.slice(0, 40));
    assert.deepEqual(readImageHeader(new Uint8Array(Buffer.from(url.slice(prefix.length), 'base64'))), { mime: 'image/png', width: 2048, height: 683 });
    assert.equal(await ui.chips.count(), 0, 'the chip went with the question');
    assert.match(await ui.questions.first().locator('.context-image').innerText(), /screenshot\.png \(2048×683 PNG\)/);

    // The next question carries it again as history, once.
    fake.script({ kind: 'reply', text: 'Still red.' });
    await ui.ask('And its colour?');
    await ui.answerDone(2);
    assert.equal(imageParts(1).length, 1);
    assert.equal(lastMessage(1).content, 'And its colour?');
  });

  it('Add Context → Image… attaches a picked file the same way', async () => {
    await ui.newChat();
    await ui.button('Add Context').click();
    const input = ui.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('Image (PNG');
    await ui.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Image (PNG, JPEG, GIF, WebP)…' }).first().click();
    // code-server's own file dialog: a quick input that takes a path.
    const dialog = ui.page.locator('.quick-input-widget', { hasText: 'Attach an image' });
    // The dialog writes its folder into the field once it has listed it: a path typed before that is overwritten.
    await dialog.locator('.quick-input-list .monaco-list-row', { hasText: 'photo.png' }).waitFor();
    await input.fill(join(workspace, 'photo.png'));
    await until(async () => (await input.inputValue()) === join(workspace, 'photo.png'), 'the path to stay typed');
    await input.press('Enter');
    await ui.chips.first().waitFor();
    assert.equal(await ui.chips.locator('.chip-label').innerText(), 'photo.png (64×48 PNG)');
    fake.script({ kind: 'reply', text: 'A photo.' });
    await ui.ask('And this one?');
    await ui.answerDone(1);
    const url = (imageParts(0)[0] as Extract<Part, { type: 'image_url' }>).image_url.url;
    assert.equal(url, `data:image/png;base64,${png(64, 48).toString('base64')}`, 'a picture within the limits goes as it was');
  });

  it('a file that is not an image is refused beside the composer, and the text stays', async () => {
    await ui.newChat();
    await ui.composer.fill('Keep this text');
    await ui.composer.evaluate((target) => {
      const data = new DataTransfer();
      data.items.add(new File(['just some notes'], 'notes.txt', { type: 'text/plain' }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await ui.chat.locator('.image-notice', { hasText: 'notes.txt is not a PNG, JPEG, GIF or WebP image.' }).waitFor();
    assert.equal(await ui.chips.count(), 0);
    assert.equal(await ui.composer.inputValue(), 'Keep this text');
    await ui.composer.fill('');
  });

  it('a model that refuses images: its message and the way out show, the question is kept, and it goes again without the image', async () => {
    await ui.newChat();
    await ui.composer.fill('Describe this diagram, please');
    await paste('diagram.png', 'image/png', png(40, 30));
    await ui.chips.first().waitFor();
    fake.script({
      kind: 'status',
      status: 400,
      message: 'Invalid content type. image_url is only supported by certain models.',
      type: 'invalid_request_error',
    });
    await ui.composer.press('Enter');
    const answer = await ui.answerDone(1);
    const callout = answer.locator('.callout, [role="alert"]').first();
    await callout.waitFor();
    const shown = await answer.innerText();
    assert.match(shown, /gpt-4o-mini refused the images \(400\) \(Invalid content type\. image_url is only supported by certain models\.\)/);
    assert.match(shown, /Pick a model that reads images and regenerate the answer, or send the question without its images\./);
    assert.deepEqual(await ui.questionTexts(), ['Describe this diagram, please'], 'nothing typed is lost');
    assert.equal(imageParts(0).length, 1);

    fake.script({ kind: 'reply', text: 'Without the picture I cannot say.' });
    await answer.getByRole('button', { name: 'Send Without Images', exact: true }).click();
    await ui.answers.filter({ hasText: 'Without the picture I cannot say.' }).waitFor();
    await fake.waitForRequests(2);
    assert.equal(imageParts(1).length, 0);
    assert.equal(lastMessage(1).content, 'Describe this diagram, please');
  });
});
