// What each message in the panel's log offers (src/webview/turnActions.ts): head buttons, the
// follow-up of a failed or stopped answer, Save as Example, and the buttons of code blocks.
import * as assert from 'node:assert/strict';
import type { AssistantTurnView, TurnView, UserTurnView } from '../../src/shared/protocol';
import { actionsKey, answersSelection, codeActions, followUp, isLastTurn, offersSaveExample, turnActions } from '../../src/webview/turnActions';

const question = (id: string, withCode = false): UserTurnView => ({
  id,
  role: 'user',
  text: 'q',
  context: withCode ? [{ path: 'a.ts', language: 'typescript', startLine: 1, endLine: 2, text: 'x' }] : [],
});
const answer = (id: string, fields: Partial<AssistantTurnView> = {}): AssistantTurnView => ({
  id,
  role: 'assistant',
  text: 'a',
  status: 'complete',
  ...fields,
});

describe('what a message in the log offers', () => {
  const turns: TurnView[] = [question('q1', true), answer('a1'), question('q2'), answer('a2')];

  it('knows the last message, and whether an answer went with attached code', () => {
    assert.deepEqual(
      turns.map((t) => isLastTurn(turns, t.id)),
      [false, false, false, true],
    );
    assert.equal(isLastTurn([], 'a1'), false);
    assert.equal(answersSelection(turns, 'a1'), true);
    assert.equal(answersSelection(turns, 'a2'), false);
    // The first message has nothing before it; an unknown id is no answer.
    assert.equal(answersSelection(turns, 'q1'), false);
    assert.equal(answersSelection(turns, 'nope'), false);
  });

  it('offers Edit on questions, Copy on answers, Regenerate on the last, Fork on each, nothing while one runs', () => {
    assert.deepEqual(turnActions(question('q'), false), ['edit', 'fork']);
    assert.deepEqual(turnActions(question('q'), true), ['edit', 'fork']);
    assert.deepEqual(turnActions(answer('a'), false), ['copy', 'fork']);
    assert.deepEqual(turnActions(answer('a'), true), ['copy', 'regenerate', 'fork']);
    assert.deepEqual(turnActions(answer('a', { status: 'error' }), true), ['copy', 'regenerate', 'fork']);
    assert.deepEqual(turnActions(answer('a', { status: 'streaming' }), true), []);
  });

  it('offers nothing to copy or regenerate on an answer without text: its callout has the action that fixes it', () => {
    const failed = answer('a', { text: '', status: 'error', error: { kind: 'server', message: 'The server had a problem (500).', action: 'retry' } });
    assert.deepEqual(turnActions(failed, true), []);
    assert.deepEqual(turnActions(answer('a', { text: '', status: 'stopped' }), true), []);
    assert.deepEqual(turnActions(answer('a', { text: '' }), false), []);
    assert.deepEqual(followUp(failed, true), ['retry']);
  });

  it('draws the buttons again only when what decides them changes', () => {
    assert.equal(actionsKey(answer('a'), true), actionsKey(answer('a', { text: 'other' }), true));
    assert.notEqual(actionsKey(answer('a'), true), actionsKey(answer('a'), false));
    assert.notEqual(actionsKey(answer('a'), true), actionsKey(answer('a', { status: 'streaming' }), true));
    assert.notEqual(actionsKey(answer('a'), true), actionsKey(answer('a', { text: '' }), true));
    assert.notEqual(actionsKey(question('q'), true), actionsKey(question('q'), false));
  });

  it('offers Save as Example under a finished answer with text only', () => {
    assert.equal(offersSaveExample(answer('a')), true);
    assert.equal(offersSaveExample(answer('a', { text: '' })), false);
    assert.equal(offersSaveExample(answer('a', { status: 'stopped' })), false);
    assert.equal(offersSaveExample(answer('a', { status: 'streaming' })), false);
    assert.equal(offersSaveExample(question('q')), false);
  });

  it("follows up the last answer only: its error's way out and the alternative, or Retry when it was stopped", () => {
    const failed = answer('a', { status: 'error', error: { kind: 'auth', message: 'm', action: 'setApiKey', alternative: 'chooseProvider' } });
    assert.deepEqual(followUp(failed, true), ['setApiKey', 'chooseProvider']);
    assert.deepEqual(followUp(failed, false), []);
    assert.deepEqual(followUp(answer('a', { status: 'stopped' }), true), ['retry']);
    assert.deepEqual(followUp(answer('a', { status: 'error', error: { kind: 'server', message: 'm' } }), true), []);
    assert.deepEqual(followUp(answer('a'), true), []);
  });

  it('offers the code actions about the selection only when the question had one', () => {
    assert.deepEqual(codeActions(false), ['insert', 'newEditor']);
    assert.deepEqual(codeActions(true), ['insert', 'replaceSelection', 'compare', 'newEditor']);
  });
});
