// History search through an index instead of a scan of every file on every keystroke.
//
// Each conversation's searchable text (what `conversationMatches` reads: the title, every turn's
// text in every branch, and the text and path of the code attached to questions) is folded once,
// as `textMatches` folds it, and kept as one string. A query is narrowed to the conversations that
// hold every trigram of the folded query (posting bitsets, intersected) and, for each run of word
// units in it, a word it can lie in; each candidate is then confirmed with `includes` on its folded
// text (a long one piece by piece, skipping the pieces whose Bloom filter lacks a trigram): the
// same test `textMatches` makes, so the matches are exactly the scan's.
import type { ConversationSummary } from './conversation';
import { conversationMatches, textMatches } from './conversation';
import { allTurns } from './branches';
import type { Conversation } from './domain';
import type { ConversationStore } from './store';

/**
 * Between two folded fields of a conversation's text: a query holding it could match across two
 * fields, which the scan never does, so such a query is answered by the scan instead.
 */
const SEPARATOR = '\u0000';

/** How `textMatches` folds a query. */
export function foldQuery(query: string): string {
  return query.trim().toLocaleLowerCase();
}

/** The conversation's searchable fields, each folded alone (folding can depend on a letter's neighbours, as Σ's does). */
export function searchableText(conversation: Conversation): string {
  const fields = [conversation.title];
  for (const turn of allTurns(conversation)) {
    fields.push(turn.text);
    if (turn.role === 'user') for (const c of turn.context) fields.push(c.text, c.path);
  }
  return fields.map((field) => field.toLocaleLowerCase()).join(SEPARATOR);
}

/** A UTF-16 unit in 8 bits: exact for ASCII, hashed above (a collision only adds candidates, which `includes` then rejects). */
function unit(code: number): number {
  return code < 0x80 ? code : 0x80 | (Math.imul(code, 0x9e3779b1) >>> 25);
}

/** Keys: trigrams in 24 bits; single units above them. */
const UNIGRAM = 1 << 24;
const KEYS = UNIGRAM + 256;

interface Entry {
  readonly id: string;
  /** The folded fields, joined by SEPARATOR. */
  readonly text: string;
  /** What the store's summary said when this was indexed: a different summary means the entry is stale. */
  readonly stamp: string;
  /** The ids of the distinct words of `text`. */
  readonly words: Uint32Array;
  /** `text` in pieces of whole fields (a match never spans two fields), when it is longer than one. */
  readonly pieces?: readonly string[];
  /** For each piece, BLOOM_WORDS words of a Bloom filter of its trigrams and units. */
  readonly blooms?: Uint32Array;
}

/** About how long a piece of a conversation's text is: its filter lets a search skip it. */
const PIECE_CHARS = 1024;
/** A piece's filter: 4,096 bits, two a key (about 8 % of the keys it lacks pass it, at 1,024 characters of made-up words). */
const BLOOM_WORDS = 128;
const bloomBits = (key: number) => [Math.imul(key, 0x9e3779b1) >>> 20, Math.imul(key ^ 0x5bd1e995, 0x85ebca6b) >>> 20];

/** What ends a word: ASCII spaces, controls (SEPARATOR and VOCABULARY_END among them) and punctuation. Every other unit is part of one. */
const ENDS_WORD = new Uint8Array(128);
for (let code = 0; code < 128; code++) ENDS_WORD[code] = code <= 0x20 || code === 0x7f || /[!-/:-@[-`{-~]/.test(String.fromCharCode(code)) ? 1 : 0;
const endsWord = (code: number) => code < 128 && ENDS_WORD[code] === 1;
/** Between the words of the vocabulary string. */
const VOCABULARY_END = '\u0001';
/** A run of the query that matches more words than this is not worth narrowing by: the trigrams do. */
const MAX_WORDS_A_RUN = 4096;

/** The summary's fields that a change to the conversation changes. */
export function stampOf(summary: Pick<ConversationSummary, 'updatedAt' | 'turnCount' | 'chars'>): string {
  return `${summary.updatedAt}:${summary.turnCount}:${summary.chars}`;
}

/**
 * The folded text of each conversation, and two ways to narrow a query to the conversations that
 * can hold it before `includes` confirms each: for each trigram (and single unit) of the texts a
 * bitset of the conversations that hold it; and for each word, the conversations that hold it, so
 * a query's words narrow it as far as the words go. Plain data, no I/O.
 */
export class SearchIndex {
  private readonly slots = new Map<string, number>();
  private readonly entries: Array<Entry | undefined> = [];
  private readonly freeSlots: number[] = [];
  /** Bitset words per posting list. */
  private words = 1;
  private readonly postings = new Map<number, Uint32Array>();
  /** Scratch: which keys the conversation being added has shown so far. */
  private readonly seen = new Uint32Array(Math.ceil(KEYS / 32));
  /** Every word seen, its id, and for each id the slots of the conversations that hold it. */
  private readonly wordIds = new Map<string, number>();
  private readonly wordList: string[] = [];
  private readonly wordSlots: number[][] = [];
  /** For each word, the last text `wordsOf` found it in (a count of texts read), so each is listed once. */
  private readonly wordMarks: number[] = [];
  private marks = 0;
  /** The words, each between two VOCABULARY_END, and where each begins: made again when words were added. */
  private vocabulary: { readonly text: string; readonly starts: Int32Array } | undefined;

  get size(): number {
    return this.slots.size;
  }

  get(id: string): Entry | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.entries[slot];
  }

  ids(): IterableIterator<string> {
    return this.slots.keys();
  }

  set(conversation: Conversation, stamp: string): void {
    this.setText(conversation.id, searchableText(conversation), stamp);
  }

  setText(id: string, text: string, stamp: string): void {
    this.delete(id);
    const slot = this.freeSlots.pop() ?? this.entries.length;
    if (slot >= this.words * 32) this.grow();
    this.slots.set(id, slot);
    const words = this.wordsOf(text);
    this.entries[slot] = { id, text, stamp, words, ...this.piecesOf(text) };
    for (const word of words) this.wordSlots[word]!.push(slot);
    const word = slot >>> 5;
    const bit = 1 << (slot & 31);
    for (const key of this.keysOf(text)) {
      let posting = this.postings.get(key);
      if (!posting) this.postings.set(key, (posting = new Uint32Array(this.words)));
      posting[word]! |= bit;
    }
  }

  delete(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const entry = this.entries[slot]!;
    this.slots.delete(id);
    this.entries[slot] = undefined;
    this.freeSlots.push(slot);
    for (const word of entry.words) {
      const slots = this.wordSlots[word]!;
      const at = slots.lastIndexOf(slot);
      slots[at] = slots[slots.length - 1]!;
      slots.pop();
    }
    const word = slot >>> 5;
    const keep = ~(1 << (slot & 31));
    for (const posting of this.postings.values()) posting[word]! &= keep;
  }

  /**
   * The ids of the indexed conversations whose text holds `query` (folded as `textMatches` folds
   * it), or undefined when the index cannot tell (the query holds SEPARATOR).
   */
  matching(query: string): Set<string> | undefined {
    const folded = foldQuery(query);
    if (folded.includes(SEPARATOR)) return undefined;
    const found = new Set<string>();
    const candidates = this.candidates(folded);
    const bits = this.keysOf(folded).flatMap(bloomBits);
    for (let word = 0; word < this.words; word++) {
      let slots = candidates ? candidates[word]! : ~0;
      while (slots !== 0) {
        const low = slots & -slots;
        slots ^= low;
        const entry = this.entries[word * 32 + 31 - Math.clz32(low)];
        if (entry && this.holds(entry, folded, bits)) found.add(entry.id);
      }
    }
    return found;
  }

  /** The slots that can hold the folded query: those with every key of it and its words; undefined: all of them (an empty query). */
  private candidates(folded: string): Uint32Array | undefined {
    if (folded.length === 0) return undefined;
    const result = new Uint32Array(this.words).fill(~0);
    for (const key of this.keysOf(folded)) {
      const posting = this.postings.get(key);
      if (!posting) return new Uint32Array(this.words);
      for (let word = 0; word < this.words; word++) result[word]! &= posting[word]!;
    }
    for (const slots of this.runSlots(folded)) {
      const held = new Uint32Array(this.words);
      for (const list of slots) for (const slot of list) held[slot >>> 5]! |= 1 << (slot & 31);
      for (let word = 0; word < this.words; word++) result[word]! &= held[word]!;
    }
    return result;
  }

  /**
   * For each run of word units in the query, the slot lists of the words it can lie in. A run is
   * inside one word of the text: its whole word when the query has a word's end on both sides of
   * it, the word's end when on its left only (then the word begins with it), and so on. A run that
   * fits too many words is left to the trigrams.
   */
  private *runSlots(folded: string): Generator<number[][]> {
    for (let start = 0; start < folded.length;) {
      if (endsWord(folded.charCodeAt(start))) {
        start++;
        continue;
      }
      let end = start;
      while (end < folded.length && !endsWord(folded.charCodeAt(end))) end++;
      const run = folded.slice(start, end);
      const whole = start > 0 && end < folded.length;
      if (whole) {
        const id = this.wordIds.get(run);
        yield id === undefined ? [] : [this.wordSlots[id]!];
      } else {
        const ids = this.wordsHolding((start > 0 ? VOCABULARY_END : '') + run + (end < folded.length ? VOCABULARY_END : ''));
        if (ids) yield ids.map((id) => this.wordSlots[id]!);
      }
      start = end;
    }
  }

  /** The ids of the words in whose place in the vocabulary `pattern` occurs; undefined when more than MAX_WORDS_A_RUN. */
  private wordsHolding(pattern: string): number[] | undefined {
    const { text, starts } = (this.vocabulary ??= this.makeVocabulary());
    const ids: number[] = [];
    for (let at = text.indexOf(pattern); at >= 0;) {
      // The word whose place holds `at` (a pattern that begins with VOCABULARY_END: the one after it).
      let low = 0;
      let high = starts.length - 1;
      const position = pattern.startsWith(VOCABULARY_END) ? at + 1 : at;
      while (low < high) {
        const mid = (low + high + 1) >>> 1;
        if (starts[mid]! <= position) low = mid;
        else high = mid - 1;
      }
      ids.push(low);
      if (ids.length > MAX_WORDS_A_RUN) return undefined;
      // On from the next word: each word counts once.
      at = text.indexOf(pattern, (starts[low + 1] ?? text.length) - (pattern.startsWith(VOCABULARY_END) ? 1 : 0));
    }
    return ids;
  }

  private makeVocabulary(): { text: string; starts: Int32Array } {
    const starts = new Int32Array(this.wordList.length);
    let offset = 1;
    this.wordList.forEach((word, id) => {
      starts[id] = offset;
      offset += word.length + 1;
    });
    return { text: VOCABULARY_END + this.wordList.join(VOCABULARY_END) + VOCABULARY_END, starts };
  }

  /** The ids of the distinct words of a text, new words added to the vocabulary. */
  private wordsOf(text: string): Uint32Array {
    const ids: number[] = [];
    const mark = ++this.marks;
    for (let start = 0; start < text.length;) {
      if (endsWord(text.charCodeAt(start))) {
        start++;
        continue;
      }
      let end = start + 1;
      while (end < text.length && !endsWord(text.charCodeAt(end))) end++;
      const word = text.slice(start, end);
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.wordList.length;
        this.wordIds.set(word, id);
        this.wordList.push(word);
        this.wordSlots.push([]);
        this.wordMarks.push(0);
        this.vocabulary = undefined;
      }
      if (this.wordMarks[id] !== mark) {
        this.wordMarks[id] = mark;
        ids.push(id);
      }
      start = end;
    }
    return Uint32Array.from(ids);
  }

  /** Whether the entry's text holds the folded query: only the pieces whose filter has every bit of it are read. */
  private holds(entry: Entry, folded: string, bits: readonly number[]): boolean {
    const { pieces, blooms } = entry;
    if (!pieces || !blooms) return entry.text.includes(folded);
    pieces: for (let piece = 0; piece < pieces.length; piece++) {
      const base = piece * BLOOM_WORDS;
      for (const bit of bits) if ((blooms[base + (bit >>> 5)]! & (1 << (bit & 31))) === 0) continue pieces;
      if (pieces[piece]!.includes(folded)) return true;
    }
    return false;
  }

  /** The text in pieces of about PIECE_CHARS, cut between fields, with their filters; nothing for a text of one piece. */
  private piecesOf(text: string): { pieces?: string[]; blooms?: Uint32Array } {
    if (text.length <= PIECE_CHARS) return {};
    const pieces: string[] = [];
    for (let start = 0; start < text.length;) {
      let end = text.indexOf(SEPARATOR, start + PIECE_CHARS);
      if (end < 0) end = text.length;
      pieces.push(text.slice(start, end));
      start = end + 1;
    }
    if (pieces.length < 2) return {};
    const blooms = new Uint32Array(pieces.length * BLOOM_WORDS);
    pieces.forEach((piece, index) => {
      for (const key of this.keysOf(piece)) for (const bit of bloomBits(key)) blooms[index * BLOOM_WORDS + (bit >>> 5)]! |= 1 << (bit & 31);
    });
    return { pieces, blooms };
  }

  /** The distinct keys of a text: its trigrams, or its single units when it is shorter than three. */
  private keysOf(text: string): number[] {
    const keys: number[] = [];
    const add = (key: number) => {
      const word = key >>> 5;
      const bit = 1 << (key & 31);
      if (this.seen[word]! & bit) return;
      this.seen[word]! |= bit;
      keys.push(key);
    };
    if (text.length < 3) {
      for (let i = 0; i < text.length; i++) add(UNIGRAM | unit(text.charCodeAt(i)));
    } else {
      let a = unit(text.charCodeAt(0));
      let b = unit(text.charCodeAt(1));
      for (let i = 2; i < text.length; i++) {
        const c = unit(text.charCodeAt(i));
        add((a << 16) | (b << 8) | c);
        a = b;
        b = c;
      }
      // A text of three or more units is also found by the queries of one or two.
      for (let i = 0; i < text.length; i++) add(UNIGRAM | unit(text.charCodeAt(i)));
    }
    for (const key of keys) this.seen[key >>> 5]! &= ~(1 << (key & 31));
    return keys;
  }

  private grow(): void {
    const words = this.words * 2;
    for (const [key, posting] of this.postings) {
      const grown = new Uint32Array(words);
      grown.set(posting);
      this.postings.set(key, grown);
    }
    this.words = words;
  }

  /** Roughly what the index holds, in bytes: the folded texts (1 or 2 bytes a unit), the bitsets, the words and their lists. */
  bytes(): number {
    let bytes = this.seen.byteLength + this.postings.size * (this.words * 4 + 64);
    for (const entry of this.entries) {
      if (!entry) continue;
      let wide = false;
      for (let i = 0; i < entry.text.length && !wide; i++) wide = entry.text.charCodeAt(i) > 0xff;
      bytes += entry.text.length * (wide ? 2 : 1) + entry.stamp.length + entry.id.length + entry.words.byteLength + (entry.blooms?.byteLength ?? 0) + 64;
    }
    for (let id = 0; id < this.wordList.length; id++) bytes += 2 * this.wordList[id]!.length + 8 * this.wordSlots[id]!.length + 96;
    return bytes;
  }
}

/**
 * The store every part of the extension writes through, with the search index beside it: each save
 * and delete updates the index, so a rename, an import, an undo or a save from the Chat view is
 * found as it was written. The index is built on the first search, reading each conversation once.
 */
export class SearchableStore implements ConversationStore {
  readonly index = new SearchIndex();
  /** Bumped when a save or delete of a conversation begins and ends: a read that overlapped one is not indexed. */
  private readonly changes = new Map<string, number>();
  private building: Promise<void> | undefined;
  /** Saved since they were indexed: read again by the next search (unless on screen, which is searched as it is). */
  private readonly stale = new Set<string>();

  constructor(private readonly inner: ConversationStore) {}

  prepare(): Promise<void> {
    return this.inner.prepare();
  }

  list(): readonly ConversationSummary[] {
    return this.inner.list();
  }

  activeId(): string | undefined {
    return this.inner.activeId();
  }

  setActiveId(id: string): Promise<void> {
    return this.inner.setActiveId(id);
  }

  async load(id: string): Promise<Conversation | undefined> {
    const conversation = await this.inner.load(id);
    // Gone, or set aside as unreadable: no longer listed, so no longer searched.
    if (!conversation) this.forget(id);
    return conversation;
  }

  async save(conversation: Conversation): Promise<void> {
    this.changed(conversation.id);
    await this.inner.save(conversation);
    this.changed(conversation.id);
    // Read again from its file at the next search, as saved (with what another window had added
    // merged in): folding it here would cost each checkpoint of a long answer its whole text.
    this.stale.add(conversation.id);
  }

  async delete(id: string): Promise<void> {
    this.changed(id);
    await this.inner.delete(id);
    this.forget(id);
  }

  private changed(id: string): void {
    this.changes.set(id, (this.changes.get(id) ?? 0) + 1);
  }

  private forget(id: string): void {
    this.changed(id);
    this.stale.delete(id);
    this.index.delete(id);
  }

  /** Whether the index lacks the listed conversation or holds another version of it. */
  private outdated(summary: ConversationSummary): boolean {
    return this.stale.has(summary.id) || this.index.get(summary.id)?.stamp !== stampOf(summary);
  }

  /**
   * The listed conversations, newest first, whose title or text holds `query`, as the scan with
   * `textMatches` and `conversationMatches` finds them. `current` (the conversation on screen,
   * perhaps not saved yet) is searched as it is now, not as it was saved.
   */
  async search(query: string, current: Conversation): Promise<ConversationSummary[]> {
    if (foldQuery(query).length === 0) {
      // Everything matches; the index is built meanwhile, for the search that follows.
      void this.ensureIndexed(current.id).catch(() => undefined);
      return [...this.inner.list()];
    }
    let listed = this.inner.list();
    if (this.building || listed.some((s) => s.id !== current.id && this.outdated(s))) {
      await this.ensureIndexed(current.id);
      listed = this.inner.list();
    }
    let found: Set<string> | undefined | null = null;
    const result: ConversationSummary[] = [];
    for (const summary of listed) {
      if (textMatches(summary.title, query)) {
        result.push(summary);
        continue;
      }
      if (summary.id === current.id) {
        if (conversationMatches(current, query)) result.push(summary);
        continue;
      }
      // Worked out when a title does not decide.
      if (found === null) found = this.index.matching(query);
      if (found) {
        if (found.has(summary.id)) result.push(summary);
      } else {
        const conversation = await this.load(summary.id);
        if (conversation && conversationMatches(conversation, query)) result.push(summary);
      }
    }
    return result;
  }

  /** Reads, one after another, the listed conversations the index lacks or holds another version of (the first search reads them all). */
  ensureIndexed(currentId?: string): Promise<void> {
    const run = async () => {
      const listed = this.inner.list();
      const ids = new Set(listed.map((s) => s.id));
      for (const id of [...this.index.ids()]) if (!ids.has(id)) this.index.delete(id);
      for (const summary of listed) {
        if (summary.id === currentId || !this.outdated(summary)) continue;
        const before = this.changes.get(summary.id);
        const conversation = await this.inner.load(summary.id);
        // Saved or deleted while it was read: read again next time.
        if (this.changes.get(summary.id) !== before) continue;
        this.stale.delete(summary.id);
        if (conversation) this.index.set(conversation, stampOf(summary));
        else this.forget(summary.id);
      }
    };
    // One build at a time: a search during the first waits for it, then indexes what is left.
    const next = (this.building ?? Promise.resolve()).then(run, run);
    this.building = next;
    return next.finally(() => {
      if (this.building === next) this.building = undefined;
    });
  }
}
