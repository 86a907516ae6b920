import * as assert from 'node:assert/strict';
import { BIDI_CONTROL, splitBidiControls } from '../../src/shared/bidiControls';

describe('Bidirectional control characters in code', () => {
  it('splits each control character into a run of its own, with its code point', () => {
    assert.deepEqual(splitBidiControls('if (a != "user\u202E \u2066// admin\u2069") {'), [
      { text: 'if (a != "user', control: false },
      { text: '\u202E', control: true, codePoint: 'U+202E' },
      { text: ' ', control: false },
      { text: '\u2066', control: true, codePoint: 'U+2066' },
      { text: '// admin', control: false },
      { text: '\u2069', control: true, codePoint: 'U+2069' },
      { text: '") {', control: false },
    ]);
  });

  it('finds every one of them: embeddings, overrides, isolates, LRM, RLM and ALM', () => {
    const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    const runs = splitBidiControls(controls);
    assert.deepEqual(
      runs.map((run) => (run.control ? run.codePoint : 'text')),
      ['U+202A', 'U+202B', 'U+202C', 'U+202D', 'U+202E', 'U+2066', 'U+2067', 'U+2068', 'U+2069', 'U+200E', 'U+200F', 'U+061C'],
    );
    for (const char of controls) assert.ok(BIDI_CONTROL.test(char), `U+${char.charCodeAt(0).toString(16)}`);
  });

  it('leaves other text, also right-to-left letters and zero-width joiners, as one run', () => {
    for (const text of ['plain code();', 'שלום עולם', 'مرحبا', 'a\u200Db', 'é', '']) {
      assert.ok(!BIDI_CONTROL.test(text));
      assert.deepEqual(splitBidiControls(text), text ? [{ text, control: false }] : []);
    }
  });

  it('keeps the text: the runs joined are the input', () => {
    const text = '\u202Estart \u2067mid\u2069 end\u200F';
    assert.equal(
      splitBidiControls(text)
        .map((run) => run.text)
        .join(''),
      text,
    );
  });
});
