import * as vscode from 'vscode';

const SECRET_KEY = 'parley.apiKey';

/** The API key: in VS Code's secret storage, else the OPENAI_API_KEY environment variable. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  readonly onDidChange = (listener: () => void): vscode.Disposable =>
    this.secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) listener();
    });

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET_KEY);
    return stored || process.env.OPENAI_API_KEY || undefined;
  }

  /** Asks for a key and stores it; returns whether one was stored. */
  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Parley: Set API Key'),
      prompt: vscode.l10n.t('The key is kept in VS Code’s secret storage and sent only to the server in parley.baseUrl.'),
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (/\s/.test(value.trim()) ? vscode.l10n.t('A key has no spaces.') : undefined),
    });
    if (!key?.trim()) return false;
    await this.secrets.store(SECRET_KEY, key.trim());
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }
}
