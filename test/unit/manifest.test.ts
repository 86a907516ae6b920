import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARLEY_VENDOR } from '../../src/core/parleyModels';
import { HARMLESS_SETTINGS, RESTRICTED_SETTINGS } from '../../src/core/restrictedSettings';

const ROOT = join(__dirname, '..', '..', '..');

describe('the manifest', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    icon: string;
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    contributes: {
      configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
      languageModelChatProviders?: { vendor: string; displayName: string }[];
    };
  };
  const configuration = manifest.contributes.configuration;
  const settings = (Array.isArray(configuration) ? configuration : [configuration]).flatMap((part) => Object.keys(part.properties));

  it('names a 128×128 PNG icon rendered from the SVG in media/, and ships it', () => {
    const png = readFileSync(join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    // The IHDR chunk, first after the 8-byte signature, holds width and height.
    assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(readFileSync(join(ROOT, 'media', 'icon.svg'), 'utf8').includes('<svg'));
    assert.ok(readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').includes(`!${manifest.icon}`));
  });

  it('declares the language model vendor Parley registers its providers under (the contribution activates Parley)', () => {
    assert.deepEqual(manifest.contributes.languageModelChatProviders, [{ vendor: PARLEY_VENDOR, displayName: 'Parley' }]);
  });

  it('decides for every setting whether a workspace may set it in Restricted Mode, once', () => {
    const undecided = settings.filter((key) => !Object.hasOwn(RESTRICTED_SETTINGS, key) && !Object.hasOwn(HARMLESS_SETTINGS, key));
    assert.deepEqual(undecided, [], 'each setting is in RESTRICTED_SETTINGS or HARMLESS_SETTINGS (src/core/restrictedSettings.ts)');
    const both = Object.keys(RESTRICTED_SETTINGS).filter((key) => Object.hasOwn(HARMLESS_SETTINGS, key));
    assert.deepEqual(both, [], 'no setting is in both lists');
    const unknown = [...Object.keys(RESTRICTED_SETTINGS), ...Object.keys(HARMLESS_SETTINGS)].filter((key) => !settings.includes(key));
    assert.deepEqual(unknown, [], 'the lists name only settings package.json contributes');
    for (const [key, reason] of Object.entries({ ...RESTRICTED_SETTINGS, ...HARMLESS_SETTINGS })) assert.ok(reason.trim().length > 10, `${key} says why`);
  });

  it('lists exactly the restricted settings in restrictedConfigurations, each once', () => {
    const listed = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.equal(new Set(listed).size, listed.length, 'no setting twice');
    assert.deepEqual([...listed].sort(), Object.keys(RESTRICTED_SETTINGS).sort());
  });
});
