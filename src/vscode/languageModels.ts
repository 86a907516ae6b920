// VS Code's Language Model API as a provider ('vscode-lm'). The adapter (LanguageModelChatClient
// and listLanguageModels in src/vscode/lmClient.ts) is built on branch issue-8-lm; these two
// functions are where it is connected when the branches are merged.
import type { ChatModelClient } from '../core/client';

const NOT_CONNECTED = 'VS Code language models are not connected in this build of Parley yet. Choose another provider.';

/** The client for VS Code language model `model` (its id). */
export function vscodeLanguageModelClient(model: string): ChatModelClient {
  return {
    stream: () => ({
      outcome: Promise.resolve({ kind: 'error', error: { kind: 'config', message: `${NOT_CONNECTED} (model ${model})`, action: 'openSettings' } }),
      stop: () => undefined,
    }),
  };
}

/** The ids of the language models VS Code offers. */
export async function vscodeLanguageModelIds(): Promise<string[]> {
  throw new Error(NOT_CONNECTED);
}
