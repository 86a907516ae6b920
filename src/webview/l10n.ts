// The webview's translations, from the bundle the host puts in the page (see chatPanel.ts). main.ts
// imports this module first, so the labels other modules build when they load are translated too.
import * as l10n from '@vscode/l10n';

const bundle = document.getElementById('l10n-bundle')?.textContent;
if (bundle) l10n.config({ contents: bundle });
