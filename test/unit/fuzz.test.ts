import * as assert from 'node:assert/strict';
import { linkPolicy, parseFromWebview } from '../../src/shared/validate';
import { malformedMessages, random } from '../support/hostileMessages';

const KNOWN_TYPES = new Set(['ready', 'send', 'stop', 'newChat', 'retry', 'runAction', 'removeAttachment', 'openLink', 'dismissNotice']);

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

  it('mutated valid messages are either refused or come out as exactly a known, bounded shape', () => {
    const next = random(66);
    const valid = [
      { type: 'send', text: 'hi' },
      { type: 'runAction', action: 'retry' },
      { type: 'removeAttachment', id: 'abc' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'stop' },
    ];
    const values: unknown[] = [undefined, null, 1, 'retry', 'x'.repeat(300_000), { nested: true }, ['a'], 'setApiKey', '', 'https://x'];
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) {
      const base: Record<string, unknown> = { ...valid[Math.floor(next() * valid.length)]! };
      const keys = ['type', 'text', 'action', 'id', 'href', 'extra', 'constructor'];
      base[keys[Math.floor(next() * keys.length)]!] = values[Math.floor(next() * values.length)];
      const result = parseFromWebview(base);
      if (!result.ok) continue;
      accepted++;
      const value = result.value as Record<string, unknown>;
      assert.ok(KNOWN_TYPES.has(value.type as string));
      for (const [key, field] of Object.entries(value)) {
        assert.ok(['type', 'text', 'action', 'id', 'href'].includes(key), `only known fields pass, saw ${key}`);
        assert.equal(typeof field, 'string');
        assert.ok((field as string).length <= 200_000);
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
