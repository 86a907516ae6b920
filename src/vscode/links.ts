import * as vscode from 'vscode';
import { assertNever } from '../shared/protocol';
import { linkPolicy } from '../shared/validate';

/** Opens a link the chat's webview asks to open, as `linkPolicy` allows: model output wrote it. */
export async function openChatLink(href: string, log: vscode.LogOutputChannel): Promise<void> {
  // Quoted, so control and invisible characters show.
  const shown = JSON.stringify(href.slice(0, 200));
  const verdict = linkPolicy(href);
  switch (verdict) {
    case 'open':
      await vscode.env.openExternal(vscode.Uri.parse(href, true));
      break;
    case 'ask': {
      const openLink = vscode.l10n.t('Open Link');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Open an email link from the chat?'),
        {
          modal: true,
          detail: vscode.l10n.t(
            '{0}\n\nThe link came from the chat, which shows model output. It opens your mail program with a draft; check it before you send it.',
            shown,
          ),
        },
        openLink,
      );
      if (choice === openLink) await vscode.env.openExternal(vscode.Uri.parse(href, true));
      break;
    }
    case 'refuse':
      log.warn(`Did not open a link that is neither a web nor a mailto: link: ${shown}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Parley opens only web links (http, https) from the chat, and email links (mailto:) after asking. It did not open {0}.', shown),
      );
      break;
    default:
      assertNever(verdict);
  }
}
