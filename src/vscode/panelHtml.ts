// The chat panel's page, as plain data in and HTML out: chatPanel.ts fills it in from the webview,
// and the hostile-answer suite loads the same page (the same CSP) into a browser without VS Code.

export interface PanelPage {
  /** The webview's `cspSource`: the only origin styles, images and fonts may come from. */
  readonly cspSource: string;
  /** Fresh for each page: only scripts that carry it run. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** The codicon font's stylesheet (dist/codicons): the icons of the panel's buttons. */
  readonly iconStyleUri: string;
  readonly language: string;
  /** The webview's translations, and the host's number separators, as JSON values. */
  readonly l10nBundle: unknown;
  readonly separators: unknown;
  /** In a side bar the page takes the side bar's background, as VS Code's own views do. */
  readonly inSideBar?: boolean;
}

/** The Content-Security-Policy of the panel: nothing loads or runs but our own files. */
export function panelCsp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

/** JSON inside a script element: `<` is escaped so no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function panelHtml(page: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="${page.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(page.cspSource, page.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${page.iconStyleUri}">
<link rel="stylesheet" href="${page.styleUri}">
<title>Parley</title>
</head>
<body${page.inSideBar ? ' class="side-bar"' : ''}>
<div id="app"></div>
<script type="application/json" id="l10n-bundle">${scriptJson(page.l10nBundle)}</script>
<script type="application/json" id="number-separators">${scriptJson(page.separators)}</script>
<script nonce="${page.nonce}" src="${page.scriptUri}"></script>
</body>
</html>`;
}
