import * as vscode from 'vscode';
import type { SelectionPrompt } from '../core/selectionPrompts';
import { builtinSelectionPrompts, expandSelectionPrompt, readSelectionPrompts, selectionTitle } from '../core/selectionPrompts';
import { providerPreset } from '../core/providers';
import type { ChatController } from './chatController';
import { MOVE_TO_SIDE_BAR } from './chatPanel';
import { openInChatView } from './chatParticipant';
import { selectionContext } from './selection';
import { pickOrTyped } from './typedPick';
import { parleySetting } from './settings';
import type { CodeContext } from '../core/domain';
import type { ImportPlaces } from '../node/importSources';

function noSelection(): string {
  return vscode.l10n.t('Parley: select some code in an editor first.');
}

/** The user's `parley.selectionPrompts` first, then the built-in ready questions; problems go to the log. */
function selectionPrompts(log: vscode.LogOutputChannel): SelectionPrompt[] {
  const { prompts, problems } = readSelectionPrompts(parleySetting('selectionPrompts'));
  for (const problem of problems) log.warn(problem);
  return [...prompts, ...builtinSelectionPrompts()];
}

/**
 * The ready questions plus whatever the user types: typed text that matches no ready question is
 * offered as its own item, so Enter sends it. A typed question is a template too (`${file}` works).
 */
async function pickQuestion(prompts: readonly SelectionPrompt[]): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { question: string };
  const ready: Item[] = prompts.map((p) => ({ label: p.label, detail: p.template.replace(/\s+/g, ' '), question: p.template }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = vscode.l10n.t('Ask Parley about the selection');
  pick.placeholder = vscode.l10n.t('Pick a question, or type your own and press Enter');
  pick.matchOnDetail = true;
  pick.items = ready;
  return pickOrTyped(pick, (item) => item.question, [
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items = typed ? [...ready, { label: `$(comment) ${typed}`, description: vscode.l10n.t('Ask this'), question: typed, alwaysShow: true }] : ready;
    }),
  ]);
}

/**
 * Asks the question a template makes of the selection; the code is attached unless the template
 * placed it. A ready question (`prompt`) names a new chat after the code, not after its own text.
 */
function askAbout(chat: ChatController, template: string, context: CodeContext, prompt: SelectionPrompt | undefined): Promise<void> {
  const { question, attach } = expandSelectionPrompt(template, context);
  return chat.ask(question, attach ? [context] : [], prompt && selectionTitle(prompt.label, context));
}

export function registerCommands(chat: ChatController, log: vscode.LogOutputChannel, importPlaces: ImportPlaces): vscode.Disposable {
  const register = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    register('parley.openChat', () => chat.show()),
    register('parley.newChat', () => chat.newChat()),
    // `question` lets keybindings and tests skip the quick pick.
    register('parley.askAboutSelection', async (question?: unknown) => {
      const context = selectionContext(vscode.window.activeTextEditor);
      if (!context) return void vscode.window.showInformationMessage(noSelection());
      const prompts = selectionPrompts(log);
      const asked = typeof question === 'string' && question.trim() ? question : await pickQuestion(prompts);
      if (asked)
        await askAbout(
          chat,
          asked,
          context,
          prompts.find((p) => p.template === asked),
        );
    }),
    register('parley.addSelection', async () => {
      const context = selectionContext(vscode.window.activeTextEditor);
      if (!context) return void vscode.window.showInformationMessage(noSelection());
      await chat.attachCode(context);
    }),
    register('parley.exportChat', () => chat.conversations.exportMarkdown()),
    register('parley.exportChatJson', () => chat.conversations.exportJson('current')),
    register('parley.exportAllChats', () => chat.conversations.exportJson('all')),
    // From the Explorer's context menu the file comes as the argument.
    register('parley.importChats', (file?: unknown) => chat.conversations.importChats(file instanceof vscode.Uri ? file : undefined, importPlaces)),
    // The Chat view's "Open in Parley" button names the conversation.
    register('parley.openConversation', (id?: unknown) => (typeof id === 'string' ? chat.openConversation(id) : chat.conversations.pickConversation())),
    register('parley.chatInChatView', () => openInChatView()),
    register('parley.renameConversation', () => chat.conversations.renameConversation()),
    register('parley.setApiKey', async () => {
      if (await chat.setApiKey()) void vscode.window.showInformationMessage(vscode.l10n.t('Parley: API key saved in secret storage.'));
    }),
    register('parley.clearApiKey', async () => {
      const provider = await chat.clearApiKey();
      void vscode.window.showInformationMessage(vscode.l10n.t('Parley: the API key for {0} was removed from secret storage.', providerPreset(provider).label));
    }),
    register('parley.chooseProvider', () => chat.pickProvider()),
    register(MOVE_TO_SIDE_BAR, () => chat.surfaces.moveToSideBar()),
    register('parley.moveChatToEditor', () => chat.surfaces.moveToEditor()),
  );
}
