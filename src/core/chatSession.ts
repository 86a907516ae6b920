import { l10n } from '../shared/l10n';
import type { ContextWindow, TokenCounter } from './budget';
import { ContextBudget, ESTIMATED_TOKENS, contextWindowFor, fitMessages } from './budget';
import type { ChatModelClient, ChatOutcome, ChatRequest, RunningChat } from './client';
import { awaitsSteeringChoice, markInterrupted, newConversation, retryableTurn, titleFrom } from './conversation';
import { buildMessages, formatUserContent, steeringMessages } from './prompt';
import { redactSecrets } from './secrets';
import type { ConversationStore } from './store';
import { ThinkTagSplitter } from './thinkTags';
import type { AnswerPiece, AssistantTurn, CodeContext, Conversation, CutShort, ExamplePair, Failure, RecordedSteering, Turn, UserTurn } from './domain';

/**
 * What a request needs that the host decides: where it goes, the model, how it is steered (the
 * conversation's recorded steering, or for its first question the steering to record), and how its
 * size is measured (by default the model's known window and the estimate).
 */
export type Connection =
  | {
      readonly ok: true;
      readonly client: ChatModelClient;
      readonly model: string;
      readonly steering: RecordedSteering;
      readonly contextWindow?: ContextWindow;
      readonly counter?: TokenCounter;
      /** The output limit and reasoning parameters for this model. */
      readonly output?: Pick<ChatRequest, 'maxOutputTokens' | 'reasoning'>;
    }
  | { readonly ok: false; readonly error: Failure };

/** The finish reasons of an answer the server ended before the model was done. */
const CUT_SHORT_BY_FINISH_REASON: Readonly<Record<string, CutShort | undefined>> = { length: 'length', content_filter: 'content-filter' };

export interface ChatSessionDeps {
  readonly store: ConversationStore;
  /**
   * `recorded` is the conversation's steering once it has started (undefined before its first
   * question); `choice` the provider and model picked for it, if any.
   */
  readonly connect: (recorded: RecordedSteering | undefined, choice: ConversationChoice) => Promise<Connection>;
  readonly newId: () => string;
  readonly now: () => number;
  /** Called after every change the view must redraw. */
  readonly onChange: () => void;
  /** Called for each piece of a streamed answer, so the view can append instead of redraw. */
  readonly onPiece: (turnId: string, piece: AnswerPiece) => void;
  /** Schedules a checkpoint of a streaming answer; returns a cancel function. */
  readonly schedule: (callback: () => void, ms: number) => () => void;
  readonly reportError: (message: string) => void;
  /** Called once per conversation, when its first question goes out with the steering now recorded. */
  readonly onSteeringRecorded?: (conversationId: string, steering: RecordedSteering) => void;
}

/** The provider and model a conversation was set to; absent parts come from the settings. */
export interface ConversationChoice {
  readonly provider?: string;
  readonly model?: string;
}

/** Code waiting in the composer to go with the next question. */
export interface Attachment {
  readonly id: string;
  readonly label: string;
  readonly context: CodeContext;
}

/** How a chip names what it attaches. */
export function attachmentLabel(context: CodeContext): string {
  if (context.kind === 'problems') return l10n.t('Problems of {0}', context.path);
  if (context.kind === 'file') return l10n.t('{0} (whole file)', context.path);
  if (context.startLine === context.endLine) return l10n.t('{0} (line {1})', context.path, context.startLine);
  return l10n.t('{0} (lines {1}-{2})', context.path, context.startLine, context.endLine);
}

/** How often a streaming answer is written to disk at most. */
export const CHECKPOINT_MS = 1000;

/** What the session holds for the panel to show: the conversation, the code waiting, and what Undo takes back. */
export interface SessionState {
  readonly conversation: Conversation;
  readonly busy: boolean;
  readonly attachments: readonly Attachment[];
  /** The last destructive step, while it can still be taken back. */
  readonly undo?: { readonly label: string };
}

/** What Undo restores: a deleted conversation, or the turns an edit or regenerate replaced. */
type Undoable =
  | { readonly kind: 'delete'; readonly label: string; readonly conversation: Conversation; readonly wasOnScreen: boolean }
  | { readonly kind: 'replace'; readonly label: string; readonly conversationId: string; readonly title: string; readonly turns: readonly Turn[] };

/**
 * The conversation on screen and the request running for it. The host owns this; the webview only
 * renders the view made of what `state()` returns. One request runs at a time.
 */
export class ChatSession {
  private conversation: Conversation;
  private attachments: Attachment[] = [];
  /** The answer being produced; `chat` is set once the request has started. */
  private running: { chat?: RunningChat; stopRequested: boolean } | undefined;
  private settledPromise: Promise<void> = Promise.resolve();
  private cancelCheckpoint: (() => void) | undefined;
  private undoable: Undoable | undefined;
  private readonly budget = new ContextBudget();

  private constructor(
    private readonly deps: ChatSessionDeps,
    conversation: Conversation,
  ) {
    this.conversation = conversation;
  }

  /** Opens the conversation that was active last time, or a new one. */
  static async open(deps: ChatSessionDeps): Promise<ChatSession> {
    await deps.store.prepare();
    const activeId = deps.store.activeId();
    const stored = activeId === undefined ? undefined : await deps.store.load(activeId);
    if (stored && markInterrupted(stored)) await deps.store.save(stored);
    return new ChatSession(deps, stored ?? newConversation(deps.newId(), deps.now()));
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get current(): Conversation {
    return this.conversation;
  }

  /** What the panel shows (src/vscode/turnViews.ts makes the view of it). */
  state(): SessionState {
    return {
      conversation: this.conversation,
      busy: this.busy,
      attachments: this.attachments,
      ...(this.undoable ? { undo: { label: this.undoable.label } } : {}),
    };
  }

  /** An answer and the question before it, as the example pair "Save as Example" starts from. */
  exampleFor(answerId: string): ExamplePair | undefined {
    const turns = this.conversation.turns;
    const index = turns.findIndex((t) => t.id === answerId);
    const answer = turns[index];
    const question = turns[index - 1];
    if (answer?.role !== 'assistant' || question?.role !== 'user' || !answer.text) return undefined;
    return { user: formatUserContent(question.text, question.context), assistant: answer.text };
  }

  attach(context: CodeContext): void {
    this.attachments.push({ id: this.deps.newId(), label: attachmentLabel(context), context });
    this.deps.onChange();
  }

  removeAttachment(id: string): void {
    this.attachments = this.attachments.filter((a) => a.id !== id);
    this.deps.onChange();
  }

  /**
   * Asks a question. The attached code (and `extraContext`) go with it. The question is written to
   * disk as the request is made, so nothing typed is lost whatever happens next.
   */
  async send(text: string, extraContext: readonly CodeContext[] = []): Promise<void> {
    const question = text.trim();
    const context = [...this.attachments.map((a) => a.context), ...extraContext];
    if (this.busy || (question.length === 0 && context.length === 0) || this.awaitsSteeringChoice()) return;
    const turn: UserTurn = { id: this.deps.newId(), role: 'user', text: question, context, createdAt: this.deps.now() };
    this.attachments = [];
    this.undoable = undefined;
    this.conversation.turns.push(turn);
    if (this.conversation.turns.length === 1)
      this.conversation.title = titleFrom(question || (context[0] ? l10n.t('About {0}', context[0].path) : l10n.t('About code')));
    await this.answer();
  }

  /** Asks again for the last answer when it failed, stopped or was interrupted. */
  async retry(): Promise<void> {
    const failed = retryableTurn(this.conversation);
    // Before the server's rate-limit wait is over a retry would only be refused again.
    if (this.busy || !failed || (failed.retryAt ?? 0) > this.deps.now() || this.awaitsSteeringChoice()) return;
    this.conversation.turns.pop();
    await this.answer();
  }

  /** Replaces the last answer, whatever its status, with a new one; Undo brings the old one back. */
  async regenerate(): Promise<void> {
    const last = this.conversation.turns.at(-1);
    if (this.busy || last?.role !== 'assistant' || this.awaitsSteeringChoice()) return;
    this.keepForUndo(l10n.t('Answer regenerated'));
    this.conversation.turns.pop();
    await this.answer();
  }

  /**
   * Asks an earlier question again with new text: the turns after it are replaced by the new
   * answer, and Undo brings them back. Its attached code goes with it again.
   */
  async editAndResend(turnId: string, text: string): Promise<void> {
    const turns = this.conversation.turns;
    const index = turns.findIndex((t) => t.id === turnId);
    const original = turns[index];
    const question = text.trim();
    if (this.busy || original?.role !== 'user' || (question.length === 0 && original.context.length === 0) || this.awaitsSteeringChoice()) return;
    this.keepForUndo(l10n.t('Question edited and asked again'));
    this.conversation.turns = turns.slice(0, index);
    this.conversation.turns.push({ ...original, id: this.deps.newId(), text: question, createdAt: this.deps.now() });
    if (index === 0) this.conversation.title = titleFrom(question || this.conversation.title);
    await this.answer();
  }

  /** Shows a stored conversation. A running answer is stopped first; its text is kept. */
  async openConversation(id: string): Promise<boolean> {
    if (id === this.conversation.id) return true;
    const stored = await this.deps.store.load(id);
    if (!stored) return false;
    this.stop();
    await this.settled();
    if (markInterrupted(stored)) await this.persist(stored, false);
    this.show(stored);
    await this.deps.store.setActiveId(id);
    this.deps.onChange();
    return true;
  }

  /** Renames a conversation, stored or on screen. */
  async renameConversation(id: string, title: string): Promise<void> {
    const name = title.trim();
    const conversation = id === this.conversation.id ? this.conversation : await this.deps.store.load(id);
    if (!conversation || name.length === 0) return;
    conversation.title = name;
    await this.persist(conversation, false);
    this.deps.onChange();
  }

  /** Deletes a conversation; Undo brings it back. Deleting the one on screen shows a new chat. */
  async deleteConversation(id: string): Promise<void> {
    const isCurrent = id === this.conversation.id;
    const conversation = isCurrent ? this.conversation : await this.deps.store.load(id);
    if (!conversation) return;
    if (isCurrent) {
      this.stop();
      await this.settled();
    }
    try {
      await this.deps.store.delete(id);
    } catch (error) {
      this.deps.reportError(l10n.t('Parley could not delete the conversation: {0}', (error as Error).message));
      return;
    }
    if (isCurrent) this.show(newConversation(this.deps.newId(), this.deps.now()));
    this.undoable = { kind: 'delete', label: l10n.t('Deleted “{0}”', conversation.title), conversation, wasOnScreen: isCurrent };
    this.deps.onChange();
  }

  /** Takes back the last delete, edit or regenerate. */
  async undo(): Promise<void> {
    const undoable = this.undoable;
    if (!undoable) return;
    this.stop();
    await this.settled();
    this.undoable = undefined;
    switch (undoable.kind) {
      case 'delete':
        await this.persist(undoable.conversation, undoable.wasOnScreen);
        if (undoable.wasOnScreen) this.show(undoable.conversation);
        break;
      case 'replace':
        if (undoable.conversationId !== this.conversation.id) break;
        this.conversation.turns = [...undoable.turns];
        this.conversation.title = undoable.title;
        await this.persist(this.conversation, false);
        break;
    }
    this.deps.onChange();
  }

  /**
   * Sets the provider and model for this conversation's next questions; `model` undefined goes back
   * to the profile's or the provider's default. The choice is saved with the conversation.
   */
  async choose(choice: ConversationChoice): Promise<void> {
    const conversation = this.conversation;
    if (choice.provider !== undefined) conversation.provider = choice.provider;
    if ('model' in choice) {
      if (choice.model === undefined) delete conversation.model;
      else conversation.model = choice.model;
    }
    // An empty conversation is saved once its first question is; until then the choice waits in memory.
    if (conversation.turns.length > 0) await this.persist(conversation, false);
    this.deps.onChange();
  }

  /**
   * Settles what steers an imported conversation's next questions: the steering it came with (no
   * `replacement`), or the user's own profile, which is recorded in its place.
   */
  async settleImportedSteering(replacement?: RecordedSteering): Promise<void> {
    const conversation = this.conversation;
    if (!conversation.imported || !awaitsSteeringChoice(conversation)) return;
    if (replacement) conversation.steering = replacement;
    conversation.imported.steering = replacement ? 'replaced' : 'kept';
    await this.persist(conversation, false);
    this.deps.onChange();
  }

  /**
   * Whether a request must wait: an imported conversation's steering is someone else's, so it goes
   * out only once the user kept it or replaced it with their own. Says so when it waits.
   */
  private awaitsSteeringChoice(): boolean {
    if (!awaitsSteeringChoice(this.conversation)) return false;
    this.deps.reportError(
      l10n.t('This conversation was imported with its own steering. Keep it or use your own profile (above the composer) before asking; nothing was sent.'),
    );
    return true;
  }

  /** Whether the last answer failed for want of a key, so setting one should send it again. */
  waitsForKey(): boolean {
    return retryableTurn(this.conversation)?.error?.kind === 'auth';
  }

  stop(): void {
    if (!this.running) return;
    this.running.stopRequested = true;
    this.running.chat?.stop();
  }

  /** Starts an empty conversation; the current one stays in the store. */
  async newChat(): Promise<void> {
    this.stop();
    await this.settled();
    if (this.conversation.turns.length > 0) this.show(newConversation(this.deps.newId(), this.deps.now()));
    this.attachments = [];
    this.deps.onChange();
  }

  private show(conversation: Conversation): void {
    this.conversation = conversation;
    this.attachments = [];
    this.undoable = undefined;
  }

  private keepForUndo(label: string): void {
    const { id, title, turns } = this.conversation;
    this.undoable = { kind: 'replace', label, conversationId: id, title, turns: [...turns] };
  }

  /** Writes the conversation as it is now, a streaming answer included (the window is closing). */
  saveNow(): Promise<void> {
    return this.persist(this.conversation, false);
  }

  /** Resolves when no request is running. */
  settled(): Promise<void> {
    return this.settledPromise;
  }

  private async answer(): Promise<void> {
    const conversation = this.conversation;
    conversation.updatedAt = this.deps.now();
    const reply: AssistantTurn = { id: this.deps.newId(), role: 'assistant', text: '', status: 'streaming', model: '', createdAt: this.deps.now() };
    conversation.turns.push(reply);
    let finish!: () => void;
    this.settledPromise = new Promise((resolve) => (finish = resolve));
    // Busy from before the first await, so a second send cannot slip in.
    const running: { chat?: RunningChat; stopRequested: boolean } = { stopRequested: false };
    this.running = running;
    // The question is written as it is now, while the request is made ready: its snapshot is taken
    // here, and the checkpoints and the final save queue behind that write.
    const questionSaved = this.persist(conversation, true);
    try {
      this.deps.onChange();
      const connection = await this.deps.connect(conversation.steering, { provider: conversation.provider, model: conversation.model });
      if (running.stopRequested) {
        this.finish(reply, { kind: 'stopped' });
      } else if (!connection.ok) {
        this.finish(reply, { kind: 'error', error: connection.error });
      } else {
        reply.model = connection.model;
        await this.request(connection, conversation, reply, running);
      }
    } catch (error) {
      this.finish(reply, { kind: 'error', error: { kind: 'server', reason: 'parley-error', detail: redactSecrets((error as Error).message) } });
    } finally {
      this.running = undefined;
      this.cancelCheckpoint?.();
      this.cancelCheckpoint = undefined;
      conversation.updatedAt = this.deps.now();
      await questionSaved;
      await this.persist(conversation, false);
      this.deps.onChange();
      finish();
    }
  }

  /** Sends what fits the model's context window, and learns from what the server reports. */
  private async request(
    connection: Extract<Connection, { ok: true }>,
    conversation: Conversation,
    reply: AssistantTurn,
    running: { chat?: RunningChat },
  ): Promise<void> {
    const { model } = connection;
    // The first request records its steering; later ones are sent with exactly the same.
    const first = conversation.steering === undefined;
    const steering = (conversation.steering ??= connection.steering);
    if (first) this.deps.onSteeringRecorded?.(conversation.id, steering);
    const window = connection.contextWindow ?? contextWindowFor(model);
    const counter = connection.counter ?? ESTIMATED_TOKENS;
    const all = buildMessages(steering, conversation.turns);
    const fitted = fitMessages(all, steeringMessages(steering).length, this.budget.limit(model, window), counter, this.budget.scale(model));
    if (!fitted.ok) {
      const estimate = { needed: fitted.needed, limit: fitted.limit, window: window.tokens, assumed: window.source === 'assumed' };
      this.finish(reply, { kind: 'error', error: { kind: 'context-length', reason: 'too-long', model, estimate } });
      return;
    }
    if (fitted.leftOut > 0) reply.leftOut = fitted.leftOut;
    const temperature = steering.temperature !== undefined ? { temperature: steering.temperature } : {};
    const thinkTags = new ThinkTagSplitter();
    const add = (piece: AnswerPiece): void => {
      if (piece.part === 'text') reply.text += piece.text;
      else reply.reasoning = (reply.reasoning ?? '') + piece.text;
      this.deps.onPiece(reply.id, piece);
    };
    running.chat = connection.client.stream({ model, messages: fitted.messages, ...temperature, ...connection.output }, (piece) => {
      for (const each of piece.part === 'text' ? thinkTags.push(piece.text) : [piece]) add(each);
      this.scheduleCheckpoint(conversation);
    });
    const outcome = await running.chat.outcome;
    thinkTags.end().forEach(add);
    if (outcome.kind === 'complete' && outcome.usage) this.budget.calibrate(model, fitted.counted, outcome.usage.promptTokens);
    if (outcome.kind === 'error' && outcome.error.reason === 'server-overflow') this.budget.overflowed(model, fitted.counted, outcome.error.overflow);
    this.finish(reply, outcome);
  }

  private finish(reply: AssistantTurn, outcome: ChatOutcome): void {
    switch (outcome.kind) {
      case 'complete': {
        reply.status = 'complete';
        if (outcome.usage) reply.usage = outcome.usage;
        const cutShort = CUT_SHORT_BY_FINISH_REASON[outcome.finishReason];
        if (cutShort) reply.cutShort = cutShort;
        break;
      }
      case 'stopped':
        reply.status = 'stopped';
        break;
      case 'error':
        reply.status = outcome.error.kind === 'interrupted' ? 'interrupted' : 'error';
        reply.error = outcome.error;
        if (outcome.error.reason === 'rate-limited' && outcome.error.retryAfterSeconds)
          reply.retryAt = this.deps.now() + outcome.error.retryAfterSeconds * 1000;
        break;
    }
  }

  private scheduleCheckpoint(conversation: Conversation): void {
    if (this.cancelCheckpoint) return;
    this.cancelCheckpoint = this.deps.schedule(() => {
      this.cancelCheckpoint = undefined;
      void this.persist(conversation, false);
    }, CHECKPOINT_MS);
  }

  /** Saves, and makes the conversation the active one. A failed save is reported, never thrown. */
  private async persist(conversation: Conversation, activate: boolean): Promise<void> {
    try {
      await this.deps.store.save(conversation);
      if (activate && this.deps.store.activeId() !== conversation.id) await this.deps.store.setActiveId(conversation.id);
    } catch (error) {
      this.deps.reportError(l10n.t('Parley could not save the conversation: {0}', (error as Error).message));
    }
  }
}
