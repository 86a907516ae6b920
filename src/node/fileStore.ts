import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConversationSummary } from '../core/conversation';
import { mergeTrees, summarize } from '../core/conversation';
import { checkImage, imageExtension, imageFacts, mapImages } from '../core/images';
import { parseConversation } from '../core/storedConversation';
import type { ConversationStore, KeyValueState } from '../core/store';
import { l10n } from '../shared/l10n';
import { isConversationId } from '../shared/validate';
import type { Conversation, ConversationOrigin, ImageContent } from '../core/domain';

export const INDEX_KEY = 'parley.index.v2';
/** The first format: one object per conversation. Read when there is no v2 index yet. */
const INDEX_KEY_V1 = 'parley.index.v1';

interface Index {
  readonly activeId?: string;
  readonly conversations: readonly ConversationSummary[];
}

/**
 * A summary as stored: a row instead of an object and the title cut to TITLE_BYTES, so 500
 * conversations stay under 100 KB even with titles in scripts of 3 bytes a character.
 */
type Row = [id: string, title: string, createdAt: number, updatedAt: number, turnCount: number, chars: number, origin?: ConversationOrigin];
interface StoredIndex {
  readonly version: 2;
  readonly activeId?: string;
  readonly rows: readonly Row[];
}

const EMPTY_INDEX: Index = { conversations: [] };
const TITLE_BYTES = 80;

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** The title, cut at a character so it takes at most TITLE_BYTES of UTF-8. */
export function indexTitle(title: string): string {
  let bytes = 0;
  let end = 0;
  for (const char of title) {
    bytes += utf8Length(char.codePointAt(0)!);
    if (bytes > TITLE_BYTES - 3) return `${title.slice(0, end)}…`;
    end += char.length;
  }
  return title;
}

function toRow(s: ConversationSummary): Row {
  const row: Row = [s.id, indexTitle(s.title), s.createdAt, s.updatedAt, s.turnCount, s.chars];
  if (s.origin) row.push(s.origin);
  return row;
}

function fromRow([id, title, createdAt, updatedAt, turnCount, chars, origin]: Row): ConversationSummary {
  return { id, title, createdAt, updatedAt, turnCount, chars, ...(origin === 'chat-view' ? { origin } : {}) };
}
/** Every image of a conversation, in every branch. */
function imagesOf(conversation: Conversation): ImageContent[] {
  const turns = [...conversation.turns, ...(conversation.branches?.offPath.map((o) => o.turn) ?? [])];
  return turns.flatMap((turn) => (turn.role === 'user' ? turn.context.flatMap((c) => (c.image ? [c.image] : [])) : []));
}

const CONVERSATION_FILE = /^([A-Za-z0-9_-]{1,64})\.json$/;

/** What a file looked like when this window last read or wrote it. */
function signature(info: { mtimeMs: number; size: number }): string {
  return `${info.mtimeMs}:${info.size}`;
}

/**
 * One JSON file per conversation in a folder (the workspace's storage), and a small index in
 * workspace state. Transcripts stay out of the Memento because it is rewritten whole on each update.
 *
 * Two windows on one workspace share the folder, but each has its own copy of workspace state and
 * the last to write it wins. So the files are the truth and the index a cache: files it lacks are
 * added back (`reconcile`), and a file another window changed since this one read it is merged
 * into, not overwritten.
 */
export class FileConversationStore implements ConversationStore {
  /** Writes of one file run one after another, so an older snapshot never lands after a newer one. */
  private readonly writes = new Map<string, Promise<void>>();
  /** The signature of each file as this window last read or wrote it. */
  private readonly seen = new Map<string, string>();
  /** Files reconcile() could not read: not read again on every save. */
  private readonly unreadable = new Set<string>();
  /** The file each image in memory is saved as, so an image is hashed once, not at every checkpoint. */
  private readonly imageFiles = new WeakMap<ImageContent, string>();
  /** The image files this window wrote or found: not written again. */
  private readonly imagesOnDisk = new Set<string>();

  constructor(
    private readonly folder: string,
    private readonly state: KeyValueState,
    private readonly reportProblem: (message: string) => void,
  ) {}

  private index(): Index {
    const stored = this.state.get<StoredIndex>(INDEX_KEY);
    if (stored?.version === 2 && Array.isArray(stored.rows)) return { activeId: stored.activeId, conversations: stored.rows.map(fromRow) };
    const v1 = this.state.get<Index & { version: 1 }>(INDEX_KEY_V1);
    return v1?.version === 1 && Array.isArray(v1.conversations) ? v1 : EMPTY_INDEX;
  }

  private async writeIndex(index: Index): Promise<void> {
    const stored: StoredIndex = { version: 2, ...(index.activeId ? { activeId: index.activeId } : {}), rows: index.conversations.map(toRow) };
    await this.state.update(INDEX_KEY, stored);
    if (this.state.get(INDEX_KEY_V1) !== undefined) await this.state.update(INDEX_KEY_V1, undefined);
  }

  private file(id: string): string {
    if (!isConversationId(id)) throw new Error(`Invalid conversation id ${JSON.stringify(id)}`);
    return join(this.folder, `${id}.json`);
  }

  /** The folder beside a conversation's JSON that holds its images, each in a file named by its bytes. */
  private imageFolder(id: string): string {
    if (!isConversationId(id)) throw new Error(`Invalid conversation id ${JSON.stringify(id)}`);
    return join(this.folder, `${id}.images`);
  }

  /**
   * The conversation as its file holds it: each image named by the file that holds its bytes, not
   * the bytes; and the files still to write (path and base64).
   */
  private withImageFiles(conversation: Conversation): { stored: Conversation; pending: Map<string, string> } {
    const pending = new Map<string, string>();
    const folder = this.imageFolder(conversation.id);
    const stored = mapImages(conversation, (image) => {
      const { data } = image;
      const facts = imageFacts(image);
      if (data === undefined) return facts;
      let file = this.imageFiles.get(image);
      if (!file) {
        file = `${createHash('sha256').update(Buffer.from(data, 'base64')).digest('hex')}.${imageExtension(image.mime)}`;
        this.imageFiles.set(image, file);
      }
      const path = join(folder, file);
      if (!this.imagesOnDisk.has(path)) pending.set(path, data);
      return { ...facts, file };
    });
    return { stored, pending };
  }

  /** Writes the image files a save needs, before the JSON that names them. */
  private async writeImages(folder: string, pending: ReadonlyMap<string, string>): Promise<void> {
    if (pending.size === 0) return;
    await mkdir(folder, { recursive: true });
    for (const [path, data] of pending) {
      // Named by their bytes: a file already there holds the same image.
      await writeFile(path, Buffer.from(data, 'base64'), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      this.imagesOnDisk.add(path);
    }
  }

  /** The conversation with its images' bytes read back; an image whose file is gone or is not that image stays without them. */
  private async withImagesRead(conversation: Conversation): Promise<Conversation> {
    const folder = this.imageFolder(conversation.id);
    const read = new Map<string, string | undefined>();
    for (const image of imagesOf(conversation)) {
      if (!image.file || read.has(image.file)) continue;
      const path = join(folder, image.file);
      const data = await readFile(path)
        .then((bytes) => bytes.toString('base64'))
        .catch(() => undefined);
      const checked = data === undefined ? undefined : checkImage(data);
      const same = typeof checked === 'object' && checked.mime === image.mime && checked.width === image.width && checked.height === image.height;
      if (same) this.imagesOnDisk.add(path);
      read.set(image.file, same ? data : undefined);
    }
    if (read.size === 0) return conversation;
    return mapImages(conversation, (image) => {
      const data = image.file ? read.get(image.file) : undefined;
      if (data === undefined) return image;
      const withData = { ...image, data };
      this.imageFiles.set(withData, image.file!);
      return withData;
    });
  }

  list(): readonly ConversationSummary[] {
    return [...this.index().conversations].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  activeId(): string | undefined {
    return this.index().activeId;
  }

  async setActiveId(id: string): Promise<void> {
    await this.writeIndex({ ...this.index(), activeId: id });
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
      if (conversation.id !== id) throw new Error(l10n.t('holds conversation {0}', conversation.id));
      this.seen.set(id, signature(await stat(path)));
      return await this.withImagesRead(conversation);
    } catch (error) {
      await this.setAside(id, error as Error);
      await this.writeIndex({ ...this.index(), conversations: this.index().conversations.filter((c) => c.id !== id) });
      return undefined;
    }
  }

  /** Never delete what cannot be read: move it aside so nothing is lost, and say where it went. */
  private async setAside(id: string, error: Error): Promise<void> {
    const aside = join(this.folder, `${id}.corrupt-${Date.now()}.json`);
    await rename(this.file(id), aside);
    this.reportProblem(l10n.t('A saved conversation could not be read ({0}). The file was moved to {1}.', error.message, aside));
  }

  /**
   * Saves a snapshot of the conversation. When another window changed its file since this one read
   * it, the other window's turns are merged in, into `conversation` too, so the view shows them.
   */
  save(conversation: Conversation): Promise<void> {
    const { stored, pending } = this.withImageFiles(conversation);
    const json = JSON.stringify(stored);
    const previous = this.writes.get(conversation.id) ?? Promise.resolve();
    const write = previous.then(async () => {
      const path = this.file(conversation.id);
      await this.writeImages(this.imageFolder(conversation.id), pending);
      let saved = JSON.parse(json) as Conversation;
      const theirs = await this.changedElsewhere(conversation.id);
      if (theirs) {
        saved = { ...saved, ...mergeTrees(theirs, saved) };
        Object.assign(conversation, mergeTrees(await this.withImagesRead(theirs), conversation));
      }
      await this.writeAtomically(path, JSON.stringify(saved));
      this.seen.set(conversation.id, signature(await stat(path)));
      await this.reconcile();
      const others = this.index().conversations.filter((c) => c.id !== conversation.id);
      await this.writeIndex({ ...this.index(), conversations: [summarize(saved), ...others] });
    });
    // The chain continues after a failure; the caller still sees this write's error.
    this.writes.set(
      conversation.id,
      write.catch(() => undefined),
    );
    return write;
  }

  delete(id: string): Promise<void> {
    const path = this.file(id);
    // After any pending write of this conversation, so a late checkpoint cannot bring it back.
    const previous = this.writes.get(id) ?? Promise.resolve();
    const removal = previous.then(async () => {
      await rm(path, { force: true });
      const images = this.imageFolder(id);
      await rm(images, { recursive: true, force: true });
      // Undo saves it again: its images must be written again too.
      for (const saved of this.imagesOnDisk) if (saved.startsWith(join(images, '/'))) this.imagesOnDisk.delete(saved);
      this.seen.delete(id);
      const { activeId, conversations } = this.index();
      await this.writeIndex({ ...(activeId === id ? {} : { activeId }), conversations: conversations.filter((c) => c.id !== id) });
    });
    this.writes.set(
      id,
      removal.catch(() => undefined),
    );
    return removal;
  }

  /** The conversation as on disk, when its file changed since this window last read or wrote it. */
  private async changedElsewhere(id: string): Promise<Conversation | undefined> {
    const path = this.file(id);
    const info = await stat(path).catch(() => undefined);
    if (!info || this.seen.get(id) === signature(info)) return undefined;
    try {
      const theirs = parseConversation(JSON.parse(await readFile(path, 'utf8')));
      if (theirs.id !== id) throw new Error(l10n.t('holds conversation {0}', theirs.id));
      return theirs;
    } catch (error) {
      await this.setAside(id, error as Error);
      return undefined;
    }
  }

  /** Conversations another window saved while this one overwrote the shared index come back. */
  async prepare(): Promise<void> {
    try {
      await this.reconcile();
    } catch (error) {
      this.reportProblem(l10n.t('The saved conversations could not be listed ({0}).', (error as Error).message));
    }
  }

  /**
   * Adds to the index the conversations whose files it lacks (written by another window, whose
   * index write this window's overwrote). Returns how many were added.
   */
  async reconcile(): Promise<number> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const known = new Set(this.index().conversations.map((c) => c.id));
    const added: ConversationSummary[] = [];
    for (const name of names) {
      const id = CONVERSATION_FILE.exec(name)?.[1];
      if (!id || known.has(id) || this.unreadable.has(id)) continue;
      try {
        const conversation = parseConversation(JSON.parse(await readFile(join(this.folder, name), 'utf8')));
        if (conversation.id === id) added.push(summarize(conversation));
        else this.unreadable.add(id);
      } catch {
        // Left where it is for load() to set aside and report, should someone open it.
        this.unreadable.add(id);
      }
    }
    if (added.length > 0) await this.writeIndex({ ...this.index(), conversations: [...this.index().conversations, ...added] });
    return added.length;
  }

  private async writeAtomically(path: string, content: string): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  }
}
