// The webview's translations and number separators, from what the host puts in the page (see
// chatPanel.ts). main.ts imports this module first, so the labels other modules build when they
// load are translated too.
import * as l10n from '@vscode/l10n';
import { isNumberSeparators, useNumberSeparators } from '../shared/numbers';

const bundle = document.getElementById('l10n-bundle')?.textContent;
if (bundle) l10n.config({ contents: bundle });

const separators: unknown = JSON.parse(document.getElementById('number-separators')?.textContent || 'null');
if (isNumberSeparators(separators)) useNumberSeparators(separators);
