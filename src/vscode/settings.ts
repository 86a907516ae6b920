import * as vscode from 'vscode';
import type { ProviderSettings } from '../core/providers';
import type { SettingsReading } from '../core/settings';
import { isRestrictedSetting } from '../core/restrictedSettings';
import { readSettings } from '../core/settings';

/**
 * A `parley.*` setting's value. In an untrusted workspace a restricted one is the user's own (or
 * the default), whatever the workspace sets: VS Code does the same for the manifest's
 * restrictedConfigurations, and this keeps it so should the two ever differ.
 */
export function parleySetting(key: string): unknown {
  const config = vscode.workspace.getConfiguration('parley');
  if (vscode.workspace.isTrusted || !isRestrictedSetting(`parley.${key}`)) return config.get(key);
  const inspected = config.inspect(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

export function readParleySettings(): SettingsReading {
  return readSettings({
    contextWindow: parleySetting('contextWindow'),
    model: parleySetting('model'),
    systemPrompt: parleySetting('systemPrompt'),
    examples: parleySetting('examples'),
    maxOutputTokens: parleySetting('maxOutputTokens'),
    reasoningModels: parleySetting('reasoningModels'),
    reasoningEffort: parleySetting('reasoningEffort'),
    prices: parleySetting('prices'),
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
