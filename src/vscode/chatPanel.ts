import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { numberSeparators } from '../shared/numbers';
import type { FromWebview, ToWebview } from '../shared/protocol';
import { parseFromWebview } from '../shared/validate';
import { panelHtml } from './panelHtml';

export const VIEW_TYPE = 'parley.chat';

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only our own bundles and styles can be loaded into the webview.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * The webview panel: its HTML with a strict CSP, and a validated message channel. It holds no
 * conversation state; the controller sends snapshots.
 */
export class ChatPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    onMessage: (message: FromWebview) => void,
    onInvalidMessage: (reason: string) => void,
    onDispose: () => void,
  ) {
    panel.webview.options = panelOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'parley.svg');
    panel.webview.html = html(panel.webview, extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = parseFromWebview(raw);
        if (parsed.ok) onMessage(parsed.value);
        else onInvalidMessage(parsed.reason);
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return panelHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'chat.css')).toString(),
    iconStyleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css')).toString(),
    language: vscode.env.language,
    // The webview's translations (none in English), read by src/webview/l10n.ts.
    l10nBundle: vscode.l10n.bundle ?? {},
    // The host's (see extension.ts): the webview's own Intl would load its locale data on the first frame.
    separators: numberSeparators(),
  });
}
