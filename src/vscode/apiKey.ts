import * as vscode from 'vscode';
import type { ProviderId } from '../core/providers';
import { providerPreset } from '../core/providers';

/** OpenAI's key keeps the name it had before there were presets, so a stored key goes on working. */
const OPENAI_SECRET = 'parley.apiKey';

function secretName(provider: ProviderId): string {
  return provider === 'openai' ? OPENAI_SECRET : `${OPENAI_SECRET}.${provider}`;
}

/** Each provider's API key: in VS Code's secret storage, else the provider's environment variable. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  readonly onDidChange = (listener: () => void): vscode.Disposable =>
    this.secrets.onDidChange((event) => {
      if (event.key === OPENAI_SECRET || event.key.startsWith(`${OPENAI_SECRET}.`)) listener();
    });

  async get(provider: ProviderId): Promise<string | undefined> {
    const stored = await this.secrets.get(secretName(provider));
    const env = providerPreset(provider).keyEnv;
    return stored || (env ? process.env[env] : undefined) || undefined;
  }

  /**
   * Before presets, the one key went to whatever parley.baseUrl named. A setup like that is now the
   * custom provider: it gets a copy of that key once, so it goes on working.
   */
  async adoptLegacyKey(): Promise<void> {
    const legacy = await this.secrets.get(OPENAI_SECRET);
    if (legacy && !(await this.secrets.get(secretName('custom')))) await this.secrets.store(secretName('custom'), legacy);
  }

  /** Asks for `provider`'s key and stores it; returns whether one was stored. */
  async prompt(provider: ProviderId, address: string): Promise<boolean> {
    const label = providerPreset(provider).label;
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Parley: Set API Key for {0}', label),
      prompt: vscode.l10n.t('The key is kept in VS Code’s secret storage and sent only to {0}.', address),
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (/\s/.test(value.trim()) ? vscode.l10n.t('A key has no spaces.') : undefined),
    });
    if (!key?.trim()) return false;
    await this.secrets.store(secretName(provider), key.trim());
    return true;
  }

  async clear(provider: ProviderId): Promise<void> {
    await this.secrets.delete(secretName(provider));
  }
}
