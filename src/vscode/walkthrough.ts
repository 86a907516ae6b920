import * as vscode from 'vscode';
import { PROFILES_FOLDER } from '../core/profileFile';
import { readSettingsProfiles } from '../core/profiles';
import type { ApiKeyStore } from './apiKey';
import type { ProfileLibrary } from './profileLibrary';
import type { ProviderService } from './providers';
import { parleySetting } from './settings';
import { effectiveProvider } from '../core/providers';

/** Context keys the Get Started walkthrough's steps complete on (`onContext:` in package.json). */
export const HAS_API_KEY = 'parley.hasApiKey';
export const HAS_OWN_PROFILE = 'parley.hasOwnProfile';

/** Whether a workspace folder has a `.parley/profiles/*.md` file, where ProfileLibrary reads them. */
async function hasProfileFile(folder: vscode.WorkspaceFolder): Promise<boolean> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder.uri, ...PROFILES_FOLDER.split('/')));
    return entries.some(([name, type]) => type === vscode.FileType.File && name.toLowerCase().endsWith('.md'));
  } catch {
    return false; // No profiles folder.
  }
}

async function hasOwnProfile(): Promise<boolean> {
  if (readSettingsProfiles(parleySetting('profiles')).profiles.length > 0) return true;
  // Only whether a file exists: parsing (and reporting its mistakes) waits until the chat needs profiles.
  if (!vscode.workspace.isTrusted) return false;
  const found = await Promise.all((vscode.workspace.workspaceFolders ?? []).map(hasProfileFile));
  return found.includes(true);
}

/**
 * Keeps the walkthrough's context keys true to what the user has done, so a step is checked off
 * when a key is stored or a profile exists, not merely when its button was clicked.
 */
export function trackWalkthroughProgress(
  keys: ApiKeyStore,
  providers: ProviderService,
  profiles: ProfileLibrary,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const set = (key: string, value: Promise<boolean>): void => {
    value.then(
      (v) => vscode.commands.executeCommand('setContext', key, v),
      (error: Error) => log.warn(`Could not update ${key} for the walkthrough: ${error.message}`),
    );
  };
  const updateKey = (): void =>
    set(
      HAS_API_KEY,
      keys.get(effectiveProvider(providers.settings(), undefined).id).then((key) => key !== undefined),
    );
  const updateProfile = (): void => set(HAS_OWN_PROFILE, hasOwnProfile());
  updateKey();
  updateProfile();
  return vscode.Disposable.from(keys.onDidChange(updateKey), profiles.onDidChange(updateProfile));
}
