// VS Code's Language Model API as a provider ('vscode-lm'): the adapter in lmClient.ts behind the
// two functions the provider layer calls.
import type { ChatModelClient } from '../core/client';
import { LanguageModelChatClient, listLanguageModels } from './lmClient';

/** The client for VS Code language models; each request names its model by id. */
export function vscodeLanguageModelClient(): ChatModelClient {
  return new LanguageModelChatClient();
}

/** The ids of the language models VS Code offers, sorted. */
export async function vscodeLanguageModelIds(): Promise<string[]> {
  return (await listLanguageModels()).map((m) => m.id).sort((a, b) => a.localeCompare(b));
}
