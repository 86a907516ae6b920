// Runs the extension-host suite (out/test/exthost/suite) inside a real VS Code extension host.
// First choice is desktop VS Code through @vscode/test-electron; where VS Code cannot be
// downloaded (no internet), the same suite runs in code-server + headless Chromium through the
// smoke-test driver, which takes extensionDevelopmentPath/extensionTestsPath from the URL.
//
//   node out/test/exthost/run.js
//   PARLEY_EXTHOST_RUNNER=electron|code-server   force one runner (no fallback)
//   PARLEY_TEST_SETTINGS=path/to/settings.json   user settings for the editor under test
//   PARLEY_TEST_*, OPENAI_API_KEY                passed through to the extension host
//   PARLEY_TEST_GREP=pattern                     runs only the tests whose titles match
//   PARLEY_EXTHOST_TIMEOUT_MS                    global time limit (default 5 minutes)
// The extension host also starts with HTTP_PROXY, HTTPS_PROXY and NO_PROXY pointing at a proxy this
// runner owns: VS Code reads those variables only when the extension host starts (proxy.test.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { downloadAndUnzipVSCode, runTests, SilentReporter, TestRunFailedError } from '@vscode/test-electron';
import type { ConsoleMessage } from 'playwright-core';
import { REPO_ROOT, createSampleWorkspace, launchBrowser, screenshot, startCodeServer } from '../support/codeServer';
import { CountingProxy } from '../support/countingProxy';
import { FakeOpenAI } from '../support/fakeOpenAI';

type RunnerName = 'electron' | 'code-server';

const SUITE_PATH = join(__dirname, 'suite', 'index.js');
/** Loaded next to Parley: it declares the language model vendor the suite's test provider uses. */
const LANGUAGE_MODEL_FIXTURE = join(REPO_ROOT, 'test', 'exthost', 'lmProvider');
const TIMEOUT_MS = Number(process.env.PARLEY_EXTHOST_TIMEOUT_MS ?? 5 * 60_000);
// Shared by every clone on this machine and kept out of the checkout.
const VSCODE_CACHE = join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? tmpdir(), '.cache'), 'parley-e2e', 'vscode-test');

function log(message: string): void {
  console.error(`[exthost] ${message}`);
}

function requestedRunner(): RunnerName | undefined {
  const value = process.env.PARLEY_EXTHOST_RUNNER;
  if (value === undefined || value === '') return undefined;
  if (value === 'electron' || value === 'code-server') return value;
  throw new Error(`PARLEY_EXTHOST_RUNNER must be "electron" or "code-server", not "${value}"`);
}

/** A host that NO_PROXY names, so requests to it skip the environment's proxy. */
const HOST_PAST_THE_PROXY = 'direct.parley-env-proxy-test.invalid';

interface EnvironmentProxy {
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The proxy a company network gives its users through the environment. Every request it carries
 * goes on to a fake OpenAI server, which the suite reads through its control API at
 * PARLEY_TEST_ENV_PROXY_UPSTREAM to see what arrived and for which host.
 */
async function startEnvironmentProxy(): Promise<EnvironmentProxy> {
  const upstream = await FakeOpenAI.start();
  const proxy = await CountingProxy.start(upstream.baseUrl);
  return {
    env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: HOST_PAST_THE_PROXY, PARLEY_TEST_ENV_PROXY_UPSTREAM: upstream.origin },
    close: async () => {
      await proxy.close();
      await upstream.close();
    },
  };
}

/** Only what the tests ask for reaches the extension host, never the developer's whole environment. */
function extensionHostEnv(proxy: EnvironmentProxy): Record<string, string> {
  const env: Record<string, string> = { ...proxy.env };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && (name.startsWith('PARLEY_TEST_') || name === 'OPENAI_API_KEY')) env[name] = value;
  }
  return env;
}

function userSettings(): Record<string, unknown> {
  const file = process.env.PARLEY_TEST_SETTINGS;
  if (!file) return {};
  const settings: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new Error(`PARLEY_TEST_SETTINGS (${file}) must hold a JSON object`);
  }
  return settings as Record<string, unknown>;
}

/** Fails before anything starts if the extension under test has not been built. */
function assertExtensionBuilt(): void {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main?: string };
  const main = join(REPO_ROOT, manifest.main ?? 'dist/extension.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: build the extension first (npm run build)`);
  if (!existsSync(SUITE_PATH)) throw new Error(`${SUITE_PATH} does not exist: compile the tests first (npm run compile-tests)`);
}

/** Resolves after the global time limit with a loud error; `cancel` stops the clock. */
function globalTimeout(): { expired: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the extension host suite did not finish within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

/** A downloaded desktop VS Code, or why there is none. */
async function downloadVSCode(): Promise<{ executable: string } | { failure: string }> {
  try {
    return { executable: await downloadAndUnzipVSCode({ cachePath: VSCODE_CACHE, reporter: new SilentReporter() }) };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

async function runInElectron(vscodeExecutablePath: string, proxy: EnvironmentProxy): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'parley-exthost-'));
  try {
    const userDataDir = join(root, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(), null, 2));
    const workspace = createSampleWorkspace(join(root, 'workspace'));
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: [REPO_ROOT, LANGUAGE_MODEL_FIXTURE],
      extensionTestsPath: SUITE_PATH,
      extensionTestsEnv: extensionHostEnv(proxy),
      launchArgs: [
        workspace,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        join(root, 'extensions'),
        '--disable-extensions', // other installed extensions; the one under development still loads
        '--disable-workspace-trust',
      ],
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw error;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * In the smoke-test mode the workbench hands everything the extension host prints (mocha's
 * reporter included) to its log service, which writes to the page console as
 * ('%c INFO', css, format, ...args); Chromium's own messages (failed loads, iframe warnings) have
 * no such prefix and are dropped.
 */
async function forwardConsole(message: ConsoleMessage): Promise<void> {
  const args = await Promise.all(
    // Errors do not survive JSON serialization; take their stack as text inside the page.
    message.args().map((arg) => arg.evaluate((value: unknown) => (value instanceof Error ? (value.stack ?? String(value)) : value)).catch(() => '?')),
  );
  const [prefix] = args;
  if (typeof prefix !== 'string' || !prefix.startsWith('%c')) return;
  const level = prefix.slice(2).trim();
  const text = format(...args.slice(2));
  if (level === 'INFO') process.stdout.write(`${text}\n`);
  else process.stderr.write(`${level} ${text}\n`);
}

async function runInCodeServer(proxy: EnvironmentProxy): Promise<number> {
  const started = Date.now();
  // The smoke-test driver takes one extensionDevelopmentPath (the payload is read as a map), so
  // the fixture comes as an installed extension.
  const server = await startCodeServer({
    smokeTestDriver: true,
    env: extensionHostEnv(proxy),
    // VS Code's own Chat view is where `@parley` answers (chatParticipant.test.ts).
    settings: { 'chat.disableAIFeatures': false, ...userSettings() },
    extensionFolders: [LANGUAGE_MODEL_FIXTURE],
  });
  log(`code-server ready in ${Date.now() - started} ms at ${server.origin}`);
  const browser = await launchBrowser();
  const { page } = browser;
  const timeout = globalTimeout();
  let succeeded = false;
  try {
    // The workbench calls window.codeAutomationExit(code) when the suite's run() settles.
    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    // Console events arrive one by one while their arguments are read asynchronously; chaining
    // keeps the lines in order, and awaiting the chain flushes them before the exit code is used.
    let printed = Promise.resolve();
    page.on('console', (message) => {
      printed = printed.then(() => forwardConsole(message));
    });
    await page.goto(
      server.workbenchUrl([
        ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
        ['extensionTestsPath', server.remoteUri(SUITE_PATH)],
      ]),
    );
    const code = await Promise.race([exitCode, timeout.expired]);
    await printed;
    succeeded = code === 0;
    return code;
  } catch (error) {
    log(`screenshot: ${await screenshot(page, 'exthost-failure').catch(() => 'none')}`);
    throw error;
  } finally {
    timeout.cancel();
    if (!succeeded) log(`editor logs kept in ${server.saveLogs('exthost')}`);
    await browser.close();
    await server.stop();
  }
}

async function runSuite(proxy: EnvironmentProxy): Promise<number> {
  const forced = requestedRunner();
  if (forced !== 'code-server') {
    const vscode = await downloadVSCode();
    if ('executable' in vscode) return runInElectron(vscode.executable, proxy);
    if (forced === 'electron') throw new Error(`PARLEY_EXTHOST_RUNNER=electron, but VS Code could not be downloaded (${vscode.failure})`);
    log(`VS Code could not be downloaded (${vscode.failure}); running the suite in code-server + headless Chromium instead.`);
  }
  return runInCodeServer(proxy);
}

async function main(): Promise<number> {
  assertExtensionBuilt();
  const proxy = await startEnvironmentProxy();
  try {
    return await runSuite(proxy);
  } finally {
    await proxy.close();
  }
}

const started = Date.now();
main().then(
  (code) => {
    log(`${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`FAILED: could not run the extension host suite: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
