import * as assert from 'node:assert/strict';
import type { FromWebview } from '../../src/shared/protocol';
import { FROM_WEBVIEW_TYPES, MAX_IMAGE_BYTES, linkPolicy, parseFromWebview } from '../../src/shared/validate';
import { MESSAGE_FIELDS, VALID_MESSAGES, malformedMessages, random } from '../support/hostileMessages';

describe('webview messages under fuzzing', () => {
  it('refuses every one of 10,000 malformed messages, with a reason and without throwing', () => {
    const corpus = malformedMessages(10_000);
    let refused = 0;
    for (const raw of corpus) {
      const result = parseFromWebview(raw);
      assert.equal(result.ok, false, `accepted ${JSON.stringify(raw)?.slice(0, 120)}`);
      if (!result.ok && result.reason.length > 0) refused++;
    }
    assert.equal(refused, corpus.length);
    console.log(`      malformed messages refused: ${refused} of ${corpus.length}`);
  });

  it('holds malformed messages of every type the protocol declares', () => {
    const types = new Set(malformedMessages(10_000).map((raw) => (raw as { type?: unknown })?.type));
    const fielded = FROM_WEBVIEW_TYPES.filter((type) => MESSAGE_FIELDS[type].names.length > 0);
    assert.deepEqual(
      fielded.filter((type) => !types.has(type)),
      [],
      'every type with fields is fuzzed',
    );
  });

  it('mutated valid messages of every type are either refused or come out as exactly a known, bounded shape', () => {
    const next = random(66);
    const valid = FROM_WEBVIEW_TYPES.flatMap((type) => VALID_MESSAGES[type] as readonly Record<string, unknown>[]);
    const kindOf = (type: FromWebview['type'], field: string) =>
      typeof (VALID_MESSAGES[type] as readonly Record<string, unknown>[]).find((m) => field in m)?.[field];
    const values: unknown[] = [undefined, null, 1, true, 'retry', 'x'.repeat(300_000), { nested: true }, ['a'], 'setApiKey', '', 'https://x', 'c1'];
    const keys = ['type', 'extra', 'constructor', ...new Set(FROM_WEBVIEW_TYPES.flatMap((type) => MESSAGE_FIELDS[type].names))];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const base: Record<string, unknown> = { ...valid[Math.floor(next() * valid.length)]! };
      base[keys[Math.floor(next() * keys.length)]!] = values[Math.floor(next() * values.length)];
      const result = parseFromWebview(base);
      if (!result.ok) continue;
      accepted++;
      const { type, ...fields } = result.value as { type: FromWebview['type'] } & Record<string, unknown>;
      assert.ok(FROM_WEBVIEW_TYPES.includes(type));
      for (const [key, field] of Object.entries(fields)) {
        assert.ok(MESSAGE_FIELDS[type].names.includes(key), `only ${type}'s own fields pass, saw ${key}`);
        assert.equal(typeof field, kindOf(type, key), `${type}.${key} keeps its kind`);
        // An image's base64 is the one field longer than a message.
        const bound = type === 'attachImage' && key === 'data' ? Math.ceil(MAX_IMAGE_BYTES / 3) * 4 : 200_000;
        if (typeof field === 'string') assert.ok(field.length <= bound, `${type}.${key} has ${field.length} characters`);
      }
    }
    assert.ok(accepted > 0, 'some mutations stay valid, so the check above ran');
  });
});

describe('linkPolicy', () => {
  it('is an allow-list: web links open, mailto: asks, every other link is refused', () => {
    assert.equal(linkPolicy('https://example.com/a?b=c'), 'open');
    assert.equal(linkPolicy('http://localhost:3000'), 'open');
    assert.equal(linkPolicy('HTTPS://EXAMPLE.COM'), 'open');
    for (const href of ['mailto:someone@example.com', 'MAILTO:someone@example.com?subject=Hi']) assert.equal(linkPolicy(href), 'ask', href);
    for (const href of [
      'vscode://vscode.git/clone?url=x',
      'vscode-file://vscode-app/etc/passwd',
      'vscode-insiders://x',
      'search-ms:query=secret&crumb=location:\\\\evil.example\\share',
      'smb://evil.example/share',
      'ms-settings:',
      'ftp://example.com/file',
      'ssh://host',
      'tel:+123',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'command:workbench.action.reloadWindow',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'vbscript:msgbox',
      'blob:https://x/1',
      ' mailto:someone@example.com',
      'mailto:someone@example.com\n',
      'https://example.com/\u0000',
      '',
      '#top',
      'relative/path',
      'https://a b',
    ]) {
      assert.equal(linkPolicy(href), 'refuse', JSON.stringify(href));
    }
  });
});
