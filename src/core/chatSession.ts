import { l10n } from '../shared/l10n';
import type { AnswerRunDeps, ConversationChoice } from './answerRun';
import { AnswerRun } from './answerRun';
import { moreContextLabel } from './attachments';
import { ContextBudget } from './budget';
import { addVersion, branchAt, forkOf, replaceVersion, showVersion } from './branches';
import { awaitsSteeringChoice, markInterrupted, newConversation, retryableTurn, titleFrom } from './conversation';
import { formatUserContent } from './prompt';
import type { ConversationStore } from './store';
import type { CodeContext, Conversation, ExamplePair, ImageContent, RecordedSteering, UserTurn } from './domain';
import { imageLabel } from './images';

export type { Connection, ConversationChoice } from './answerRun';
export { CHECKPOINT_MS } from './answerRun';

/** What the session needs from the host: the store, and what its answers need (see AnswerRunDeps). */
export interface ChatSessionDeps extends Pick<AnswerRunDeps, 'connect' | 'newId' | 'now' | 'onChange' | 'onPiece' | 'schedule' | 'onSteeringRecorded'> {
  readonly store: ConversationStore;
  readonly reportError: (message: string) => void;
}

/** Code waiting in the composer to go with the next question. */
export interface Attachment {
  readonly id: string;
  readonly label: string;
  readonly context: CodeContext;
  /** For an image: the small picture its chip shows, checked as the image was. */
  readonly thumbnail?: ImageContent;
}

/** How a chip names what it attaches. */
export function attachmentLabel(context: CodeContext): string {
  const more = moreContextLabel(context);
  if (more !== undefined) return more;
  if (context.kind === 'image') return imageLabel(context);
  if (context.kind === 'problems') return l10n.t('Problems of {0}', context.path);
  if (context.kind === 'file') return l10n.t('{0} (whole file)', context.path);
  if (context.startLine === context.endLine) return l10n.t('{0} (line {1})', context.path, context.startLine);
  return l10n.t('{0} (lines {1}-{2})', context.path, context.startLine, context.endLine);
}

/** What the session holds for the panel to show: the conversation, the code waiting, and what Undo takes back. */
export interface SessionState {
  readonly conversation: Conversation;
  readonly busy: boolean;
  readonly attachments: readonly Attachment[];
  /** The last destructive step, while it can still be taken back. */
  readonly undo?: { readonly label: string };
}

/** What Undo restores: a deleted conversation. (An edit or a regenerate replaces nothing: the old version stays a branch.) */
interface Undoable {
  readonly label: string;
  readonly conversation: Conversation;
  readonly wasOnScreen: boolean;
}

/**
 * The conversation on screen, the code attached to its next question, and Undo; the answer being
 * produced is an AnswerRun. The host owns this; the webview only renders the view made of what
 * `state()` returns. One answer runs at a time.
 */
export class ChatSession {
  private conversation: Conversation;
  private attachments: Attachment[] = [];
  /** The answer being produced; `chat` is set once the request has started. */
  private running: AnswerRun | undefined;
  private settledPromise: Promise<void> = Promise.resolve();
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

  attach(context: CodeContext, thumbnail?: ImageContent): void {
    // The same image pasted twice would go twice in one question.
    const data = context.image?.data;
    if (data !== undefined && this.attachments.some((a) => a.context.image?.data === data)) return;
    this.attachments.push({ id: this.deps.newId(), label: attachmentLabel(context), context, ...(thumbnail ? { thumbnail } : {}) });
    this.deps.onChange();
  }

  removeAttachment(id: string): void {
    this.attachments = this.attachments.filter((a) => a.id !== id);
    this.deps.onChange();
  }

  /**
   * Asks a question. The attached code (and `extraContext`) go with it; `title` names a new
   * conversation in place of one made from the question. The question is written to
   * disk as the request is made, so nothing typed is lost whatever happens next.
   */
  async send(text: string, extraContext: readonly CodeContext[] = [], title?: string): Promise<void> {
    const question = text.trim();
    const context = [...this.attachments.map((a) => a.context), ...extraContext];
    if (this.busy || (question.length === 0 && context.length === 0) || this.awaitsSteeringChoice()) return;
    const turn: UserTurn = { id: this.deps.newId(), role: 'user', text: question, context, createdAt: this.deps.now() };
    this.attachments = [];
    this.undoable = undefined;
    this.conversation.turns.push(turn);
    if (this.conversation.turns.length === 1)
      this.conversation.title = title ?? titleFrom(question || (context[0] ? l10n.t('About {0}', context[0].path) : l10n.t('About code')));
    await this.answer();
  }

  /** Asks again for the last answer when it failed, stopped or was interrupted. */
  async retry(): Promise<void> {
    const failed = retryableTurn(this.conversation);
    // Before the server's rate-limit wait is over a retry would only be refused again.
    if (this.busy || !failed || (failed.retryAt ?? 0) > this.deps.now() || this.awaitsSteeringChoice()) return;
    this.conversation.turns.pop();
    await this.answer((reply) => replaceVersion(this.conversation, failed.id, reply));
  }

  /** Asks again for the last answer, whatever its status: the new answer is another version, the old one stays. */
  async regenerate(): Promise<void> {
    const turns = this.conversation.turns;
    const last = turns.at(-1);
    if (this.busy || last?.role !== 'assistant' || this.awaitsSteeringChoice()) return;
    this.undoable = undefined;
    const point = branchAt(this.conversation, turns.length - 1);
    await this.answer((reply) => addVersion(point, reply));
  }

  /**
   * Asks an earlier question again with new text, as another version of it: what followed the old
   * one stays its branch. Its attached code goes with it again.
   */
  async editAndResend(turnId: string, text: string, keep: (context: CodeContext) => boolean = () => true): Promise<void> {
    const turns = this.conversation.turns;
    const index = turns.findIndex((t) => t.id === turnId);
    const original = turns[index];
    const question = text.trim();
    const context = original?.role === 'user' ? original.context.filter(keep) : [];
    if (this.busy || original?.role !== 'user' || (question.length === 0 && context.length === 0) || this.awaitsSteeringChoice()) return;
    this.undoable = undefined;
    const point = branchAt(this.conversation, index);
    const edited: UserTurn = { ...original, id: this.deps.newId(), text: question, context, createdAt: this.deps.now() };
    this.conversation.turns.push(edited);
    addVersion(point, edited.id);
    if (index === 0) this.conversation.title = titleFrom(question || this.conversation.title);
    await this.answer();
  }

  /** Asks the last question again without its images (a model refused them), as another version of it. */
  async sendWithoutImages(): Promise<void> {
    const question = [...this.conversation.turns].reverse().find((t) => t.role === 'user');
    if (question) await this.editAndResend(question.id, question.text, (context) => context.kind !== 'image');
  }

  /**
   * Shows another version of a turn (`versionId`), with what followed it in its branch; the next
   * question continues that branch. A running answer is stopped first; its text is kept.
   */
  async showVersion(versionId: string): Promise<void> {
    this.stop();
    await this.settled();
    const conversation = this.conversation;
    const firstBefore = conversation.turns[0];
    if (!showVersion(conversation, versionId)) return;
    // A title made from the first question follows the version of it on screen; one the user gave stays.
    const first = conversation.turns[0];
    if (firstBefore && first && first !== firstBefore && conversation.title === titleFrom(firstBefore.text)) conversation.title = titleFrom(first.text);
    this.undoable = undefined;
    await this.persist(conversation, false);
    this.deps.onChange();
  }

  /**
   * Starts a new conversation holding the turns on screen up to `turnId`, its steering included,
   * with a link back; it is saved, listed in History, and shown. Returns its id.
   */
  async fork(turnId: string): Promise<string | undefined> {
    const original = this.conversation;
    if (!original.turns.some((t) => t.id === turnId)) return undefined;
    // Stopped first, so an answer that was streaming is copied as it ended.
    this.stop();
    await this.settled();
    const fork = forkOf(original, turnId, this.deps.newId(), this.deps.now(), l10n.t('{0} (fork)', original.title));
    if (!fork) return undefined;
    // The original is saved first, so the link back finds it even when it was never asked anything.
    if (original.turns.length > 0) await this.persist(original, false);
    await this.persist(fork, true);
    this.show(fork);
    this.deps.onChange();
    return fork.id;
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

  /**
   * Reads the conversation on screen again after it was saved elsewhere (by `@parley` in the Chat
   * view), so the panel neither shows a stale copy nor writes one over what was added.
   */
  async reloadIfShown(id: string): Promise<void> {
    if (id !== this.conversation.id || this.busy) return;
    const stored = await this.deps.store.load(id);
    if (!stored || this.busy || id !== this.conversation.id) return;
    this.conversation = stored;
    this.undoable = undefined;
    this.deps.onChange();
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
    this.undoable = { label: l10n.t('Deleted “{0}”', conversation.title), conversation, wasOnScreen: isCurrent };
    this.deps.onChange();
  }

  /** Takes back the last delete. */
  async undo(): Promise<void> {
    const undoable = this.undoable;
    if (!undoable) return;
    this.stop();
    await this.settled();
    this.undoable = undefined;
    await this.persist(undoable.conversation, undoable.wasOnScreen);
    if (undoable.wasOnScreen) this.show(undoable.conversation);
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
    this.running?.stop();
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

  /** Writes the conversation as it is now, a streaming answer included (the window is closing). */
  saveNow(): Promise<void> {
    return this.persist(this.conversation, false);
  }

  /** Resolves when no request is running. */
  settled(): Promise<void> {
    return this.settledPromise;
  }

  /** Runs an answer; `placed` learns the reply's id before anything is saved, to put it in the tree. */
  private async answer(placed?: (replyId: string) => void): Promise<void> {
    let settle!: () => void;
    this.settledPromise = new Promise((resolve) => (settle = resolve));
    // Busy from before the first await, so a second send cannot slip in.
    const run = new AnswerRun(this.conversation, this.budget, {
      ...this.deps,
      persist: (conversation, activate) => this.persist(conversation, activate),
      onEnded: () => (this.running = undefined),
    });
    this.running = run;
    placed?.(run.reply.id);
    try {
      await run.run();
    } finally {
      settle();
    }
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
