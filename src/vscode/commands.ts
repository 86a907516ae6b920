import * as vscode from 'vscode';
import { READY_QUESTIONS } from '../core/selection';
import type { ApiKeyStore } from './apiKey';
import type { ChatController } from './chatController';
import { selectionContext } from './selection';

const NO_SELECTION = 'Parley: select some code in an editor first.';

/**
 * The ready questions plus whatever the user types: typed text that matches no ready question is
 * offered as its own item, so Enter sends it.
 */
async function pickQuestion(): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { question: string };
  const ready: Item[] = READY_QUESTIONS.map((q) => ({ label: q.label, detail: q.question, question: q.question }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Ask Parley about the selection';
  pick.placeholder = 'Pick a question, or type your own and press Enter';
  pick.matchOnDetail = true;
  pick.items = ready;
  return new Promise((resolve) => {
    const subscriptions = [
      pick.onDidChangeValue((value) => {
        const typed = value.trim();
        pick.items = typed ? [...ready, { label: `$(comment) ${typed}`, description: 'Ask this', question: typed, alwaysShow: true }] : ready;
      }),
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.question ?? (pick.value.trim() || undefined));
        pick.hide();
      }),
      pick.onDidHide(() => {
        resolve(undefined);
        for (const s of subscriptions) s.dispose();
        pick.dispose();
      }),
    ];
    pick.show();
  });
}

export function registerCommands(chat: ChatController, keys: ApiKeyStore): vscode.Disposable {
  const register = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    register('parley.openChat', () => chat.show()),
    register('parley.newChat', () => chat.newChat()),
    // `question` lets keybindings and tests skip the quick pick.
    register('parley.askAboutSelection', async (question?: unknown) => {
      const context = selectionContext(vscode.window.activeTextEditor);
      if (!context) return void vscode.window.showInformationMessage(NO_SELECTION);
      const asked = typeof question === 'string' && question.trim() ? question : await pickQuestion();
      if (asked) await chat.ask(asked, [context]);
    }),
    register('parley.addSelection', async () => {
      const context = selectionContext(vscode.window.activeTextEditor);
      if (!context) return void vscode.window.showInformationMessage(NO_SELECTION);
      await chat.attachCode(context);
    }),
    register('parley.exportChat', () => chat.exportMarkdown()),
    register('parley.exportChatJson', () => chat.exportJson('current')),
    register('parley.exportAllChats', () => chat.exportJson('all')),
    // From the Explorer's context menu the file comes as the argument.
    register('parley.importChats', (file?: unknown) => chat.importJson(file instanceof vscode.Uri ? file : undefined)),
    register('parley.openConversation', () => chat.pickConversation()),
    register('parley.renameConversation', () => chat.renameConversation()),
    register('parley.setApiKey', async () => {
      if (await keys.prompt()) void vscode.window.showInformationMessage('Parley: API key saved in secret storage.');
    }),
    register('parley.clearApiKey', async () => {
      await keys.clear();
      void vscode.window.showInformationMessage('Parley: API key removed from secret storage.');
    }),
  );
}
