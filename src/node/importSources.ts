// Where other chat tools keep their histories on this machine, found cheaply (folders listed,
// files counted, nothing parsed) so Import Chats… can offer them; their files are read only when
// the user picks one. The readers are core/histories.ts.
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ImportFormat } from '../core/importFile';

/** Parley's own storage folders and the user's home: the other tools' folders are their siblings. */
export interface ImportPlaces {
  /** Parley's globalStorageUri (…/User/globalStorage/<publisher.name>). */
  readonly globalStorage: string;
  /** Parley's storageUri in this workspace (…/User/workspaceStorage/<hash>/<publisher.name>), when there is a workspace. */
  readonly workspaceStorage?: string;
  /** The user's home folder; os.homedir() when absent. */
  readonly home?: string;
}

export type SourceKind = 'vscode-chat' | 'continue' | 'cline' | 'roo';

export interface SourceFile {
  readonly path: string;
  readonly format: ImportFormat;
}

export interface ImportSource {
  readonly kind: SourceKind;
  /** The folder it was found in. */
  readonly where: string;
  /** How many conversations it holds (files or task folders). */
  readonly count: number;
  /** The files to read, one conversation each. */
  readonly files: () => Promise<SourceFile[]>;
}

async function names(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The extension ids Cline and Roo Code keep their global storage under. */
const TASK_TOOLS: readonly [SourceKind, string][] = [
  ['cline', 'saoudrizwan.claude-dev'],
  ['roo', 'rooveterinaryinc.roo-cline'],
];

async function taskSource(kind: SourceKind, tasks: string): Promise<ImportSource | undefined> {
  const ids = await names(tasks);
  if (ids.length === 0) return undefined;
  return {
    kind,
    where: tasks,
    count: ids.length,
    files: async () => {
      const files: SourceFile[] = [];
      for (const id of ids) {
        const api = join(tasks, id, 'api_conversation_history.json');
        const ui = join(tasks, id, 'ui_messages.json');
        if (await exists(api)) files.push({ path: api, format: 'cline-task' });
        else if (await exists(ui)) files.push({ path: ui, format: 'cline-ui' });
      }
      return files;
    },
  };
}

function jsonSource(kind: SourceKind, where: string, paths: string[], format: ImportFormat): ImportSource | undefined {
  if (paths.length === 0) return undefined;
  return { kind, where, count: paths.length, files: async () => paths.map((path) => ({ path, format })) };
}

/** The sources found on this machine, each with how many conversations it holds. */
export async function findImportSources(places: ImportPlaces): Promise<ImportSource[]> {
  const found: (ImportSource | undefined)[] = [];
  const globalRoot = dirname(places.globalStorage);
  // VS Code keeps each workspace's chat sessions in workspaceStorage/<id>/chatSessions/*.json (a
  // *.jsonl log in recent versions), an empty window's in globalStorage/emptyWindowChatSessions
  // (chatSessionStore.ts); a session with both files is one session, read from its log.
  const sessionFolders = [join(globalRoot, 'emptyWindowChatSessions')];
  const workspaceRoot = places.workspaceStorage ? dirname(dirname(places.workspaceStorage)) : undefined;
  if (workspaceRoot) for (const workspace of await names(workspaceRoot)) sessionFolders.push(join(workspaceRoot, workspace, 'chatSessions'));
  const sessions: string[] = [];
  for (const folder of sessionFolders) {
    const files = await names(folder);
    for (const name of files) {
      const logged = name.endsWith('.json') && files.includes(`${name}l`);
      if ((name.endsWith('.json') && !logged) || name.endsWith('.jsonl')) sessions.push(join(folder, name));
    }
  }
  found.push(jsonSource('vscode-chat', workspaceRoot ?? globalRoot, sessions, 'vscode-chat'));
  // Continue writes ~/.continue/sessions/<id>.json, with sessions.json listing them.
  const continueFolder = join(places.home ?? homedir(), '.continue', 'sessions');
  const continueFiles = (await names(continueFolder))
    .filter((name) => name.endsWith('.json') && name !== 'sessions.json')
    .map((name) => join(continueFolder, name));
  found.push(jsonSource('continue', continueFolder, continueFiles, 'continue'));
  for (const [kind, id] of TASK_TOOLS) found.push(await taskSource(kind, join(globalRoot, id, 'tasks')));
  return found.filter((source): source is ImportSource => source !== undefined);
}

/** Reads a source's file as text. */
export function readSourceFile(file: SourceFile): Promise<string> {
  return readFile(file.path, 'utf8');
}
