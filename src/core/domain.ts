// Parley's vocabulary: what a conversation is made of, in one module that imports nothing. Every
// layer speaks these words; view types (src/shared/protocol.ts) are made from them at the edge.

export type CodeContextKind = 'file' | 'problems' | 'diff' | 'terminal' | 'folder' | 'symbol' | 'image';
export const CODE_CONTEXT_KINDS: readonly CodeContextKind[] = ['file', 'problems', 'diff', 'terminal', 'folder', 'symbol', 'image'];

/** The image formats Parley attaches: those OpenAI's Chat Completions API reads. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** An attached image, as its header was read and checked on arrival (core/images.ts). */
export interface ImageContent {
  readonly mime: ImageType;
  readonly width: number;
  readonly height: number;
  /** Its size in bytes. */
  readonly bytes: number;
  /** Its bytes in base64; absent when the file it was saved in could not be found. */
  readonly data?: string;
  /** The file beside the conversation's JSON that holds it, once saved (its name, never a path). */
  readonly file?: string;
}

/** Code the user attached to a question: the selection, with where it came from. */
export interface CodeContext {
  readonly path: string;
  readonly language: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** Lines cut off because the selection was larger than Parley sends. */
  readonly omittedLines?: number;
  /**
   * What it is: a selection (when absent), a whole file, the file's problems, changes (a diff), a
   * terminal command and its output, a folder's files, a symbol's code, or an image (`path` its
   * name, `text` empty, `image` the picture).
   */
  readonly kind?: CodeContextKind;
  /** For the changes of a whole repository (`path` is its folder): those not staged, or the staged ones. */
  readonly changes?: 'unstaged' | 'staged';
  /** For terminal output: the command line that wrote it (`path` is the terminal's name). */
  readonly command?: string;
  /** For a folder: the token budget its files were chosen within, and the files left out. */
  readonly budgetTokens?: number;
  readonly omittedFiles?: readonly string[];
  /** For a symbol: its name. */
  readonly symbol?: string;
  /** For an image: the picture. */
  readonly image?: ImageContent;
  /**
   * The document's URI (as a string), recorded when the question is asked: the only document a code
   * action may edit. Absent in conversations saved before it was recorded, and dropped on import.
   */
  readonly uri?: string;
}

/** One message of a request, as the Chat Completions API takes it: its text, and a question's images. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
  /** Sent after the text, each once, as image parts of the message. */
  readonly images?: readonly ImageContent[];
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

export type FailureKind =
  'auth' | 'model-not-found' | 'rate-limit' | 'context-length' | 'bad-request' | 'refused' | 'server' | 'network' | 'interrupted' | 'config';

/**
 * What the user can do about a failure; the panel shows it as a button. `chooseProvider` opens the
 * provider pick (a local server needs no key); `pickModel` opens the model pick.
 */
export const FAILURE_ACTIONS = ['setApiKey', 'chooseProvider', 'pickModel', 'openSettings', 'retry', 'sendWithoutImages'] as const;
export type FailureAction = (typeof FAILURE_ACTIONS)[number];

/**
 * Why an answer failed, as data: what kind of failure, the reason within the kind, and the facts
 * it is about. Its text is made when it is shown, in the language of that moment (core/failureText.ts).
 * `serverMessage` is always the words that came with the error (the server's, the providing
 * extension's, or the connection's), secrets removed, at most 300 characters.
 */
export type Failure = (
  | { readonly kind: 'auth'; readonly reason: 'key-refused'; readonly status: number; readonly address: string; readonly serverMessage?: string }
  /** A 403: the key was read, but it may not do this (a model it has no access to, a region, a network, a guardrail). */
  | { readonly kind: 'auth'; readonly reason: 'access-denied'; readonly status: number; readonly address: string; readonly serverMessage?: string }
  /** A 402: the key is good, the account behind it has no credit left (DeepSeek, OpenRouter). */
  | { readonly kind: 'auth'; readonly reason: 'no-credit'; readonly status: number; readonly address: string; readonly serverMessage?: string }
  /** No key is stored for a server that needs one: nothing was sent. */
  | { readonly kind: 'auth'; readonly reason: 'missing-key'; readonly address: string }
  /** VS Code did not let Parley use a language model (also: the user declined its prompt). */
  | { readonly kind: 'auth'; readonly reason: 'lm-no-permission'; readonly model: string; readonly serverMessage?: string }
  | { readonly kind: 'model-not-found'; readonly reason: 'model-unknown'; readonly model: string; readonly serverMessage?: string }
  /** A language model of VS Code's that is not (or no longer) offered. */
  | { readonly kind: 'model-not-found'; readonly reason: 'lm-unavailable'; readonly model: string; readonly serverMessage?: string }
  /** A 429; `retryAfterSeconds` when the server said how long to wait. */
  | { readonly kind: 'rate-limit'; readonly reason: 'rate-limited'; readonly retryAfterSeconds?: number; readonly serverMessage?: string }
  /** The vendor behind a VS Code language model refused the request (quota, too many requests). */
  | { readonly kind: 'rate-limit'; readonly reason: 'lm-blocked'; readonly vendor: string; readonly model: string; readonly serverMessage?: string }
  /** The server said the request was too long; `overflow` holds the numbers its message gave. */
  | {
      readonly kind: 'context-length';
      readonly reason: 'server-overflow';
      readonly model: string;
      readonly overflow: Overflow;
      readonly serverMessage?: string;
    }
  /** Parley's own count before sending: even without history the request does not fit, so nothing was sent. */
  | { readonly kind: 'context-length'; readonly reason: 'too-long'; readonly model: string; readonly estimate: OverflowEstimate }
  /** A 400/422 about a parameter Parley sent (`param`, named by the server or quoted in its message). */
  | {
      readonly kind: 'bad-request';
      readonly reason: 'parameter-refused';
      readonly status: number;
      readonly model: string;
      readonly param: string;
      readonly serverMessage?: string;
    }
  | { readonly kind: 'bad-request'; readonly reason: 'request-refused'; readonly status: number; readonly serverMessage?: string }
  /**
   * The model does not read images: the server refused them (`status`), or the provider says so and
   * nothing was sent (no `status`).
   */
  | { readonly kind: 'bad-request'; readonly reason: 'images-refused'; readonly status?: number; readonly model: string; readonly serverMessage?: string }
  /** The model declined to answer; `refusal` is its own words (OpenAI's `delta.refusal`), secrets removed. */
  | { readonly kind: 'refused'; readonly reason: 'model-refused'; readonly model: string; readonly refusal: string }
  /**
   * A content filter stopped the request (Azure's 400 `content_filter`); `filters` are the ones the
   * body names as fired; no `status` when it came inside a stream.
   */
  | {
      readonly kind: 'refused';
      readonly reason: 'content-filtered';
      readonly status?: number;
      readonly filters?: readonly string[];
      readonly serverMessage?: string;
    }
  /** A gateway's moderation flagged the question before any model saw it (OpenRouter's 403); `flagged` are its reasons. */
  | {
      readonly kind: 'refused';
      readonly reason: 'moderation-flagged';
      readonly status: number;
      readonly flagged?: readonly string[];
      readonly serverMessage?: string;
    }
  | { readonly kind: 'network'; readonly reason: 'unreachable'; readonly address: string; readonly serverMessage?: string }
  | { readonly kind: 'server'; readonly reason: 'server-error'; readonly status: number; readonly serverMessage?: string }
  /** The server sent an error inside a stream that had started: it was reached, and what arrived is kept. */
  | { readonly kind: 'server'; readonly reason: 'stream-error'; readonly serverMessage?: string }
  /** Parley itself failed while answering; `detail` is the error's message, secrets removed. */
  | { readonly kind: 'server'; readonly reason: 'parley-error'; readonly detail: string }
  /** The stream ended without the server saying it was finished. */
  | { readonly kind: 'interrupted'; readonly reason: 'cut-off' }
  /** What the server sent could not be read. */
  | { readonly kind: 'interrupted'; readonly reason: 'unreadable'; readonly serverMessage: string }
  /** The answer was streaming when the window closed or reloaded. */
  | { readonly kind: 'interrupted'; readonly reason: 'window-closed' }
  | ConfigFailure
  | SavedFailure
) & {
  /** Came with an import: it happened in someone else's window, so nothing in this one acts on it (no button). */
  readonly imported?: true;
};

/** A request that was not made, because of how Parley is set up; nothing was sent. */
export type ConfigFailure =
  /** A setting stops every request; `problem` is the settings reader's sentence, in the language it was read in. */
  | { readonly kind: 'config'; readonly reason: 'settings'; readonly problem: string }
  /** Where requests go cannot be worked out; `problem` is the endpoint reader's sentence, as above. */
  | { readonly kind: 'config'; readonly reason: 'endpoint'; readonly problem: string }
  /** No model (or Azure deployment) is set. */
  | { readonly kind: 'config'; readonly reason: 'no-model'; readonly azure: boolean }
  /** The key would go over plain http to an address on the network; the user is warned once. */
  | { readonly kind: 'config'; readonly reason: 'plain-http'; readonly address: string }
  /** The server redirected to another origin, which Parley does not follow. */
  | { readonly kind: 'config'; readonly reason: 'redirect-elsewhere'; readonly from: string; readonly to: string }
  | { readonly kind: 'config'; readonly reason: 'too-many-redirects'; readonly origin: string; readonly limit: number };

/**
 * A failure saved by stored format 1, which kept the sentence shown then, not its facts: the
 * sentence cannot be turned back into data, so it is shown as it was written (in its language).
 */
export interface SavedFailure {
  readonly kind: FailureKind;
  readonly reason: 'saved';
  readonly savedText: string;
  readonly action?: FailureAction;
  readonly retryAfterSeconds?: number;
}

/** The numbers a server's "context length exceeded" gave, when it gave them (OpenAI, vLLM do). */
export interface Overflow {
  /** The model's context window. */
  readonly window?: number;
  /** The tokens the request was counted at. */
  readonly sent?: number;
}

/** Parley's estimate of a request that does not fit, made before sending. */
export interface OverflowEstimate {
  readonly needed: number;
  /** The prompt tokens the window has room for. */
  readonly limit: number;
  readonly window: number;
  /** The window is Parley's assumption for a model it does not know (parley.contextWindow can say better). */
  readonly assumed: boolean;
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

/**
 * The stored format's version: 3 keeps the branches of a conversation, 2 kept failures as data (1
 * kept their shown sentence).
 */
export const STORED_VERSION = 3;

/** A turn of another branch than the one shown, with the turn it follows (absent: it is a first question). */
export interface OffPathTurn {
  readonly after?: string;
  readonly turn: Turn;
}

/**
 * Where a conversation branches: the versions of the turn that follows `after` (absent: of the
 * first question), oldest first, and the one shown last, whose continuation shows with it.
 */
export interface BranchPoint {
  readonly after?: string;
  readonly versions: string[];
  shown: string;
}

/**
 * The rest of a conversation's turn tree: `Conversation.turns` is the branch shown, this holds the
 * turns of the other branches (each once, with its parent) and where the branches part.
 */
export interface Branches {
  offPath: OffPathTurn[];
  points: BranchPoint[];
}

/** The conversation and turn a fork was made from. */
export interface ForkRecord {
  readonly conversationId: string;
  readonly turnId: string;
  /** The original's title when the fork was made, to name it by. */
  readonly title: string;
}

export interface Conversation {
  readonly version: typeof STORED_VERSION;
  readonly id: string;
  title: string;
  readonly createdAt: number;
  updatedAt: number;
  /** The branch shown, first question first: what is sent, shown and exported as the conversation. */
  turns: Turn[];
  /** The other versions of its turns, when a question was edited or an answer regenerated. */
  branches?: Branches;
  /** Set on a conversation forked from another: the turns up to `turnId` were copied from it. */
  readonly forkedFrom?: ForkRecord;
  /** What the requests were steered with; recorded when the first question goes out. */
  steering?: RecordedSteering;
  /** The provider and model picked for this conversation; the settings' when absent. */
  provider?: string;
  model?: string;
  /** Set on a conversation that came from an export file. */
  imported?: ImportRecord;
  /** Where it was held: absent for Parley's panel, `chat-view` for `@parley` in VS Code's Chat view. */
  readonly origin?: ConversationOrigin;
}

/** Where a conversation other than the panel's was held. */
export type ConversationOrigin = 'chat-view';
