import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Connection, ConversationChoice } from '../core/chatSession';
import { ChatSession } from '../core/chatSession';
import { dateTimeText } from '../shared/numbers';
import type { ChatModelClient } from '../core/client';
import type { ConversationStore } from '../core/store';
import type { ContextWindow } from '../core/budget';
import { contextWindowFor, ESTIMATED_TOKENS, messageTokens, usesOpenAITokenizer } from '../core/budget';
import { buildMessages, formatCodeContext } from '../core/prompt';
import { cutNotice } from '../core/selection';
import type { Endpoint, ProviderId } from '../core/providers';
import { defaultModel, effectiveProvider, endpointAddress, isProviderId, resolveEndpoint } from '../core/providers';
import { outputOptions } from '../core/reasoning';
import { awaitsSteeringChoice, conversationMatches, textMatches } from '../core/conversation';
import type { QuestionCode } from '../core/editTarget';
import { importConversations, parseExport, toExportJson } from '../core/exchange';
import { toMarkdown } from '../core/transcript';
import { loadedOpenAITokenizer, openAITokenizer } from '../node/tokenizer';
import type { ConversationListItem, FromWebview, Snapshot } from '../shared/protocol';
import { assertNever } from '../shared/protocol';
import { snapshotUpdate } from '../shared/snapshotUpdate';
import type { SteeringView } from '../shared/steering';
import { linkPolicy } from '../shared/validate';
import type { ApiKeyStore } from './apiKey';
import { ChatPanel, VIEW_TYPE } from './chatPanel';
import { CodeActions } from './codeActions';
import type { EditorContext } from './contextSources';
import type { ProviderService } from './providers';
import { createChatClient } from './providers';
import { readParleySettings } from './settings';
import { conversationView } from './turnViews';
import type { SteeringService } from './steering';
import type { AnswerPiece, CodeContext, Conversation, Failure, RecordedSteering, Steering, Turn } from '../core/domain';

/** What a snapshot holds that was read with a wait, for the conversation it shows. */
interface SnapshotInputs {
  readonly provider: ProviderId;
  readonly apiKey: string | undefined;
  readonly steering: SteeringView;
  readonly requestSteering: RecordedSteering;
}

/** Streamed text reaches the webview at most this often (about one animation frame). */
const DELTA_FLUSH_MS = 16;

/**
 * Owns the chat: the session (conversation and running request) and the panel that shows it.
 * The panel can close and come back; the session goes on.
 */
export class ChatController implements vscode.Disposable {
  private sessionPromise: Promise<ChatSession> | undefined;
  private chatPanel: ChatPanel | undefined;
  /** Streamed text not posted yet, by answer and part; an answer's reasoning comes before its text. */
  private pendingText = new Map<string, { readonly turnId: string; readonly piece: AnswerPiece }>();
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  /** The last snapshot the panel received: the next one is sent as a change to it. */
  private posted: Snapshot | undefined;
  /** The post of the state being built, and whether another was asked for meanwhile. */
  private statePosting: Promise<void> | undefined;
  private stateWanted = false;
  private notice: string | undefined;
  /** That a repository's profile steers a conversation: shown with that conversation only. */
  private steeringNotice: { readonly conversationId: string; readonly message: string } | undefined;
  /** The conversation list's search while the webview shows the list; it is re-sent after changes. */
  private listQuery: string | undefined;
  private readonly codeActions = new CodeActions(() => this.chatPanel?.panel.viewColumn);
  private readonly disposables: vscode.Disposable[] = [this.codeActions];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ConversationStore,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly steering: SteeringService,
    private readonly editorContext: EditorContext,
    private readonly providers: ProviderService,
  ) {
    this.disposables.push(
      keys.onDidChange(() => {
        // A new key can make a list that failed for want of it work.
        providers.refreshModels();
        void this.postState();
      }),
      providers.onDidChange(() => void this.postState()),
      steering.library.onDidChange(() => void this.postState()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('parley')) void this.postState();
      }),
    );
  }

  session(): Promise<ChatSession> {
    this.sessionPromise ??= ChatSession.open({
      store: this.store,
      connect: (recorded, choice) => this.connect(recorded, choice),
      newId: () => randomUUID(),
      now: () => Date.now(),
      onChange: () => void this.postState(),
      onPiece: (turnId, piece) => this.queuePiece(turnId, piece),
      schedule: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
      reportError: (message) => this.report(message),
      onSteeringRecorded: (conversationId, steering) => this.noticeRepositorySteering(conversationId, steering),
    });
    return this.sessionPromise;
  }

  /** Opens the panel, or brings it forward, with the cursor in the composer. */
  show(): void {
    if (this.chatPanel) {
      this.chatPanel.reveal();
      this.chatPanel.post({ type: 'focusComposer' });
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Parley',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        retainContextWhenHidden: false,
      },
    );
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
    if (awaitsSteeringChoice(session.current) && !(await this.askImportedSteering(session))) return;
    await session.send(question, context);
  }

  /**
   * Asks (modal) whether an imported conversation keeps its steering or takes the user's profile,
   * for a question that comes from outside the panel; false when the user cancels.
   */
  private async askImportedSteering(session: ChatSession): Promise<boolean> {
    const keep = vscode.l10n.t('Keep Imported Steering');
    const mine = vscode.l10n.t('Use My Profile');
    const steering = session.current.steering;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'This conversation was imported with its own steering (profile “{0}”). Keep it for your question, or use your own profile?',
        steering?.profile ?? '',
      ),
      { modal: true },
      keep,
      mine,
    );
    if (choice === undefined) return false;
    await this.settleSteering(session, choice === keep);
    return true;
  }

  /** Keeps an imported conversation's steering, or records the user's current profile in its place. */
  private async settleSteering(session: ChatSession, keep: boolean): Promise<void> {
    await session.settleImportedSteering(keep ? undefined : (await this.steering.current()).steering);
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
      void vscode.window.showInformationMessage(vscode.l10n.t('Parley: this conversation is empty; there is nothing to export yet.'));
      return;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: toMarkdown(session.current, new Date()) });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  /** Shows a stored conversation in the panel. */
  async openConversation(id: string): Promise<void> {
    this.show();
    if (!(await (await this.session()).openConversation(id))) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Parley: that conversation is no longer there.'));
    }
  }

  /** Lets the user pick a conversation from a quick pick, newest first, searching titles. */
  async pickConversation(): Promise<void> {
    const session = await this.session();
    const items = this.store.list().map((c) => ({
      label: c.title,
      description: c.id === session.current.id ? vscode.l10n.t('current') : undefined,
      detail: vscode.l10n.t('{0} · {1} messages', dateTimeText(c.updatedAt, vscode.env.language), c.turnCount),
      id: c.id,
    }));
    if (items.length === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('Parley: there are no saved conversations yet.'));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Parley: Open Conversation'),
      placeHolder: vscode.l10n.t('Search conversations by title'),
      matchOnDetail: true,
    });
    if (picked) await this.openConversation(picked.id);
  }

  async renameConversation(id?: string): Promise<void> {
    const session = await this.session();
    const target = id ?? session.current.id;
    const current = target === session.current.id ? session.current.title : this.store.list().find((c) => c.id === target)?.title;
    if (current === undefined) return;
    const title = await vscode.window.showInputBox({
      title: vscode.l10n.t('Parley: Rename Conversation'),
      value: current,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A title cannot be empty.')),
    });
    if (title?.trim()) await session.renameConversation(target, title);
  }

  /** Writes one conversation (JSON) or all of them to a file the user picks. */
  async exportJson(scope: 'current' | 'all'): Promise<void> {
    const session = await this.session();
    const conversations: Conversation[] = [];
    if (scope === 'current') {
      conversations.push(session.current);
    } else {
      for (const summary of this.store.list()) {
        const loaded = summary.id === session.current.id ? session.current : await this.store.load(summary.id);
        if (loaded) conversations.push(loaded);
      }
    }
    if (conversations.every((c) => c.turns.length === 0)) {
      return void vscode.window.showInformationMessage(vscode.l10n.t('Parley: there is nothing to export yet.'));
    }
    const name =
      scope === 'all'
        ? 'parley-conversations.json'
        : `${
            session.current.title
              .replace(/[^\w -]+/g, '')
              .trim()
              .slice(0, 40) || 'conversation'
          }.json`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: scope === 'all' ? vscode.l10n.t('Export All Parley Conversations') : vscode.l10n.t('Export Parley Conversation'),
      filters: { [vscode.l10n.t('Parley export')]: ['json'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(toExportJson(conversations, new Date())));
    void vscode.window.showInformationMessage(
      conversations.length === 1
        ? vscode.l10n.t('Parley: exported 1 conversation to {0}.', target.fsPath)
        : vscode.l10n.t('Parley: exported {0} conversations to {1}.', conversations.length, target.fsPath),
    );
  }

  /**
   * Reads an export, `file` or one the user picks; a bad file is refused whole with the reason,
   * and nothing is overwritten.
   */
  async importJson(file?: vscode.Uri): Promise<void> {
    file ??= (
      await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Import Parley Conversations'),
        canSelectMany: false,
        filters: { [vscode.l10n.t('Parley export')]: ['json'] },
      })
    )?.[0];
    if (!file) return;
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    let ids: string[];
    try {
      const conversations = parseExport(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)), { file: name, at: Date.now() });
      ids = await importConversations(this.store, conversations, randomUUID);
    } catch (error) {
      return void vscode.window.showErrorMessage(vscode.l10n.t('Parley did not import {0}: {1}. Nothing was changed.', file.fsPath, (error as Error).message));
    }
    const session = await this.session();
    await this.postState();
    void vscode.window.showInformationMessage(
      ids.length === 1 ? vscode.l10n.t('Parley: imported 1 conversation.') : vscode.l10n.t('Parley: imported {0} conversations.', ids.length),
    );
    if (ids[0] && session.current.turns.length === 0) await this.openConversation(ids[0]);
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
        this.steeringNotice = undefined;
        await this.postState();
        break;
      case 'regenerate':
        await session.regenerate();
        break;
      case 'editAndResend':
        await session.editAndResend(message.turnId, message.text);
        break;
      case 'undo':
        await session.undo();
        break;
      case 'copyTurn': {
        const turn = session.current.turns.find((t) => t.id === message.turnId);
        if (turn) await vscode.env.clipboard.writeText(turn.text);
        break;
      }
      case 'codeAction':
        await this.codeActions.run(message.action, message.code, message.language, this.questionCode(session.current, message.turnId));
        break;
      case 'settleImportedSteering':
        await this.settleSteering(session, message.keep);
        break;
      case 'listConversations':
        this.listQuery = message.query;
        await this.postConversations();
        break;
      case 'openConversation':
        await this.openConversation(message.id);
        break;
      case 'renameConversation':
        await this.renameConversation(message.id);
        break;
      case 'deleteConversation':
        await session.deleteConversation(message.id);
        break;
      case 'pickProfile': {
        const refused = await this.steering.pick({ name: message.name, ...(message.file !== undefined ? { file: message.file } : {}) }, session.current);
        if (refused) this.report(refused);
        else await this.postState();
        break;
      }
      case 'draftExample': {
        const pair = session.exampleFor(message.turnId);
        if (pair) this.chatPanel?.post({ type: 'exampleDraft', turnId: message.turnId, ...pair });
        break;
      }
      case 'saveExample':
        await this.saveExample(message.turnId, message.target, { user: message.user, assistant: message.assistant });
        break;
      case 'pickProvider':
        if (isProviderId(message.provider)) await this.chooseProvider(message.provider);
        else this.log.warn(`Ignored an unknown provider from the webview: ${message.provider.slice(0, 40)}`);
        break;
      case 'pickModel':
        await this.chooseModel(message.model);
        break;
      case 'refreshModels':
        this.providers.refreshModels();
        break;
      case 'addContext': {
        const found = await this.editorContext.find(message.source);
        if (typeof found === 'string') void vscode.window.showInformationMessage(vscode.l10n.t('Parley: {0}', found));
        else if (found) session.attach(found);
        break;
      }
      default:
        assertNever(message);
    }
  }

  private async runAction(action: 'setApiKey' | 'openSettings' | 'retry', session: ChatSession): Promise<void> {
    switch (action) {
      case 'setApiKey':
        // A question that failed for want of a key goes out as soon as there is one.
        if ((await this.setApiKey()) && session.waitsForKey()) await session.retry();
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

  /** The provider the current conversation's next question goes to. */
  private async currentProvider(): Promise<{ id: ProviderId; chosen: boolean }> {
    return effectiveProvider(this.providers.settings(), (await this.session()).current.provider);
  }

  /** Asks for the current provider's key; returns whether one was stored. */
  async setApiKey(): Promise<boolean> {
    const { id } = await this.currentProvider();
    const reading = resolveEndpoint(this.providers.settings(), id);
    return this.keys.prompt(id, reading.ok ? endpointAddress(reading.endpoint) : id);
  }

  async clearApiKey(): Promise<ProviderId> {
    const { id } = await this.currentProvider();
    await this.keys.clear(id);
    return id;
  }

  /** Parley: Choose Provider…: the quick pick, then what the provider still needs. */
  async pickProvider(): Promise<void> {
    const picked = await this.providers.pick((await this.currentProvider()).id);
    if (picked) await this.chooseProvider(picked);
  }

  /**
   * Sends the current conversation's next questions, and new conversations', to `provider`, with
   * the model last picked for it; then asks for what it still needs (endpoint, key).
   */
  async chooseProvider(provider: ProviderId, model = this.providers.lastModel(provider)): Promise<void> {
    // The conversation first: a question sent right after the pick must go to the new provider.
    await (await this.session()).choose({ provider, model });
    await vscode.workspace.getConfiguration('parley').update('provider', provider, vscode.ConfigurationTarget.Global);
    await this.providers.setUp(provider);
  }

  /** Keeps `model` for the current conversation, and as the one its provider starts with next time. */
  private async chooseModel(model: string): Promise<void> {
    const { id } = await this.currentProvider();
    await this.providers.rememberModel(id, model);
    await (await this.session()).choose({ provider: id, model });
  }

  private async saveExample(turnId: string, target: string, pair: { user: string; assistant: string }): Promise<void> {
    try {
      const where = await this.steering.library.saveExample(target, pair);
      this.chatPanel?.post({ type: 'exampleSaved', turnId, ok: true, message: vscode.l10n.t('Saved as an example of {0}.', where) });
    } catch (error) {
      // The form stays open with the user's edits: nothing typed is lost.
      this.chatPanel?.post({ type: 'exampleSaved', turnId, ok: false, message: (error as Error).message });
    }
  }

  private async openLink(href: string): Promise<void> {
    // Quoted, so control and invisible characters show.
    const shown = JSON.stringify(href.slice(0, 200));
    const verdict = linkPolicy(href);
    switch (verdict) {
      case 'open':
        await vscode.env.openExternal(vscode.Uri.parse(href, true));
        break;
      case 'ask': {
        const openLink = vscode.l10n.t('Open Link');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Open an email link from the chat?'),
          {
            modal: true,
            detail: vscode.l10n.t(
              '{0}\n\nThe link came from the chat, which shows model output. It opens your mail program with a draft; check it before you send it.',
              shown,
            ),
          },
          openLink,
        );
        if (choice === openLink) await vscode.env.openExternal(vscode.Uri.parse(href, true));
        break;
      }
      case 'refuse':
        this.log.warn(`Did not open a link that is neither a web nor a mailto: link: ${shown}`);
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Parley opens only web links (http, https) from the chat, and email links (mailto:) after asking. It did not open {0}.', shown),
        );
        break;
      default:
        assertNever(verdict);
    }
  }

  /** The code the question before an answer was about, and whether its conversation was imported. */
  private questionCode(conversation: Conversation, answerId: string): QuestionCode {
    const index = conversation.turns.findIndex((t) => t.id === answerId);
    const question = conversation.turns[index - 1];
    return { context: question?.role === 'user' ? question.context[0] : undefined, imported: conversation.imported !== undefined };
  }

  private async postConversations(): Promise<void> {
    const query = this.listQuery;
    if (!this.chatPanel || query === undefined) return;
    const session = await this.session();
    const items: ConversationListItem[] = [];
    for (const summary of this.store.list()) {
      // The title decides most searches; only the other conversations are read from disk.
      if (!textMatches(summary.title, query)) {
        const conversation = summary.id === session.current.id ? session.current : await this.store.load(summary.id);
        if (!conversation || !conversationMatches(conversation, query)) continue;
      }
      items.push({ id: summary.id, title: summary.title, updatedAt: summary.updatedAt, turnCount: summary.turnCount });
    }
    this.chatPanel?.post({ type: 'conversations', query, items });
  }

  private async connect(recorded: RecordedSteering | undefined, choice: ConversationChoice): Promise<Connection> {
    const { settings, problems, blocking } = readParleySettings();
    for (const problem of problems) this.log.warn(problem);
    if (blocking) return { ok: false, error: { kind: 'config', reason: 'settings', problem: blocking } };
    const providerSettings = this.providers.settings();
    const provider = effectiveProvider(providerSettings, choice.provider);
    const reading = resolveEndpoint(providerSettings, provider.id);
    if (!reading.ok) return { ok: false, error: { kind: 'config', reason: 'endpoint', problem: reading.problem } };
    const endpoint = reading.endpoint;
    const apiKey = await this.keys.get(provider.id);
    if (!apiKey && endpoint.needsKey) {
      // Nothing set up yet: a model server on this machine may answer without a key.
      const local = provider.chosen ? undefined : await this.providers.offerLocalServer();
      if (local) {
        await this.chooseProvider(local.provider, this.providers.lastModel(local.provider) ?? local.models[0]);
        const chosen = (await this.session()).current;
        return this.connect(recorded, { provider: chosen.provider, model: chosen.model });
      }
      return { ok: false, error: this.missingKey(endpoint) };
    }
    // Before anything is sent: the user decides whether a key may cross the network unencrypted.
    if (this.providers.warnsPlainText(endpoint, apiKey))
      return { ok: false, error: { kind: 'config', reason: 'plain-http', address: endpointAddress(endpoint) } };
    const steering = await this.steering.forRequest(recorded);
    // The conversation's pick, else its profile's model, else the provider's default.
    const model = choice.model ?? steering.model ?? defaultModel(provider.id, { model: settings.model, azureDeployment: providerSettings.azureDeployment });
    if (!model) return { ok: false, error: { kind: 'config', reason: 'no-model', azure: provider.id === 'azure' } };
    const client = this.logged(createChatClient(endpoint, apiKey), endpointAddress(endpoint));
    return {
      ok: true,
      client,
      model,
      steering,
      contextWindow: contextWindowFor(model, settings.contextWindow, this.providers.statedWindow(provider.id, model)),
      counter: usesOpenAITokenizer(model) ? openAITokenizer(this.tokenizerBundle()) : ESTIMATED_TOKENS,
      output: outputOptions(model, settings.reasoning),
    };
  }

  private missingKey(endpoint: Endpoint): Failure {
    return { kind: 'auth', reason: 'missing-key', address: endpointAddress(endpoint) };
  }

  /** Logs each request's destination, size, timing and result; never its text or the key. */
  private logged(client: ChatModelClient, baseUrl: string): ChatModelClient {
    return {
      stream: (request, onPiece) => {
        const started = Date.now();
        const chars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
        this.log.info(`POST ${baseUrl}/chat/completions model=${request.model} messages=${request.messages.length} chars=${chars}`);
        const running = client.stream(request, onPiece);
        void running.outcome.then((outcome) => {
          const detail = outcome.kind === 'error' ? ` ${outcome.error.kind}` : '';
          this.log.info(`${outcome.kind}${detail} after ${Date.now() - started} ms`);
        });
        return running;
      },
    };
  }

  /** A repository's profile now steers the conversation: the user is told, naming its file, while it is shown. */
  private noticeRepositorySteering(conversationId: string, steering: RecordedSteering): void {
    if (steering.file === undefined) return;
    const message = vscode.l10n.t(
      'This conversation is steered by "{0}" from this repository ({1}), not by one of your own profiles: its system message and examples went with your first question. The Steering section shows them.',
      steering.profile,
      steering.file,
    );
    this.steeringNotice = { conversationId, message };
    this.log.info(`The first question of a conversation went out with the profile in ${steering.file}.`);
    void this.postState();
  }

  private report(message: string): void {
    this.log.error(message);
    this.notice = message;
    void this.postState();
  }

  private queuePiece(turnId: string, piece: AnswerPiece): void {
    const key = `${piece.part} ${turnId}`;
    const waiting = this.pendingText.get(key)?.piece.text ?? '';
    this.pendingText.set(key, { turnId, piece: { part: piece.part, text: waiting + piece.text } });
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
    for (const { turnId, piece } of this.pendingText.values()) this.chatPanel?.post({ type: 'delta', turnId, ...piece });
    this.pendingText.clear();
  }

  /**
   * Posts the current state. One post at a time, and a call while one is being built asks for one
   * more after it: so posts go out in order, and each call is answered by a post begun after it.
   */
  private postState(): Promise<void> {
    this.stateWanted = true;
    this.statePosting ??= (async () => {
      try {
        while (this.stateWanted) {
          this.stateWanted = false;
          await this.postStateOnce();
        }
      } finally {
        this.statePosting = undefined;
      }
    })();
    return this.statePosting;
  }

  private async postStateOnce(): Promise<void> {
    if (!this.chatPanel || !this.sessionPromise) return;
    const session = await this.sessionPromise;
    const inputs = await this.snapshotInputs(session);
    if (!this.chatPanel) return;
    // Nothing awaits from here to the post: the answer's text so far and the text waiting to be
    // sent are read together, so no streamed piece is dropped or shown twice.
    const snapshot = this.buildSnapshot(session, inputs);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pendingText.clear();
    const update = snapshotUpdate(this.posted, snapshot);
    this.chatPanel.post(update ? { type: 'update', ...update } : { type: 'state', snapshot });
    this.posted = snapshot;
    await this.postConversations();
  }

  /** What the panel shows now. */
  async state(): Promise<Snapshot> {
    const session = await this.session();
    return this.buildSnapshot(session, await this.snapshotInputs(session));
  }

  /** Counted exactly once a request has loaded the tokenizer; until then, and for other models, estimated. */
  private conversationSize(steering: Steering, turns: readonly Turn[], model: string, window: ContextWindow): Snapshot['size'] {
    const exact = usesOpenAITokenizer(model) ? loadedOpenAITokenizer(this.tokenizerBundle()) : undefined;
    const counter = exact ?? ESTIMATED_TOKENS;
    const messages = buildMessages(steering, turns);
    return { tokens: messageTokens(messages, counter), window: window.tokens, exact: counter.exact };
  }

  private tokenizerBundle(): string {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'tokenizer.js').fsPath;
  }

  /**
   * What a snapshot needs that takes a wait (the key, the profiles), for the conversation shown when
   * they arrive: read again if it changed meanwhile (another conversation, its steering recorded).
   */
  private async snapshotInputs(session: ChatSession): Promise<SnapshotInputs> {
    for (;;) {
      const conversation = session.current;
      const { steering: recorded, provider: picked } = conversation;
      const provider = effectiveProvider(this.providers.settings(), picked).id;
      const apiKey = await this.keys.get(provider);
      const steering = await this.steering.view(conversation);
      const requestSteering = await this.steering.forRequest(recorded);
      if (session.current === conversation && conversation.steering === recorded && conversation.provider === picked) {
        return { provider, apiKey, steering, requestSteering };
      }
    }
  }

  /** The snapshot of what the session holds now; it awaits nothing. */
  private buildSnapshot(session: ChatSession, { provider, apiKey, steering, requestSteering }: SnapshotInputs): Snapshot {
    const { settings } = readParleySettings();
    const providerSettings = this.providers.settings();
    const reading = resolveEndpoint(providerSettings, provider);
    const view = conversationView(session.state(), settings.prices, Date.now());
    const notice = this.notice ?? (this.steeringNotice?.conversationId === session.current.id ? this.steeringNotice.message : undefined);
    const model =
      session.current.model ?? steering.model ?? defaultModel(provider, { model: settings.model, azureDeployment: providerSettings.azureDeployment });
    return {
      ...view,
      size: this.conversationSize(
        requestSteering,
        session.current.turns,
        model,
        contextWindowFor(model, settings.contextWindow, this.providers.statedWindow(provider, model)),
      ),
      attachments: view.attachments.map((a) => {
        const sent = formatCodeContext(a.context);
        const notice = cutNotice(a.context);
        return { ...a, sent, tokens: this.steering.tokens.count(sent), ...(notice ? { notice } : {}) };
      }),
      steering,
      model,
      provider,
      providers: this.providers.options(),
      models: this.providers.models(provider),
      baseUrl: reading.ok ? endpointAddress(reading.endpoint) : '',
      needsApiKey: reading.ok && reading.endpoint.needsKey && !apiKey,
      ...(notice ? { notice } : {}),
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
