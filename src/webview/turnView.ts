// One message of the log as an article: who said it, its body (a question's text and code, or an
// answer drawn block by block as it streams), its reasoning, notes, status or usage footer, the
// buttons in its head and those of its code blocks. It draws from the turn it is given and keeps
// only what it drew; the conversation view decides when.
import * as l10n from '@vscode/l10n';
import type { AnswerPart, AssistantTurnView, FromWebview, TurnView, UserTurnView } from '../shared/protocol';
import { BranchNav } from './branchNav';
import { button, element, errorIcon, iconButton } from './dom';
import { actionLabel, codeActionLabel, contextSummary, statusText, turnActionLabel, usageText } from './format';
import { countDown, cutShortNote, leftOutNote } from './notes';
import { ReasoningSection } from './reasoning';
import { StreamingMarkdown } from './streamingMarkdown';
import type { BlockAction, TurnAction } from './turnActions';
import { actionsKey, answersSelection, codeActions, followUp, isLastTurn, offersSaveExample, turnActions } from './turnActions';

/** What a message needs from around it. */
export interface TurnContext {
  readonly post: (message: FromWebview) => void;
  /** The turns of the snapshot shown now: which answer is last, and what its question carried. */
  turns(): readonly TurnView[];
  /** Edit on a question: the composer takes it. */
  edit(question: UserTurnView): void;
  saveExampleButton(turnId: string): HTMLButtonElement;
  /** Runs `draw`, then scrolls the log to its bottom if it was there before. */
  keepingBottom(draw: () => void): void;
}

/** Each head button's codicon and class (CSS hides some while an answer runs). */
const TURN_ACTION_ICONS: Record<TurnAction, { icon: string; className: string }> = {
  edit: { icon: 'edit', className: 'edit-turn' },
  copy: { icon: 'copy', className: 'copy-turn' },
  regenerate: { icon: 'refresh', className: 'regenerate-turn' },
  fork: { icon: 'repo-forked', className: 'fork-turn' },
};

/** Code blocks given their actions in one task; the rest follow in later ones. */
const CODE_TOOLBARS_PER_TASK = 100;

const CODE_ACTION_ICONS: Record<BlockAction, string> = {
  insert: 'insert',
  replaceSelection: 'replace',
  compare: 'diff',
  newEditor: 'go-to-file',
};

function contextBlock(turn: UserTurnView): HTMLElement[] {
  return turn.context.map((c) =>
    // An image is named (the host's words, which say when its file is gone), not drawn again.
    c.kind === 'image'
      ? element('div', { className: 'context context-image', textContent: c.text })
      : element(
          'details',
          { className: 'context' },
          element('summary', { textContent: contextSummary(c) }),
          element('pre', {}, element('code', { textContent: c.text })),
        ),
  );
}

export class TurnArticle {
  readonly article: HTMLElement;
  private readonly body = element('div', { className: 'body' });
  private readonly actions = element('div', { className: 'turn-actions' });
  private readonly thinking = element('span', { className: 'thinking', textContent: l10n.t('Thinking…'), hidden: true });
  private readonly branchNav: BranchNav;
  /** What the action buttons were last drawn for. */
  private actionsKey?: string;
  private shown: TurnView;
  /** An answer's text, drawn block by block; undefined until the body is first drawn. */
  private markdown?: StreamingMarkdown;
  /** Made when the answer first has reasoning. */
  private reasoning?: ReasoningSection;
  private frame?: number;

  /** Builds the article with its head and status; the body waits for `drawBody`. */
  constructor(
    turn: TurnView,
    private readonly context: TurnContext,
  ) {
    this.shown = turn;
    this.branchNav = new BranchNav(context.post);
    const who = turn.role === 'user' ? l10n.t('You') : 'Parley';
    this.article = element(
      'article',
      { className: `turn turn-${turn.role}` },
      element('div', { className: 'turn-head' }, element('span', { className: 'who', textContent: who }), this.branchNav.root, this.actions),
      this.body,
      this.thinking,
    );
    this.article.setAttribute('aria-label', who);
    this.article.dataset.turnId = turn.id;
    this.branchNav.update(turn.versions);
    this.updateStatus();
  }

  /** The turn shown: the last snapshot's, with the deltas since. */
  get turn(): TurnView {
    return this.shown;
  }

  /** Draws the body, unless an answer's drawing has begun (it then goes on frame by frame). */
  drawBody(): void {
    if (!this.markdown) this.renderBody();
  }

  /** Shows a later version of the same message: an answer's text grows, its status changes. */
  update(turn: TurnView): void {
    this.shown = turn;
    this.branchNav.update(turn.versions);
    if (turn.role === 'assistant' && !this.updateAnswer(turn)) this.drawNextFrame();
    this.updateStatus();
  }

  /**
   * Adds streamed text or reasoning to an answer, drawn with the next frame. False when the piece
   * does not begin at `offset`, where the text shown ends: a piece was missed or is older than it.
   */
  append(part: AnswerPart, offset: number, text: string): boolean {
    const turn = this.shown;
    if (turn.role !== 'assistant') return true;
    if (offset !== (part === 'text' ? turn.text : (turn.reasoning ?? '')).length) return false;
    this.shown = part === 'text' ? { ...turn, text: turn.text + text } : { ...turn, reasoning: (turn.reasoning ?? '') + text };
    // Taken in piece by piece: slicing what is new off the whole text copies all of it, every frame.
    if (part === 'text' && this.markdown?.length === turn.text.length) this.markdown.append(text);
    this.drawNextFrame();
    return true;
  }

  /**
   * The buttons in the head (see turnActions), Save as Example last on a finished answer.
   * Called for every turn on every snapshot: which answer is last decides them.
   */
  updateActions(): void {
    const turn = this.shown;
    const isLast = isLastTurn(this.context.turns(), turn.id);
    // Rebuild the buttons only when what decides them changed.
    const key = actionsKey(turn, isLast);
    if (this.actionsKey === key) return;
    this.actionsKey = key;
    this.actions.replaceChildren(
      ...turnActions(turn, isLast).map((action) => {
        const { icon, className } = TURN_ACTION_ICONS[action];
        return iconButton(icon, turnActionLabel(action), () => this.run(action, turn), className);
      }),
      ...(offersSaveExample(turn) ? [this.context.saveExampleButton(turn.id)] : []),
    );
  }

  private run(action: TurnAction, turn: TurnView): void {
    if (action === 'copy') this.context.post({ type: 'copyTurn', turnId: turn.id });
    else if (action === 'regenerate') this.context.post({ type: 'regenerate' });
    else if (action === 'fork') this.context.post({ type: 'fork', turnId: turn.id });
    else if (turn.role === 'user') this.context.edit(turn);
  }

  private renderBody(): void {
    const turn = this.shown;
    if (turn.role === 'user') {
      this.body.replaceChildren(element('p', { className: 'user-text', textContent: turn.text }), ...contextBlock(turn));
      return;
    }
    this.body.replaceChildren();
    this.markdown = new StreamingMarkdown(this.body);
    // A long answer is drawn over several frames.
    if (!this.updateAnswer(turn)) this.drawNextFrame();
  }

  /**
   * Brings an answer's body to `turn`: new text is appended, and only the open block is drawn again.
   * Returns false when part of it waits for a later frame.
   */
  private updateAnswer(turn: AssistantTurnView): boolean {
    const markdown = this.markdown;
    if (!markdown) return true; // not drawn yet: its turn in the queue draws it from this.shown
    // The host only ever adds to an answer's text; anything shorter is another text, drawn anew.
    if (turn.text.length < markdown.length) {
      this.renderBody();
      return true;
    }
    if (turn.reasoning && !this.reasoning) {
      this.reasoning = new ReasoningSection();
      this.article.insertBefore(this.reasoning.root, this.body);
    }
    this.reasoning?.update(turn);
    markdown.append(turn.text.slice(markdown.length));
    if (turn.status !== 'streaming') markdown.finish();
    const drawn = markdown.draw();
    // Once, when the answer is whole: per frame it would walk every block of a long answer again.
    if (drawn && turn.status !== 'streaming') this.addCodeActions();
    // While a model's reasoning streams, its section says it is thinking.
    this.thinking.hidden = !(turn.status === 'streaming' && !markdown.length && !turn.reasoning);
    return drawn;
  }

  /** Many deltas can arrive within a frame: draw once per frame, and only this message's open block. */
  private drawNextFrame(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      let drawn = true;
      this.context.keepingBottom(() => {
        if (!this.markdown) this.renderBody();
        drawn = this.updateAnswer(this.shown as AssistantTurnView);
      });
      if (!drawn) this.drawNextFrame();
    });
  }

  /** Gives the answer's code blocks their actions, CODE_TOOLBARS_PER_TASK at a time: a long answer has a thousand. */
  private addCodeActions(): void {
    const blockActions = codeActions(answersSelection(this.context.turns(), this.shown.id));
    const toolbars = [...this.body.querySelectorAll('.code-toolbar')];
    const addTo = (from: number): void => {
      for (const toolbar of toolbars.slice(from, from + CODE_TOOLBARS_PER_TASK)) this.addToolbarActions(toolbar, blockActions);
      if (from + CODE_TOOLBARS_PER_TASK < toolbars.length) setTimeout(() => addTo(from + CODE_TOOLBARS_PER_TASK), 0);
    };
    addTo(0);
  }

  private addToolbarActions(toolbar: Element, blockActions: readonly BlockAction[]): void {
    // Finished blocks are never drawn again: a toolbar given its buttons by an earlier call keeps
    // them. One drawn again since this call began is no longer in the body.
    if (toolbar.querySelector(':scope > .code-actions') || !this.body.contains(toolbar)) return;
    const actions = element('span', { className: 'code-actions' });
    for (const action of blockActions) {
      const b = iconButton(CODE_ACTION_ICONS[action], codeActionLabel(action), undefined, 'code-action');
      b.dataset.codeAction = action;
      actions.append(b);
    }
    const copy = toolbar.querySelector('.copy-code');
    if (copy instanceof HTMLElement) {
      copy.dataset.codeAction = 'copy';
      actions.append(copy);
    }
    toolbar.append(actions);
  }

  private updateStatus(): void {
    const { article, body } = this;
    const turn = this.shown;
    article.querySelector('.status')?.remove();
    article.querySelector('.usage')?.remove();
    // The note can arrive after the answer's article: the request is fitted once it has started.
    article.querySelector('.left-out')?.remove();
    // Above the answer and its reasoning: it is about the question the answer went with.
    if (turn.role === 'assistant' && turn.leftOut) article.insertBefore(leftOutNote(turn.leftOut), this.reasoning?.root ?? body);
    article.querySelector(':scope > .cut-short')?.remove();
    if (turn.role === 'assistant' && turn.cutShort) body.after(cutShortNote(turn.cutShort));
    this.updateActions();
    if (turn.role !== 'assistant') return;
    const streaming = turn.status === 'streaming';
    article.classList.toggle('streaming', streaming);
    article.setAttribute('aria-busy', String(streaming));
    const footer = this.footer(turn);
    if (footer) article.append(footer);
  }

  private footer(turn: AssistantTurnView): HTMLElement | undefined {
    if (turn.status === 'complete' && turn.usage) return element('div', { className: 'usage', textContent: usageText(turn.usage) });
    if (turn.status === 'complete' || turn.status === 'streaming') return undefined;
    const badge = element('span', { className: 'badge', textContent: statusText(turn.status) });
    // A failure is a callout, not an answer: its mark, what went wrong, and the action that fixes it.
    const footer = turn.error
      ? element(
          'div',
          { className: `status status-${turn.status} callout` },
          errorIcon(),
          element('p', { className: 'callout-text' }, badge, ' ', element('span', { className: 'error-message', textContent: turn.error.message })),
        )
      : element('div', { className: `status status-${turn.status}` }, badge);
    for (const action of followUp(turn, isLastTurn(this.context.turns(), turn.id))) {
      const actionButton = button(actionLabel(action), () => this.context.post({ type: 'runAction', action }), 'secondary');
      if (turn.retryInMs && action === 'retry') countDown(actionButton, turn.retryInMs);
      footer.append(actionButton);
    }
    return footer;
  }
}
