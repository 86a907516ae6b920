// Images from outside the panel: a file picked with Add Context → Image…, read and recognised here,
// then handed to the webview, which scales it as it scales a pasted one and posts it back to attach;
// and what the webview posts, checked before it is attached.
import * as vscode from 'vscode';
import type { ChatSession } from '../core/chatSession';
import { checkImage, imageContext, readImageHeader } from '../core/images';
import { groupDigits } from '../shared/numbers';
import type { FromWebview, ToWebview } from '../shared/protocol';
import { MAX_INPUT_IMAGE_BYTES, MAX_THUMBNAIL_BYTES, THUMBNAIL_SIDE } from '../shared/validate';

/**
 * Asks for an image file and posts it to the webview to scale; returns why it cannot be attached,
 * or undefined (attached, or the user cancelled).
 */
export async function pickImageFile(post: (message: ToWebview) => void): Promise<string | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Attach an image'),
      canSelectMany: false,
      filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'gif', 'webp'] },
    })) ?? [];
  if (!uri) return undefined;
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_INPUT_IMAGE_BYTES)
    return vscode.l10n.t('{0} takes {1} bytes, more than the {2} Parley reads for an image.', name, groupDigits(size), groupDigits(MAX_INPUT_IMAGE_BYTES));
  const bytes = await vscode.workspace.fs.readFile(uri);
  const header = readImageHeader(bytes);
  if (!header) return vscode.l10n.t('{0} is not a PNG, JPEG, GIF or WebP image.', name);
  post({ type: 'imagePicked', name, mime: header.mime, data: Buffer.from(bytes).toString('base64') });
  return undefined;
}

/** A name to show and send for an image: no folders, no control characters, never empty. */
function imageName(name: string): string {
  const plain = name
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return plain || vscode.l10n.t('image');
}

/** Attaches an image the webview posted, once it is checked; returns why it was refused, if it was. */
export function attachPostedImage(message: Extract<FromWebview, { type: 'attachImage' }>, session: ChatSession): string | undefined {
  const image = checkImage(message.data);
  if (typeof image === 'string') return image;
  // A thumbnail that fails its check only costs the chip its picture.
  const thumbnail = checkImage(message.thumbnail, { side: THUMBNAIL_SIDE, bytes: MAX_THUMBNAIL_BYTES });
  session.attach(imageContext(imageName(message.name), image), typeof thumbnail === 'string' ? undefined : thumbnail);
  return undefined;
}
