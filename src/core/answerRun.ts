import type { ContextBudget, ContextWindow, TokenCounter } from './budget';
import { ESTIMATED_TOKENS, contextWindowFor, fitMessages } from './budget';
import type { ChatModelClient, ChatOutcome, ChatRequest, RunningChat } from './client';
import { buildMessages, steeringMessages } from './prompt';
import { redactSecrets } from './secrets';
import { ThinkTagSplitter } from './thinkTags';
import type { AnswerPiece, AssistantTurn, Conversation, CutShort, Failure, RecordedSteering } from './domain';

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

/** The provider and model a conversation was set to; absent parts come from the settings. */
export interface ConversationChoice {
  readonly provider?: string;
  readonly model?: string;
}

/** The finish reasons of an answer the server ended before the model was done. */
const CUT_SHORT_BY_FINISH_REASON: Readonly<Record<string, CutShort | undefined>> = { length: 'length', content_filter: 'content-filter' };

/** How often a streaming answer is written to disk at most. */
export const CHECKPOINT_MS = 1000;

/** What an answer needs from the session that runs it. */
export interface AnswerRunDeps {
  /**
   * `recorded` is the conversation's steering once it has started (undefined before its first
   * question); `choice` the provider and model picked for it, if any.
   */
  readonly connect: (recorded: RecordedSteering | undefined, choice: ConversationChoice) => Promise<Connection>;
  readonly newId: () => string;
  readonly now: () => number;
  /** Called after every change the view must redraw. */
  readonly onChange: () => void;
  /**
   * Called for each piece of a streamed answer, so the view can append instead of redraw; `offset`
   * is where the piece begins in its part (text or reasoning) of the answer.
   */
  readonly onPiece: (turnId: string, piece: AnswerPiece, offset: number) => void;
  /** Schedules a checkpoint of a streaming answer; returns a cancel function. */
  readonly schedule: (callback: () => void, ms: number) => () => void;
  /** Called once per conversation, when its first question goes out with the steering now recorded. */
  readonly onSteeringRecorded?: (conversationId: string, steering: RecordedSteering) => void;
  /** Saves the conversation (and makes it the active one); never throws. */
  readonly persist: (conversation: Conversation, activate: boolean) => Promise<void>;
  /** Called once the answer has settled, before its final save: the session is free again. */
  readonly onEnded: () => void;
}

/**
 * One answer being produced: it owns the reply turn, fits the request into the model's window,
 * splits think tags out of the text, writes checkpoints while it streams, maps how it finished onto
 * the turn, and teaches the session's budget what the server reported.
 */
export class AnswerRun {
  readonly reply: AssistantTurn;
  /** Set once the request has started. */
  private chat: RunningChat | undefined;
  private stopRequested = false;
  /** Settles when Stop is pressed: a request still being made ready (a local model loading) is not waited for. */
  private stopPressed!: () => void;
  private readonly stopped = new Promise<'stopped'>((resolve) => (this.stopPressed = () => resolve('stopped')));
  private cancelCheckpoint: (() => void) | undefined;

  constructor(
    private readonly conversation: Conversation,
    private readonly budget: ContextBudget,
    private readonly deps: AnswerRunDeps,
  ) {
    conversation.updatedAt = deps.now();
    this.reply = { id: deps.newId(), role: 'assistant', text: '', status: 'streaming', model: '', createdAt: deps.now() };
    conversation.turns.push(this.reply);
  }

  stop(): void {
    this.stopRequested = true;
    this.stopPressed();
    this.chat?.stop();
  }

  /** Produces the answer; resolves once it has settled and is saved. Never rejects. */
  async run(): Promise<void> {
    const { conversation, reply } = this;
    // The question is written as it is now, while the request is made ready: its snapshot is taken
    // here, and the checkpoints and the final save queue behind that write.
    const questionSaved = this.deps.persist(conversation, true);
    try {
      this.deps.onChange();
      const connection = await Promise.race([
        this.deps.connect(conversation.steering, { provider: conversation.provider, model: conversation.model }),
        this.stopped,
      ]);
      if (connection === 'stopped' || this.stopRequested) {
        this.finish({ kind: 'stopped' });
      } else if (!connection.ok) {
        this.finish({ kind: 'error', error: connection.error });
      } else {
        reply.model = connection.model;
        await this.request(connection);
      }
    } catch (error) {
      this.finish({ kind: 'error', error: { kind: 'server', reason: 'parley-error', detail: redactSecrets((error as Error).message) } });
    } finally {
      this.deps.onEnded();
      this.cancelCheckpoint?.();
      this.cancelCheckpoint = undefined;
      conversation.updatedAt = this.deps.now();
      await questionSaved;
      await this.deps.persist(conversation, false);
      this.deps.onChange();
    }
  }

  /** Sends what fits the model's context window, and learns from what the server reports. */
  private async request(connection: Extract<Connection, { ok: true }>): Promise<void> {
    const { conversation, reply } = this;
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
      this.finish({ kind: 'error', error: { kind: 'context-length', reason: 'too-long', model, estimate } });
      return;
    }
    if (fitted.leftOut > 0) reply.leftOut = fitted.leftOut;
    const temperature = steering.temperature !== undefined ? { temperature: steering.temperature } : {};
    const thinkTags = new ThinkTagSplitter();
    const add = (piece: AnswerPiece): void => {
      const offset = piece.part === 'text' ? reply.text.length : (reply.reasoning ?? '').length;
      if (piece.part === 'text') reply.text += piece.text;
      else reply.reasoning = (reply.reasoning ?? '') + piece.text;
      this.deps.onPiece(reply.id, piece, offset);
    };
    this.chat = connection.client.stream({ model, messages: fitted.messages, ...temperature, ...connection.output }, (piece) => {
      for (const each of piece.part === 'text' ? thinkTags.push(piece.text) : [piece]) add(each);
      this.scheduleCheckpoint();
    });
    const outcome = await this.chat.outcome;
    thinkTags.end().forEach(add);
    if (outcome.kind === 'complete' && outcome.usage) this.budget.calibrate(model, fitted.counted, outcome.usage.promptTokens);
    if (outcome.kind === 'error' && outcome.error.reason === 'server-overflow') this.budget.overflowed(model, fitted.counted, outcome.error.overflow);
    this.finish(outcome);
  }

  private finish(outcome: ChatOutcome): void {
    const { reply } = this;
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

  private scheduleCheckpoint(): void {
    if (this.cancelCheckpoint) return;
    this.cancelCheckpoint = this.deps.schedule(() => {
      this.cancelCheckpoint = undefined;
      void this.deps.persist(this.conversation, false);
    }, CHECKPOINT_MS);
  }
}
