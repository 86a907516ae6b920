// The messages between the extension host and the chat webview. Both sides import these types
// with `import type`; the host validates every FromWebview message on arrival (validate.ts).
// The words of the domain come from core/domain.ts; the view types here are made from them.
import type { AnswerPart, CodeContext, CutShort, FailureAction, FailureKind, TurnStatus } from '../core/domain';
import type { ContextSource, SteeringView } from './steering';

export type { AnswerPart, CodeContext, CutShort, FailureAction, TurnStatus };

export interface ErrorView {
  readonly kind: FailureKind;
  readonly message: string;
  readonly action?: FailureAction;
  /** Another way out, offered beside `action`. */
  readonly alternative?: FailureAction;
  /** How long the server asked to wait before the next request (429 with retry-after). */
  readonly retryAfterSeconds?: number;
}

/** Where a message stands among its versions (an edited question, a regenerated answer), when it has others. */
export interface VersionsView {
  /** 1 for the oldest. */
  readonly position: number;
  readonly count: number;
  /** The ids of the versions either side, for the ‹ › buttons to show. */
  readonly previous?: string;
  readonly next?: string;
}

export interface UserTurnView {
  readonly id: string;
  readonly role: 'user';
  readonly text: string;
  readonly context: readonly CodeContext[];
  readonly versions?: VersionsView;
}

export interface AssistantTurnView {
  readonly id: string;
  readonly role: 'assistant';
  readonly text: string;
  /** What a reasoning model thought before answering, when its server sends it. */
  readonly reasoning?: string;
  readonly status: TurnStatus;
  readonly error?: ErrorView;
  /** Earlier messages not sent with this answer's question: they did not fit the context window. */
  readonly leftOut?: number;
  /** Retry is possible after this many milliseconds (the server's rate-limit wait). */
  readonly retryInMs?: number;
  /** Tokens the server reported for this answer, and their cost where the user set the model's price. */
  readonly usage?: UsageView;
  /** Why the server ended a complete answer early: its length limit, or its content filter. */
  readonly cutShort?: CutShort;
  readonly versions?: VersionsView;
}

export interface UsageView {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cost?: number;
}

/** The conversation's answers together; `unpriced` answers have no price, so the cost leaves them out. */
export interface UsageTotalView {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cost: number;
  readonly unpriced: number;
  readonly answers: number;
}

export interface ProviderOption {
  readonly id: string;
  readonly label: string;
}

/** The models the provider lists, for the picker; the user may type any other name. */
export interface ModelListView {
  readonly state: 'loading' | 'ready' | 'error' | 'unsupported';
  readonly models: readonly string[];
  /** Why the list failed, or why this provider has none. */
  readonly message?: string;
}

export type TurnView = UserTurnView | AssistantTurnView;

export interface AttachmentView {
  readonly id: string;
  readonly label: string;
  readonly context: CodeContext;
  /** Exactly the text the question will carry for it. */
  readonly sent: string;
  readonly tokens: number;
  /** Set when the code was cut to Parley's limit: what was left out. */
  readonly notice?: string;
  /** For an image: its thumbnail as a `data:` URL of bytes the host checked, and whether its tokens are an estimate. */
  readonly image?: { readonly thumbnail?: string; readonly estimated: boolean };
}

/** Everything the webview needs to draw itself; sent after `ready` and after every state change. */
export interface Snapshot {
  readonly conversationId: string;
  readonly title: string;
  readonly turns: readonly TurnView[];
  readonly busy: boolean;
  readonly attachments: readonly AttachmentView[];
  readonly model: string;
  /** The provider the next question goes to, and the ones the user can switch to. */
  readonly provider: string;
  readonly providers: readonly ProviderOption[];
  readonly models: ModelListView;
  /** Tokens and cost of the answers so far. */
  readonly usage: UsageTotalView;
  /** The conversation as the next request would send it, against the model's context window. */
  readonly size: { readonly tokens: number; readonly window: number; readonly exact: boolean };
  /**
   * Set when the local server runs the model with a smaller window than the model reads (`size.window`
   * is then the server's): what it runs, that Parley fits into it, and how to give it more.
   */
  readonly windowNote?: string;
  readonly baseUrl: string;
  /** Set when no request can go out until the user sets a key. */
  readonly needsApiKey: boolean;
  /** A problem to show above the composer, e.g. a conversation file that could not be read. */
  readonly notice?: string;
  readonly steering: SteeringView;
  /** The last delete, while Undo can take it back. */
  readonly undo?: { readonly label: string };
  /** Set on a fork: the conversation it was forked from, which its note opens. */
  readonly forkedFrom?: { readonly conversationId: string; readonly title: string };
}

/** A row of the conversation list. */
export interface ConversationListItem {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: number;
  readonly turnCount: number;
  /** Set for a conversation held by `@parley` in VS Code's Chat view. */
  readonly fromChatView?: true;
}

/** What a code block's buttons do; the host carries it out. */
export type CodeAction = 'copy' | 'insert' | 'replaceSelection' | 'newEditor' | 'compare';

/**
 * What the webview posts. A request that expects an answer (`listConversations`, `draftExample`,
 * `saveExample`) carries a `requestId` its answer repeats, so the webview keeps only the answer to
 * the request it made last.
 */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'send'; readonly text: string }
  | { readonly type: 'stop' }
  | { readonly type: 'newChat' }
  | { readonly type: 'runAction'; readonly action: FailureAction }
  | { readonly type: 'removeAttachment'; readonly id: string }
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'dismissNotice' }
  | { readonly type: 'regenerate' }
  | { readonly type: 'editAndResend'; readonly turnId: string; readonly text: string }
  | { readonly type: 'undo' }
  /** Shows another version of a message (`turnId` is the version to show), with its branch. */
  | { readonly type: 'showVersion'; readonly turnId: string }
  /** Starts a new conversation holding the messages up to `turnId`. */
  | { readonly type: 'fork'; readonly turnId: string }
  | { readonly type: 'copyTurn'; readonly turnId: string }
  /** `turnId` is the answer the code came from; its question tells which selection it is about. */
  | { readonly type: 'codeAction'; readonly action: CodeAction; readonly turnId: string; readonly code: string; readonly language: string }
  | { readonly type: 'listConversations'; readonly requestId: number; readonly query: string }
  | { readonly type: 'openConversation'; readonly id: string }
  | { readonly type: 'renameConversation'; readonly id: string }
  | { readonly type: 'deleteConversation'; readonly id: string }
  /** The toolbar's buttons: the host opens the quick pick of providers, of the provider's models (or a name typed by hand), of profiles. */
  | { readonly type: 'chooseProvider' }
  | { readonly type: 'chooseModel' }
  | { readonly type: 'chooseProfile' }
  | { readonly type: 'draftExample'; readonly requestId: number; readonly turnId: string }
  | {
      readonly type: 'saveExample';
      readonly requestId: number;
      readonly turnId: string;
      readonly target: string;
      readonly user: string;
      readonly assistant: string;
    }
  | { readonly type: 'addContext'; readonly source: ContextSource }
  /** Add Context: the host offers every source in a quick pick. */
  | { readonly type: 'pickContext' }
  /**
   * An image pasted, dropped or picked, as the webview scaled it (base64, at most 2048 px a side and
   * 8 MB), with a thumbnail for its chip; the host checks both before attaching.
   */
  | { readonly type: 'attachImage'; readonly name: string; readonly data: string; readonly thumbnail: string }
  /** For an imported conversation: keep the steering it came with, or use the user's own profile. */
  | { readonly type: 'settleImportedSteering'; readonly keep: boolean };

/**
 * A snapshot sent as a change to the previous one of the same conversation: its first `keptTurns`
 * turns are unchanged and not sent again, so a change costs the same in a long conversation as in
 * a short one. A webview that cannot apply it (it does not show revision `base`) asks for a whole
 * snapshot with `ready`.
 */
export interface SnapshotUpdate {
  readonly snapshot: Omit<Snapshot, 'turns'>;
  readonly keptTurns: number;
  readonly turns: readonly TurnView[];
}

/**
 * What the host posts. Snapshots are numbered (`revision`, rising by one per snapshot); an update
 * names the revision it changes (`base`); a delta is text that begins at `offset` in its part of the
 * answer. The webview asks for a whole snapshot with `ready` when one does not follow what it shows.
 */
export type ToWebview =
  | { readonly type: 'state'; readonly revision: number; readonly snapshot: Snapshot }
  | ({ readonly type: 'update'; readonly revision: number; readonly base: number } & SnapshotUpdate)
  | { readonly type: 'delta'; readonly turnId: string; readonly part: AnswerPart; readonly offset: number; readonly text: string }
  | { readonly type: 'focusComposer' }
  /** An image file picked with Add Context → Image…, for the webview to scale and post back as `attachImage`. */
  | { readonly type: 'imagePicked'; readonly name: string; readonly mime: string; readonly data: string }
  /** The conversations matching `query`, newest first; sent on request and, for that request, after each change. */
  | { readonly type: 'conversations'; readonly requestId: number; readonly query: string; readonly items: readonly ConversationListItem[] }
  | { readonly type: 'exampleDraft'; readonly requestId: number; readonly turnId: string; readonly user: string; readonly assistant: string }
  | { readonly type: 'exampleSaved'; readonly requestId: number; readonly turnId: string; readonly ok: boolean; readonly message: string };

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
