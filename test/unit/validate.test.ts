import * as assert from 'node:assert/strict';
import type { ToWebview } from '../../src/shared/protocol';
import { FROM_WEBVIEW_TYPES, TO_WEBVIEW_TYPES, isWebLink, parseFromWebview, parseToWebview } from '../../src/shared/validate';
import { VALID_MESSAGES } from '../support/hostileMessages';
import { snapshotFixture } from '../support/snapshotFixture';

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
      { type: 'listConversations', requestId: 1, query: 'x'.repeat(501) },
      { type: 'listConversations', query: 'no request id' },
      { type: 'draftExample', requestId: -1, turnId: 't' },
      { type: 'draftExample', requestId: 1.5, turnId: 't' },
      { type: 'deleteConversation' },
      { type: 'copyTurn', id: 'not turnId' },
      { type: 'saveExample', requestId: 1, turnId: 't', target: 'general', user: 'q' },
      { type: 'saveExample', requestId: 1, turnId: 't', target: 'general', user: 'q', assistant: 'x'.repeat(200_001) },
      { type: 'saveExample', requestId: '1', turnId: 't', target: 'general', user: 'q', assistant: 'a' },
      { type: 'addContext', source: 'clipboard' },
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

describe('parseToWebview', () => {
  const snapshot = snapshotFixture([]);
  /** One message of every type the host may post; the type makes this list every one. */
  const valid: { readonly [T in ToWebview['type']]: Extract<ToWebview, { type: T }> } = {
    state: { type: 'state', revision: 1, snapshot },
    update: { type: 'update', revision: 2, base: 1, snapshot, keptTurns: 0, turns: [] },
    delta: { type: 'delta', turnId: 'a', part: 'reasoning', offset: 0, text: 'Hm' },
    focusComposer: { type: 'focusComposer' },
    imagePicked: { type: 'imagePicked', name: 'a.png', mime: 'image/png', data: 'AAAA' },
    conversations: { type: 'conversations', requestId: 1, query: '', items: [] },
    exampleDraft: { type: 'exampleDraft', requestId: 2, turnId: 'a', user: 'q', assistant: 'a' },
    exampleSaved: { type: 'exampleSaved', requestId: 3, turnId: 'a', ok: false, message: 'No.' },
  };

  it('accepts a message of every type the host posts', () => {
    assert.deepEqual([...TO_WEBVIEW_TYPES].sort(), Object.keys(valid).sort());
    for (const message of Object.values(valid)) assert.equal(parseToWebview(message), message);
  });

  it('refuses what the webview could not order or draw: the webview then asks for a whole snapshot', () => {
    for (const raw of [
      null,
      { type: 'nope' },
      { type: 'toString' },
      { type: 'state', snapshot },
      { type: 'state', revision: -1, snapshot },
      { type: 'update', revision: 2, snapshot, keptTurns: 0, turns: [] },
      { type: 'update', revision: 2, base: 1.5, snapshot, keptTurns: 0, turns: [] },
      { type: 'delta', turnId: 'a', part: 'text', text: 'no offset' },
      { type: 'delta', turnId: 'a', part: 'html', offset: 0, text: 'x' },
      { type: 'exampleSaved', requestId: 3, turnId: 'a', ok: 'yes', message: '' },
      { type: 'conversations', query: '', items: [] },
    ]) {
      assert.equal(parseToWebview(raw), undefined, JSON.stringify(raw));
    }
  });
});
