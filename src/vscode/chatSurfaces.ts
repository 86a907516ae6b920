import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../shared/protocol';
import { ChatPanel, SIDE_BAR_VIEW_ID, VIEW_TYPE, showElsewhere } from './chatPanel';

/** Where the chat is drawn: an editor tab, or Parley's view (in a side bar, wherever the user moved it). */
export type Placement = 'editor' | 'sideBar';

/** Remembered across windows: "Open Chat" opens the chat where the user last had it. */
const PLACEMENT_KEY = 'parley.chatPlacement';

export interface SurfaceEvents {
  readonly onMessage: (message: FromWebview) => void;
  readonly onInvalidMessage: (reason: string) => void;
  /** A new webview draws the chat: it gets the whole state once it says `ready`. */
  readonly onAttach: () => void;
}

/**
 * The editor tab and the side bar's view, of which one at a time draws the chat (the same session
 * either way); the other is closed, or (the view) says where the chat is. Messages go to that one.
 */
export class ChatSurfaces implements vscode.WebviewViewProvider, vscode.Disposable {
  private tab: vscode.WebviewPanel | undefined;
  private view: vscode.WebviewView | undefined;
  /** The webview drawing the chat now, and which of the two it is. */
  private live: { readonly chat: ChatPanel; readonly placement: Placement } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly memento: vscode.Memento,
    private readonly events: SurfaceEvents,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(SIDE_BAR_VIEW_ID, this),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, { deserializeWebviewPanel: async (panel) => this.adoptTab(panel) }),
    );
  }

  /** Where "Open Chat" opens it when it is not open: where the user last had it. */
  get placement(): Placement {
    return this.memento.get<Placement>(PLACEMENT_KEY) === 'sideBar' ? 'sideBar' : 'editor';
  }

  /** The editor column the chat's tab is in; undefined when it is in the side bar or closed. */
  get tabColumn(): vscode.ViewColumn | undefined {
    return this.live?.placement === 'editor' ? this.tab?.viewColumn : undefined;
  }

  get isOpen(): boolean {
    return this.live !== undefined;
  }

  post(message: ToWebview): void {
    this.live?.chat.post(message);
  }

  /** Opens the chat where the user last had it, or brings it forward where it is. */
  async show(): Promise<void> {
    if (this.live?.placement === 'editor' && this.tab) this.tab.reveal(undefined, false);
    else if (this.live?.placement === 'sideBar' || this.placement === 'sideBar') await this.revealView();
    else this.openTab();
  }

  /** The chat goes to an editor tab; the view, if open, says it is there. */
  moveToEditor(): void {
    if (this.tab) this.tab.reveal(undefined, false);
    else this.openTab();
  }

  /** The chat goes to the side bar's view; its tab closes. */
  async moveToSideBar(): Promise<void> {
    // Closing the tab hands the chat to the view when the view is open; else revealing it does.
    // Either way attach() records the placement.
    this.tab?.dispose();
    await this.revealView();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.onDidDispose(() => {
      this.view = undefined;
      if (this.live?.placement === 'sideBar') this.detach();
    });
    // A tab already drawing the chat keeps it; the view says where it is.
    if (this.live?.placement === 'editor') showElsewhere(view.webview, this.extensionUri);
    else this.attach(view.webview, 'sideBar');
  }

  private async revealView(): Promise<void> {
    // Resolves the view if it is new (resolveWebviewView then draws the chat in it), or shows it.
    await vscode.commands.executeCommand(`${SIDE_BAR_VIEW_ID}.focus`);
    if (this.view && this.live?.placement !== 'sideBar') this.attach(this.view.webview, 'sideBar');
  }

  private openTab(): void {
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Parley',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { retainContextWhenHidden: false },
    );
    this.adoptTab(panel);
  }

  /** A tab Parley opened, or one VS Code restored after a reload: it draws the chat. */
  private adoptTab(panel: vscode.WebviewPanel): void {
    this.tab?.dispose();
    this.tab = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'parley.svg');
    panel.onDidDispose(() => {
      if (this.tab !== panel) return;
      this.tab = undefined;
      if (this.live?.placement === 'editor') this.detach();
      // The view was saying the chat is in the tab: now it draws it.
      if (this.view) this.attach(this.view.webview, 'sideBar');
    });
    this.attach(panel.webview, 'editor');
    if (this.view) showElsewhere(this.view.webview, this.extensionUri);
  }

  private attach(webview: vscode.Webview, placement: Placement): void {
    this.live?.chat.dispose();
    this.live = { chat: new ChatPanel(webview, this.extensionUri, placement === 'sideBar', this.events.onMessage, this.events.onInvalidMessage), placement };
    void this.memento.update(PLACEMENT_KEY, placement);
    this.events.onAttach();
  }

  private detach(): void {
    this.live?.chat.dispose();
    this.live = undefined;
  }

  dispose(): void {
    // Nor is the tab closed: VS Code restores it after a reload only if it was left open.
    this.live?.chat.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
