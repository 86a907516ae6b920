import * as assert from 'node:assert/strict';
import { addVersion, branchAt, showVersion, treeProblem, versionPosition } from '../../src/core/branches';
import { mergeTrees } from '../../src/core/conversation';
import { parseExport, toExportJson } from '../../src/core/exchange';
import { parseScript } from '../../src/core/scripts';
import { parseConversation } from '../../src/core/storedConversation';
import { toMarkdown } from '../../src/core/transcript';
import type { Conversation, Turn } from '../../src/core/domain';

const question = (id: string, text = id): Turn => ({ id, role: 'user', text, context: [], createdAt: 1 });
const answer = (id: string, text = id): Turn => ({ id, role: 'assistant', text, status: 'complete', model: 'm', createdAt: 1 });

/** q1 a1 q2 a2, then a2 regenerated as a2b, then q1 edited as q1b with its answer a1b. */
function branched(): Conversation {
  const c: Conversation = { version: 3, id: 'c', title: 'T', createdAt: 1, updatedAt: 1, turns: [question('q1'), answer('a1'), question('q2'), answer('a2')] };
  const regenerated = branchAt(c, 3);
  c.turns.push(answer('a2b'));
  addVersion(regenerated, 'a2b');
  const edited = branchAt(c, 0);
  c.turns.push(question('q1b'), answer('a1b'));
  addVersion(edited, 'q1b');
  return c;
}
const ids = (c: Conversation) => c.turns.map((t) => t.id);

describe('branches', () => {
  it('keeps each turn once, and moves between versions with their continuations', () => {
    const c = branched();
    assert.equal(treeProblem(c), undefined);
    assert.deepEqual(ids(c), ['q1b', 'a1b']);
    assert.deepEqual(versionPosition(c, 'q1b'), { position: 2, count: 2, previous: 'q1' });
    assert.equal(c.branches!.offPath.length, 5);
    assert.equal(showVersion(c, 'q1'), true);
    assert.deepEqual(ids(c), ['q1', 'a1', 'q2', 'a2b'], 'the old question comes back with the answer shown there last');
    assert.equal(showVersion(c, 'a2'), true);
    assert.deepEqual(ids(c), ['q1', 'a1', 'q2', 'a2']);
    assert.equal(showVersion(c, 'a2'), false, 'already shown');
    assert.equal(showVersion(c, 'nope'), false);
    assert.equal(treeProblem(c), undefined);
  });

  it('the JSON export holds the whole tree and imports back whole', () => {
    const c = branched();
    const origin = { file: 'export.json', at: 5 };
    const [imported] = parseExport(toExportJson([c], new Date(0)), origin);
    assert.deepEqual(imported!.turns, c.turns);
    assert.deepEqual(imported!.branches, c.branches);
    assert.equal(showVersion(imported!, 'q1'), true);
    assert.deepEqual(ids(imported!), ['q1', 'a1', 'q2', 'a2b']);
    assert.deepEqual(parseExport(toExportJson([imported!], new Date(0)), origin), [imported]);
  });

  it('refuses a tree that does not hold together, saying what is wrong', () => {
    const broken = (change: (c: Conversation) => void) => {
      const c = structuredClone(branched());
      change(c);
      return () => parseConversation(JSON.parse(JSON.stringify(c)), 'import');
    };
    assert.throws(
      broken((c) => c.branches!.offPath.push({ after: 'q1b', turn: answer('a1b') })),
      /turn 6 of another branch: duplicate id|in the tree twice/,
    );
    assert.throws(
      broken((c) => ((c.branches!.offPath[0] as { after?: string }).after = 'ghost')),
      /bad branches: .*not in the tree/,
    );
    assert.throws(
      broken((c) => (c.branches!.points[0]!.shown = 'elsewhere')),
      /bad branches/,
    );
    assert.throws(
      broken((c) => ((c.branches!.offPath[0]!.turn as { extra?: number }).extra = 1)),
      /unknown key branches\.offPath\[0\]\.turn\.extra/,
    );
    assert.throws(
      broken((c) => ((c as { branches: unknown }).branches = { offPath: 'x', points: [] })),
      /bad branches/,
    );
  });

  it('the Markdown script holds the branch on screen and says which; it reads back as that branch', () => {
    const c = branched();
    showVersion(c, 'q1');
    const text = toMarkdown(c, new Date(0));
    assert.match(text, /_This script holds one branch of the conversation, the one on screen: version 1 of 2 at turn 1, version 2 of 2 at turn 4\._/);
    assert.doesNotMatch(text, /q1b|a1b|\ba2\b/);
    const read = parseScript(text, 0);
    assert.deepEqual(
      read.turns.map((t) => t.text),
      ['q1', 'a1', 'q2', 'a2b'],
    );
  });

  it('merges the trees two windows saved: the branches of both stay', () => {
    const ours = branched();
    const theirs = structuredClone(ours);
    showVersion(ours, 'q1');
    theirs.turns.push(question('q3'), answer('a3'));
    const merged = mergeTrees(theirs, ours);
    assert.equal(treeProblem(merged), undefined);
    const all = [...merged.turns, ...merged.branches!.offPath.map((o) => o.turn)].map((t) => t.id).sort();
    assert.deepEqual(all, ['a1', 'a1b', 'a2', 'a2b', 'a3', 'q1', 'q1b', 'q2', 'q3']);
  });
});
