// VS Code's Language Model API as a provider ('vscode-lm'): the adapter in lmClient.ts behind the
// two functions the provider layer calls.
import type { ChatModelClient } from '../core/client';
import type { ListedModel } from '../core/providers';
import { LanguageModelChatClient, listLanguageModels } from './lmClient';

/** The client for VS Code language models; each request names its model by id. */
export function vscodeLanguageModelClient(): ChatModelClient {
  return new LanguageModelChatClient();
}

/** The language models VS Code offers, sorted by id; the most they read is their context window. */
export async function vscodeLanguageModels(): Promise<ListedModel[]> {
  return (await listLanguageModels()).map((m) => ({ id: m.id, contextWindow: m.maxInputTokens })).sort((a, b) => a.id.localeCompare(b.id));
}
