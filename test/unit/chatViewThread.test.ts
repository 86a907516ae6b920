import * as assert from 'node:assert/strict';
import type { ChatViewExchange } from '../../src/core/chatViewThread';
import { conversationForChat } from '../../src/core/chatViewThread';
import type { Conversation, RecordedSteering } from '../../src/core/domain';
import { STORED_VERSION } from '../../src/core/domain';

const STEERING: RecordedSteering = { profile: 'Data science tutor', systemPrompt: 'Teach.', examples: [{ user: 'Q', assistant: 'A' }] };

function ids(): () => string {
  let next = 0;
  return () => `new-${++next}`;
}

/** A stored conversation of the Chat view with these question/answer pairs. */
function stored(id: string, pairs: readonly [string, string][]): Conversation {
  return {
    version: STORED_VERSION,
    id,
    title: pairs[0]?.[0] ?? 'New chat',
    createdAt: 1,
    updatedAt: 1,
    origin: 'chat-view',
    steering: STEERING,
    turns: pairs.flatMap(([q, a], i) => [
      { id: `${id}-q${i}`, role: 'user' as const, text: q, context: [], createdAt: 1 },
      {
        id: `${id}-a${i}`,
        role: 'assistant' as const,
        text: a,
        status: 'complete' as const,
        model: 'm',
        usage: { promptTokens: 9, completionTokens: 3 },
        createdAt: 1,
      },
    ]),
  };
}

/** The chat's history as the Chat view hands it back, each answer marked as Parley returned it. */
function history(conversation: Conversation, count = conversation.turns.length / 2): ChatViewExchange[] {
  return Array.from({ length: count }, (_, i) => ({
    prompt: conversation.turns[2 * i]!.text,
    answer: { text: conversation.turns[2 * i + 1]!.text, failed: false, ref: { conversationId: conversation.id, answerId: conversation.turns[2 * i + 1]!.id } },
  }));
}

function lookupOf(...conversations: Conversation[]) {
  return (id: string) => conversations.find((c) => c.id === id);
}

describe('A chat in VS Code’s Chat view kept as a Parley conversation', () => {
  it('starts a conversation of its own, marked as from the Chat view, for the first question', () => {
    const conversation = conversationForChat([], lookupOf(), ids(), 5);
    assert.equal(conversation.origin, 'chat-view');
    assert.deepEqual(conversation.turns, []);
    assert.equal(conversation.steering, undefined, 'the first question records the profile picked then');
  });

  it('continues the stored conversation when it holds exactly the chat’s exchanges', () => {
    const kept = stored('c1', [
      ['What is a p-value?', 'The chance of…'],
      ['Shorter?', 'Chance under H0.'],
    ]);
    assert.equal(conversationForChat(history(kept), lookupOf(kept), ids(), 5), kept);
  });

  it('never rewrites a conversation continued in the panel: the chat goes on in a copy of its own turns', () => {
    const kept = stored('c1', [
      ['First', 'One'],
      ['Asked in the panel', 'Two'],
    ]);
    const before = structuredClone(kept);
    const conversation = conversationForChat(history(kept, 1), lookupOf(kept), ids(), 5);
    assert.notEqual(conversation.id, kept.id);
    assert.deepEqual(
      conversation.turns.map((t) => t.text),
      ['First', 'One'],
    );
    assert.deepEqual(conversation.turns[1], kept.turns[1], 'usage and model come from the store, not from the chat text');
    assert.deepEqual(conversation.steering, STEERING, 'the copy goes on with the steering that was sent');
    assert.equal(conversation.origin, 'chat-view');
    assert.deepEqual(kept, before);
  });

  it('goes on in the copy next time, instead of copying again', () => {
    const kept = stored('c1', [
      ['First', 'One'],
      ['Asked in the panel', 'Two'],
    ]);
    const copy = conversationForChat(history(kept, 1), lookupOf(kept), ids(), 5);
    // The copy answered a question in the chat; the store read it back from disk (new objects).
    copy.turns.push(
      { id: 'copy-q', role: 'user', text: 'Then?', context: [], createdAt: 6 },
      { id: 'copy-a', role: 'assistant', text: 'Then this.', status: 'complete', model: 'm', createdAt: 6 },
    );
    const reread = structuredClone(copy);
    const exchanges: ChatViewExchange[] = [
      ...history(kept, 1),
      { prompt: 'Then?', answer: { text: 'Then this.', failed: false, ref: { conversationId: copy.id, answerId: 'copy-a' } } },
    ];
    assert.equal(conversationForChat(exchanges, lookupOf(kept, reread), ids(), 7), reread);
  });

  it('rebuilds the turns from what the chat shows when the conversation was deleted', () => {
    const exchanges: ChatViewExchange[] = [
      { prompt: 'Explain this', answer: { text: 'It sorts.', failed: false, ref: { conversationId: 'gone', answerId: 'gone-a0' } } },
      { prompt: 'And that?', answer: { text: 'Half an ans', failed: true } },
      { prompt: 'No answer yet' },
    ];
    const conversation = conversationForChat(exchanges, lookupOf(), ids(), 5);
    assert.deepEqual(
      conversation.turns.map((t) => [t.role, t.text, t.role === 'assistant' ? t.status : '']),
      [
        ['user', 'Explain this', ''],
        ['assistant', 'It sorts.', 'complete'],
        ['user', 'And that?', ''],
        ['assistant', 'Half an ans', 'stopped'],
        ['user', 'No answer yet', ''],
      ],
    );
    assert.equal(conversation.title, 'Explain this');
  });
});
