// The whole chat in Node against the local fake server: the session, the real OpenAI adapter and the
// file store. Every kind of failure is injected in turn; after each, the conversation read back
// from disk must hold every question and every piece of answer that arrived: nothing lost.
import * as assert from 'node:assert/strict';
import { failureText } from '../../src/core/failureText';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/core/chatSession';
import { ChatSession } from '../../src/core/chatSession';
import { toCodeContext } from '../../src/core/selection';
import { FileConversationStore } from '../../src/node/fileStore';
import { OpenAIChatClient } from '../../src/node/openaiClient';
import { customEndpoint } from '../support/endpoints';
import type { Script } from '../support/fakeOpenAI';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { MemoryState } from '../support/memoryState';
import type { Conversation } from '../../src/core/domain';

const HOSTILE_TEXT = 'NUL\u0000 emoji 👋🏽‍🚀 RTL مرحبا \u202Eevil\u202C lone \uD800 and \uDFFF <|endoftext|> end';

interface Fault {
  readonly name: string;
  readonly script?: Script;
  /** What the failed answer must keep. */
  readonly kept?: string;
  /** Stop the answer once this much has arrived. */
  readonly stopAfter?: string;
  readonly unreachable?: boolean;
}

const FAULTS: readonly Fault[] = [
  { name: '401', script: { kind: 'status', status: 401 } },
  { name: '403', script: { kind: 'status', status: 403 } },
  { name: '404 model', script: { kind: 'status', status: 404 } },
  { name: '400', script: { kind: 'status', status: 400, message: 'Invalid value for messages.' } },
  { name: '422', script: { kind: 'status', status: 422 } },
  { name: '429', script: { kind: 'status', status: 429 } },
  { name: '500', script: { kind: 'status', status: 500 } },
  { name: '502', script: { kind: 'status', status: 502 } },
  { name: '503', script: { kind: 'status', status: 503 } },
  {
    name: 'context length',
    script: {
      kind: 'status',
      status: 400,
      code: 'context_length_exceeded',
      message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
    },
  },
  { name: 'stream cut', script: { kind: 'cut', text: 'Half an answer' }, kept: 'Half an answer' },
  { name: 'malformed SSE', script: { kind: 'malformed', text: 'Good start' }, kept: 'Good start' },
  { name: 'error inside the stream', script: { kind: 'stream-error', text: 'Partly there' }, kept: 'Partly there' },
  { name: 'no finish reason (hang, then Stop)', script: { kind: 'hang' }, stopAfter: '' },
  {
    name: 'slow answer stopped',
    script: { kind: 'reply', text: 'one two three four five six seven eight', chunkSize: 4, delayMs: 20 },
    stopAfter: 'one ',
    kept: 'one ',
  },
  { name: 'server down', unreachable: true },
];

describe('faults through the whole chat (session, OpenAI adapter, file store, fake server)', function () {
  this.timeout(30_000);
  let fake: FakeOpenAI;
  let folder: string;

  before(async () => {
    fake = await FakeOpenAI.start();
  });
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-faults-'));
  });
  afterEach(async () => {
    fake.reset();
    await rm(folder, { recursive: true, force: true });
  });
  after(() => fake.close());

  function open(baseUrl = () => fake.baseUrl) {
    const state = new MemoryState();
    const store = new FileConversationStore(folder, state, (message) => assert.fail(message));
    let id = 0;
    const connect = async (): Promise<Connection> => ({
      ok: true,
      client: new OpenAIChatClient({ endpoint: customEndpoint(baseUrl()), apiKey: 'sk-test' }),
      model: 'gpt-4o-mini',
      steering: { profile: 'General', systemPrompt: 'Be brief.', examples: [] },
    });
    const session = ChatSession.open({
      store,
      connect,
      newId: () => `t${++id}`,
      now: () => Date.now(),
      onChange: () => undefined,
      onPiece: () => undefined,
      schedule: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
      reportError: (message) => assert.fail(message),
    });
    return { session, state };
  }

  /** The conversation as a new window would find it: read back from the files. */
  async function fromDisk(state: MemoryState, id: string): Promise<Conversation> {
    const conversation = await new FileConversationStore(folder, state, (message) => assert.fail(message)).load(id);
    assert.ok(conversation, 'the conversation is on disk');
    return conversation;
  }

  it('every failure keeps the question and what arrived; the next question still works', async () => {
    let reachable = true;
    const opened = open(() => (reachable ? fake.baseUrl : 'http://127.0.0.1:9/v1'));
    const session = await opened.session;
    const asked: string[] = [];
    let survived = 0;
    for (const [i, fault] of FAULTS.entries()) {
      const question = `Question ${i + 1} (${fault.name}) ${HOSTILE_TEXT}`;
      asked.push(question);
      reachable = !fault.unreachable;
      if (fault.script) fake.script(fault.script);
      const sent = session.send(question);
      if (fault.stopAfter !== undefined) {
        const stopAfter = fault.stopAfter;
        await fake.waitForRequests(fake.requests.length + 1);
        while (!(session.current.turns.at(-1)?.text ?? '').startsWith(stopAfter)) await new Promise((r) => setTimeout(r, 5));
        session.stop();
      }
      await sent;
      const answer = session.current.turns.at(-1)!;
      assert.ok(
        answer.role === 'assistant' && answer.status !== 'complete' && answer.status !== 'streaming',
        `${fault.name}: marked ${answer.role === 'assistant' ? answer.status : ''}`,
      );
      if (answer.status === 'error' || answer.status === 'interrupted')
        assert.ok(answer.error && failureText(answer.error).message.length > 20, `${fault.name}: says what happened`);
      if (fault.kept) assert.ok(answer.text.startsWith(fault.kept), `${fault.name}: kept ${JSON.stringify(answer.text)}`);
      assert.equal(session.busy, false, `${fault.name}: the session is free again`);
      survived++;
    }
    // After all of that, a normal exchange works, and everything is on disk.
    reachable = true;
    await session.send('And now?');
    asked.push('And now?');
    assert.equal(session.current.turns.at(-1)?.text, 'You said: And now?');
    const saved = await fromDisk(opened.state, session.current.id);
    const savedQuestions = saved.turns.filter((t) => t.role === 'user').map((t) => t.text);
    const lost = asked.filter((q) => !savedQuestions.includes(q)).length;
    assert.deepEqual(savedQuestions, asked);
    assert.deepEqual(saved.turns, session.current.turns);
    console.log(`      faults injected: ${FAULTS.length}, survived: ${survived}, questions lost: ${lost}`);
  });

  it('emoji, right-to-left text, NUL and lone surrogates reach the server and come back exactly', async () => {
    const { session, state } = open();
    const s = await session;
    await s.send(HOSTILE_TEXT);
    const body = fake.requests[0]!.body as { messages: { content: string }[] };
    assert.equal(body.messages.at(-1)?.content, HOSTILE_TEXT);
    // The fake echoes the question, streamed a few code points per chunk.
    assert.equal(s.current.turns[1]?.text, `You said: ${HOSTILE_TEXT}`);
    assert.deepEqual((await fromDisk(state, s.current.id)).turns, s.current.turns);
  });

  it('a 100,000-line selection from a file with NUL bytes: cut to what Parley sends, saying how much was left out', async () => {
    const { session, state } = open();
    const s = await session;
    const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i + 1}\u0000\u0001 = ${i};`);
    s.attach(toCodeContext({ path: 'data/blob.bin', language: 'plaintext', startLine: 1, endLine: 100_000, text: lines.join('\n') }));
    fake.script({ kind: 'reply', text: 'Numbered lines.' });
    await s.send('What is in here?');
    const sent = (fake.requests[0]!.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    assert.ok(sent.startsWith('What is in here?\n\nFrom `data/blob.bin` (lines 1-'), sent.slice(0, 80));
    assert.ok(sent.length < 70_000, `${sent.length} characters sent`);
    const question = s.current.turns[0];
    assert.ok(question?.role === 'user');
    const context = question.context[0]!;
    assert.equal(context.endLine + (context.omittedLines ?? 0), 100_000, 'every line is either sent or counted as left out');
    assert.match(sent, new RegExp(`\\(${context.omittedLines} more lines of the selection were left out\\.\\)$`));
    assert.ok(sent.includes('line 1\u0000\u0001 = 0;'), 'NUL bytes are sent as they are');
    assert.deepEqual((await fromDisk(state, s.current.id)).turns, s.current.turns);
  });
});
