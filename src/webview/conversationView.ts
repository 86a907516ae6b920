// The conversation log: one article per message (turnView.ts), kept across snapshots so that only
// what changed is drawn again; a long conversation opens with its newest messages and builds the
// older ones in slices; the log follows the newest message until the user scrolls up, and a sent
// question always brings it back; while the user reads above, "Jump to latest" says what is coming
// below; a finished answer is announced once for screen readers; links and code-block buttons are
// handled here for every article.
import * as l10n from '@vscode/l10n';
import type { AnswerPart, AssistantTurnView, CodeAction, FromWebview, Snapshot, TurnView, UserTurnView } from '../shared/protocol';
import { BackgroundQueue } from './backgroundQueue';
import { button, element } from './dom';
import { EmptyState } from './emptyState';
import { announcement } from './format';
import { blockCode } from './markdown';
import type { TurnContext } from './turnView';
import { TurnArticle } from './turnView';

/** The time the first draw of a snapshot may take before the older bodies wait for later slices. */
const FIRST_DRAW_MS = 8;
/**
 * A long conversation opens with the articles of its newest messages only (enough to fill the
 * view); the older ones are built in slices, newest first. Building all at once would make the
 * first frame style and lay out every message.
 */
const FIRST_ARTICLES = 40;
const OLDER_ARTICLES_PER_SLICE = 50;
/** How near the bottom counts as at it: rounding of fractional pixels, not a reach that fights the user. */
const AT_BOTTOM_PX = 2;
/**
 * How long after the user turns the wheel, touches, drags the scroll bar or presses a key that
 * scrolls, a scroll up is theirs. Other scrolls up are the page's: a message laid out for the first
 * time (the log lays out only what is in view) may turn out shorter than it was estimated, and the
 * log then shrinks under the reader.
 */
const USER_SCROLL_MS = 1000;
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);

export interface ConversationOptions {
  readonly post: (message: FromWebview) => void;
  /** Edit on a question: the composer takes it. */
  readonly edit: (question: UserTurnView) => void;
  readonly saveExampleButton: (turnId: string) => HTMLButtonElement;
  /** An example question of the empty state was clicked. */
  readonly useExample: (question: string) => void;
}

export class ConversationView {
  readonly log = element('div', { className: 'log', id: 'log' });
  /** Says finished answers; the log itself is silent. */
  readonly announcer = element('div', { className: 'visually-hidden' });
  /** Shown while the user reads above and something is streaming or new below; placed after the log. */
  readonly jumpToLatest = button(l10n.t('Jump to latest'), () => this.followAgain(), 'jump-latest');
  private readonly emptyState: EmptyState;
  /** The articles shown, by turn id, so unchanged messages are not drawn again. */
  private readonly rendered = new Map<string, TurnArticle>();
  private renderedConversation = '';
  /** The turns of the snapshot shown. */
  private turns: readonly TurnView[] = [];
  /** Bodies not drawn yet: in a long conversation the newest are drawn first, the rest in slices. */
  private readonly bodiesToDraw = new BackgroundQueue(() => this.keepFollowing());
  /**
   * Whether the log keeps its newest message in view. The user scrolling up ends it (the log does
   * not fight them); reaching the bottom, Jump to latest, a sent question or another conversation
   * start it again.
   */
  private following = true;
  /** The scroll position at the last scroll event: a smaller one soon after the user's input is them scrolling up. */
  private lastScrollTop = 0;
  /** When the user last did something that scrolls the log; while a pointer is down on it, now. */
  private userScrolledAt = -Infinity;
  private pointerDown = false;
  /** Something was drawn below while the user read above. */
  private newBelow = false;
  /** How many leading turns of the shown conversation have no article yet. */
  private unbuilt = 0;
  private readonly context: TurnContext;

  constructor(private readonly options: ConversationOptions) {
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-label', l10n.t('Conversation'));
    // The log would read every streamed token aloud; finished answers are announced once instead.
    this.log.setAttribute('aria-live', 'off');
    this.announcer.setAttribute('role', 'status');
    this.announcer.setAttribute('aria-live', 'polite');
    this.emptyState = new EmptyState(options.useExample);
    this.context = {
      post: options.post,
      turns: () => this.turns,
      edit: options.edit,
      saveExampleButton: options.saveExampleButton,
      keepingBottom: (draw) => {
        draw();
        this.drewBelow();
      },
    };
    this.jumpToLatest.hidden = true;
    this.log.addEventListener('click', (event) => this.onClick(event));
    this.log.addEventListener('scroll', () => this.onScroll(), { passive: true });
    const userScrolls = (): void => {
      this.userScrolledAt = performance.now();
    };
    for (const type of ['wheel', 'touchmove'] as const) this.log.addEventListener(type, userScrolls, { passive: true });
    this.log.addEventListener('pointerdown', () => {
      this.pointerDown = true;
    });
    window.addEventListener('pointerup', () => {
      this.pointerDown = false;
      userScrolls();
    });
    // Keys typed into a field move its cursor, but Alt+Up and Alt+Down step between messages from it.
    window.addEventListener('keydown', (event) => {
      const typing = event.target instanceof HTMLElement && event.target.matches('input, textarea, select, [contenteditable]');
      if (SCROLL_KEYS.has(event.key) && (!typing || event.altKey)) userScrolls();
    });
  }

  render(next: Snapshot): void {
    this.turns = next.turns;
    this.emptyState.render(next);
    const sentQuestion = next.conversationId === this.renderedConversation && isNewQuestion(next.turns, this.rendered);
    if (next.conversationId !== this.renderedConversation || sentQuestion) this.startFollowing();
    if (next.conversationId !== this.renderedConversation) {
      this.rendered.clear();
      this.bodiesToDraw.clear();
      this.renderedConversation = next.conversationId;
      this.unbuilt = Math.max(0, next.turns.length - FIRST_ARTICLES);
      if (this.unbuilt > 0) this.bodiesToDraw.push(this.buildOlderArticles);
    }
    this.unbuilt = Math.min(this.unbuilt, next.turns.length);
    const shownTurns = next.turns.slice(this.unbuilt);
    const rendered = this.rendered;
    if (rendered.size > shownTurns.length || shownTurns.some((t, i) => i < rendered.size && !rendered.has(t.id))) {
      const keep = new Set(shownTurns.map((t) => t.id));
      for (const id of rendered.keys()) if (!keep.has(id)) rendered.delete(id);
    }
    let drawnAgain = false;
    const articles = shownTurns.map((turn) => {
      const existing = rendered.get(turn.id);
      const before = existing?.turn;
      if (before?.role === 'assistant' && before.status === 'streaming' && turn.role === 'assistant' && turn.status !== 'streaming') this.announce(turn);
      if (existing && before === turn) {
        // Unchanged, but which answer is last and whether one is running decide its buttons.
        existing.updateActions();
        return existing.article;
      }
      drawnAgain = true;
      if (existing && before && before.role === turn.role && (turn.role === 'assistant' || before.text === turn.text)) {
        existing.update(turn);
        return existing.article;
      }
      return this.build(turn).article;
    });
    const emptyShown = this.emptyState.root.isConnected;
    this.placeArticles(articles.length > 0 ? articles : [this.emptyState.root]);
    if (articles.length === 0 && !emptyShown) {
      // A new chat's empty state is read from its top: there is no newest message to follow.
      this.following = false;
      this.log.scrollTop = this.lastScrollTop = 0;
    }
    this.newBelow ||= drawnAgain && !this.following;
    this.bodiesToDraw.run(FIRST_DRAW_MS);
  }

  /** History takes the log's place while it is open; back, the log is where the user left it, or following. */
  setVisible(visible: boolean): void {
    this.log.hidden = !visible;
    if (visible) this.keepFollowing();
    else this.jumpToLatest.hidden = true;
  }

  /** While an answer runs, CSS hides Edit and Regenerate. */
  setBusy(busy: boolean): void {
    this.log.classList.toggle('busy', busy);
  }

  /**
   * Focus on the message before (`-1`) or after (`1`) the one `from` is in; from outside the log,
   * on the newest. False when there is none to go to.
   */
  focusMessage(step: -1 | 1, from: Element): boolean {
    const articles = [...this.log.children].filter((child): child is HTMLElement => child instanceof HTMLElement && child.tagName === 'ARTICLE');
    const current = from.closest('article');
    const index = current && this.log.contains(current) ? articles.indexOf(current) + step : articles.length - 1;
    const next = articles[index];
    next?.focus();
    return next !== undefined;
  }

  /** Streamed text for an answer shown; false when it does not follow what is shown (see TurnArticle.append). */
  append(turnId: string, part: AnswerPart, offset: number, text: string): boolean {
    return this.rendered.get(turnId)?.append(part, offset, text) ?? true;
  }

  /** Makes the article of `turn`; its body is drawn from the queue. */
  private build(turn: TurnView): TurnArticle {
    const article = new TurnArticle(turn, this.context);
    // Focusable by script (Jump to latest, the keys between messages), not a Tab stop of its own.
    article.article.tabIndex = -1;
    this.bodiesToDraw.push(() => {
      if (this.rendered.get(turn.id) === article) article.drawBody();
    });
    this.rendered.set(turn.id, article);
    return article;
  }

  /** Says a finished answer once, for screen readers: the log itself is silent. */
  private announce(turn: AssistantTurnView): void {
    this.announcer.textContent = announcement(turn);
  }

  private atBottom(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight <= AT_BOTTOM_PX;
  }

  private startFollowing(): void {
    this.following = true;
    this.newBelow = false;
  }

  /** Jump to latest: the newest message in view, followed again, and focus on it (the button goes away). */
  private followAgain(): void {
    this.startFollowing();
    this.keepFollowing();
    (this.log.lastElementChild as HTMLElement | null)?.focus({ preventScroll: true });
  }

  /** Something in the log was drawn: at the bottom while following, else noted below. */
  private drewBelow(): void {
    this.newBelow ||= !this.following;
    this.keepFollowing();
  }

  /** Keeps the newest message in view while following; else shows (or hides) Jump to latest. */
  private keepFollowing(): void {
    if (this.log.hidden) return;
    // A scroll the user made since the last event is read now: its event may come after this draw.
    this.readScroll();
    if (this.following) {
      this.log.scrollTop = this.log.scrollHeight;
      this.lastScrollTop = this.log.scrollTop;
    }
    const streaming = this.turns.some((turn) => turn.role === 'assistant' && turn.status === 'streaming');
    const wasHidden = this.jumpToLatest.hidden;
    this.jumpToLatest.hidden = this.following || !(streaming || this.newBelow);
    this.jumpToLatest.classList.toggle('streaming', streaming);
    this.jumpToLatest.title = streaming ? l10n.t('An answer is streaming below') : l10n.t('New messages below');
    // Said once as it appears; a screen reader hears neither the log's tokens nor the button's every change.
    if (wasHidden && !this.jumpToLatest.hidden) this.announcer.textContent = this.jumpToLatest.title;
  }

  /** Up from where the log last was, just after the user's input, is the user scrolling up; the bottom is following again. */
  private readScroll(): void {
    const top = this.log.scrollTop;
    if (this.atBottom()) this.startFollowing();
    else if (top < this.lastScrollTop && this.userScrolling()) this.following = false;
    this.lastScrollTop = top;
  }

  private userScrolling(): boolean {
    return this.pointerDown || performance.now() - this.userScrolledAt < USER_SCROLL_MS;
  }

  private onScroll(): void {
    // A hidden log (History open) scrolls to its top without the user.
    if (!this.log.hidden) this.keepFollowing();
  }

  /** Builds the articles of the next older messages above the ones shown; their bodies are drawn first. */
  private readonly buildOlderArticles = (): void => {
    const from = Math.max(0, this.unbuilt - OLDER_ARTICLES_PER_SLICE);
    // Queued before the bodies the new articles queue, so it runs after them.
    if (from > 0) this.bodiesToDraw.push(this.buildOlderArticles);
    const older = this.turns.slice(from, this.unbuilt).map((turn) => this.build(turn).article);
    this.unbuilt = from;
    this.log.prepend(...older);
  };

  /** Puts `articles` in the log, touching only what changed (usually the end). */
  private placeArticles(articles: HTMLElement[]): void {
    const shown = this.log.children;
    let same = 0;
    while (same < articles.length && shown[same] === articles[same]) same++;
    while (shown.length > same) shown[shown.length - 1]!.remove();
    this.log.append(...articles.slice(same));
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const link = target.closest('a');
    if (link) {
      event.preventDefault();
      const href = link.getAttribute('href') ?? '';
      // An in-page link stays in the page: it scrolls to its target in the same answer, if there is one.
      if (href.startsWith('#')) scrollToFragment(link, href.slice(1));
      else this.options.post({ type: 'openLink', href });
      return;
    }
    const action = target.closest<HTMLElement>('[data-code-action]')?.dataset.codeAction as CodeAction | undefined;
    const turnId = target.closest<HTMLElement>('article')?.dataset.turnId;
    if (action && turnId) {
      const block = target.closest('.code-block');
      // The block's text ends with the line break before its closing fence; the code does not.
      const code = (block ? blockCode(block) : '').replace(/\n$/, '');
      const language = block instanceof HTMLElement ? (block.dataset.language ?? '') : '';
      this.options.post({ type: 'codeAction', action, turnId, code, language });
    }
  }
}

/** A question the panel has not drawn among the last two turns: one just sent (its answer may follow it). */
function isNewQuestion(turns: readonly TurnView[], drawn: ReadonlyMap<string, TurnArticle>): boolean {
  return turns.slice(-2).some((turn) => turn.role === 'user' && !drawn.has(turn.id));
}

function scrollToFragment(link: Element, fragment: string): void {
  let id: string;
  try {
    id = decodeURIComponent(fragment);
  } catch {
    return;
  }
  if (!id) return;
  const target = link.closest('article')?.querySelector(`[id="${CSS.escape(id)}"], a[name="${CSS.escape(id)}"]`);
  target?.scrollIntoView({ block: 'start' });
}
