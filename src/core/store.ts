import type { ConversationSummary } from './conversation';
import type { Conversation } from './domain';

/** Where conversations live. The core depends on this shape; node/ implements it on files. */
export interface ConversationStore {
  /** Brings the store up to date with the disk before its first use (never at activation). */
  prepare(): Promise<void>;
  /** Newest first; cheap (no file reads). */
  list(): readonly ConversationSummary[];
  activeId(): string | undefined;
  setActiveId(id: string): Promise<void>;
  /** Undefined when the conversation is gone or its file could not be read (then it is reported). */
  load(id: string): Promise<Conversation | undefined>;
  /** Atomic: after a crash the file holds either the previous or the new content. */
  save(conversation: Conversation): Promise<void>;
  /** Removes the conversation and its file; a missing one is not an error. */
  delete(id: string): Promise<void>;
}

/** A place for small values that survive restarts: VS Code's Memento has this shape. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}
