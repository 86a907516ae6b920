import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('the manifest', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { icon: string };

  it('names a 128×128 PNG icon rendered from the SVG in media/, and ships it', () => {
    const png = readFileSync(join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    // The IHDR chunk, first after the 8-byte signature, holds width and height.
    assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(readFileSync(join(ROOT, 'media', 'icon.svg'), 'utf8').includes('<svg'));
    assert.ok(readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').includes(`!${manifest.icon}`));
  });
});
