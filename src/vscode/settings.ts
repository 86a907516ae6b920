import * as vscode from 'vscode';
import type { SettingsReading } from '../core/settings';
import { readSettings } from '../core/settings';

export function readParleySettings(): SettingsReading {
  const config = vscode.workspace.getConfiguration('parley');
  // Where requests go comes from the user's own settings only, never from a workspace (a cloned
  // repository could otherwise send the key and the code elsewhere), whatever the setting's scope.
  const baseUrl = config.inspect<string>('baseUrl');
  return readSettings({
    baseUrl: baseUrl?.globalValue ?? baseUrl?.defaultValue,
    contextWindow: config.get('contextWindow'),
    model: config.get('model'),
    systemPrompt: config.get('systemPrompt'),
    examples: config.get('examples'),
  });
}
