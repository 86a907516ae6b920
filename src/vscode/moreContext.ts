// The editor side of the context besides selections and open files: changes through VS Code's Git
// extension, the last command of a terminal through shell integration, files and folders of the
// workspace, and symbols. Each reads plain values and leaves the shaping to core/attachments.ts.
import * as vscode from 'vscode';
import type { FolderFile } from '../core/attachments';
import { diffContext, fenceLanguage, folderContext, FOLDER_BUDGET_TOKENS, symbolContext, terminalContext } from '../core/attachments';
import type { TokenCounter } from '../core/budget';
import type { CodeContext } from '../core/domain';
import { MAX_SELECTION_CHARS } from '../core/selection';
import { fileContext } from './selection';

/** The part of the Git extension's API (extensions/git/src/api/git.d.ts in VS Code) Parley uses. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  /** `git diff`, or with `cached` `git diff --cached`. */
  diff(cached?: boolean): Promise<string>;
  /** `git diff <ref> -- <path>`. */
  diffWith(ref: string, path: string): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** How long to wait for the Git extension to find the repositories when it has only just started. */
const GIT_START_MS = 10_000;

async function gitApi(): Promise<GitApi | string> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return vscode.l10n.t("VS Code's Git extension is not there, so Parley cannot read changes.");
  const git = extension.isActive ? extension.exports : await extension.activate();
  if (!git.enabled) return vscode.l10n.t('Git is turned off in VS Code (git.enabled), so Parley cannot read changes.');
  const api = git.getAPI(1);
  if (api.state === 'uninitialized') {
    await new Promise<void>((resolve) => {
      const done = api.onDidChangeState(() => finish());
      const timer = setTimeout(() => finish(), GIT_START_MS);
      function finish(): void {
        done.dispose();
        clearTimeout(timer);
        resolve();
      }
    });
  }
  return api;
}

/** A repository's name in a chip: its workspace folder's name when it is one, else its path in the workspace. */
function repositoryName(repository: GitRepository): string {
  const folder = vscode.workspace.getWorkspaceFolder(repository.rootUri);
  if (folder && folder.uri.toString() === repository.rootUri.toString()) return folder.name;
  return vscode.workspace.asRelativePath(repository.rootUri, true);
}

/**
 * The changes of a repository, not staged or staged: of the active editor's repository, else the
 * only one, else the one the user picks.
 */
export async function repositoryChanges(changes: 'unstaged' | 'staged', document: vscode.TextDocument | undefined): Promise<CodeContext | string | undefined> {
  const api = await gitApi();
  if (typeof api === 'string') return api;
  let repository = document ? api.getRepository(document.uri) : null;
  if (!repository && api.repositories.length === 1) repository = api.repositories[0]!;
  if (!repository && api.repositories.length > 1) {
    const picked = await vscode.window.showQuickPick(
      api.repositories.map((r) => ({ label: repositoryName(r), description: r.rootUri.fsPath, repository: r })),
      { title: vscode.l10n.t('Attach the changes of which repository?') },
    );
    if (!picked) return undefined;
    repository = picked.repository;
  }
  if (!repository) return vscode.l10n.t('This workspace is not a Git repository, so it has no changes to attach.');
  const name = repositoryName(repository);
  const context = diffContext(name, await repository.diff(changes === 'staged'), changes);
  if (context) return context;
  return changes === 'staged' ? vscode.l10n.t('{0} has no staged changes.', name) : vscode.l10n.t('{0} has no changes that are not staged.', name);
}

/** The changes to one file since the last commit (staged or not). */
export async function fileChanges(document: vscode.TextDocument): Promise<CodeContext | string> {
  const name = vscode.workspace.asRelativePath(document.uri, false);
  const api = await gitApi();
  if (typeof api === 'string') return api;
  const repository = api.getRepository(document.uri);
  if (!repository) return vscode.l10n.t('{0} is not in a Git repository.', name);
  return (
    diffContext(name, await repository.diffWith('HEAD', document.uri.fsPath)) ??
    vscode.l10n.t('{0} has no changes since the last commit (unsaved edits are not counted).', name)
  );
}

/** The raw output Parley keeps of a command: enough for Parley's limit after the control sequences go. */
const KEPT_OUTPUT_CHARS = 4 * MAX_SELECTION_CHARS;

interface TerminalCommand {
  readonly command: string;
  output: string;
  /** Lines written past KEPT_OUTPUT_CHARS. */
  unreadLines: number;
  /** Pieces of output read; none at all, not even shell integration's marks, means it went by unread. */
  chunks: number;
  /** Settles when the command has written all its output. */
  readonly read: Promise<void>;
}

/** How long to wait for a command's last output to arrive, which can trail its end. */
const LAST_OUTPUT_MS = 2_000;

/**
 * The last command each terminal ran, with its output, as shell integration reports them. Output
 * can only be read from the moment a command starts, so each command is read as it runs; only the
 * newest of each terminal is kept, in memory, and it goes nowhere unless the user attaches it.
 */
export class TerminalCommands implements vscode.Disposable {
  private readonly last = new Map<vscode.Terminal, TerminalCommand>();
  private readonly subscriptions = [
    vscode.window.onDidStartTerminalShellExecution((event) => this.read(event.terminal, event.execution)),
    vscode.window.onDidCloseTerminal((terminal) => this.last.delete(terminal)),
  ];

  private read(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): void {
    // read() sees only what is written after it is called: call it now, not after an await.
    const stream = execution.read();
    const kept = { output: '', unreadLines: 0, chunks: 0 };
    const read = (async () => {
      for await (const data of stream) {
        kept.chunks++;
        const room = KEPT_OUTPUT_CHARS - kept.output.length;
        if (room > 0) kept.output += data.slice(0, room);
        if (data.length > room) kept.unreadLines += data.slice(Math.max(0, room)).split('\n').length - 1;
      }
    })();
    const command: TerminalCommand = Object.assign(kept, { command: execution.commandLine.value, read });
    this.last.set(terminal, command);
  }

  /** The active terminal's last command and output (all of it, or what it wrote so far), or why there is none. */
  async find(): Promise<CodeContext | string> {
    const terminal = vscode.window.activeTerminal;
    if (!terminal) return vscode.l10n.t('No terminal is open.');
    const command = this.last.get(terminal);
    if (command) {
      await Promise.race([command.read, new Promise((resolve) => setTimeout(resolve, LAST_OUTPUT_MS))]);
      if (command.chunks === 0) {
        return vscode.l10n.t(
          'VS Code passed on none of the output of "{0}" in the terminal {1}: a command that ends very quickly can finish before it does. Run it again, or copy its output and paste it into your question.',
          command.command,
          terminal.name,
        );
      }
      return terminalContext(terminal.name, command.command, command.output, command.unreadLines);
    }
    if (!terminal.shellIntegration) {
      return vscode.l10n.t(
        'The terminal {0} has no shell integration, so Parley cannot read its commands (see terminal.integrated.shellIntegration.enabled). Copy the output and paste it into your question instead.',
        terminal.name,
      );
    }
    return vscode.l10n.t('No command has run in the terminal {0} since Parley started. Run it again, then attach it.', terminal.name);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** The most files the file picker lists, and a folder is made of. */
const MAX_LISTED_FILES = 5_000;

type FileItem = vscode.QuickPickItem & { readonly uri: vscode.Uri; readonly folder: boolean };

/** Whether the bytes read are text: no NUL byte in the first 8 KB, as Git decides it. */
function isText(bytes: Uint8Array): boolean {
  return !bytes.subarray(0, 8192).includes(0);
}

/**
 * Files or a folder of the workspace, picked with fuzzy search over what workspace.findFiles lists
 * (files.exclude applies; .gitignore does not, as findFiles reads no ignore files). Each file becomes a chip; a
 * folder becomes one chip of its files within FOLDER_BUDGET_TOKENS.
 */
export async function pickFiles(counter: () => Promise<TokenCounter>): Promise<(CodeContext | string)[]> {
  const uris = (await vscode.workspace.findFiles('**/*', undefined, MAX_LISTED_FILES)).sort((a, b) => a.path.localeCompare(b.path));
  if (uris.length === 0) return [vscode.l10n.t('This workspace has no files to attach.')];
  const folders = new Map<string, vscode.Uri>();
  for (const uri of uris) {
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.path;
    for (let parent = vscode.Uri.joinPath(uri, '..'); root !== undefined && parent.path.startsWith(`${root}/`); parent = vscode.Uri.joinPath(parent, '..')) {
      const path = vscode.workspace.asRelativePath(parent, false);
      if (folders.has(path)) break;
      folders.set(path, parent);
    }
  }
  const items: FileItem[] = [
    ...[...folders]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, uri]) => ({ label: `${path}/`, description: vscode.l10n.t('folder'), uri, folder: true })),
    ...uris.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri, folder: false })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Attach files or a folder to your next question'),
    placeHolder: vscode.l10n.t('Type to search; a folder takes its files within {0} tokens', FOLDER_BUDGET_TOKENS.toLocaleString()),
    canPickMany: true,
    matchOnDescription: true,
  });
  const found: (CodeContext | string)[] = [];
  for (const item of picked ?? []) {
    if (item.folder) found.push(await folderFiles(item.uri, uris, await counter()));
    else found.push(await wholeFile(item.uri));
  }
  return found;
}

async function wholeFile(uri: vscode.Uri): Promise<CodeContext | string> {
  if (!isText(await vscode.workspace.fs.readFile(uri))) return vscode.l10n.t('{0} is not a text file.', vscode.workspace.asRelativePath(uri, false));
  return fileContext(await vscode.workspace.openTextDocument(uri));
}

async function folderFiles(folder: vscode.Uri, listed: readonly vscode.Uri[], counter: TokenCounter): Promise<CodeContext | string> {
  const inside = listed.filter((uri) => uri.path.startsWith(`${folder.path}/`));
  const files: FolderFile[] = [];
  for (const uri of inside) {
    const path = vscode.workspace.asRelativePath(uri, false);
    const language = fenceLanguage(path);
    // A file that is surely over the whole budget is not read (a token is rarely under one byte).
    const { size } = await vscode.workspace.fs.stat(uri);
    const bytes = size > FOLDER_BUDGET_TOKENS * 8 ? undefined : await vscode.workspace.fs.readFile(uri);
    files.push(bytes && isText(bytes) ? { path, language, text: new TextDecoder().decode(bytes) } : { path, language });
  }
  return folderContext(vscode.workspace.asRelativePath(folder, false), files, counter);
}

type SymbolItem = vscode.QuickPickItem & { readonly symbol: vscode.SymbolInformation };

function symbolIcon(kind: vscode.SymbolKind): string {
  const { Function, Method, Class, Interface } = vscode.SymbolKind;
  return kind === Function
    ? '$(symbol-function)'
    : kind === Method
      ? '$(symbol-method)'
      : kind === Class
        ? '$(symbol-class)'
        : kind === Interface
          ? '$(symbol-interface)'
          : '$(symbol-misc)';
}

/** A function, class or other symbol by name, from the workspace symbol providers; all its code goes along. */
export async function pickSymbol(): Promise<CodeContext | string | undefined> {
  const pick = vscode.window.createQuickPick<SymbolItem>();
  pick.title = vscode.l10n.t('Attach a function or class to your next question');
  pick.placeholder = vscode.l10n.t('Type its name');
  pick.matchOnDescription = true;
  let asked = 0;
  const search = async (query: string): Promise<void> => {
    const ask = ++asked;
    if (!query.trim()) {
      pick.items = [];
      return;
    }
    pick.busy = true;
    const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
    if (ask !== asked) return;
    pick.busy = false;
    pick.items = symbols.slice(0, 200).map((symbol) => ({
      label: `${symbolIcon(symbol.kind)} ${symbol.name}`,
      description: `${vscode.workspace.asRelativePath(symbol.location.uri, false)}:${symbol.location.range.start.line + 1}`,
      detail: symbol.containerName || undefined,
      symbol,
    }));
    pick.title = symbols.length === 0 ? vscode.l10n.t('No symbol found for "{0}".', query) : vscode.l10n.t('Attach a function or class to your next question');
  };
  const picked = await new Promise<SymbolItem | string | undefined>((resolve) => {
    pick.onDidChangeValue((value) => void search(value));
    pick.onDidAccept(() => resolve(pick.selectedItems[0] ?? (pick.value.trim() ? vscode.l10n.t('No symbol found for "{0}".', pick.value.trim()) : undefined)));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (typeof picked !== 'object') return picked;
  const { symbol } = picked;
  const document = await vscode.workspace.openTextDocument(symbol.location.uri);
  const range = (await fullRange(document, symbol)) ?? symbol.location.range;
  return symbolContext(plainName(symbol.name), {
    path: vscode.workspace.asRelativePath(document.uri, false),
    language: document.languageId,
    startLine: range.start.line + 1,
    text: document.getText(new vscode.Range(range.start.with({ character: 0 }), range.end)),
  });
}

/** A symbol's name without the `()` some providers add to functions' names (TypeScript does). */
function plainName(name: string): string {
  return name.replace(/\(\)$/, '');
}

/**
 * The whole of a symbol: a workspace symbol's location may cover only its name, so the document
 * symbol of the same name that holds it gives its full range where the file has one.
 */
async function fullRange(document: vscode.TextDocument, symbol: vscode.SymbolInformation): Promise<vscode.Range | undefined> {
  const symbols =
    (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    )) ?? [];
  const start = symbol.location.range.start;
  let best: vscode.Range | undefined;
  const visit = (list: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]): void => {
    for (const s of list) {
      const range = 'location' in s ? s.location.range : s.range;
      if (plainName(s.name) === plainName(symbol.name) && range.contains(start) && (!best || best.contains(range))) best = range;
      if ('children' in s) visit(s.children);
    }
  };
  visit(symbols);
  return best;
}
