import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { numberSeparators } from '../shared/numbers';
import type { FromWebview, ToWebview } from '../shared/protocol';
import { parseFromWebview } from '../shared/validate';

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
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'chat.css'));
  // The webview's translations (none in English), read by src/webview/l10n.ts. `<` is escaped so
  // no message can close the script element.
  const bundle = JSON.stringify(vscode.l10n.bundle ?? {}).replace(/</g, '\\u003c');
  // The host's (see extension.ts): the webview's own Intl would load its locale data on the first frame.
  const separators = JSON.stringify(numberSeparators()).replace(/</g, '\\u003c');
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Parley</title>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="l10n-bundle">${bundle}</script>
<script type="application/json" id="number-separators">${separators}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
