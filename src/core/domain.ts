// Parley's vocabulary: what a conversation is made of, in one module that imports nothing. Every
// layer speaks these words; view types (src/shared/protocol.ts) are made from them at the edge.

/** Code the user attached to a question: the selection, with where it came from. */
export interface CodeContext {
  readonly path: string;
  readonly language: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** Lines cut off because the selection was larger than Parley sends. */
  readonly omittedLines?: number;
  /** What it is: a selection (when absent), a whole file, or the file's problems. */
  readonly kind?: 'file' | 'problems';
  /**
   * The document's URI (as a string), recorded when the question is asked: the only document a code
   * action may edit. Absent in conversations saved before it was recorded, and dropped on import.
   */
  readonly uri?: string;
}

/** One message of a request, as the Chat Completions API takes it. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A developer-written question and answer, sent before the conversation to steer the model. */
export interface ExamplePair {
  readonly user: string;
  readonly assistant: string;
}

/** What goes before the conversation in every request: the system message and the examples. */
export interface Steering {
  readonly systemPrompt: string;
  readonly examples: readonly ExamplePair[];
}

/** What steered a conversation, recorded when its first question was sent, so it can be shown and exported. */
export interface RecordedSteering extends Steering {
  readonly profile: string;
  /** The repository file the profile came from, when it came from one. */
  readonly file?: string;
  readonly model?: string;
  readonly temperature?: number;
}

/** Tokens the server reported for one answer. */
export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** The answer itself, or the reasoning a model wrote before it (shown apart, never sent back). */
export type AnswerPart = 'text' | 'reasoning';

/** A piece of a streamed answer, in the order it came. */
export interface AnswerPiece {
  readonly part: AnswerPart;
  readonly text: string;
}

export type TurnStatus = 'streaming' | 'complete' | 'stopped' | 'error' | 'interrupted';

/** Why the server ended a complete answer early: its length limit, or its content filter. */
export type CutShort = 'length' | 'content-filter';

export type FailureKind = 'auth' | 'model-not-found' | 'rate-limit' | 'context-length' | 'bad-request' | 'server' | 'network' | 'interrupted' | 'config';

/** What the user can do about a failure; the panel shows it as a button. */
export const FAILURE_ACTIONS = ['setApiKey', 'openSettings', 'retry'] as const;
export type FailureAction = (typeof FAILURE_ACTIONS)[number];

/** Why an answer failed. */
export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly action?: FailureAction;
  /** How long the server asked to wait before the next request (429 with retry-after). */
  readonly retryAfterSeconds?: number;
}

export interface UserTurn {
  readonly id: string;
  readonly role: 'user';
  readonly text: string;
  readonly context: readonly CodeContext[];
  readonly createdAt: number;
}

export interface AssistantTurn {
  readonly id: string;
  readonly role: 'assistant';
  text: string;
  /** What a reasoning model thought before answering; shown apart, never sent back to it. */
  reasoning?: string;
  status: TurnStatus;
  error?: Failure;
  model: string;
  /** Earlier messages left out of this answer's request to fit the context window. */
  leftOut?: number;
  /** When the server allows the next request (epoch ms), after a 429 with retry-after. */
  retryAt?: number;
  /** Tokens the server reported for this answer. */
  usage?: Usage;
  /** Set when the server ended the answer early (finish_reason length or content_filter). */
  cutShort?: CutShort;
  readonly createdAt: number;
}

export type Turn = UserTurn | AssistantTurn;

/** Where an imported conversation came from; its recorded steering and code are someone else's. */
export interface ImportRecord {
  /** When it was imported (epoch ms). */
  readonly at: number;
  /** The name of the export file. */
  readonly file: string;
  /** What steers its next questions, once the user chose: the steering it came with, or their own profile. */
  steering?: 'kept' | 'replaced';
}

export interface Conversation {
  readonly version: 1;
  readonly id: string;
  title: string;
  readonly createdAt: number;
  updatedAt: number;
  turns: Turn[];
  /** What the requests were steered with; recorded when the first question goes out. */
  steering?: RecordedSteering;
  /** The provider and model picked for this conversation; the settings' when absent. */
  provider?: string;
  model?: string;
  /** Set on a conversation that came from an export file. */
  imported?: ImportRecord;
}
