import * as assert from 'node:assert/strict';
import { FROM_WEBVIEW_TYPES, isWebLink, parseFromWebview } from '../../src/shared/validate';
import { VALID_MESSAGES } from '../support/hostileMessages';

describe('parseFromWebview', () => {
  it('accepts a valid message of every type the protocol declares', () => {
    for (const type of FROM_WEBVIEW_TYPES) {
      for (const message of VALID_MESSAGES[type]) assert.deepEqual(parseFromWebview(message), { ok: true, value: message });
    }
  });

  it('drops unknown fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'stop', extra: 1 }), { ok: true, value: { type: 'stop' } });
  });

  it('refuses malformed and oversized messages with a reason', () => {
    for (const raw of [
      null,
      'ready',
      [],
      {},
      { type: 5 },
      { type: 'send' },
      { type: 'send', text: 5 },
      { type: 'send', text: 'x'.repeat(200_001) },
      { type: 'runAction', action: 'rm -rf' },
      { type: 'removeAttachment', id: 'x'.repeat(101) },
      { type: 'evil' },
      { type: 'editAndResend', turnId: 't' },
      { type: 'editAndResend', text: 'x' },
      { type: 'codeAction', action: 'rm', turnId: 't', code: '', language: '' },
      { type: 'codeAction', action: 'copy', turnId: 't', code: 5, language: '' },
      { type: 'codeAction', action: 'copy', turnId: 't', code: '', language: 'x'.repeat(101) },
      { type: 'listConversations', query: 'x'.repeat(501) },
      { type: 'deleteConversation' },
      { type: 'copyTurn', id: 'not turnId' },
      { type: 'pickProfile', name: 7 },
      { type: 'pickProfile', name: 'x'.repeat(201) },
      { type: 'pickProfile', name: 'General', file: 7 },
      { type: 'pickProfile', name: 'General', file: 'x'.repeat(4001) },
      { type: 'saveExample', turnId: 't', target: 'general', user: 'q' },
      { type: 'saveExample', turnId: 't', target: 'general', user: 'q', assistant: 'x'.repeat(200_001) },
      { type: 'addContext', source: 'terminal' },
      { type: 'draftExample' },
    ]) {
      const result = parseFromWebview(raw);
      assert.equal(result.ok, false, JSON.stringify(raw)?.slice(0, 80));
      if (!result.ok) assert.ok(result.reason.length > 0);
    }
  });
});

describe('conversation ids from the webview', () => {
  it('are refused at the edge unless they have the shape of a stored id, with the reason', () => {
    for (const type of ['openConversation', 'renameConversation', 'deleteConversation'] as const) {
      for (const id of ['../x', '..', 'a/b', 'a\\b', 'C:x', '', ' c1', 'c1\u0000', 'x'.repeat(65), '%2e%2e', '__proto__.json', 'é']) {
        const result = parseFromWebview({ type, id });
        assert.equal(result.ok, false, `${type} ${JSON.stringify(id)}`);
        if (!result.ok) assert.match(result.reason, new RegExp(`${type}.id must be a conversation id`));
      }
      assert.deepEqual(parseFromWebview({ type, id: '0b6f0c3e-9c1a-4c2e-8d2b-5a7e1f2a3b4c' }), {
        ok: true,
        value: { type, id: '0b6f0c3e-9c1a-4c2e-8d2b-5a7e1f2a3b4c' },
      });
    }
  });

  it('the choice about imported steering is a yes or no', () => {
    assert.deepEqual(parseFromWebview({ type: 'settleImportedSteering', keep: true }), { ok: true, value: { type: 'settleImportedSteering', keep: true } });
    assert.deepEqual(parseFromWebview({ type: 'settleImportedSteering', keep: false }), { ok: true, value: { type: 'settleImportedSteering', keep: false } });
    for (const keep of [undefined, 'yes', 1, null]) assert.equal(parseFromWebview({ type: 'settleImportedSteering', keep }).ok, false, String(keep));
  });
});

describe('isWebLink', () => {
  it('allows only http and https', () => {
    assert.equal(isWebLink('https://example.com/a?b=c'), true);
    assert.equal(isWebLink('http://localhost:3000'), true);
    for (const href of [
      'javascript:alert(1)',
      'command:workbench.action.reloadWindow',
      'data:text/html,x',
      'file:///etc/passwd',
      'vscode://x',
      '',
      'https://a b',
    ]) {
      assert.equal(isWebLink(href), false, href);
    }
  });
});
