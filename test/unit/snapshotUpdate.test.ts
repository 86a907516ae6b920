import * as assert from 'node:assert/strict';
import type { AssistantTurnView, Snapshot, TurnView } from '../../src/shared/protocol';
import { applySnapshotUpdate, snapshotUpdate } from '../../src/shared/snapshotUpdate';
import { snapshotFixture } from '../support/snapshotFixture';

function snapshot(turns: TurnView[], conversationId = 'c1'): Snapshot {
  return snapshotFixture(turns, { conversationId });
}
const question = (id: string, text = `question ${id}`): TurnView => ({ id, role: 'user', text, context: [] });
const answer = (id: string, text: string, status: 'streaming' | 'complete' = 'complete'): AssistantTurnView => ({ id, role: 'assistant', text, status });

describe('snapshotUpdate', () => {
  const history = Array.from({ length: 1000 }, (_, i) => (i % 2 ? answer(`a${i}`, `answer ${i}`) : question(`q${i}`)));

  it('sends only the turns after the unchanged ones, and the webview rebuilds the whole snapshot', () => {
    const before = snapshot([...history, question('new'), answer('reply', 'Hel', 'streaming')]);
    const after = snapshot([...history.map((t) => ({ ...t })), question('new'), answer('reply', 'Hello', 'complete')]);
    const update = snapshotUpdate(before, after);
    assert.equal(update?.keptTurns, 1001);
    assert.deepEqual(update?.turns, [answer('reply', 'Hello', 'complete')]);
    assert.deepEqual(applySnapshotUpdate({ snapshot: before, revision: 7 }, { ...update!, base: 7 }), after);
  });

  it('sends turns again from the first one that differs: a retried answer, a status change', () => {
    const before = snapshot([question('q'), answer('a', 'cut', 'streaming')]);
    assert.equal(snapshotUpdate(before, snapshot([question('q')]))?.keptTurns, 1);
    assert.equal(snapshotUpdate(before, snapshot([question('q'), answer('a', 'cut', 'complete')]))?.keptTurns, 1);
    assert.equal(snapshotUpdate(before, snapshot([question('q'), answer('b', 'cut', 'streaming')]))?.keptTurns, 1);
    assert.equal(snapshotUpdate(before, snapshot([question('q', 'edited'), answer('a', 'cut', 'streaming')]))?.keptTurns, 0);
    assert.equal(snapshotUpdate(before, snapshot([question('q'), { ...answer('a', 'cut', 'streaming'), reasoning: 'More thought.' }]))?.keptTurns, 1);
    assert.equal(snapshotUpdate(before, snapshot([question('q'), { ...answer('a', 'cut', 'streaming'), cutShort: 'length' }]))?.keptTurns, 1);
  });

  it('sends a whole snapshot for another conversation or when nothing was sent yet', () => {
    assert.equal(snapshotUpdate(undefined, snapshot([])), undefined);
    assert.equal(snapshotUpdate(snapshot([question('q')]), snapshot([question('q')], 'c2')), undefined);
  });

  it('refuses an update that does not follow what the webview has', () => {
    const before = snapshot([question('q'), answer('a', 'x')]);
    const update = { ...snapshotUpdate(before, snapshot([question('q'), answer('a', 'x'), question('q2')]))!, base: 3 };
    assert.ok(applySnapshotUpdate({ snapshot: before, revision: 3 }, update), 'it follows revision 3');
    assert.equal(applySnapshotUpdate(undefined, update), undefined);
    assert.equal(applySnapshotUpdate({ snapshot: before, revision: 2 }, update), undefined, 'the webview missed revision 3');
    assert.equal(applySnapshotUpdate({ snapshot: snapshot([question('q')]), revision: 3 }, update), undefined, 'fewer turns than kept');
    assert.equal(applySnapshotUpdate({ snapshot: snapshot([question('q'), answer('a', 'x')], 'c2'), revision: 3 }, update), undefined, 'another conversation');
  });
});
