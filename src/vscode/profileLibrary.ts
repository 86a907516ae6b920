import * as vscode from 'vscode';
import type { FileProblem } from '../core/profileFile';
import {
  MAX_PROFILE_FILE_CHARS,
  PROFILES_FOLDER,
  appendExample,
  describeProblem,
  formatProfileFile,
  normalizeSection,
  parseProfileFile,
  profileFileName,
} from '../core/profileFile';
import type { Profile } from '../core/profiles';
import { builtinProfiles, findProfile, mergeProfiles, readSettingsProfiles } from '../core/profiles';
import type { SaveTarget } from '../shared/steering';
import { parleySetting, readParleySettings } from './settings';
import type { ExamplePair } from '../core/domain';

/** Every profile Parley can use now, and what could not be used. */
export interface ProfileCatalog {
  readonly profiles: readonly Profile[];
  readonly problems: readonly string[];
  /** Where each workspace profile's file is, by the path shown in `source.file`. */
  readonly files: ReadonlyMap<string, vscode.Uri>;
}

export function untrustedNotice(): string {
  return vscode.l10n.t(
    'Profiles in .parley/profiles are ignored because this workspace is not trusted: they would steer what is sent to your model. Trust the workspace to use them.',
  );
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The profiles of the built-ins, the user's settings (`parley.profiles`) and the workspace's
 * `.parley/profiles/*.md` files, read on first use and again whenever one of them changes.
 */
export class ProfileLibrary implements vscode.Disposable {
  private loading: Promise<ProfileCatalog> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private reported = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Injected so tests can see the untrusted case; VS Code's own answer otherwise. */
    private readonly isTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${PROFILES_FOLDER}/*.md`);
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate(() => this.invalidate()),
      watcher.onDidChange(() => this.invalidate()),
      watcher.onDidDelete(() => this.invalidate()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.invalidate()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (['parley.profiles', 'parley.systemPrompt', 'parley.examples'].some((key) => event.affectsConfiguration(key))) this.invalidate();
      }),
    );
  }

  catalog(): Promise<ProfileCatalog> {
    this.loading ??= this.load();
    return this.loading;
  }

  invalidate(): void {
    this.loading = undefined;
    this.changed.fire();
  }

  private async load(): Promise<ProfileCatalog> {
    const { settings } = readParleySettings();
    const fromSettings = readSettingsProfiles(parleySetting('profiles'));
    const workspace = await this.readWorkspace();
    const merged = mergeProfiles(builtinProfiles(settings), workspace.profiles, fromSettings.profiles);
    const problems = [...fromSettings.problems, ...workspace.problems, ...merged.problems];
    this.report(problems);
    return { profiles: merged.profiles, problems, files: workspace.files };
  }

  /** Logs each problem once, and tells the user when new ones appear. */
  private report(problems: readonly string[]): void {
    const fresh = problems.filter((p) => !this.reported.has(p));
    this.reported = new Set(problems);
    for (const problem of fresh) this.log.warn(problem);
    if (fresh.length > 0) {
      const message =
        fresh.length > 1
          ? vscode.l10n.t('Parley: {0} (and {1} more in the Parley output)', fresh[0]!, fresh.length - 1)
          : vscode.l10n.t('Parley: {0}', fresh[0]!);
      void vscode.window.showWarningMessage(message);
    }
  }

  private folders(): vscode.Uri[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) => vscode.Uri.joinPath(folder.uri, ...PROFILES_FOLDER.split('/')));
  }

  private async readWorkspace(): Promise<{ profiles: Profile[]; problems: string[]; files: Map<string, vscode.Uri> }> {
    const profiles: Profile[] = [];
    const problems: string[] = [];
    const files = new Map<string, vscode.Uri>();
    if (!this.isTrusted()) {
      const present = await Promise.all(this.folders().map(exists));
      return { profiles, problems: present.some(Boolean) ? [untrustedNotice()] : [], files };
    }
    for (const folder of this.folders()) {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(folder);
      } catch {
        continue; // No profiles folder in this workspace folder.
      }
      const names = entries
        .filter(([name, type]) => type === vscode.FileType.File && name.toLowerCase().endsWith('.md'))
        .map(([name]) => name)
        .sort();
      for (const name of names) {
        const uri = vscode.Uri.joinPath(folder, name);
        const shown = vscode.workspace.asRelativePath(uri);
        try {
          // A file this large cannot be within the limit (UTF-8 has at most 4 bytes a character): not read at all.
          const { size } = await vscode.workspace.fs.stat(uri);
          if (size > MAX_PROFILE_FILE_CHARS * 4) {
            problems.push(
              vscode.l10n.t(
                '{0} — the profile was skipped.',
                describeProblem({
                  file: shown,
                  line: 1,
                  message: vscode.l10n.t('the file has {0} bytes; a profile file may have at most {1} characters', size, MAX_PROFILE_FILE_CHARS),
                }),
              ),
            );
            continue;
          }
          const reading = parseProfileFile(decoder.decode(await vscode.workspace.fs.readFile(uri)), shown);
          if (reading.ok) {
            profiles.push(reading.profile);
            files.set(shown, uri);
          } else {
            problems.push(vscode.l10n.t('{0} — the profile was skipped.', reading.problems.map(describeProblem).join('; ')));
          }
        } catch (error) {
          problems.push(
            describeProblem({ file: shown, line: 1, message: vscode.l10n.t('could not be read ({0})', (error as Error).message) } satisfies FileProblem),
          );
        }
      }
    }
    return { profiles, problems, files };
  }

  /** Where an example can be saved, for each profile: its own place, or a new workspace file. */
  saveTargets(catalog: ProfileCatalog): SaveTarget[] {
    const canWriteFiles = this.isTrusted() && this.folders().length > 0;
    const targets: SaveTarget[] = [];
    for (const profile of catalog.profiles) {
      const { source, name } = profile;
      if (source.kind === 'workspace') {
        targets.push({
          id: `file:${source.file}`,
          label: vscode.l10n.t('From this repository: {0} ({1})', name, source.file),
          profile: name,
          file: source.file,
        });
        continue;
      }
      if (source.kind === 'general') targets.push({ id: 'general', label: vscode.l10n.t('{0} — your settings (parley.examples)', name), profile: name });
      else
        targets.push({
          id: `settings:${name}`,
          label: source.kind === 'settings' ? vscode.l10n.t('{0} — your settings', name) : vscode.l10n.t('{0} — a copy in your settings', name),
          profile: name,
        });
      if (canWriteFiles)
        targets.push({
          id: `newfile:${name}`,
          label: vscode.l10n.t('{0} — new shared file {1}', name, `${PROFILES_FOLDER}/${profileFileName(name)}`),
          profile: name,
        });
    }
    return targets;
  }

  /** Adds the pair to the profile `targetId` names; returns where it went. Throws with a clear reason. */
  async saveExample(targetId: string, edited: ExamplePair): Promise<string> {
    // Kept as a profile file keeps it, so the pair is the same wherever it is saved.
    const pair = { user: normalizeSection(edited.user), assistant: normalizeSection(edited.assistant) };
    if (!pair.user || !pair.assistant) throw new Error(vscode.l10n.t('An example needs both a question and an answer.'));
    const catalog = await this.catalog();
    const [kind, ...rest] = targetId.split(':');
    const key = rest.join(':');
    const config = vscode.workspace.getConfiguration('parley');
    let where: string;
    if (kind === 'general') {
      const examples = config.inspect<unknown[]>('examples')?.globalValue ?? [];
      await config.update('examples', [...examples, pair], vscode.ConfigurationTarget.Global);
      where = vscode.l10n.t('General in your settings (parley.examples)');
    } else if (kind === 'settings') {
      const profile = findProfile(catalog.profiles, { name: key });
      if (!profile) throw new Error(vscode.l10n.t('There is no profile named "{0}" any more.', key));
      where = await this.saveToSettings(profile, pair);
    } else if (kind === 'file' || kind === 'newfile') {
      if (!this.isTrusted()) throw new Error(untrustedNotice());
      where = kind === 'file' ? await this.appendToFile(catalog, key, pair) : await this.createFile(catalog, key, pair);
    } else {
      throw new Error(vscode.l10n.t('Parley does not know that place to save to.'));
    }
    this.invalidate();
    return where;
  }

  private async saveToSettings(profile: Profile, pair: ExamplePair): Promise<string> {
    const config = vscode.workspace.getConfiguration('parley');
    const entries = [...(config.inspect<unknown[]>('profiles')?.globalValue ?? [])] as Record<string, unknown>[];
    const index = entries.findIndex((entry) => typeof entry?.name === 'string' && entry.name.trim().toLowerCase() === profile.name.toLowerCase());
    if (index >= 0) {
      const entry = entries[index]!;
      entries[index] = { ...entry, examples: [...(Array.isArray(entry.examples) ? entry.examples : []), pair] };
    } else {
      // A built-in profile: a copy in the user's settings, which takes its place from now on.
      const { name, systemPrompt, examples, model, temperature } = profile;
      entries.push({
        name,
        systemPrompt,
        examples: [...examples, pair],
        ...(model !== undefined ? { model } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
      });
    }
    await vscode.workspace.getConfiguration('parley').update('profiles', entries, vscode.ConfigurationTarget.Global);
    return vscode.l10n.t('{0} in your settings (parley.profiles)', profile.name);
  }

  private async appendToFile(catalog: ProfileCatalog, file: string, pair: ExamplePair): Promise<string> {
    const uri = catalog.files.get(file);
    if (!uri) throw new Error(vscode.l10n.t('{0} is no longer a profile Parley can read.', file));
    const text = appendExample(decoder.decode(await vscode.workspace.fs.readFile(uri)), pair);
    await this.writeChecked(uri, text, file, pair);
    return file;
  }

  private async createFile(catalog: ProfileCatalog, name: string, pair: ExamplePair): Promise<string> {
    const profile = findProfile(catalog.profiles, { name });
    const folder = this.folders()[0];
    if (!profile || !folder)
      throw new Error(
        profile ? vscode.l10n.t('Open a folder to save a shared profile file in it.') : vscode.l10n.t('There is no profile named "{0}" any more.', name),
      );
    const fileName = profileFileName(profile.name);
    let uri = vscode.Uri.joinPath(folder, fileName);
    for (let n = 2; await exists(uri); n++) uri = vscode.Uri.joinPath(folder, fileName.replace(/\.md$/, `-${n}.md`));
    const text = formatProfileFile({ ...profile, examples: [...profile.examples, pair] });
    await vscode.workspace.fs.createDirectory(folder);
    const shown = vscode.workspace.asRelativePath(uri);
    await this.writeChecked(uri, text, shown, pair);
    return shown;
  }

  /** Writes only a file that reads back with the new pair last: a teammate's Parley must read it the same. */
  private async writeChecked(uri: vscode.Uri, text: string, shown: string, pair: ExamplePair): Promise<void> {
    const reading = parseProfileFile(text, shown);
    const last = reading.ok ? reading.profile.examples.at(-1) : undefined;
    if (!reading.ok || last?.user !== pair.user || last.assistant !== pair.assistant) {
      throw new Error(
        reading.ok
          ? vscode.l10n.t('{0} would not read back as written; nothing was saved.', shown)
          : vscode.l10n.t('{0} would not read back as written ({1}); nothing was saved.', shown, reading.problems.map(describeProblem).join('; ')),
      );
    }
    await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
