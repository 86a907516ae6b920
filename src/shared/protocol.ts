// The messages between the extension host and the chat webview. Both sides import these types
// with `import type`; the host validates every FromWebview message on arrival (validate.ts).

export type TurnStatus = 'streaming' | 'complete' | 'stopped' | 'error' | 'interrupted';

/** Code the user attached to a question: the selection, with where it came from. */
export interface CodeContext {
  readonly path: string;
  readonly language: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** Lines cut off because the selection was larger than Parley sends. */
  readonly omittedLines?: number;
}

export type ErrorKind =
  | 'auth'
  | 'model-not-found'
  | 'rate-limit'
  | 'context-length'
  | 'bad-request'
  | 'server'
  | 'network'
  | 'interrupted'
  | 'config';

/** What the user can do about an error; the webview shows it as a button. */
export type ErrorAction = 'setApiKey' | 'openSettings' | 'retry';

export interface ErrorView {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly action?: ErrorAction;
}

export interface UserTurnView {
  readonly id: string;
  readonly role: 'user';
  readonly text: string;
  readonly context: readonly CodeContext[];
}

export interface AssistantTurnView {
  readonly id: string;
  readonly role: 'assistant';
  readonly text: string;
  readonly status: TurnStatus;
  readonly error?: ErrorView;
}

export type TurnView = UserTurnView | AssistantTurnView;

export interface AttachmentView {
  readonly id: string;
  readonly label: string;
  readonly context: CodeContext;
}

/** Everything the webview needs to draw itself; sent after `ready` and after every state change. */
export interface Snapshot {
  readonly conversationId: string;
  readonly title: string;
  readonly turns: readonly TurnView[];
  readonly busy: boolean;
  readonly attachments: readonly AttachmentView[];
  readonly model: string;
  readonly baseUrl: string;
  /** Set when no request can go out until the user sets a key. */
  readonly needsApiKey: boolean;
  /** A problem to show above the composer, e.g. a conversation file that could not be read. */
  readonly notice?: string;
}

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'send'; readonly text: string }
  | { readonly type: 'stop' }
  | { readonly type: 'newChat' }
  | { readonly type: 'retry' }
  | { readonly type: 'runAction'; readonly action: ErrorAction }
  | { readonly type: 'removeAttachment'; readonly id: string }
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'dismissNotice' };

/**
 * A snapshot sent as a change to the previous one of the same conversation: its first `keptTurns`
 * turns are unchanged and not sent again, so a change costs the same in a long conversation as in
 * a short one. A webview that cannot apply it asks for a whole snapshot with `ready`.
 */
export interface SnapshotUpdate {
  readonly snapshot: Omit<Snapshot, 'turns'>;
  readonly keptTurns: number;
  readonly turns: readonly TurnView[];
}

export type ToWebview =
  | { readonly type: 'state'; readonly snapshot: Snapshot }
  | ({ readonly type: 'update' } & SnapshotUpdate)
  | { readonly type: 'delta'; readonly turnId: string; readonly text: string }
  | { readonly type: 'focusComposer' };

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
