import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { numberSeparators } from '../shared/numbers';
import type { FromWebview, ToWebview } from '../shared/protocol';
import { parseFromWebview } from '../shared/validate';
import { panelCsp, panelHtml } from './panelHtml';

/** The editor tab's webview type, and the side bar's view: the two places the chat can be drawn. */
export const VIEW_TYPE = 'parley.chat';
export const SIDE_BAR_VIEW_ID = 'parley.chatView';

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only our own bundles and styles can be loaded into the webview.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * A webview drawing the chat, in an editor tab or in the side bar: its HTML with a strict CSP, and a
 * validated message channel. It holds no conversation state; the controller sends snapshots.
 */
export class ChatPanel implements vscode.Disposable {
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    inSideBar: boolean,
    onMessage: (message: FromWebview) => void,
    onInvalidMessage: (reason: string) => void,
  ) {
    webview.options = panelOptions(extensionUri);
    webview.html = html(webview, extensionUri, inSideBar);
    this.listener = webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseFromWebview(raw);
      if (parsed.ok) onMessage(parsed.value);
      else onInvalidMessage(parsed.reason);
    });
  }

  post(message: ToWebview): void {
    void this.webview.postMessage(message);
  }

  dispose(): void {
    this.listener.dispose();
  }
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri, inSideBar: boolean): string {
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
    inSideBar,
  });
}

/**
 * What the side bar's view shows while the chat is in an editor tab: a line saying so, and links
 * that bring it here or to the tab. No script runs; the links are the only commands it may run.
 */
export function showElsewhere(webview: vscode.Webview, extensionUri: vscode.Uri): void {
  webview.options = {
    enableScripts: false,
    enableCommandUris: [MOVE_TO_SIDE_BAR, SHOW_CHAT],
    localResourceRoots: panelOptions(extensionUri).localResourceRoots,
  };
  const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'chat.css')).toString();
  const nonce = randomBytes(16).toString('base64');
  webview.html = `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(webview.cspSource, nonce)}">
<link rel="stylesheet" href="${styleUri}">
<title>Parley</title>
</head>
<body class="side-bar">
<main class="shown-elsewhere">
<p>${escapeHtml(vscode.l10n.t('Parley is open in an editor tab.'))}</p>
<p><a href="command:${SHOW_CHAT}">${escapeHtml(vscode.l10n.t('Show it'))}</a> · <a href="command:${MOVE_TO_SIDE_BAR}">${escapeHtml(vscode.l10n.t('Move it here'))}</a></p>
</main>
</body>
</html>`;
}

export const MOVE_TO_SIDE_BAR = 'parley.moveChatToSideBar';
const SHOW_CHAT = 'parley.openChat';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
