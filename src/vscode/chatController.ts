import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { TokenCounter } from '../core/budget';
import { ChatSession } from '../core/chatSession';
import { awaitsSteeringChoice } from '../core/conversation';
import type { CodeContext } from '../core/domain';
import type { ProviderId } from '../core/providers';
import { effectiveProvider } from '../core/providers';
import type { SearchableStore } from '../core/search';
import type { FromWebview, Snapshot, ToWebview } from '../shared/protocol';
import type { ApiKeyStore } from './apiKey';
import { ChatSurfaces } from './chatSurfaces';
import { CodeActions } from './codeActions';
import type { EditorContext } from './contextSources';
import { ConversationCommands } from './conversationCommands';
import { PanelState } from './panelState';
import type { PanelActions } from './panelRoutes';
import { panelRoutes, route } from './panelRoutes';
import type { ProviderService } from './providers';
import { RequestTargets } from './requests';
import type { SteeringService } from './steering';

/**
 * Owns the chat: the session (conversation and running request) and the panel that shows it.
 * The panel can close and come back; the session goes on. Requests are resolved by
 * `RequestTargets`, messages from the panel handled by `panelRoutes`, and the panel is sent
 * snapshots through `PanelChannel`.
 */
export class ChatController implements vscode.Disposable, PanelActions {
  private sessionPromise: Promise<ChatSession> | undefined;
  /** The editor tab or side-bar view drawing the chat. */
  readonly surfaces: ChatSurfaces;
  /** The first-run setup in progress: questions sent meanwhile wait for it. */
  private settingUp: Promise<void> | undefined;
  readonly codeActions = new CodeActions(() => this.surfaces.tabColumn);
  readonly requests: RequestTargets;
  readonly conversations: ConversationCommands;
  /** What the panel is sent. */
  private readonly panelState: PanelState;
  private readonly routes = panelRoutes(this);
  private readonly disposables: vscode.Disposable[] = [this.codeActions];

  constructor(
    extensionUri: vscode.Uri,
    memento: vscode.Memento,
    private readonly store: SearchableStore,
    private readonly keys: ApiKeyStore,
    readonly log: vscode.LogOutputChannel,
    readonly steering: SteeringService,
    readonly editorContext: EditorContext,
    readonly providers: ProviderService,
  ) {
    this.requests = new RequestTargets(keys, providers, steering, log, vscode.Uri.joinPath(extensionUri, 'dist', 'tokenizer.js').fsPath);
    this.panelState = new PanelState({
      session: () => this.sessionPromise,
      panel: () => (this.surfaces.isOpen ? (message) => this.surfaces.post(message) : undefined),
      store,
      requests: this.requests,
      steering,
      providers,
      log,
    });
    this.conversations = new ConversationCommands({
      session: () => this.session(),
      store,
      openConversation: (id) => this.openConversation(id),
      refresh: () => this.refresh(),
    });
    this.surfaces = new ChatSurfaces(extensionUri, memento, {
      onMessage: (message) => void this.handle(message),
      onInvalidMessage: (reason) => this.log.warn(`Ignored a malformed message from the webview: ${reason}`),
      // A new webview shows nothing yet: it says `ready`, and gets the whole state.
      onAttach: () => this.panelState.panelOpened(),
    });
    this.disposables.push(
      this.surfaces,
      this.panelState,
      keys.onDidChange(() => {
        // A new key can make a list that failed for want of it work.
        providers.refreshModels();
        void this.refresh();
      }),
      providers.onDidChange(() => void this.refresh()),
      steering.library.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('parley')) void this.refresh();
      }),
    );
  }

  session(): Promise<ChatSession> {
    this.sessionPromise ??= ChatSession.open({
      store: this.store,
      connect: (recorded, choice) => this.requests.connect(recorded, choice),
      newId: () => randomUUID(),
      now: () => Date.now(),
      onChange: () => void this.refresh(),
      onPiece: (turnId, piece, offset) => this.panelState.queuePiece(turnId, piece, offset),
      schedule: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
      reportError: (message) => this.report(message),
      onSteeringRecorded: (conversationId, steering) => this.panelState.noticeRepositorySteering(conversationId, steering),
    });
    return this.sessionPromise;
  }

  /** Opens the chat where the user last had it, or brings it forward, with the cursor in the composer. */
  show(): void {
    void this.surfaces.show().then(() => this.surfaces.post({ type: 'focusComposer' }));
  }

  private async handle(message: FromWebview): Promise<void> {
    await route(this.routes, message, await this.session(), (problem) => this.report(problem));
  }

  /** `title` names the conversation when this is its first question (else it is made from the question). */
  async ask(question: string, context: readonly CodeContext[], title?: string): Promise<void> {
    this.show();
    const session = await this.session();
    if (awaitsSteeringChoice(session.current) && !(await this.askImportedSteering(session))) return;
    await this.request(session, () => session.send(question, context, title));
  }

  /**
   * Sends with `ask`, after the first-run setup: with nothing set up yet, a model server on this
   * machine may be offered and chosen before the question goes out.
   */
  async request(session: ChatSession, ask: () => Promise<void>): Promise<void> {
    this.settingUp ??= (async () => {
      try {
        const { provider, model } = session.current;
        const local = await this.requests.firstRunServer({ provider, model });
        if (local) await this.chooseProvider(local.provider, this.providers.lastModel(local.provider) ?? local.models[0]);
      } finally {
        this.settingUp = undefined;
      }
    })();
    await this.settingUp;
    await ask();
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
  async settleSteering(session: ChatSession, keep: boolean): Promise<void> {
    await session.settleImportedSteering(keep ? undefined : (await this.steering.current()).steering);
  }

  async attachCode(context: CodeContext): Promise<void> {
    this.show();
    (await this.session()).attach(context);
    this.surfaces.post({ type: 'focusComposer' });
  }

  async newChat(): Promise<void> {
    this.show();
    await (await this.session()).newChat();
    this.surfaces.post({ type: 'focusComposer' });
  }

  /** Saves what has streamed so far; a reply cut by a reload is then found with all its text. */
  async saveNow(): Promise<void> {
    if (this.sessionPromise) await (await this.sessionPromise).saveNow();
  }

  /** Shows a stored conversation in the panel. */
  async openConversation(id: string): Promise<void> {
    this.show();
    if (!(await (await this.session()).openConversation(id))) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Parley: that conversation is no longer there.'));
    }
  }

  /** Whether the panel is answering in this conversation now. */
  async answeringIn(conversationId: string): Promise<boolean> {
    const session = this.sessionPromise && (await this.sessionPromise);
    return session !== undefined && session.busy && session.current.id === conversationId;
  }

  /** A conversation was saved by `@parley` in the Chat view: the panel shows it as it is now. */
  async conversationSaved(conversationId: string): Promise<void> {
    if (this.sessionPromise) await (await this.sessionPromise).reloadIfShown(conversationId);
    await this.refresh();
  }

  renameConversation(id: string): Promise<void> {
    return this.conversations.renameConversation(id);
  }

  dismissNotice(): Promise<void> {
    return this.panelState.dismissNotice();
  }

  listConversations(request: { readonly requestId: number; readonly query: string }): Promise<void> {
    return this.panelState.listConversations(request);
  }

  /** The provider the current conversation's next question goes to. */
  private async currentProvider(): Promise<{ id: ProviderId; chosen: boolean }> {
    return effectiveProvider(this.providers.settings(), (await this.session()).current.provider);
  }

  async counter(session: ChatSession): Promise<TokenCounter> {
    const { target } = await this.requests.resolve(session.current.steering, session.current);
    return this.requests.displayCounter(target);
  }

  /** Asks for the current provider's key; returns whether one was stored. */
  async setApiKey(): Promise<boolean> {
    const session = await this.session();
    const { target } = await this.requests.resolve(session.current.steering, session.current);
    return this.keys.prompt(target.provider, target.address || target.provider);
  }

  async clearApiKey(): Promise<ProviderId> {
    const { id } = await this.currentProvider();
    await this.keys.clear(id);
    return id;
  }

  /** Parley: Choose Provider…: the quick pick, then what the provider still needs. True once both are done. */
  async pickProvider(): Promise<boolean> {
    const picked = await this.providers.pick((await this.currentProvider()).id);
    return picked !== undefined && (await this.chooseProvider(picked));
  }

  /**
   * Sends the current conversation's next questions, and new conversations', to `provider`, with
   * the model last picked for it; then asks for what it still needs (endpoint, key).
   */
  async chooseProvider(provider: ProviderId, model = this.providers.lastModel(provider)): Promise<boolean> {
    // The conversation first: a question sent right after the pick must go to the new provider.
    await (await this.session()).choose({ provider, model });
    await vscode.workspace.getConfiguration('parley').update('provider', provider, vscode.ConfigurationTarget.Global);
    return this.providers.setUp(provider);
  }

  /** The model button's quick pick: the provider's models or a name typed by hand, kept as `chooseModel` keeps it. */
  async pickModel(): Promise<void> {
    const session = await this.session();
    const { target } = await this.requests.resolve(session.current.steering, session.current);
    const picked = await this.providers.pickModel(target.provider, target.model);
    if (picked !== undefined && picked !== target.model) await this.chooseModel(picked);
  }

  /** Keeps `model` for the current conversation, and as the one its provider starts with next time. */
  private async chooseModel(model: string): Promise<void> {
    const { id } = await this.currentProvider();
    await this.providers.rememberModel(id, model);
    await (await this.session()).choose({ provider: id, model });
  }

  post(message: ToWebview): void {
    this.panelState.post(message);
  }

  report(message: string): void {
    this.panelState.report(message);
  }

  resync(): Promise<void> {
    return this.panelState.resync();
  }

  refresh(): Promise<void> {
    return this.panelState.refresh();
  }

  /** What the panel shows now. */
  async state(): Promise<Snapshot> {
    return this.panelState.snapshot(await this.session());
  }

  dispose(): void {
    // A running answer is not stopped here: disposal means the window is going away, and
    // deactivate() has saved it as streaming, so the next start marks it interrupted, not stopped.
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
