import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Connection } from '../core/chatSession';
import { ChatSession } from '../core/chatSession';
import type { ChatModelClient } from '../core/client';
import type { ConversationStore } from '../core/store';
import { needsApiKey } from '../core/settings';
import { toMarkdown } from '../core/transcript';
import { OpenAIChatClient } from '../node/openaiClient';
import type { CodeContext, FromWebview, Snapshot } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { snapshotUpdate } from '../shared/snapshotUpdate';
import { isWebLink } from '../shared/validate';
import type { ApiKeyStore } from './apiKey';
import { ChatPanel, VIEW_TYPE } from './chatPanel';
import { readParleySettings } from './settings';

/** Streamed text reaches the webview at most this often (about one animation frame). */
const DELTA_FLUSH_MS = 16;

/**
 * Owns the chat: the session (conversation and running request) and the panel that shows it.
 * The panel can close and come back; the session goes on.
 */
export class ChatController implements vscode.Disposable {
  private sessionPromise: Promise<ChatSession> | undefined;
  private chatPanel: ChatPanel | undefined;
  private pendingText = new Map<string, string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  /** The last snapshot the panel received: the next one is sent as a change to it. */
  private posted: Snapshot | undefined;
  private notice: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ConversationStore,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      keys.onDidChange(() => void this.postState()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('parley')) void this.postState();
      }),
    );
  }

  session(): Promise<ChatSession> {
    this.sessionPromise ??= ChatSession.open({
      store: this.store,
      connect: () => this.connect(),
      newId: () => randomUUID(),
      now: () => Date.now(),
      onChange: () => void this.postState(),
      onText: (turnId, text) => this.queueText(turnId, text),
      schedule: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
      reportError: (message) => this.report(message),
    });
    return this.sessionPromise;
  }

  /** Opens the panel, or brings it forward. */
  show(): void {
    if (this.chatPanel) {
      this.chatPanel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Parley', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      retainContextWhenHidden: false,
    });
    this.attach(panel);
  }

  /** Takes over a panel VS Code restored after a reload. */
  attach(panel: vscode.WebviewPanel): void {
    this.chatPanel?.dispose();
    this.posted = undefined;
    this.chatPanel = new ChatPanel(
      panel,
      this.extensionUri,
      (message) => void this.handle(message),
      (reason) => this.log.warn(`Ignored a malformed message from the webview: ${reason}`),
      () => {
        this.chatPanel = undefined;
      },
    );
  }

  async ask(question: string, context: readonly CodeContext[]): Promise<void> {
    this.show();
    const session = await this.session();
    await session.send(question, context);
  }

  async attachCode(context: CodeContext): Promise<void> {
    this.show();
    (await this.session()).attach(context);
    this.chatPanel?.post({ type: 'focusComposer' });
  }

  async newChat(): Promise<void> {
    this.show();
    await (await this.session()).newChat();
    this.chatPanel?.post({ type: 'focusComposer' });
  }

  /** Saves what has streamed so far; a reply cut by a reload is then found with all its text. */
  async saveNow(): Promise<void> {
    if (this.sessionPromise) await (await this.sessionPromise).saveNow();
  }

  async exportMarkdown(): Promise<void> {
    const session = await this.session();
    if (session.current.turns.length === 0) {
      void vscode.window.showInformationMessage('Parley: this conversation is empty; there is nothing to export yet.');
      return;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: toMarkdown(session.current, new Date()) });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  private async handle(message: FromWebview): Promise<void> {
    const session = await this.session();
    switch (message.type) {
      case 'ready':
        this.posted = undefined;
        await this.postState();
        break;
      case 'send':
        await session.send(message.text);
        break;
      case 'stop':
        session.stop();
        break;
      case 'newChat':
        await this.newChat();
        break;
      case 'retry':
        await session.retry();
        break;
      case 'runAction':
        await this.runAction(message.action, session);
        break;
      case 'removeAttachment':
        session.removeAttachment(message.id);
        break;
      case 'openLink':
        await this.openLink(message.href);
        break;
      case 'dismissNotice':
        this.notice = undefined;
        await this.postState();
        break;
      default:
        assertNever(message);
    }
  }

  private async runAction(action: 'setApiKey' | 'openSettings' | 'retry', session: ChatSession): Promise<void> {
    switch (action) {
      case 'setApiKey':
        // A question that failed for want of a key goes out as soon as there is one.
        if ((await this.keys.prompt()) && session.waitsForKey()) await session.retry();
        break;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'parley.');
        break;
      case 'retry':
        await session.retry();
        break;
      default:
        assertNever(action);
    }
  }

  private async openLink(href: string): Promise<void> {
    if (isWebLink(href)) {
      await vscode.env.openExternal(vscode.Uri.parse(href, true));
      return;
    }
    this.log.warn(`Did not open a link that is not http(s): ${href.slice(0, 200)}`);
    void vscode.window.showWarningMessage(`Parley opens only http and https links. This one was not opened: ${href.slice(0, 120)}`);
  }

  private async connect(): Promise<Connection> {
    const { settings, problems } = readParleySettings();
    for (const problem of problems) this.log.warn(problem);
    if (!settings.model) {
      return { ok: false, error: { kind: 'config', message: 'No model is set. Set parley.model to the model to use.', action: 'openSettings' } };
    }
    const apiKey = await this.keys.get();
    if (!apiKey && needsApiKey(settings.baseUrl)) {
      return {
        ok: false,
        error: {
          kind: 'auth',
          message: `Parley needs an API key for ${settings.baseUrl}. Set one (it is kept in VS Code's secret storage), or point parley.baseUrl at a local server.`,
          action: 'setApiKey',
        },
      };
    }
    const client = this.logged(new OpenAIChatClient({ baseUrl: settings.baseUrl, apiKey }), settings.baseUrl);
    return { ok: true, client, model: settings.model, steering: { systemPrompt: settings.systemPrompt, examples: settings.examples } };
  }

  /** Logs each request's destination, size, timing and result; never its text or the key. */
  private logged(client: ChatModelClient, baseUrl: string): ChatModelClient {
    return {
      stream: (request, onText) => {
        const started = Date.now();
        const chars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
        this.log.info(`POST ${baseUrl}/chat/completions model=${request.model} messages=${request.messages.length} chars=${chars}`);
        const running = client.stream(request, onText);
        void running.outcome.then((outcome) => {
          const detail = outcome.kind === 'error' ? ` ${outcome.error.kind}` : '';
          this.log.info(`${outcome.kind}${detail} after ${Date.now() - started} ms`);
        });
        return running;
      },
    };
  }

  private report(message: string): void {
    this.log.error(message);
    this.notice = message;
    void this.postState();
  }

  private queueText(turnId: string, text: string): void {
    this.pendingText.set(turnId, (this.pendingText.get(turnId) ?? '') + text);
    if (!this.flushTimer) this.flushText();
  }

  /**
   * Posts the waiting text, or waits until a frame has passed since the last post: the first text
   * after a pause goes out at once, text that follows within a frame waits for the frame's end.
   * (A timer can fire early by the time its loop turn took, so the wait is checked when it fires.)
   */
  private flushText(): void {
    this.flushTimer = undefined;
    const wait = this.lastFlush + DELTA_FLUSH_MS - performance.now();
    if (wait > 0) {
      this.flushTimer = setTimeout(() => this.flushText(), Math.ceil(wait));
      return;
    }
    this.lastFlush = performance.now();
    for (const [turnId, text] of this.pendingText) this.chatPanel?.post({ type: 'delta', turnId, text });
    this.pendingText.clear();
  }

  private async postState(): Promise<void> {
    if (!this.chatPanel || !this.sessionPromise) return;
    const snapshot = await this.snapshot(await this.sessionPromise);
    // The snapshot holds all text so far, so text still waiting to be sent is already in it.
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pendingText.clear();
    if (!this.chatPanel) return;
    const update = snapshotUpdate(this.posted, snapshot);
    this.chatPanel.post(update ? { type: 'update', ...update } : { type: 'state', snapshot });
    this.posted = snapshot;
  }

  /** What the panel shows now. */
  async state(): Promise<Snapshot> {
    return this.snapshot(await this.session());
  }

  private async snapshot(session: ChatSession): Promise<Snapshot> {
    const { settings } = readParleySettings();
    const apiKey = await this.keys.get();
    return {
      ...session.view(),
      model: settings.model,
      baseUrl: settings.baseUrl,
      needsApiKey: !apiKey && needsApiKey(settings.baseUrl),
      ...(this.notice ? { notice: this.notice } : {}),
    };
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    // A running answer is not stopped here: disposal means the window is going away, and
    // deactivate() has saved it as streaming, so the next start marks it interrupted, not stopped.
    // Nor is the panel closed: VS Code restores it after a reload only if it was left open.
    this.chatPanel?.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
