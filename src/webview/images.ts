// Images into the composer: pasted (Ctrl/Cmd+V), dropped, or picked with Add Context → Image… (the
// host reads the file and hands it here). Each is scaled here, where a canvas can, to fit the
// longest side Parley sends, with a thumbnail for its chip; the host checks both before attaching.
// What is refused says why beside the composer; the question being typed stays as it is.
import * as l10n from '@vscode/l10n';
import type { FromWebview } from '../shared/protocol';
import { groupDigits } from '../shared/numbers';
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, MAX_INPUT_IMAGE_BYTES, MAX_THUMBNAIL_BYTES, THUMBNAIL_SIDE } from '../shared/validate';
import { element } from './dom';

const TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** A blob's bytes in base64. */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });
}

/** The image drawn to fit `side`, as PNG, or as JPEG when the PNG would take more than `bytes`. */
async function drawn(bitmap: ImageBitmap, side: number, bytes: number): Promise<Blob | undefined> {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const canvas = element('canvas', { width: Math.max(1, Math.round(bitmap.width * scale)), height: Math.max(1, Math.round(bitmap.height * scale)) });
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const encoded = (type: string, quality?: number): Promise<Blob | null> => new Promise((resolve) => canvas.toBlob(resolve, type, quality));
  const png = await encoded('image/png');
  if (png && png.size <= bytes) return png;
  const jpeg = await encoded('image/jpeg', 0.85);
  return jpeg && jpeg.size <= bytes ? jpeg : undefined;
}

/** The image as it is posted: as it came when it fits the limits, else scaled; or why it cannot be. */
async function prepared(blob: Blob, name: string): Promise<{ data: string; thumbnail: string } | string> {
  if (!TYPES.includes(blob.type)) return l10n.t('{0} is not a PNG, JPEG, GIF or WebP image.', name);
  if (blob.size > MAX_INPUT_IMAGE_BYTES)
    return l10n.t('{0} takes {1} bytes, more than the {2} Parley reads for an image.', name, groupDigits(blob.size), groupDigits(MAX_INPUT_IMAGE_BYTES));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return l10n.t('{0} could not be read as an image.', name);
  }
  try {
    const fits = Math.max(bitmap.width, bitmap.height) <= MAX_IMAGE_SIDE && blob.size <= MAX_IMAGE_BYTES;
    const image = fits ? blob : await drawn(bitmap, MAX_IMAGE_SIDE, MAX_IMAGE_BYTES);
    const thumbnail = await drawn(bitmap, THUMBNAIL_SIDE, MAX_THUMBNAIL_BYTES);
    if (!image) return l10n.t('{0} stays over {1} bytes even scaled down to {2} px.', name, groupDigits(MAX_IMAGE_BYTES), MAX_IMAGE_SIDE);
    return { data: await base64Of(image), thumbnail: thumbnail ? await base64Of(thumbnail) : '' };
  } finally {
    bitmap.close();
  }
}

/** Extensions for images that came without a name (a pasted screenshot is "image.png" in some browsers, nameless in others). */
const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Pasting, dropping and picking images into the composer; `notice` says what was refused. */
export class ImageInput {
  readonly notice = element('div', { className: 'image-notice', hidden: true });

  constructor(
    target: HTMLElement,
    private readonly post: (message: FromWebview) => void,
  ) {
    this.notice.setAttribute('role', 'alert');
    target.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/'));
      if (files.length === 0) return;
      // Text copied with a picture still pastes as text; a picture alone is attached.
      if (!event.clipboardData?.types.includes('text/plain')) event.preventDefault();
      void this.attach(files);
    });
    target.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    target.addEventListener('drop', (event) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      void this.attach(files);
    });
  }

  /** An image file the host read for Add Context → Image…, in base64. */
  async attachPicked(name: string, mime: string, data: string): Promise<void> {
    const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
    await this.attach([new File([bytes], name, { type: mime })]);
  }

  private async attach(files: readonly File[]): Promise<void> {
    const problems: string[] = [];
    for (const file of files) {
      const name = file.name || `${l10n.t('Pasted image')}.${EXTENSIONS[file.type] ?? 'png'}`;
      const image = await prepared(file, name);
      if (typeof image === 'string') problems.push(image);
      else this.post({ type: 'attachImage', name, ...image });
    }
    this.notice.textContent = problems.join(' ');
    this.notice.hidden = problems.length === 0;
  }
}
