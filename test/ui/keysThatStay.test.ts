// Issue 16's "keys that stay": a key set with Set API Key in code-server, then code-server shut
// down and started again (same address, same profile). code-server keeps extensions' secrets in
// the browser (its web SecretStorage), so whether the key is still there depends on the browser:
// the same browser keeps it, a new one (another machine, a private window, cleared site data) has
// none. A key in the environment code-server starts with reaches every browser. All of it is shown
// here, so the README's advice rests on what was seen.
import * as assert from 'node:assert/strict';
import type { Browser, CodeServer } from '../support/codeServer';
import { launchBrowser, openWorkbench } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

describe('An API key set in code-server, after code-server restarts', function () {
  this.timeout(180_000);
  let fake: FakeOpenAI;
  let server: CodeServer;
  let browser: Browser;
  let ui: ParleyUi;

  const editor = useEditorSession('ui-keys', (started) => ({
    settings: { 'parley.provider': 'openai', 'parley.providerUrls': { openai: started.baseUrl }, 'parley.model': 'gpt-4o-mini' },
  }));
  const lastAuthorization = () => fake.requests.at(-1)?.headers.authorization;

  before(() => ({ fake, server, browser, ui } = editor));

  it('is sent before the restart', async () => {
    // With no key for OpenAI nothing is sent: the answer asks for one.
    fake.script({ kind: 'reply', text: 'Your key works.' });
    await ui.ask('Hello?');
    await ui.answers.first().getByRole('button', { name: 'Set API Key' }).click();
    await ui.quickInput({ text: 'sk-kept-123' });
    await ui.answers.first().getByText('Your key works.').waitFor();
    assert.equal(lastAuthorization(), 'Bearer sk-kept-123');
  });

  it('is still there in the same browser', async () => {
    await server.restart();
    await openWorkbench(browser.page, server);
    await ui.open();
    fake.script({ kind: 'reply', text: 'Still your key.' });
    await ui.newChat();
    await ui.ask('Is my key still here?');
    await ui.answers.first().getByText('Still your key.').waitFor();
    assert.equal(lastAuthorization(), 'Bearer sk-kept-123');
  });

  it('is not there in another browser: Parley asks for it, and nothing typed is lost', async () => {
    const other = await launchBrowser();
    try {
      const otherUi = new ParleyUi(other.page);
      await openWorkbench(other.page, server);
      await otherUi.open();
      await otherUi.newChat();
      await otherUi.ask('And here?');
      await otherUi.answers.first().getByRole('button', { name: 'Set API Key' }).waitFor();
      assert.equal(fake.requests.length, 0, 'nothing was sent without a key');
      await otherUi.questions.first().getByText('And here?').waitFor();
    } finally {
      await other.close();
    }
  });

  it('comes from the environment code-server starts with, in any browser', async () => {
    await server.restart({ OPENAI_API_KEY: 'sk-from-env-456' });
    const other = await launchBrowser();
    try {
      const otherUi = new ParleyUi(other.page);
      await openWorkbench(other.page, server);
      await otherUi.open();
      fake.script({ kind: 'reply', text: 'The key from the environment works.' });
      await otherUi.newChat();
      await otherUi.ask('Which key?');
      await otherUi.answers.first().getByText('The key from the environment works.').waitFor();
      assert.equal(lastAuthorization(), 'Bearer sk-from-env-456');
    } finally {
      await other.close();
    }
  });
});
