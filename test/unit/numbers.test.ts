import * as assert from 'node:assert/strict';
import { dateTimeText, groupDigits, isNumberSeparators, localNumber, separatorsFor, useNumberSeparators } from '../../src/shared/numbers';

// VS Code's display languages with a language pack.
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt-br', 'ru', 'pl', 'cs', 'tr', 'ja', 'ko', 'zh-cn', 'zh-tw'];
// Some languages group only from five digits; Parley groups every thousand. ('always' is newer
// than the Intl types this project compiles against.)
const EVERY_THOUSAND = { maximumFractionDigits: 20, useGrouping: 'always' } as unknown as Intl.NumberFormatOptions;
const COUNTS = [0, 7, 999, 1000, 12_345, 128_000, 1_000_000, 1_234_567_890, -4321, 1234.5];

describe('numbers in the display language', () => {
  afterEach(() => useNumberSeparators(separatorsFor('en')));

  it('groups thousands as en-US does until told otherwise', () => {
    for (const n of COUNTS) assert.equal(groupDigits(n), n.toLocaleString('en-US', { maximumFractionDigits: 20 }), String(n));
  });

  it("writes counts as Intl does for each of VS Code's display languages", () => {
    for (const language of LANGUAGES) {
      useNumberSeparators(separatorsFor(language));
      for (const n of COUNTS) {
        const expected = n.toLocaleString(language, EVERY_THOUSAND);
        assert.equal(groupDigits(n), expected, `${n} in ${language}`);
      }
    }
  });

  it('writes a plain decimal the language’s way, keeping its digits', () => {
    useNumberSeparators(separatorsFor('de'));
    assert.equal(localNumber('1234.50'), '1.234,50');
    assert.equal(localNumber('0.0012'), '0,0012');
    useNumberSeparators(separatorsFor('fr'));
    assert.equal(localNumber('1234.50'), '1\u202f234,50');
  });

  it('falls back to English for a language tag Intl does not know', () => {
    assert.deepEqual(separatorsFor('not a language!'), { group: ',', decimal: '.' });
  });

  it('accepts only separators as the host makes them from the page', () => {
    for (const language of LANGUAGES) assert.ok(isNumberSeparators(separatorsFor(language)), language);
    for (const bad of [null, 'x', {}, { group: ',' }, { group: ',', decimal: 5 }, { group: '1', decimal: '.' }, { group: ',', decimal: '<script>' }]) {
      assert.equal(isNumberSeparators(bad), false, JSON.stringify(bad));
    }
  });

  it('writes dates in the display language, and as the runtime does for a tag Intl cannot read', () => {
    const may = Date.UTC(2026, 4, 17, 12);
    const options = { dateStyle: 'long', timeZone: 'UTC' } as const;
    assert.equal(dateTimeText(may, 'de', options), '17. Mai 2026');
    assert.equal(dateTimeText(may, 'not a language!', options), new Date(may).toLocaleString(undefined, options));
  });
});
