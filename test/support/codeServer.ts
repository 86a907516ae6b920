// Runs Parley in a real VS Code with no VS Code download: code-server (the VS Code server with its
// web workbench) in an isolated temp profile, driven by headless Debian Chromium through
// playwright-core. See /work/shared/REAL-EDITOR-TESTS.md for why each piece is the way it is.
//
// This file runs on the system Node; code-server itself runs on the Node 24 that scripts/tools.mjs
// installs, because code-server 4.139 refuses any other Node major.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';

/** The checkout this file was compiled from (out/test/support/ → three levels up). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = join(REPO_ROOT, '.test-artifacts');
export const EXTENSION_ID = 'parley.parley';

interface Tools {
  node: string;
  nodeBin: string;
  codeServer: string;
}
interface ToolsModule {
  ensureTools(): Tools;
  CHROMIUM: string;
}
// scripts/tools.mjs is the one place that knows the tool versions and paths. It is an untyped ES
// module, which this CommonJS build can only require() (Node 20.19+ allows that for ES modules
// without top-level await); the interface above types what we use of it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toolsModule = require(join(REPO_ROOT, 'scripts', 'tools.mjs')) as ToolsModule;
/** Debian's Chromium (or the one PARLEY_CHROMIUM names). */
export const CHROMIUM_PATH = toolsModule.CHROMIUM;

/**
 * Settings every test editor starts with: no Welcome tab over the editors, none of VS Code's own
 * AI chat (its view, sign-in retries and log chatter) nor the empty side bar it leaves, and no
 * extension update checks, which fail offline.
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
};

const execFileAsync = promisify(execFile);
const delay = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export interface CodeServerOptions {
  /** Folder to open; a fresh sample workspace (see createSampleWorkspace) when omitted. */
  workspace?: string;
  /** A packaged extension installed into the fresh extensions dir before the server starts. */
  vsix?: string;
  /** More packaged extensions to install the same way, e.g. a test language pack. */
  moreVsix?: readonly string[];
  /** Runs after the extensions are installed and before the server starts, e.g. to add files to them. */
  prepare?: (dirs: { readonly extensions: string; readonly userData: string }) => void;
  /** The display language (code-server's --locale); only a language with a pack installed takes effect. */
  locale?: string;
  /** Unpackaged extension folders copied into the fresh extensions dir: they load as installed ones. */
  extensionFolders?: readonly string[];
  /** User settings (User/settings.json), applied over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server; the extension host inherits it. */
  env?: Record<string, string>;
  /** Lets the page pass extensionDevelopmentPath/extensionTestsPath in the URL's payload. */
  smokeTestDriver?: boolean;
}

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  readonly workspace: string;
  readonly userDataDir: string;
  /** code-server's own stdout and stderr. */
  readonly serverLog: string;
  /** Workbench URL for the workspace, with an optional smoke-test-driver payload. */
  workbenchUrl(payload?: ReadonlyArray<readonly [string, string]>): string;
  /** A path on this machine as the URI the remote extension host resolves. */
  remoteUri(absolutePath: string): string;
  /** Extension host logs written so far (the host's own log and the extensions' output channels). */
  extensionHostLogs(): string[];
  /** Copies every log into .test-artifacts/<name>-logs/ (they vanish with the temp dir) and returns that folder. */
  saveLogs(name: string): string;
  /**
   * Ends code-server as a shutdown would and starts it again on the same port, profile and
   * workspace, with `env` added to its environment.
   */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/** Writes a small workspace the tests can open and select code in. */
export function createSampleWorkspace(dir: string): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'src', 'math.ts'),
    [
      'export function add(a: number, b: number): number {',
      '  return a + b;',
      '}',
      '',
      'export function fibonacci(n: number): number {',
      '  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'README.md'), '# Sample workspace\n\nA tiny project for Parley tests.\n');
  return dir;
}

async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function waitForHealthz(origin: string, child: ChildProcess, serverLog: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(serverLog)}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs} ms:\n${tail(serverLog)}`);
}

/** Starts code-server in a fresh temp profile on a free port and waits until it answers. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const tools = toolsModule.ensureTools();
  const root = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const dirs = {
    home: join(root, 'home'),
    tmp: join(root, 'tmp'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    xdgCache: join(root, 'xdg-cache'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const workspace = options.workspace ?? createSampleWorkspace(join(root, 'workspace'));
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));

  // A minimal environment, not the caller's: nothing of the developer's (API keys, NODE_OPTIONS,
  // a real HOME) leaks into the editor under test; code-server and VS Code write under HOME,
  // TMPDIR and XDG_*, so those point into the temp dir and vanish with it.
  const env: Record<string, string> = {
    PATH: `${tools.nodeBin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    LANG: process.env.LANG ?? 'C.UTF-8',
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    ...options.env,
  };
  const profileArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  // The editor lists the folders it finds in a fresh extensions dir as installed, under the name
  // an install would give them.
  for (const folder of options.extensionFolders ?? []) {
    const { publisher, name, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<string, string>;
    cpSync(folder, join(dirs.extensions, `${publisher}.${name}-${version}`), { recursive: true });
  }

  try {
    for (const vsix of [...(options.vsix ? [options.vsix] : []), ...(options.moreVsix ?? [])]) {
      await execFileAsync(tools.node, [tools.codeServer, ...profileArgs, '--install-extension', resolve(vsix)], { env });
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  options.prepare?.(dirs);

  const port = await findFreePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverLog = join(root, 'code-server.log');
  const args = [
    tools.codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...profileArgs,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.locale ? ['--locale', options.locale] : []),
    workspace,
  ];
  // detached: its own process group, so stop() can end code-server and every process it spawned.
  const launch = (moreEnv: Record<string, string> = {}) => {
    const logFd = openSync(serverLog, 'a');
    const started = spawn(tools.node, args, { env: { ...env, ...moreEnv }, detached: true, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    return { child: started, exited: new Promise<void>((done) => started.once('exit', () => done())) };
  };
  let { child, exited } = launch();
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The whole group has already ended.
    }
  };
  // If this process ends without stop() (an uncaught error, a crashed test), the detached server
  // would outlive it: end it and its temp dir synchronously on the way out.
  const cleanUpOnExit = (): void => {
    signalGroup('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', cleanUpOnExit);

  /** Ends code-server and every process it started, as a shutdown of the machine would. */
  const end = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const gracePeriod = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), 5000)));
      await Promise.race([exited, gracePeriod]);
      clearTimeout(timer);
    }
    // Also ends whatever the server left behind (extension host, language servers) after SIGTERM.
    signalGroup('SIGKILL');
  };
  const stop = async (): Promise<void> => {
    process.off('exit', cleanUpOnExit);
    await end();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await waitForHealthz(origin, child, serverLog, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }

  const logsDir = join(dirs.userData, 'logs');
  return {
    port,
    origin,
    workspace,
    userDataDir: dirs.userData,
    serverLog,
    workbenchUrl(payload) {
      let url = `${origin}/?folder=${encodeURIComponent(workspace)}`;
      if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    remoteUri(absolutePath) {
      return `vscode-remote://127.0.0.1:${port}${resolve(absolutePath)}`;
    },
    extensionHostLogs() {
      return listFiles(logsDir).filter((file) => /[\\/]exthost\d*[\\/]/.test(file));
    },
    saveLogs(name) {
      const destination = join(ARTIFACTS_DIR, `${name}-logs`);
      rmSync(destination, { recursive: true, force: true });
      mkdirSync(destination, { recursive: true });
      if (existsSync(logsDir)) cpSync(logsDir, destination, { recursive: true });
      cpSync(serverLog, join(destination, 'code-server.log'));
      return destination;
    },
    async restart(moreEnv) {
      await end();
      ({ child, exited } = launch(moreEnv));
      await waitForHealthz(origin, child, serverLog, 30_000);
    },
    stop,
  };
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Headless Chromium as the tests and the bench run it: quiet, and nothing fetched of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', // root in a container has no user namespaces for the sandbox
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

/** Headless Debian Chromium in a fresh profile; never a browser that a test tool downloads. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...CHROMIUM_ARGS],
  });
  // Chromium ends with this process (playwright holds its pipes), but its profile would remain.
  const removeProfile = (): void => rmSync(profile, { recursive: true, force: true });
  process.once('exit', removeProfile);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      process.off('exit', removeProfile);
      removeProfile();
    },
  };
}

/** Opens the workbench and waits until the workspace's files are listed in the explorer. */
export async function openWorkbench(page: Page, server: CodeServer, timeoutMs = 60_000): Promise<void> {
  await page.goto(server.workbenchUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs });
}

/**
 * Runs a command by its palette title, e.g. 'Parley: Open Chat'. The palette snapshots the
 * command list when it opens, so if it opened before the extension host registered our
 * commands the row is missing: close it and try again.
 */
export async function runCommand(page: Page, title: string, attempts = 10): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  // The exact title, so 'Parley: Export Chat' cannot pick 'Parley: Export Chat as Markdown'.
  const exactTitle = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exactTitle }) });
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.keyboard.press('F1');
    // F1 can be lost while the workbench takes focus back (a dialog just closed): press it again.
    const opened = await input.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (!opened) continue;
    await input.fill(`>${title}`);
    const listed = await row
      .first()
      .waitFor({ timeout: 2000 })
      .then(
        () => true,
        () => false,
      );
    if (listed) {
      await row.first().click();
      // The palette is gone, or its widget now serves a quick input that the command opened.
      await page.locator('.quick-input-widget input.input[aria-label^="Type the name of a command"]').waitFor({ state: 'hidden' });
      return;
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`Command "${title}" did not appear in the command palette after ${attempts} attempts`);
}

/**
 * The content of Parley's chat webview. A webview is an outer iframe (VS Code's host page) around
 * an inner #active-frame (the extension's HTML); the outer iframe's src names the extension that
 * owns it, which tells ours apart from VS Code's own Chat view and any other webview.
 */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator(`iframe.webview[src*="extensionId=${EXTENSION_ID}"]`).frameLocator('#active-frame');
}

/** Saves a full-page screenshot to .test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
