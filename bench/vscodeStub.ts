// Just enough of the 'vscode' module to load and drive Parley's real bundle (dist/extension.js)
// in plain Node: a webview panel that records what the extension posts, settings from an object,
// and an in-memory Memento and SecretStorage.
import { readdir, readFile, stat } from 'node:fs/promises';
import Module from 'node:module';
import { join, relative } from 'node:path';
import { english } from '../src/shared/l10n';

interface Disposable {
  dispose(): void;
}
const disposable = (): Disposable => ({ dispose() {} });

class Uri {
  constructor(readonly fsPath: string) {}
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
  static file(path: string): Uri {
    return new Uri(path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(join(base.fsPath, ...parts));
  }
  static parse(value: string): Uri {
    return new Uri(value.replace(/^file:\/\//, ''));
  }
}

/** A webview panel that keeps what the extension posts and lets the bench play the webview. */
export class FakePanel {
  /** Called with each message the extension posts, when it was posted, and its size as JSON. */
  onPost: (message: { type: string; [key: string]: unknown }, at: number, bytes: number) => void = () => undefined;
  private receive: ((message: unknown) => void) | undefined;
  readonly webview = {
    options: {},
    html: '',
    cspSource: 'https://webview.example',
    asWebviewUri: (uri: Uri) => uri,
    postMessage: (message: { type: string }) => {
      const at = performance.now();
      // VS Code's extension host sends webview messages as JSON; that cost belongs to the host.
      const json = JSON.stringify(message);
      this.onPost(message, at, json.length);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: (listener: (message: unknown) => void) => {
      this.receive = listener;
      return disposable();
    },
  };
  iconPath: unknown;
  onDidDispose = () => disposable();
  reveal(): void {}
  dispose(): void {}

  /** Delivers a message as if the webview had posted it. */
  fromWebview(message: unknown): void {
    this.receive?.(message);
  }
}

export interface StubOptions {
  readonly settings: Record<string, unknown>;
  readonly storageDir: string;
  /**
   * When set, each read of a secret answers on a later turn of the event loop, as VS Code's does (a
   * round trip to the window's process), not in the same microtask queue.
   */
  readonly secretsAnswerLater?: boolean;
  /** A folder on disk to open as the workspace, read through `workspace.fs` as VS Code's would be. */
  readonly workspaceFolder?: string;
}

export interface VscodeStub {
  readonly panels: FakePanel[];
  context(): unknown;
  /** Tells the extension that its settings changed, as VS Code does after an edit of settings.json. */
  changeConfiguration(): void;
}

/** Makes `require('vscode')` return the stub, for this process. */
export function installVscodeStub(options: StubOptions): VscodeStub {
  const panels: FakePanel[] = [];
  const memento = new Map<string, unknown>();
  /** Events nobody fires in the bench: subscribing works and returns a disposable. */
  class EventEmitter {
    readonly event = disposable;
    fire(): void {}
    dispose(): void {}
  }
  const configurationListeners = new Set<(event: { affectsConfiguration(section: string): boolean }) => void>();
  const watcher = () => ({ onDidCreate: disposable, onDidChange: disposable, onDidDelete: disposable, dispose() {} });
  const FileType = { File: 1, Directory: 2 };
  const vscode = {
    Uri,
    FileType,
    EventEmitter,
    ViewColumn: { Active: -1, Beside: -2 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    Disposable: Object.assign(function Disposable() {}, { from: (...items: Disposable[]) => ({ dispose: () => items.forEach((d) => d.dispose()) }) }),
    window: {
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {}, trace() {}, append() {}, appendLine() {}, show() {}, dispose() {} }),
      registerWebviewPanelSerializer: disposable,
      // The side bar's view is never opened here: the chat is drawn in the panel.
      registerWebviewViewProvider: disposable,
      createWebviewPanel: () => {
        const panel = new FakePanel();
        panels.push(panel);
        return panel;
      },
      showWarningMessage: () => Promise.resolve(undefined),
      showInformationMessage: () => Promise.resolve(undefined),
      showErrorMessage: () => Promise.resolve(undefined),
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: disposable,
      onDidStartTerminalShellExecution: disposable,
      onDidCloseTerminal: disposable,
    },
    languages: { onDidChangeDiagnostics: disposable, getDiagnostics: () => [] },
    lm: { onDidChangeChatModels: disposable, registerLanguageModelChatProvider: disposable, selectChatModels: () => Promise.resolve([]) },
    // The Chat view's participant is registered, and never called here.
    chat: { createChatParticipant: () => ({ dispose() {} }) },
    commands: { registerCommand: disposable, executeCommand: () => Promise.resolve(undefined) },
    workspace: {
      getConfiguration: () => ({
        get: (key: string) => options.settings[key],
        // The bench's settings stand for the user's own.
        inspect: (key: string) => ({ key, globalValue: options.settings[key] }),
      }),
      onDidChangeConfiguration: (listener: (event: { affectsConfiguration(section: string): boolean }) => void) => {
        configurationListeners.add(listener);
        return { dispose: () => configurationListeners.delete(listener) };
      },
      onDidGrantWorkspaceTrust: disposable,
      onDidChangeWorkspaceFolders: disposable,
      registerTextDocumentContentProvider: disposable,
      createFileSystemWatcher: watcher,
      isTrusted: true,
      workspaceFolders: options.workspaceFolder ? [{ uri: Uri.file(options.workspaceFolder), name: 'workspace', index: 0 }] : undefined,
      asRelativePath: (uri: Uri) => (options.workspaceFolder ? relative(options.workspaceFolder, uri.fsPath) : uri.fsPath),
      fs: {
        readDirectory: async (uri: Uri) =>
          (await readdir(uri.fsPath, { withFileTypes: true })).map((entry) => [entry.name, entry.isDirectory() ? FileType.Directory : FileType.File]),
        readFile: async (uri: Uri) => new Uint8Array(await readFile(uri.fsPath)),
        stat: async (uri: Uri) => ({ type: (await stat(uri.fsPath)).isDirectory() ? FileType.Directory : FileType.File }),
      },
      textDocuments: [],
    },
    env: { openExternal: () => Promise.resolve(true), language: 'en' },
    // VS Code's own translator, as it is without a language pack: English.
    l10n: { t: english, bundle: undefined },
  };
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const noSecret = (): Promise<undefined> =>
    options.secretsAnswerLater ? new Promise((resolve) => setTimeout(() => resolve(undefined), 1)) : Promise.resolve(undefined);
  const state = {
    get: (key: string) => memento.get(key),
    update: (key: string, value: unknown) => (memento.set(key, value), Promise.resolve()),
    keys: () => [...memento.keys()],
  };
  return {
    panels,
    changeConfiguration: () => {
      for (const listener of configurationListeners) listener({ affectsConfiguration: (section) => section.startsWith('parley') });
    },
    context: () => ({
      subscriptions: [] as Disposable[],
      extensionUri: Uri.file(join(__dirname, '..', '..')),
      storageUri: Uri.file(options.storageDir),
      globalStorageUri: Uri.file(options.storageDir),
      workspaceState: state,
      globalState: state,
      secrets: { get: noSecret, store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: disposable },
    }),
  };
}
