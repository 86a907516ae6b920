import * as vscode from 'vscode';
import type { SettingsReading } from '../core/settings';
import { readSettings } from '../core/settings';

export function readParleySettings(): SettingsReading {
  const config = vscode.workspace.getConfiguration('parley');
  return readSettings({
    baseUrl: config.get('baseUrl'),
    model: config.get('model'),
    systemPrompt: config.get('systemPrompt'),
    examples: config.get('examples'),
  });
}
