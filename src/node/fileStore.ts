import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Conversation, ConversationSummary } from '../core/conversation';
import { parseConversation, summarize } from '../core/conversation';
import type { ConversationStore, KeyValueState } from '../core/store';

export const INDEX_KEY = 'parley.index.v1';

interface Index {
  readonly version: 1;
  readonly activeId?: string;
  readonly conversations: readonly ConversationSummary[];
}

const EMPTY_INDEX: Index = { version: 1, conversations: [] };
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * One JSON file per conversation in a folder (the workspace's storage), and a small index in
 * workspace state. Transcripts stay out of the Memento because it is rewritten whole on each update.
 */
export class FileConversationStore implements ConversationStore {
  /** Writes of one file run one after another, so an older snapshot never lands after a newer one. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly folder: string,
    private readonly state: KeyValueState,
    private readonly reportProblem: (message: string) => void,
  ) {}

  private index(): Index {
    const stored = this.state.get<Index>(INDEX_KEY);
    return stored?.version === 1 && Array.isArray(stored.conversations) ? stored : EMPTY_INDEX;
  }

  private file(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`Invalid conversation id ${JSON.stringify(id)}`);
    return join(this.folder, `${id}.json`);
  }

  list(): readonly ConversationSummary[] {
    return [...this.index().conversations].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  activeId(): string | undefined {
    return this.index().activeId;
  }

  async setActiveId(id: string): Promise<void> {
    await this.state.update(INDEX_KEY, { ...this.index(), activeId: id });
  }

  async load(id: string): Promise<Conversation | undefined> {
    const path = this.file(id);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const conversation = parseConversation(JSON.parse(text));
      if (conversation.id !== id) throw new Error(`holds conversation ${conversation.id}`);
      return conversation;
    } catch (error) {
      // Never delete what we cannot read: move it aside so nothing is lost, and say where it went.
      const aside = join(this.folder, `${id}.corrupt-${Date.now()}.json`);
      await rename(path, aside);
      await this.state.update(INDEX_KEY, { ...this.index(), conversations: this.index().conversations.filter((c) => c.id !== id) });
      this.reportProblem(`A saved conversation could not be read (${(error as Error).message}). The file was moved to ${aside}.`);
      return undefined;
    }
  }

  save(conversation: Conversation): Promise<void> {
    const json = JSON.stringify(conversation);
    const summary = summarize(conversation);
    const previous = this.writes.get(conversation.id) ?? Promise.resolve();
    const write = previous.then(async () => {
      await this.writeAtomically(this.file(conversation.id), json);
      const others = this.index().conversations.filter((c) => c.id !== conversation.id);
      await this.state.update(INDEX_KEY, { ...this.index(), conversations: [summary, ...others] });
    });
    // The chain continues after a failure; the caller still sees this write's error.
    this.writes.set(conversation.id, write.catch(() => undefined));
    return write;
  }

  delete(id: string): Promise<void> {
    const path = this.file(id);
    // After any pending write of this conversation, so a late checkpoint cannot bring it back.
    const previous = this.writes.get(id) ?? Promise.resolve();
    const removal = previous.then(async () => {
      await rm(path, { force: true });
      const index = this.index();
      const { activeId, ...rest } = index;
      await this.state.update(INDEX_KEY, { ...rest, ...(activeId === id ? {} : { activeId }), conversations: index.conversations.filter((c) => c.id !== id) });
    });
    this.writes.set(id, removal.catch(() => undefined));
    return removal;
  }

  private async writeAtomically(path: string, content: string): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  }
}
