import type { AnswerPiece } from '../core/domain';
import type { Snapshot, ToWebview } from '../shared/protocol';
import { snapshotUpdate } from '../shared/snapshotUpdate';

/** Streamed text reaches the webview at most this often (about one animation frame). */
const DELTA_FLUSH_MS = 16;

/** Where the channel's messages go: the open panel, or nowhere while it is closed. */
export type PostTarget = (message: ToWebview) => void;

/**
 * The host's side of the channel to the webview: snapshots numbered by revision and sent as a change
 * to the last one the panel received, and streamed text batched per frame, each piece with the
 * offset in its answer where it begins. The webview checks both and asks for a whole snapshot
 * (`ready`) when something does not follow, so a missed message is noticed, never shown wrong.
 */
export class PanelChannel {
  /** Streamed text not posted yet, by answer and part; an answer's reasoning comes before its text. */
  private readonly pendingText = new Map<string, { readonly turnId: string; readonly part: AnswerPiece['part']; offset: number; text: string }>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = 0;
  /** The last snapshot the panel received, and its revision: the next one is sent as a change to it. */
  private posted: { readonly snapshot: Snapshot; readonly revision: number } | undefined;
  private revision = 0;

  constructor(private readonly target: () => PostTarget | undefined) {}

  /** Sends the next snapshot whole: the panel is new, or asked for it after a gap. */
  resync(): void {
    this.posted = undefined;
  }

  post(message: ToWebview): void {
    this.target()?.(message);
  }

  /**
   * Posts `snapshot`, which holds every piece of text queued so far: those are dropped, not sent
   * again. The caller builds it with no wait between reading the session and calling this.
   */
  postSnapshot(snapshot: Snapshot): void {
    const post = this.target();
    if (!post) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pendingText.clear();
    const revision = ++this.revision;
    const update = this.posted && snapshotUpdate(this.posted.snapshot, snapshot);
    post(update && this.posted ? { type: 'update', revision, base: this.posted.revision, ...update } : { type: 'state', revision, snapshot });
    this.posted = { snapshot, revision };
  }

  /** Queues a streamed piece that begins at `offset` in its part of the answer. */
  queuePiece(turnId: string, piece: AnswerPiece, offset: number): void {
    const key = `${piece.part} ${turnId}`;
    const waiting = this.pendingText.get(key);
    if (waiting) waiting.text += piece.text;
    else this.pendingText.set(key, { turnId, part: piece.part, offset, text: piece.text });
    if (!this.flushTimer) this.flushText();
  }

  /**
   * Posts the waiting text, or waits until a frame has passed since the last post: the first text
   * after a pause goes out at once, text that follows within a frame waits for the frame's end.
   * (A timer can fire early by the time its loop turn took, so the wait is checked when it fires.)
   */
  private flushText(): void {
    this.flushTimer = undefined;
    const wait = this.lastFlush + DELTA_FLUSH_MS - performance.now();
    if (wait > 0) {
      this.flushTimer = setTimeout(() => this.flushText(), Math.ceil(wait));
      return;
    }
    this.lastFlush = performance.now();
    const post = this.target();
    for (const { turnId, part, offset, text } of this.pendingText.values()) post?.({ type: 'delta', turnId, part, offset, text });
    this.pendingText.clear();
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
  }
}
