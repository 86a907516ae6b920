// Attached images: what their headers say (type and size, read from the magic bytes, with no image
// library), the limits Parley holds them to, what OpenAI counts them as, and how they go out.
import { l10n } from '../shared/l10n';
import { groupDigits } from '../shared/numbers';
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from '../shared/validate';
import { mapTurns } from './branches';
import type { CodeContext, Conversation, ImageContent, ImageType } from './domain';

export const IMAGE_TYPES: readonly ImageType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** How the file of a saved image is named: its bytes' SHA-256, and its type's extension. */
export const IMAGE_FILE = /^[0-9a-f]{64}\.(png|jpg|gif|webp)$/;

/** The extension of an image type's files. */
export function imageExtension(mime: ImageType): string {
  return mime === 'image/jpeg' ? 'jpg' : mime.slice('image/'.length);
}

/** What an image's header says. */
export interface ImageHeader {
  readonly mime: ImageType;
  readonly width: number;
  readonly height: number;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean => signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (bytes: Uint8Array, at: number, length: number): string => String.fromCharCode(...bytes.subarray(at, at + length));
const be16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const le16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const le24 = (b: Uint8Array, at: number): number => le16(b, at) | (b[at + 2]! << 16);
const be32 = (b: Uint8Array, at: number): number => be16(b, at) * 0x10000 + be16(b, at + 2);

/**
 * The type and size of a PNG, JPEG, GIF or WebP from its first bytes; undefined for anything else
 * (or a header too short to hold them). A JPEG's size is in its first SOF segment, which may come
 * after its metadata: pass the whole file.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  // PNG: the signature, then the IHDR chunk with width and height (big-endian).
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && bytes.length >= 24 && ascii(bytes, 12, 4) === 'IHDR') {
    return sized('image/png', be32(bytes, 16), be32(bytes, 20));
  }
  // GIF87a / GIF89a: the logical screen's width and height (little-endian).
  if (bytes.length >= 10 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return sized('image/gif', le16(bytes, 6), le16(bytes, 8));
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpegHeader(bytes);
  if (bytes.length >= 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webpHeader(bytes);
  return undefined;
}

function sized(mime: ImageType, width: number, height: number): ImageHeader | undefined {
  return width > 0 && height > 0 ? { mime, width, height } : undefined;
}

/** A JPEG's segments up to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), which holds its height and width. */
function jpegHeader(bytes: Uint8Array): ImageHeader | undefined {
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at++;
      continue;
    }
    // Markers without a length: TEM and RST0–7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = be16(bytes, at + 2);
    if (length < 2) return undefined;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return sized('image/jpeg', be16(bytes, at + 7), be16(bytes, at + 5));
    }
    at += 2 + length;
  }
  return undefined;
}

/** WebP's three encodings: lossy (VP8), lossless (VP8L) and extended (VP8X, with its canvas size). */
function webpHeader(bytes: Uint8Array): ImageHeader | undefined {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ' && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return sized('image/webp', le16(bytes, 26) & 0x3fff, le16(bytes, 28) & 0x3fff);
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
    return sized('image/webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return sized('image/webp', le24(bytes, 24) + 1, le24(bytes, 27) + 1);
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes `base64` decodes to, the first `limit` of them at most; undefined when it is not base64. */
export function base64Bytes(base64: string, limit = Infinity): Uint8Array | undefined {
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return undefined;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const total = (base64.length / 4) * 3 - padding;
  const out = new Uint8Array(Math.min(total, limit));
  for (let i = 0, o = 0; o < out.length; i += 4) {
    const n = [0, 1, 2, 3].reduce((sum, k) => sum * 64 + Math.max(0, BASE64_DIGITS.indexOf(base64[i + k] ?? 'A')), 0);
    for (const shift of [16, 8, 0]) if (o < out.length) out[o++] = (n >> shift) & 0xff;
  }
  return out;
}

/** The size in bytes of what `base64` holds. */
export function base64Size(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/**
 * How much of a JPEG is read for its size: its metadata (EXIF with a preview, ICC profiles) comes
 * before the frame header and may be long.
 */
const HEADER_BYTES = 256 * 1024;

/**
 * Checks an image the webview posted (base64), as it will be sent: a PNG, JPEG, GIF or WebP by its
 * magic bytes, within the limits. The picture, or why it is refused.
 */
export function checkImage(base64: string, limits = { side: MAX_IMAGE_SIDE, bytes: MAX_IMAGE_BYTES }): ImageContent | string {
  const head = base64Bytes(base64, HEADER_BYTES);
  if (!head) return l10n.t('The image data is damaged (not base64).');
  const header = readImageHeader(head);
  if (!header) return l10n.t('This is not a PNG, JPEG, GIF or WebP image. Attach one of those.');
  const bytes = base64Size(base64);
  if (bytes > limits.bytes) return l10n.t('The image takes {0} bytes, more than the {1} Parley sends.', groupDigits(bytes), groupDigits(limits.bytes));
  if (Math.max(header.width, header.height) > limits.side)
    return l10n.t('The image is {0}×{1} pixels, larger than the {2} px Parley sends on its longest side.', header.width, header.height, limits.side);
  return { ...header, bytes, data: base64 };
}

/**
 * What OpenAI counts an image as (detail auto or high): scaled to fit 2048×2048, then its shortest
 * side to 768, it costs 85 tokens and 170 for each 512-px tile it covers.
 */
export function imageTokens(width: number, height: number): number {
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortest = Math.min(1, 768 / Math.min(w, h));
  w *= shortest;
  h *= shortest;
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/** The tokens the images of a message take. */
export function imagesTokens(images: readonly ImageContent[] | undefined): number {
  return (images ?? []).reduce((sum, image) => sum + imageTokens(image.width, image.height), 0);
}

/** An attached image as context: `name` is what its chip and the script call it. */
export function imageContext(name: string, image: ImageContent): CodeContext {
  return { path: name, language: '', startLine: 1, endLine: 1, text: '', kind: 'image', image };
}

/** The image as a `data:` URL, the form Chat Completions takes it in; undefined when its bytes are gone. */
export function imageDataUrl(image: ImageContent): string | undefined {
  return image.data === undefined ? undefined : `data:${image.mime};base64,${image.data}`;
}

/**
 * Context as a view shows it: an image without its bytes (a view does not draw them; a chip has its
 * thumbnail), its text what to call it, which says when its file is gone.
 */
export function withoutImageData(context: CodeContext): CodeContext {
  if (!context.image) return context;
  return { ...context, image: imageFacts(context.image), text: imageLabel(context) };
}

/** An image without its bytes: what its file's JSON and the views hold. */
export function imageFacts(image: ImageContent): ImageContent {
  const facts = { ...image };
  delete facts.data;
  return facts;
}

/** The images of a question that can be sent (their bytes are at hand). */
export function sendableImages(context: readonly CodeContext[]): ImageContent[] {
  return context.flatMap((c) => (c.kind === 'image' && c.image?.data !== undefined ? [c.image] : []));
}

/** How a chip names an image: its name, size and type. */
export function imageLabel(context: CodeContext): string {
  const image = context.image;
  if (!image) return context.path;
  const label = l10n.t('{0} ({1}×{2} {3})', context.path, image.width, image.height, image.mime.slice('image/'.length).toUpperCase());
  return image.data === undefined ? l10n.t('{0}: its file was not found', label) : label;
}

/** Where a request goes, as far as its images are concerned (RequestTarget has this shape). */
interface ImageTarget {
  readonly provider: string;
  readonly model: string;
  /** The model is OpenAI's (its tokenizer counts it exactly). */
  readonly exactCounting: boolean;
  /** Whether the model reads images, where the provider states it. */
  readonly imageInput?: boolean;
}

/** OpenAI's own servers count images by the tile formula (imageTokens); for others it is an estimate. */
export function countsImagesAsOpenAI(target: ImageTarget): boolean {
  return (target.provider === 'openai' || target.provider === 'azure') && target.exactCounting;
}

/**
 * Why the target cannot take images, known before sending: its provider's model list states the
 * model reads none. Undefined where only the server can tell (VS Code's own API tells a consumer
 * nothing of a model's capabilities).
 */
export function imagesUnsupported(target: ImageTarget): string | undefined {
  if (target.imageInput !== false) return undefined;
  return l10n.t('The provider states that {0} does not read images: pick a model that does, or remove the image.', target.model);
}

/** Applies `change` to every image of a conversation, in every branch. */
export function mapImages(conversation: Conversation, change: (image: ImageContent) => ImageContent): Conversation {
  const tree = mapTurns(conversation, (turn) =>
    turn.role === 'user' && turn.context.some((c) => c.image)
      ? { ...turn, context: turn.context.map((c) => (c.image ? { ...c, image: change(c.image) } : c)) }
      : turn,
  );
  return { ...conversation, ...tree };
}
