import * as vscode from 'vscode';
import type { ProviderSettings } from '../core/providers';
import type { SettingsReading } from '../core/settings';
import { readSettings } from '../core/settings';

export function readParleySettings(): SettingsReading {
  const config = vscode.workspace.getConfiguration('parley');
  return readSettings({
    contextWindow: config.get('contextWindow'),
    model: config.get('model'),
    systemPrompt: config.get('systemPrompt'),
    examples: config.get('examples'),
    maxOutputTokens: config.get('maxOutputTokens'),
    reasoningModels: config.get('reasoningModels'),
    reasoningEffort: config.get('reasoningEffort'),
    prices: config.get('prices'),
  });
}

/**
 * Where requests go comes from the user's own settings only, never from a workspace (a cloned
 * repository could otherwise send the key and the code elsewhere), whatever the setting's scope.
 */
export function readProviderSettings(): ProviderSettings {
  const config = vscode.workspace.getConfiguration('parley');
  const user = (key: string): unknown => {
    const inspected = config.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  };
  return {
    provider: config.inspect('provider')?.globalValue,
    baseUrl: user('baseUrl'),
    baseUrlSetByUser: config.inspect('baseUrl')?.globalValue !== undefined,
    providerUrls: user('providerUrls'),
    customHeaders: user('customHeaders'),
    azureEndpoint: user('azure.endpoint'),
    azureDeployment: user('azure.deployment'),
    azureApiVersion: user('azure.apiVersion'),
  };
}
