// The chat panel's page in a plain Chromium page, without VS Code: the real HTML and CSP
// (src/vscode/panelHtml.ts), the real webview bundle (dist/webview.js as esbuild.js builds it) and
// styles, a stubbed acquireVsCodeApi, and the protocol's messages as the host posts them. Used by
// the bench and the hostile-answer suite. Every request the page makes passes through one route
// here, so a test can count the ones that are not the page's own files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Snapshot, ToWebview, TurnView } from '../../src/shared/protocol';
import { panelHtml } from '../../src/vscode/panelHtml';
import { CHROMIUM_ARGS, CHROMIUM_PATH, REPO_ROOT } from './codeServer';
import { snapshotFields } from './snapshotFixture';

export const PANEL_ORIGIN = 'http://parley.panel';
const NONCE = 'cGFuZWwtbm9uY2U=';

/** The page's own files: whatever else it asks for is a request an answer made. */
const FILES: Record<string, [string, string]> = {
  '/dist/webview.js': [join(REPO_ROOT, 'dist', 'webview.js'), 'text/javascript'],
  '/dist/highlight.js': [join(REPO_ROOT, 'dist', 'highlight.js'), 'text/javascript'],
  '/dist/math.js': [join(REPO_ROOT, 'dist', 'math.js'), 'text/javascript'],
  '/dist/math.css': [join(REPO_ROOT, 'dist', 'math.css'), 'text/css'],
  '/media/chat.css': [join(REPO_ROOT, 'media', 'chat.css'), 'text/css'],
  '/dist/codicons/codicon.css': [join(REPO_ROOT, 'dist', 'codicons', 'codicon.css'), 'text/css'],
  '/dist/codicons/codicon.ttf': [join(REPO_ROOT, 'dist', 'codicons', 'codicon.ttf'), 'font/ttf'],
};

/** A few of the variables VS Code puts on a webview's page, in its default dark and light themes. */
export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'font-family': 'system-ui, sans-serif',
      'font-size': '13px',
      'editor-font-family': 'monospace',
      'editor-font-size': '13px',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      'editor-background': '#1f1f1f',
      'panel-border': '#2b2b2b',
      'textLink-foreground': '#4daafc',
      'textCodeBlock-background': '#2b2b2b',
      'textBlockQuote-border': '#616161',
      'input-background': '#313131',
      'input-foreground': '#cccccc',
      'input-border': '#3c3c3c',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'badge-background': '#616161',
      'badge-foreground': '#f8f8f8',
      errorForeground: '#f85149',
      'editorWarning-foreground': '#cca700',
      'inputValidation-warningBorder': '#b89500',
      'inputValidation-warningBackground': '#352a05',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'font-family': 'system-ui, sans-serif',
      'font-size': '13px',
      'editor-font-family': 'monospace',
      'editor-font-size': '13px',
      foreground: '#3b3b3b',
      descriptionForeground: '#717171',
      'editor-background': '#ffffff',
      'panel-border': '#e5e5e5',
      'textLink-foreground': '#005fb8',
      'textCodeBlock-background': '#f2f2f2',
      'textBlockQuote-border': '#e5e5e5',
      'input-background': '#ffffff',
      'input-foreground': '#3b3b3b',
      'input-border': '#cecece',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b',
      errorForeground: '#f85149',
      'editorWarning-foreground': '#bf8803',
      'inputValidation-warningBorder': '#bf8803',
      'inputValidation-warningBackground': '#fffbe6',
    },
  },
} as const;

export interface PanelPageOptions {
  /** False: the same page without its Content-Security-Policy, to see what the renderer alone holds. */
  readonly csp?: boolean;
  readonly theme?: keyof typeof THEMES;
  readonly viewport?: { width: number; height: number };
  /** Another app in place of the webview bundle (the bench's plain-text baseline). */
  readonly app?: string;
  /** Runs before the page's own scripts, after the stubbed API: probes a test reads later. */
  readonly probes?: string;
}

export interface PanelPage {
  readonly page: Page;
  /** Requests that were not for the page's own files, in order; each was refused. */
  readonly foreignRequests: string[];
}

/**
 * Runs in the page before any of its scripts, as VS Code's webview host does: the API the bundle
 * asks for (its messages are kept in `window.posted`) and the theme's variables.
 */
function initScript(theme: (typeof THEMES)[keyof typeof THEMES]): string {
  const vars = Object.entries(theme.vars).map(([name, value]) => [`--vscode-${name}`, value]);
  // Through the CSSOM: the CSP refuses a style attribute, and would report it.
  return `window.acquireVsCodeApi = () => ({ postMessage: (m) => (window.posted ||= []).push(m), getState: () => undefined, setState() {} });
document.addEventListener('DOMContentLoaded', () => {
  document.body.classList.add(${JSON.stringify(theme.bodyClass)});
  for (const [name, value] of ${JSON.stringify(vars)}) document.documentElement.style.setProperty(name, value);
});`;
}

/**
 * Bundles `entry` (TypeScript resolved from the repository's root) as the webview bundle is built:
 * a test's own app for the panel page, e.g. the real renderer on `window`.
 */
export async function pageBundle(entry: string, sourcefile: string): Promise<string> {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: REPO_ROOT, loader: 'ts', sourcefile },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  return bundle.outputFiles[0]!.text;
}

/** Headless Chromium as the tests run it, for pages of their own (no profile is kept). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

export async function openPanelPage(browser: Browser, options: PanelPageOptions = {}): Promise<PanelPage> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const foreignRequests: string[] = [];
  let html = panelHtml({
    cspSource: PANEL_ORIGIN,
    nonce: NONCE,
    scriptUri: `${PANEL_ORIGIN}/dist/webview.js`,
    styleUri: `${PANEL_ORIGIN}/media/chat.css`,
    iconStyleUri: `${PANEL_ORIGIN}/dist/codicons/codicon.css`,
    language: 'en',
    l10nBundle: {},
    separators: { group: ',', decimal: '.' },
  });
  if (options.csp === false) {
    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '');
    if (withoutCsp === html) throw new Error('the panel page has no CSP to take away');
    html = withoutCsp;
  }
  await page.addInitScript(initScript(THEMES[options.theme ?? 'dark']));
  if (options.probes) await page.addInitScript(options.probes);
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === PANEL_ORIGIN) {
      if (url.pathname === '/index.html') return route.fulfill({ body: html, contentType: 'text/html' });
      if (options.app && url.pathname === '/dist/webview.js') return route.fulfill({ body: options.app, contentType: 'text/javascript' });
      // KaTeX's fonts, as esbuild.js writes them.
      const font: [string, string] | undefined = /^\/dist\/katex\/KaTeX_[\w-]+\.woff2$/.test(url.pathname)
        ? [join(REPO_ROOT, url.pathname), 'font/woff2']
        : undefined;
      const file = FILES[url.pathname] ?? font;
      if (file) return route.fulfill({ body: readFileSync(file[0]), contentType: file[1] });
    }
    foreignRequests.push(route.request().url());
    return route.abort();
  });
  // A WebSocket does not pass through the route.
  page.on('websocket', (socket) => foreignRequests.push(socket.url()));
  await page.goto(`${PANEL_ORIGIN}/index.html`);
  // The page has drawn itself once, as it has when the host's first message arrives.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  return { page, foreignRequests };
}

/** Mocha hooks for a suite of plain-page tests: one Chromium for the suite; the pages a test opens are closed after it. */
export function usePanelPages(): (options?: PanelPageOptions) => Promise<Page> {
  let browser: Browser;
  const pages: Page[] = [];
  before(async () => void (browser = await launchChromium()));
  after(() => browser.close());
  afterEach(() => Promise.all(pages.splice(0).map((page) => page.close())));
  return async (options) => {
    const { page } = await openPanelPage(browser, options);
    pages.push(page);
    return page;
  };
}

/**
 * Page-side helper, evaluated in the page (it uses the DOM, which this Node program's types do not
 * have): posts messages to the app one per animation frame, as a stream arrives.
 */
export const STREAM_HELPER = `
window.streamMessages = (all, settleMs) => new Promise((resolve) => {
  let next = 0;
  const step = () => {
    if (next === all.length) return void setTimeout(resolve, settleMs);
    window.postMessage(all[next++], '*');
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
});`;

/** A snapshot's fields other than the turns, as an update carries them. */
export function panelState(busy: boolean, conversationId = 'bench'): Omit<Snapshot, 'turns'> {
  return snapshotFields({ conversationId, title: 'Bench', busy });
}

export function panelSnapshot(turns: TurnView[], busy: boolean, conversationId?: string): Snapshot {
  return { ...panelState(busy, conversationId), turns };
}

/**
 * The messages the host posts for one streamed answer to `question`: a snapshot with the answer
 * empty, the text in deltas of `charsPerDelta`, then the update that ends it.
 */
export function streamMessages(answer: string, charsPerDelta: number, question = 'Explain the whole plan, with code.', conversationId?: string): ToWebview[] {
  const turns: TurnView[] = [{ id: 'q', role: 'user', text: question, context: [] }];
  const messages: ToWebview[] = [
    { type: 'state', revision: 1, snapshot: panelSnapshot([...turns, { id: 'a', role: 'assistant', text: '', status: 'streaming' }], true, conversationId) },
  ];
  for (let i = 0; i < answer.length; i += charsPerDelta)
    messages.push({ type: 'delta', turnId: 'a', part: 'text', offset: i, text: answer.slice(i, i + charsPerDelta) });
  messages.push({
    type: 'update',
    revision: 2,
    base: 1,
    snapshot: panelState(false, conversationId),
    keptTurns: 1,
    turns: [{ id: 'a', role: 'assistant', text: answer, status: 'complete' }],
  });
  return messages;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly tid: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { name?: string };
}

/**
 * Records the page's tasks; `stop` returns the main thread's tasks as [wall ms, CPU ms]. CPU time
 * tells the page's own work from waiting for a machine that is busy with other work.
 */
export async function traceTasks(cdp: CDPSession): Promise<{ stop(): Promise<Array<[number, number]>> }> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }): void => void events.push(...(data.value as unknown as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'] }, transferMode: 'ReportEvents' });
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', collect);
      const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => e.tid));
      return events
        .filter((e) => e.ph === 'X' && main.has(e.tid) && /RunTask$/.test(e.name) && e.dur !== undefined)
        .map((e) => [e.dur! / 1000, (e.tdur ?? e.dur!) / 1000]);
    },
  };
}
