import * as vscode from 'vscode';
import type { ChatSession } from '../core/chatSession';
import type { AnswerPiece, RecordedSteering } from '../core/domain';
import type { SearchableStore } from '../core/search';
import type { ConversationListItem, Snapshot, ToWebview } from '../shared/protocol';
import type { PostTarget } from './panelChannel';
import { PanelChannel } from './panelChannel';
import type { ProviderService } from './providers';
import type { RequestTargets } from './requests';
import { readParleySettings } from './settings';
import type { SnapshotParts } from './snapshot';
import { buildSnapshot } from './snapshot';
import { conversationView } from './turnViews';
import type { SteeringService } from './steering';

type ReadParts = Pick<SnapshotParts, 'target' | 'requestSteering' | 'steering'>;

export interface PanelStateDeps {
  /** The session, once it is open; nothing is posted before. */
  readonly session: () => Promise<ChatSession> | undefined;
  /** Where posts go: the open panel, or undefined while it is closed. */
  readonly panel: () => PostTarget | undefined;
  /** The store, with the index History search goes through. */
  readonly store: SearchableStore;
  readonly requests: RequestTargets;
  readonly steering: SteeringService;
  readonly providers: ProviderService;
  readonly log: vscode.LogOutputChannel;
}

/**
 * What the panel is sent: the state, built from what the host holds and posted in order, the
 * conversation list while the panel shows it, and the notices above the composer.
 */
export class PanelState implements vscode.Disposable {
  private readonly channel: PanelChannel;
  /** The post of the state being built, and whether another was asked for meanwhile. */
  private posting: Promise<void> | undefined;
  private wanted = false;
  private notice: string | undefined;
  /** That a repository's profile steers a conversation: shown with that conversation only. */
  private steeringNotice: { readonly conversationId: string; readonly message: string } | undefined;
  /** The conversation list's last request while the webview shows the list; answered again after changes. */
  private listRequest: { readonly requestId: number; readonly query: string } | undefined;

  constructor(private readonly deps: PanelStateDeps) {
    this.channel = new PanelChannel(deps.panel);
  }

  post(message: ToWebview): void {
    this.channel.post(message);
  }

  queuePiece(turnId: string, piece: AnswerPiece, offset: number): void {
    this.channel.queuePiece(turnId, piece, offset);
  }

  /** A new panel: the next state goes whole. */
  panelOpened(): void {
    this.channel.resync();
  }

  /** The panel missed a message, or is new and ready: it gets the whole state now. */
  resync(): Promise<void> {
    this.channel.resync();
    return this.refresh();
  }

  /**
   * Posts the current state. One post at a time, and a call while one is being built asks for one
   * more after it: so posts go out in order, and each call is answered by a post begun after it.
   */
  refresh(): Promise<void> {
    this.wanted = true;
    this.posting ??= (async () => {
      try {
        while (this.wanted) {
          this.wanted = false;
          await this.postOnce();
        }
      } finally {
        this.posting = undefined;
      }
    })();
    return this.posting;
  }

  report(message: string): void {
    this.deps.log.error(message);
    this.notice = message;
    void this.refresh();
  }

  async dismissNotice(): Promise<void> {
    this.notice = undefined;
    this.steeringNotice = undefined;
    await this.refresh();
  }

  /** A repository's profile now steers the conversation: the user is told, naming its file, while it is shown. */
  noticeRepositorySteering(conversationId: string, steering: RecordedSteering): void {
    if (steering.file === undefined) return;
    const message = vscode.l10n.t(
      'This conversation is steered by "{0}" from this repository ({1}), not by one of your own profiles: its system message and examples went with your first question. The Steering section shows them.',
      steering.profile,
      steering.file,
    );
    this.steeringNotice = { conversationId, message };
    this.deps.log.info(`The first question of a conversation went out with the profile in ${steering.file}.`);
    void this.refresh();
  }

  async listConversations(request: { readonly requestId: number; readonly query: string }): Promise<void> {
    this.listRequest = request;
    await this.postConversations();
  }

  /** What the panel shows now. */
  async snapshot(session: ChatSession): Promise<Snapshot> {
    return buildSnapshot(this.parts(session, await this.read(session)));
  }

  private async postOnce(): Promise<void> {
    const opening = this.deps.session();
    if (!this.deps.panel() || !opening) return;
    const session = await opening;
    const read = await this.read(session);
    if (!this.deps.panel()) return;
    // Nothing awaits from here to the post: the answer's text so far and the text waiting to be
    // sent are read together, so no streamed piece is dropped or shown twice.
    this.channel.postSnapshot(buildSnapshot(this.parts(session, read)));
    await this.postConversations();
  }

  private async postConversations(): Promise<void> {
    const request = this.listRequest;
    const opening = this.deps.session();
    if (!this.deps.panel() || request === undefined || !opening) return;
    const { requestId, query } = request;
    const session = await opening;
    // Through the index: no file is read on a keystroke (the first search reads each once).
    const items: ConversationListItem[] = (await this.deps.store.search(query, session.current)).map((summary) => ({
      id: summary.id,
      title: summary.title,
      updatedAt: summary.updatedAt,
      turnCount: summary.turnCount,
      ...(summary.origin === 'chat-view' ? { fromChatView: true as const } : {}),
    }));
    this.channel.post({ type: 'conversations', requestId, query, items });
  }

  /**
   * What a snapshot needs that takes a wait (the key, the profiles), for the conversation shown when
   * they arrive: read again if it changed meanwhile (another conversation, its steering recorded).
   */
  private async read(session: ChatSession): Promise<ReadParts> {
    for (;;) {
      const conversation = session.current;
      const { steering: recorded, provider, model } = conversation;
      const { target, steering: requestSteering } = await this.deps.requests.resolve(recorded, { provider, model });
      const steering = await this.deps.steering.view(conversation);
      if (session.current === conversation && conversation.steering === recorded && conversation.provider === provider && conversation.model === model) {
        return { target, requestSteering, steering };
      }
    }
  }

  /** The rest of a snapshot's parts, read from what the session and services hold now. */
  private parts(session: ChatSession, read: ReadParts): SnapshotParts {
    const notice = this.notice ?? (this.steeringNotice?.conversationId === session.current.id ? this.steeringNotice.message : undefined);
    return {
      ...read,
      conversation: conversationView(session.state(), readParleySettings().settings.prices, Date.now()),
      turns: session.current.turns,
      counter: this.deps.requests.displayCounter(read.target),
      providers: this.deps.providers.options(),
      models: this.deps.providers.models(read.target.provider),
      ...(notice ? { notice } : {}),
    };
  }

  dispose(): void {
    this.channel.dispose();
  }
}
