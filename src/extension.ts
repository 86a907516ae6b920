import * as vscode from 'vscode';
import type { Snapshot } from './shared/protocol';
import { FileConversationStore } from './node/fileStore';
import { SearchableStore } from './core/search';
import { ApiKeyStore } from './vscode/apiKey';
import { ChatController } from './vscode/chatController';
import { registerChatParticipant } from './vscode/chatParticipant';
import { registerCommands } from './vscode/commands';
import { EditorContext } from './vscode/contextSources';
import { ProfileLibrary } from './vscode/profileLibrary';
import { PARLEY_VENDOR } from './core/parleyModels';
import { ParleyChatModels } from './vscode/lmProvider';
import { ProviderService } from './vscode/providers';
import { SteeringService } from './vscode/steering';
import { trackWalkthroughProgress } from './vscode/walkthrough';
import { useLocalize } from './shared/l10n';
import { separatorsFor, useNumberSeparators } from './shared/numbers';

let saveBeforeExit: (() => Promise<void>) | undefined;

/** What Parley offers other extensions (and its own extension-host tests). */
export interface ParleyApi {
  /** Asks a question in the chat panel, as if typed, and resolves when the answer has ended. */
  ask(question: string): Promise<void>;
  /** The conversation and panel state, as the webview receives it. */
  state(): Promise<Snapshot>;
}

export function activate(context: vscode.ExtensionContext): ParleyApi {
  // core/ and node/ say what they say in the user's language too (English without a language pack).
  useLocalize(vscode.l10n.t);
  useNumberSeparators(() => separatorsFor(vscode.env.language));
  const log = vscode.window.createOutputChannel('Parley', { log: true });
  // The workspace's own storage keeps its chats with it; without a folder, the global one.
  const folder = (context.storageUri ?? context.globalStorageUri).fsPath;
  // Every write goes through this one store, so History search's index sees each of them.
  const store = new SearchableStore(
    new FileConversationStore(folder, context.workspaceState, (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(vscode.l10n.t('Parley: {0}', message));
    }),
  );
  const keys = new ApiKeyStore(context.secrets);
  const providers = new ProviderService(keys, context.globalState, log);
  const providerSettings = providers.settings();
  // A setup from before presets (parley.baseUrl set, no provider) is now the custom provider.
  if (providerSettings.provider === undefined && providerSettings.baseUrlSetByUser) {
    void keys.adoptLegacyKey().catch((error: Error) => log.warn(`Could not copy the API key for the custom server: ${error.message}`));
  }
  const profiles = new ProfileLibrary(log);
  const editorContext = new EditorContext();
  const steering = new SteeringService(profiles, context.workspaceState);
  const chat = new ChatController(context.extensionUri, context.globalState, store, keys, log, steering, editorContext, providers);
  const chatModels = new ParleyChatModels(providers, chat.requests, keys);
  context.subscriptions.push(
    log,
    profiles,
    editorContext,
    providers,
    chat,
    registerCommands(chat, log, {
      globalStorage: context.globalStorageUri.fsPath,
      ...(context.storageUri ? { workspaceStorage: context.storageUri.fsPath } : {}),
    }),
    registerChatParticipant(
      {
        store,
        requests: chat.requests,
        steering,
        log,
        answeringInPanel: (id) => chat.answeringIn(id),
        onSaved: (id) => void chat.conversationSaved(id),
      },
      context.extensionUri,
    ),
    chatModels,
    vscode.lm.registerLanguageModelChatProvider(PARLEY_VENDOR, chatModels),
    trackWalkthroughProgress(keys, providers, profiles, log),
  );
  saveBeforeExit = () => chat.saveNow();
  return { ask: (question) => chat.ask(question, []), state: () => chat.state() };
}

/** VS Code waits for this on reload and shutdown: the last streamed text is saved, not lost. */
export async function deactivate(): Promise<void> {
  await saveBeforeExit?.();
}
