// What a user does in Parley's UI, as Playwright steps on code-server's workbench.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { chatFrame, runCommand } from '../support/codeServer';

/** What a button of the composer's toolbar picks, in its accessible name and its quick pick's title. */
type Picked = 'Provider' | 'Model' | 'Profile';

export class ParleyUi {
  constructor(
    readonly page: Page,
    /** The webview drawing the chat: the only one, unless a test opens both the tab and the view. */
    readonly chat: FrameLocator = chatFrame(page),
  ) {}

  get composer(): Locator {
    // A combobox: typing # offers context to attach (contextCompletion.ts).
    return this.chat.getByRole('combobox', { name: 'Message' });
  }
  get log(): Locator {
    return this.chat.getByRole('log', { name: 'Conversation' });
  }
  get questions(): Locator {
    return this.chat.getByRole('article', { name: 'You' });
  }
  get answers(): Locator {
    return this.chat.getByRole('article', { name: 'Parley' });
  }
  /** The chips of what is attached to the next question. */
  get chips(): Locator {
    return this.chat.locator('.chips .chip');
  }
  /** The text of each question, without its heading and buttons. */
  questionTexts(): Promise<string[]> {
    return this.questions.locator('.user-text').allInnerTexts();
  }
  button(name: string): Locator {
    return this.chat.getByRole('button', { name, exact: true });
  }

  async open(): Promise<void> {
    await runCommand(this.page, 'Parley: Open Chat');
    await this.composer.waitFor();
  }

  async newChat(): Promise<void> {
    await this.button('New Chat').click();
    await this.answers.first().waitFor({ state: 'detached' });
  }

  /** Types a question and presses Enter, as a user does. */
  async ask(question: string): Promise<void> {
    await this.composer.fill(question);
    await this.composer.press('Enter');
  }

  /** Waits until the n-th answer (1-based) has finished streaming. */
  async answerDone(n: number): Promise<Locator> {
    const answer = this.answers.nth(n - 1);
    await answer.and(this.chat.locator('[aria-busy="false"]')).waitFor({ timeout: 20_000 });
    return answer;
  }

  /** Opens a workspace file through Quick Open. */
  async openFile(name: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    // The palette can open while another quick input is still closing, and then refuses input for a
    // moment (inert): close it and open it again.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      const filled = await input.fill(name, { timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (filled) break;
      if (attempt === 3) throw new Error(`Quick Open did not take "${name}"`);
      await this.page.keyboard.press('Escape');
    }
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
    await this.page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
  }

  /** Selects whole lines [first, last] (1-based) of the active editor with the keyboard. */
  async selectLines(first: number, last: number): Promise<void> {
    const editor = this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editor.click();
    await this.page.keyboard.press('Control+Home');
    for (let i = 1; i < first; i++) await this.page.keyboard.press('ArrowDown');
    for (let i = first; i <= last; i++) await this.page.keyboard.press('Shift+ArrowDown');
  }

  /** Right-clicks inside the selection and picks an item of the editor's context menu. */
  async editorContextMenu(lineText: string, item: string): Promise<void> {
    const line = this.page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: lineText }).first();
    await line.click({ button: 'right', position: { x: 5, y: 5 } });
    await this.pickMenuItem(item);
  }

  /** Picks an item of the open context menu; a click the opening menu swallowed is made again with Enter. */
  private async pickMenuItem(item: string): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    const entry = menu.locator('.action-menu-item', { hasText: item }).first();
    await entry.hover();
    await entry.click();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (!closed) {
      await entry.focus();
      await this.page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden' });
    }
  }

  /** Right-clicks a file in the Explorer and picks an item of its context menu. */
  async explorerContextMenu(fileName: string, item: string): Promise<void> {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
    await row.click({ button: 'right' });
    await this.pickMenuItem(item);
  }

  /**
   * Answers a quick pick or input box: picks the row with `row`, or types `text` and presses Enter.
   * `title` names the one expected (its input's accessible name holds it), so a command palette
   * that is still closing is not mistaken for it. `reopen` opens it again when it closes before it
   * takes the answer: a quick pick opened while the palette closes can lose the focus to the panel
   * the palette gives it back to, and closes, as it would for a person, who would open it again.
   */
  async quickInput(choice: { row: string } | { text: string }, title?: string, reopen?: () => Promise<void>): Promise<void> {
    const input = this.page.locator(title ? `.quick-input-widget input.input[aria-label*="${title}"]` : '.quick-input-widget input.input');
    const timeout = reopen ? 5000 : undefined;
    for (let attempt = 1; ; attempt++) {
      const answer = async (): Promise<void> => {
        await input.waitFor({ timeout });
        if ('row' in choice) await this.page.locator('.quick-input-list .monaco-list-row', { hasText: choice.row }).first().click({ timeout });
        else await input.fill(choice.text, { timeout }).then(() => input.press('Enter', { timeout }));
      };
      const answered = await answer().then(
        () => true,
        (error: unknown) => {
          if (!reopen || attempt === 3) throw error;
          return false;
        },
      );
      if (answered) break;
      await reopen?.();
    }
    await input.waitFor({ state: 'hidden' });
  }

  /** A button of the composer's toolbar, by what it picks: its accessible name is e.g. "Model: gpt-4o-mini". */
  picker(what: Picked): Locator {
    return this.chat.getByRole('button', { name: new RegExp(`^${what}: `) });
  }

  /** The input of the quick pick a toolbar button opens ("Parley: Choose Model"). */
  pickInput(what: Picked): Locator {
    return this.page.locator(`.quick-input-widget input.input[aria-label*="Choose ${what}"]`);
  }

  /** The rows of the open quick pick whose label is exactly `label` (an icon before it aside). */
  quickPickRows(label: string): Locator {
    const exactly = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactly }) });
  }

  /** The labels of the open quick pick's rows, in order (as many as it draws; rows it keeps out of sight aside). */
  quickPickLabels(): Promise<string[]> {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rows) =>
      rows
        .filter((row) => row.checkVisibility())
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => (row.querySelector('.label-name')?.textContent ?? '').trim()),
    );
  }

  /**
   * Picks with a toolbar button, in the quick pick it opens: the row labelled `label` (whose
   * description holds `description`, when given: a repository's profile beside a namesake), or
   * `text` typed and Enter (a model name by hand).
   */
  async choose(what: Picked, choice: { label: string; description?: string } | { text: string }): Promise<void> {
    await this.picker(what).click();
    const input = this.pickInput(what);
    await input.waitFor();
    if ('text' in choice) {
      await input.fill(choice.text);
      await input.press('Enter');
    } else {
      const rows = this.quickPickRows(choice.label);
      const description = choice.description;
      await (description === undefined ? rows : rows.filter({ has: this.page.locator('.label-description', { hasText: description }) })).first().click();
    }
    await input.waitFor({ state: 'hidden' });
  }

  /** Accepts the path that VS Code's own file dialog (the one a browser workbench shows) offers. */
  async acceptFileDialog(title: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget', { has: this.page.locator(`input.input[aria-label*="${title}"]`) });
    await widget.getByRole('button', { name: 'OK' }).click();
    await widget.locator('input.input').waitFor({ state: 'hidden' });
  }

  /** The text of the active editor, as Monaco shows it (short documents only: lines are virtual). */
  async activeEditorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await lines.waitFor();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }
}
