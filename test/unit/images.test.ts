import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageTokens } from '../../src/core/budget';
import { classifyFailure } from '../../src/core/client';
import { newConversation } from '../../src/core/conversation';
import type { Conversation, UserTurn } from '../../src/core/domain';
import { parseExport, toExportJson } from '../../src/core/exchange';
import { failureText } from '../../src/core/failureText';
import { toMarkdown } from '../../src/core/transcript';
import { FileConversationStore } from '../../src/node/fileStore';
import { png } from '../support/images';
import { MemoryState } from '../support/memoryState';
import { base64Bytes, checkImage, imageContext, imagesUnsupported, imageTokens, readImageHeader, withoutImageData } from '../../src/core/images';
import { buildMessages, formatUserContent } from '../../src/core/prompt';
import { wireMessage } from '../../src/core/toolCalls';
import { MAX_IMAGE_SIDE } from '../../src/shared/validate';

/** A JPEG's segments up to its frame header: SOI, a JFIF APP0, a comment, and a baseline SOF0 of `width`×`height`. */
function jpegHead(width: number, height: number, marker = 0xc0): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x07]), Buffer.from('hello', 'ascii')]);
  // A Huffman table (DHT, 0xC4) is in the SOF range but is not a frame header.
  const dht = Buffer.from([0xff, 0xc4, 0x00, 0x04, 0x00, 0x00]);
  const sof = Buffer.from([0xff, marker, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, comment, dht, sof]);
}

// Real encoders' output: a 1×1 GIF89a, and 1×1 WebPs of each encoding (lossy VP8, lossless VP8L, extended VP8X with alpha).
const GIF = 'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
const WEBP_LOSSY = 'UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA';
const WEBP_LOSSLESS = 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==';
const WEBP_EXTENDED = 'UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==';

const bytesOf = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));

describe('image headers', () => {
  it('reads the type and size of PNG, JPEG, GIF and WebP from their magic bytes', () => {
    assert.deepEqual(readImageHeader(png(37, 23)), { mime: 'image/png', width: 37, height: 23 });
    assert.deepEqual(readImageHeader(jpegHead(640, 480)), { mime: 'image/jpeg', width: 640, height: 480 });
    assert.deepEqual(readImageHeader(jpegHead(3000, 2000, 0xc2)), { mime: 'image/jpeg', width: 3000, height: 2000 }, 'a progressive JPEG (SOF2)');
    assert.deepEqual(readImageHeader(bytesOf(GIF)), { mime: 'image/gif', width: 1, height: 1 });
    assert.deepEqual(readImageHeader(bytesOf(WEBP_LOSSY)), { mime: 'image/webp', width: 1, height: 1 });
    assert.deepEqual(readImageHeader(bytesOf(WEBP_LOSSLESS)), { mime: 'image/webp', width: 1, height: 1 });
    assert.deepEqual(readImageHeader(bytesOf(WEBP_EXTENDED)), { mime: 'image/webp', width: 1, height: 1 });
  });

  it('refuses what is not one of them, or is cut short, or claims no pixels', () => {
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from('BM6\u0000\u0000\u0000'),
      png(2, 2).subarray(0, 20),
      jpegHead(10, 10).subarray(0, 30),
      png(0, 5),
      Buffer.alloc(0),
      Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt '),
    ]) {
      assert.equal(readImageHeader(new Uint8Array(bytes)), undefined, JSON.stringify(bytes.subarray(0, 12).toString('latin1')));
    }
  });

  it('decodes base64 as Buffer does, whole or its first bytes', () => {
    const sample = Buffer.from(Array.from({ length: 301 }, (_, i) => (i * 37) % 256));
    for (const length of [0, 1, 2, 3, 100, 301]) {
      const text = sample.subarray(0, length).toString('base64');
      assert.deepEqual(Buffer.from(base64Bytes(text)!), sample.subarray(0, length));
    }
    assert.deepEqual(Buffer.from(base64Bytes(sample.toString('base64'), 7)!), sample.subarray(0, 7));
    assert.equal(base64Bytes('abc'), undefined);
    assert.equal(base64Bytes('ab!d'), undefined);
  });
});

describe('checkImage', () => {
  it('accepts an image within the limits, with its facts and bytes', () => {
    const data = png(40, 30).toString('base64');
    assert.deepEqual(checkImage(data), { mime: 'image/png', width: 40, height: 30, bytes: png(40, 30).length, data });
  });

  it('refuses, with a reason, what is not an image, too large a picture, or too many bytes', () => {
    assert.match(checkImage(Buffer.from('just text, not a picture').toString('base64')) as string, /not a PNG, JPEG, GIF or WebP/);
    assert.match(checkImage(png(MAX_IMAGE_SIDE + 1, 1).toString('base64')) as string, /2049×1 pixels, larger than the 2048 px/);
    assert.match(checkImage(png(10, 10).toString('base64'), { side: 2048, bytes: 20 }) as string, /more than the 20 Parley sends/);
    assert.match(checkImage('not base64!') as string, /not base64/);
  });
});

describe('image tokens', () => {
  it("follows OpenAI's tile formula for detail auto/high", () => {
    // OpenAI's own examples: 1024×1024 → 768×768, 4 tiles; 2048×4096 → 1024×2048 → 768×1536, 6 tiles.
    assert.equal(imageTokens(1024, 1024), 85 + 170 * 4);
    assert.equal(imageTokens(2048, 4096), 85 + 170 * 6);
    // Small images are not scaled up: one tile.
    assert.equal(imageTokens(200, 100), 85 + 170);
    // A wide screenshot: 2560×1440 fits 2048×1152, then 1365×768: 3×2 tiles.
    assert.equal(imageTokens(2560, 1440), 85 + 170 * 6);
  });

  it('counts into the request size', () => {
    const counter = { count: (text: string) => text.length, exact: false };
    const image = checkImage(png(1024, 1024).toString('base64'));
    assert.ok(typeof image === 'object');
    const withImage: UserTurn = { id: 'u', role: 'user', text: 'Look', context: [imageContext('shot.png', image)], createdAt: 1 };
    const without: UserTurn = { ...withImage, context: [] };
    const steering = { systemPrompt: '', examples: [] };
    const difference = messageTokens(buildMessages(steering, [withImage]), counter) - messageTokens(buildMessages(steering, [without]), counter);
    assert.equal(difference, 765 + formatUserContent('Look', withImage.context).length - 'Look'.length);
  });
});

describe('images in a request', () => {
  const image = checkImage(png(3, 2).toString('base64'));
  if (typeof image !== 'object') throw new Error(image);
  const context = imageContext('screenshot.png', image);
  const turn: UserTurn = { id: 'u', role: 'user', text: 'What is wrong here?', context: [context], createdAt: 1 };

  it('goes as Chat Completions content parts: the text, then each image once as a data: URL', () => {
    const [message] = buildMessages({ systemPrompt: '', examples: [] }, [turn]);
    assert.deepEqual(wireMessage(message!), {
      role: 'user',
      content: [
        { type: 'text', text: 'What is wrong here?\n\nThe image `screenshot.png` (3×2) is attached.' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${image.data}` } },
      ],
    });
  });

  it('stays a plain string without images, and names an image whose file is gone without sending it', () => {
    const [plain] = buildMessages({ systemPrompt: '', examples: [] }, [{ ...turn, context: [] }]);
    assert.deepEqual(wireMessage(plain!), { role: 'user', content: 'What is wrong here?' });
    const gone = imageContext('screenshot.png', { ...image, data: undefined });
    const [lost] = buildMessages({ systemPrompt: '', examples: [] }, [{ ...turn, context: [gone] }]);
    assert.deepEqual(wireMessage(lost!), {
      role: 'user',
      content: 'What is wrong here?\n\n(The image `screenshot.png` (3×2) was attached here, but its file is gone: it is not sent.)',
    });
  });

  it('an earlier question carries its image again as history, each image once per message', () => {
    const answer = { id: 'a', role: 'assistant' as const, text: 'A typo.', status: 'complete' as const, model: 'm', createdAt: 2 };
    const next: UserTurn = { id: 'u2', role: 'user', text: 'And now?', context: [], createdAt: 3 };
    const wire = buildMessages({ systemPrompt: 'Be brief.', examples: [] }, [turn, answer, next]).map(wireMessage);
    const urls = JSON.stringify(wire).match(/data:image\/png;base64,/g) ?? [];
    assert.equal(urls.length, 1);
    assert.deepEqual(
      wire.map((m) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
  });

  it('views carry no image bytes, and name the image', () => {
    const shown = withoutImageData(context);
    assert.equal(shown.image?.data, undefined);
    assert.equal(shown.text, 'screenshot.png (3×2 PNG)');
    assert.equal(withoutImageData(imageContext('x.png', { ...image, data: undefined })).text, 'x.png (3×2 PNG): its file was not found');
  });

  it("says so before sending where the provider's model list states the model reads no images", () => {
    const stated = (imageInput?: boolean) => imagesUnsupported({ provider: 'openrouter', model: 'deepseek/deepseek-chat', exactCounting: false, imageInput });
    assert.match(stated(false)!, /^The provider states that deepseek\/deepseek-chat does not read images/);
    assert.equal(stated(true), undefined);
    assert.equal(stated(undefined), undefined, 'not stated: only the server can tell');
  });
});

describe('images saved with their conversation', () => {
  let folder: string;
  let store: FileConversationStore;
  const problems: string[] = [];
  const data = png(5, 4).toString('base64');

  function withImage(id: string): Conversation {
    const image = checkImage(data);
    if (typeof image !== 'object') throw new Error(image);
    const c = newConversation(id, 1);
    c.turns.push({ id: `${id}-u`, role: 'user', text: 'See this', context: [imageContext('shot.png', image)], createdAt: 1 });
    c.turns.push({ id: `${id}-a`, role: 'assistant', text: 'Seen.', status: 'complete', model: 'm', createdAt: 2 });
    return c;
  }

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-images-'));
    store = new FileConversationStore(folder, new MemoryState(), (message) => problems.push(message));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('keeps the bytes in a file beside the JSON, named by their hash, and reads them back', async () => {
    await store.save(withImage('c1'));
    const json = await readFile(join(folder, 'c1.json'), 'utf8');
    assert.ok(!json.includes(data), 'the JSON holds no image bytes');
    const hash = createHash('sha256').update(png(5, 4)).digest('hex');
    assert.deepEqual(await readdir(join(folder, 'c1.images')), [`${hash}.png`]);
    assert.deepEqual(await readFile(join(folder, 'c1.images', `${hash}.png`)), png(5, 4));
    const loaded = await new FileConversationStore(folder, new MemoryState(), () => undefined).load('c1');
    const [context] = (loaded!.turns[0] as UserTurn).context;
    assert.deepEqual(context!.image, { mime: 'image/png', width: 5, height: 4, bytes: png(5, 4).length, file: `${hash}.png`, data });
    assert.deepEqual(problems, []);
  });

  it('loads a conversation whose image file is gone, the image named as missing and not sent', async () => {
    await store.save(withImage('c2'));
    await rm(join(folder, 'c2.images'), { recursive: true });
    const loaded = await new FileConversationStore(folder, new MemoryState(), () => undefined).load('c2');
    const question = loaded!.turns[0] as UserTurn;
    assert.equal(question.context[0]!.image!.data, undefined);
    assert.match(withoutImageData(question.context[0]!).text, /its file was not found/);
    const [message] = buildMessages({ systemPrompt: '', examples: [] }, [question]);
    assert.equal(message!.images, undefined);
  });

  it('a file that holds another picture than the JSON says counts as gone', async () => {
    await store.save(withImage('c3'));
    const [name] = await readdir(join(folder, 'c3.images'));
    await writeFile(join(folder, 'c3.images', name!), png(9, 9));
    const loaded = await new FileConversationStore(folder, new MemoryState(), () => undefined).load('c3');
    assert.equal((loaded!.turns[0] as UserTurn).context[0]!.image!.data, undefined);
  });

  it('deleting the conversation deletes its images; Undo (saving it again) writes them again', async () => {
    const c = withImage('c4');
    await store.save(c);
    await store.delete('c4');
    assert.deepEqual(await readdir(folder), []);
    await store.save(c);
    assert.equal((await readdir(join(folder, 'c4.images'))).length, 1);
  });

  it('the JSON export holds the image, and importing it restores it; a script names it', async () => {
    await store.save(withImage('c5'));
    const loaded = (await store.load('c5'))!;
    const exported = toExportJson([loaded], new Date(0));
    assert.ok(exported.includes(data));
    const [imported] = parseExport(exported, { file: 'export.json', at: 5 });
    const image = (imported!.turns[0] as UserTurn).context[0]!.image!;
    assert.equal(image.data, data);
    assert.equal(image.file, undefined, "the file named someone else's folder");
    assert.match(toMarkdown(loaded, new Date(0)), /The image `shot.png` \(5×4\) is attached\./);
  });

  it('an import whose image bytes are not the picture it describes is refused', () => {
    const c = withImage('c6');
    const question = c.turns[0] as UserTurn;
    const forged = {
      ...c,
      turns: [{ ...question, context: [{ ...question.context[0]!, image: { ...question.context[0]!.image!, width: 500 } }] }, c.turns[1]!],
    };
    assert.throws(() => parseExport(toExportJson([forged], new Date(0)), { file: 'x.json', at: 1 }), /bad context/);
  });
});

describe('a model that refuses images', () => {
  it("is told apart by the server's words, and the way out is to send without the images", () => {
    for (const message of [
      'Invalid content type. image_url is only supported by certain models.',
      'llama.cpp: image input is not supported - hint: if this is unexpected, you may need to provide the mmproj',
      'Qwen/Qwen2.5-7B-Instruct is not a multimodal model',
    ]) {
      const failure = classifyFailure({ status: 400, message, model: 'gpt-3.5-turbo', baseUrl: 'http://x' });
      assert.deepEqual(failure, { kind: 'bad-request', reason: 'images-refused', status: 400, model: 'gpt-3.5-turbo', serverMessage: message });
      const text = failureText(failure);
      assert.equal(text.action, 'sendWithoutImages');
      assert.match(text.message, /gpt-3.5-turbo refused the images \(400\).*Pick a model that reads images/);
    }
    assert.equal(
      classifyFailure({ status: 400, message: "Unsupported parameter: 'max_tokens'", model: 'o1', baseUrl: 'http://x' }).reason,
      'parameter-refused',
    );
  });
});
