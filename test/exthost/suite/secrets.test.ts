// Credentials in a real editor: a server that echoes the key and the headers, a redirect to another
// origin, a base URL with a password in it, a key bound for plain http. Afterwards no secret is in
// Parley's stored conversations, its output log, anything else the editor wrote, or the panel's state.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../../src/extension';
import type { AssistantTurnView } from '../../../src/shared/protocol';
import { FakeOpenAI } from '../../support/fakeOpenAI';
import { until } from '../../support/until';

const secret = (name: string) => `${name}-${randomBytes(10).toString('hex')}`;
const API_KEY = secret('sk-exthost');
const QUERY_SECRET = secret('query');
const HEADER_SECRET = secret('header');
const PASSWORD = secret('password');
const SECRETS = [API_KEY, QUERY_SECRET, HEADER_SECRET, PASSWORD];
const PLAIN_HTTP = 'http://parley-plain-text.invalid/v1';

const parley = () => vscode.workspace.getConfiguration('parley');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** A copy of settings.json that local history keeps (User/History/<id>/, its entries.json naming the file). */
function isSettingsHistory(file: string): boolean {
  const entries = join(dirname(file), 'entries.json');
  if (!file.includes(`${sep}History${sep}`) || !existsSync(entries)) return false;
  const { resource } = JSON.parse(readFileSync(entries, 'utf8')) as { resource?: unknown };
  return typeof resource === 'string' && resource.endsWith('/User/settings.json');
}

/** The editor's user data folder (logs, settings, storage): above the fixture's …/User/globalStorage/<id>. */
async function userDataDir(): Promise<string> {
  const fixture = vscode.extensions.getExtension<{ globalStorageUri: vscode.Uri }>('parley-test.parley-test-language-models');
  assert.ok(fixture, 'the language model fixture is loaded');
  const storage = (await fixture.activate()).globalStorageUri.fsPath;
  const root = dirname(dirname(dirname(storage)));
  assert.equal(join(root, 'User', 'globalStorage', basename(storage)), storage);
  return root;
}

describe('Credentials stay out of what Parley stores, logs and shows', function () {
  let fake: FakeOpenAI;
  let other: FakeOpenAI;
  let api: ParleyApi;
  const keyBefore = process.env.OPENAI_API_KEY;

  async function ask(question: string): Promise<AssistantTurnView> {
    await vscode.commands.executeCommand('parley.newChat');
    await api.ask(question);
    const answer = (await api.state()).turns.at(-1);
    assert.ok(answer?.role === 'assistant', 'the last turn is an answer');
    return answer;
  }

  async function setBaseUrl(url: string): Promise<void> {
    await parley().update('baseUrl', url, vscode.ConfigurationTarget.Global);
    await until(() => parley().get('baseUrl') === url, 'parley.baseUrl to apply');
  }

  before(async () => {
    [fake, other] = await Promise.all([FakeOpenAI.start(), FakeOpenAI.start()]);
    // The custom server's key, read from the environment this extension host shares with Parley.
    process.env.OPENAI_API_KEY = API_KEY;
    await parley().update('model', 'gpt-4o-mini', vscode.ConfigurationTarget.Global);
    await parley().update('customHeaders', { 'X-Api-Key': HEADER_SECRET }, vscode.ConfigurationTarget.Global);
    await setBaseUrl(`${fake.baseUrl}?api-key=${QUERY_SECRET}`);
    api = await vscode.extensions.getExtension<ParleyApi>('parley.parley')!.activate();
  });

  afterEach(() => {
    fake.reset();
    other.reset();
  });

  after(async () => {
    if (keyBefore === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = keyBefore;
    for (const key of ['baseUrl', 'model', 'customHeaders']) await parley().update(key, undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([fake.close(), other.close()]);
  });

  it('a server that echoes the key and the headers: the answer keeps its text without them', async () => {
    fake.script({ kind: 'echo-credentials', status: 400 });
    const answer = await ask('What do you see?');
    const sent = fake.requests[0]!;
    assert.equal(sent.headers.authorization, `Bearer ${API_KEY}`, 'the key was in use');
    assert.equal(sent.headers['x-api-key'], HEADER_SECRET);
    assert.equal(sent.query['api-key'], QUERY_SECRET);
    assert.equal(answer.error?.kind, 'bad-request');
    assert.match(answer.error.message, /refused; it carried/);
  });

  it('a redirect to another origin is refused, naming both; the other origin sees nothing', async () => {
    fake.script({ kind: 'redirect', location: `${other.baseUrl}/chat/completions` });
    const answer = await ask('Where are you?');
    assert.equal(answer.error?.kind, 'config');
    assert.ok(answer.error.message.includes(fake.origin) && answer.error.message.includes(other.origin), answer.error.message);
    assert.deepEqual([...other.requests, ...other.otherRequests, ...other.modelLists], []);
  });

  it('a base URL with a password is refused before anything is sent, and shown without it', async () => {
    await setBaseUrl(fake.baseUrl.replace('http://', `http://someone:${PASSWORD}@`));
    const answer = await ask('Can you hear me?');
    assert.equal(answer.error?.kind, 'config');
    assert.match(answer.error.message, /holds a user name or password/);
    assert.ok(answer.error.message.includes(fake.baseUrl.replace('http://', 'http://***@')), answer.error.message);
    assert.equal(fake.requests.length, 0);
  });

  it('a key bound for plain http: warned first and nothing sent; sent when asked again', async () => {
    await setBaseUrl(PLAIN_HTTP);
    const warned = await ask('Is this safe?');
    assert.equal(warned.error?.kind, 'config');
    assert.equal(warned.error.action, 'retry');
    assert.ok(warned.error.message.includes(`${PLAIN_HTTP} is a plain http:// address`), warned.error.message);
    // Asked again, it goes: to the proxy the runner put in the environment, or failing on the made-up name.
    const sent = await ask('Is this safe?');
    assert.ok(sent.status === 'complete' || sent.error?.kind === 'network', JSON.stringify(sent));
    const again = await ask('And now?');
    assert.ok(again.status === 'complete' || again.error?.kind === 'network', `the warning comes once per address: ${JSON.stringify(again)}`);
  });

  it('no secret is in the stored conversations, the Parley log, any file the editor wrote, or the panel state', async () => {
    const root = await userDataDir();
    const logged = (): boolean =>
      filesUnder(root).some((file) => file.endsWith('Parley.log') && readFileSync(file, 'utf8').includes(`POST ${PLAIN_HTTP}/chat/completions`));
    await until(logged, 'the last request in the Parley log');
    // The user's own settings hold what they set, and so do local history's copies of them; nothing else may.
    const files = filesUnder(root).filter(
      (file) => !file.endsWith(join('User', 'settings.json')) && !isSettingsHistory(file) && !file.includes(`${sep}extensions${sep}`),
    );
    assert.ok(
      files.some((f) => /parley\.parley.+\.json$/.test(f)),
      `the stored conversations are among the ${files.length} files searched`,
    );
    const places: Record<string, string> = { 'the panel state': JSON.stringify(await api.state()) };
    for (const file of files) places[file] = readFileSync(file).toString('latin1');
    const leaks = Object.entries(places).flatMap(([place, text]) =>
      SECRETS.filter((s) => text.includes(s) || text.includes(Buffer.from(s, 'utf16le').toString('latin1'))).map((s) => `${place}: ${s.split('-')[0]}`),
    );
    assert.deepEqual(leaks, []);
    console.log(`      secrets searched in ${files.length} files and the panel state: found 0 times`);
  });
});
