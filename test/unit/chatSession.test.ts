import * as assert from 'node:assert/strict';
import type { ChatSessionDeps, Connection } from '../../src/core/chatSession';
import { ChatSession } from '../../src/core/chatSession';
import type { ChatModelClient, ChatOutcome, ChatRequest } from '../../src/core/client';
import type { ConversationStore } from '../../src/core/store';
import type { PriceTable } from '../../src/core/usage';
import { conversationView } from '../../src/vscode/turnViews';
import type { AnswerPiece, Conversation } from '../../src/core/domain';
import { imageContext } from '../../src/core/images';
import { formatUserContent } from '../../src/core/prompt';
import { ONE_PIXEL_PNG } from '../support/hostileMessages';

/** What the panel shows of the session, as the controller makes it. */
function viewOf(session: ChatSession, prices: PriceTable = {}, now = Date.now()) {
  return conversationView(session.state(), prices, now);
}

/** A model whose answers the test drives: each request waits until the test finishes it. */
class ScriptedModel implements ChatModelClient {
  readonly requests: ChatRequest[] = [];
  private current: { onPiece: (piece: AnswerPiece) => void; resolve: (o: ChatOutcome) => void } | undefined;
  private waiters: (() => void)[] = [];

  stream(request: ChatRequest, onPiece: (piece: AnswerPiece) => void) {
    this.requests.push(structuredClone(request) as ChatRequest);
    let resolve!: (o: ChatOutcome) => void;
    const outcome = new Promise<ChatOutcome>((r) => (resolve = r));
    this.current = { onPiece, resolve };
    for (const w of this.waiters.splice(0)) w();
    return {
      outcome,
      stop: () => {
        this.current = undefined;
        resolve({ kind: 'stopped' });
      },
    };
  }

  async started(): Promise<void> {
    if (!this.current) await new Promise<void>((r) => this.waiters.push(r));
  }
  /** Streams the answer's content, as the server sends it. */
  async reply(...pieces: string[]): Promise<void> {
    await this.started();
    for (const text of pieces) this.current!.onPiece({ part: 'text', text });
  }
  /** Streams reasoning the server sends apart from the content. */
  async think(...pieces: string[]): Promise<void> {
    await this.started();
    for (const text of pieces) this.current!.onPiece({ part: 'reasoning', text });
  }
  finish(outcome: ChatOutcome = { kind: 'complete', finishReason: 'stop' }): void {
    this.current!.resolve(outcome);
    this.current = undefined;
  }
}

/** Keeps deep copies, as a file would, and records the order of saves. */
class MemoryStore implements ConversationStore {
  readonly saved = new Map<string, Conversation>();
  readonly saves: Conversation[] = [];
  active: string | undefined;
  async prepare() {}
  list() {
    return [];
  }
  activeId() {
    return this.active;
  }
  async setActiveId(id: string) {
    this.active = id;
  }
  async load(id: string) {
    const c = this.saved.get(id);
    return c && structuredClone(c);
  }
  async save(conversation: Conversation) {
    const copy = structuredClone(conversation);
    this.saved.set(conversation.id, copy);
    this.saves.push(copy);
  }
  async delete(id: string) {
    this.saved.delete(id);
    if (this.active === id) this.active = undefined;
  }
}

function setup(connection?: (model: ScriptedModel) => Connection) {
  const model = new ScriptedModel();
  const store = new MemoryStore();
  const texts: string[] = [];
  let id = 0;
  const deps: ChatSessionDeps = {
    store,
    connect: async () =>
      connection?.(model) ?? {
        ok: true,
        client: model,
        model: 'gpt-test',
        steering: { profile: 'Kind', systemPrompt: 'Be kind.', examples: [{ user: 'ex q', assistant: 'ex a' }] },
      },
    newId: () => `id${++id}`,
    now: () => 1000 + id,
    onChange: () => undefined,
    onPiece: (_turn, piece) => texts.push(piece.text),
    schedule: () => () => undefined,
    reportError: (m) => assert.fail(m),
  };
  return { model, store, texts, deps };
}

describe('ChatSession', () => {
  it('sends the history so a follow-up is answered in context', async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    const first = session.send('Hi, my name is Ada.');
    await model.reply('Hello ', 'Ada!');
    model.finish();
    await first;
    const second = session.send('What is my name?');
    await model.reply('Your name is Ada.');
    model.finish();
    await second;
    assert.deepEqual(model.requests[1]?.messages, [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'ex q' },
      { role: 'assistant', content: 'ex a' },
      { role: 'user', content: 'Hi, my name is Ada.' },
      { role: 'assistant', content: 'Hello Ada!' },
      { role: 'user', content: 'What is my name?' },
    ]);
    assert.equal(model.requests[1]?.model, 'gpt-test');
    const view = viewOf(session);
    assert.equal(view.title, 'Hi, my name is Ada.');
    assert.deepEqual(
      view.turns.map((t) => (t.role === 'assistant' ? `${t.text}|${t.status}` : t.text)),
      ['Hi, my name is Ada.', 'Hello Ada!|complete', 'What is my name?', 'Your name is Ada.|complete'],
    );
  });

  it('names a conversation with the title a ready question gives, and only with its first question', async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    const first = session.send('Explain what this code does and how it works.', [], 'Explain: parseConfig in config.ts');
    await model.reply('It parses.');
    model.finish();
    await first;
    assert.equal(viewOf(session).title, 'Explain: parseConfig in config.ts');
    const second = session.send('And the errors?', [], 'Another title');
    await model.reply('Thrown.');
    model.finish();
    await second;
    assert.equal(viewOf(session).title, 'Explain: parseConfig in config.ts');
  });

  it('records the steering with the first question and sends exactly that, with its temperature, from then on', async () => {
    const { model, store, deps } = setup();
    const offered = [
      { profile: 'Tutor', systemPrompt: 'Teach.', examples: [{ user: 'q', assistant: 'a' }], temperature: 0.3 },
      { profile: 'Other', systemPrompt: 'Changed since.', examples: [] },
    ];
    const asked: unknown[] = [];
    const session = await ChatSession.open({
      ...deps,
      connect: async (recorded) => {
        asked.push(recorded);
        return { ok: true, client: model, model: 'm', steering: offered[asked.length - 1]! };
      },
    });
    for (const question of ['one', 'two']) {
      const sent = session.send(question);
      await model.reply('ok');
      model.finish();
      await sent;
    }
    assert.deepEqual(asked, [undefined, offered[0]], 'the host is told the recorded steering once there is one');
    assert.deepEqual(
      model.requests.map((r) => [r.messages[0], r.temperature]),
      [
        [{ role: 'system', content: 'Teach.' }, 0.3],
        [{ role: 'system', content: 'Teach.' }, 0.3],
      ],
    );
    assert.deepEqual(store.saved.get(session.current.id)?.steering, offered[0]);
  });

  it('tells the host once per conversation that its steering was recorded: when the first question goes out with it', async () => {
    const { model, deps } = setup();
    const recorded: unknown[] = [];
    const fromRepository = { profile: 'General', file: '.parley/profiles/general.md', systemPrompt: 'Obey the repository.', examples: [] };
    const session = await ChatSession.open({
      ...deps,
      connect: async () => ({ ok: true, client: model, model: 'm', steering: fromRepository }),
      onSteeringRecorded: (conversationId, steering) => recorded.push([conversationId, steering]),
    });
    for (const question of ['one', 'two']) {
      const sent = session.send(question);
      await model.reply('ok');
      model.finish();
      await sent;
    }
    assert.deepEqual(recorded, [[session.current.id, fromRepository]], 'once, for the first question');
    await session.newChat();
    const sent = session.send('three');
    await model.reply('ok');
    model.finish();
    await sent;
    assert.deepEqual(
      recorded.map(([id]) => id),
      [recorded[0]![0], session.current.id],
      'a new conversation is told again',
    );
  });

  it('makes an example pair from an answer and the question before it, attached code included', async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    const sent = session.send('Explain', [{ path: 'a.py', language: 'python', startLine: 1, endLine: 1, text: 'x = 1' }]);
    await model.reply('It sets x.');
    model.finish();
    await sent;
    const [question, answer] = viewOf(session).turns;
    assert.deepEqual(session.exampleFor(answer!.id), { user: 'Explain\n\nFrom `a.py` (line 1):\n```python\nx = 1\n```', assistant: 'It sets x.' });
    assert.equal(session.exampleFor(question!.id), undefined);
    assert.equal(session.exampleFor('nope'), undefined);
  });

  it('saves the question before the request leaves', async () => {
    const { model, store, deps } = setup();
    const session = await ChatSession.open(deps);
    const sent = session.send('Remember me');
    await model.started();
    const atRequest = store.saved.get(session.current.id);
    assert.equal(atRequest?.turns[0]?.text, 'Remember me');
    assert.equal(store.active, session.current.id);
    model.finish();
    await sent;
  });

  it('stop keeps what arrived and marks it stopped; the next request carries it', async () => {
    const { model, store, deps } = setup();
    const session = await ChatSession.open(deps);
    const sent = session.send('Tell me a long story');
    await model.reply('Once upon a time');
    assert.equal(session.busy, true);
    session.stop();
    await sent;
    assert.equal(session.busy, false);
    const saved = store.saved.get(session.current.id)!;
    assert.deepEqual(saved.turns[1], {
      id: saved.turns[1]!.id,
      role: 'assistant',
      text: 'Once upon a time',
      status: 'stopped',
      model: 'gpt-test',
      createdAt: saved.turns[1]!.createdAt,
    });
    const next = session.send('Shorter please');
    await model.reply('ok');
    model.finish();
    await next;
    assert.deepEqual(
      model.requests[1]?.messages.slice(-3).map((m) => `${m.role}:${m.content}`),
      ['user:Tell me a long story', 'assistant:Once upon a time', 'user:Shorter please'],
    );
  });

  it('stop before the request started sends nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { model, deps } = setup();
    const session = await ChatSession.open({
      ...deps,
      connect: async () => {
        await gate;
        return { ok: true, client: model, model: 'm', steering: { profile: 'Plain', systemPrompt: '', examples: [] } };
      },
    });
    const sent = session.send('q');
    session.stop();
    release();
    await sent;
    assert.equal(model.requests.length, 0);
    const reply = viewOf(session).turns[1];
    assert.equal(reply?.role === 'assistant' && reply.status, 'stopped');
  });

  it('Stop ends an answer at once while the request is still being made ready (a local model loading)', async () => {
    const { model, deps } = setup();
    // A connect that takes as long as a large model takes to load: it has not returned when Stop is pressed.
    const session = await ChatSession.open({ ...deps, connect: () => new Promise<Connection>(() => undefined) });
    const sent = session.send('q');
    session.stop();
    await sent;
    assert.equal(model.requests.length, 0);
    const reply = viewOf(session).turns[1];
    assert.equal(reply?.role === 'assistant' && reply.status, 'stopped');
    assert.equal(session.busy, false, 'the next question can be asked');
  });

  it('runs one request at a time', async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    const first = session.send('one');
    await session.send('two');
    await model.started();
    model.finish();
    await first;
    assert.equal(model.requests.length, 1);
    assert.deepEqual(
      viewOf(session).turns.map((t) => t.text),
      ['one', ''],
    );
  });

  it('a failure keeps the question, shows the error with its action, and retry asks again', async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    const sent = session.send('q');
    await model.reply('par');
    model.finish({ kind: 'error', error: { kind: 'server', reason: 'server-error', status: 500 } });
    await sent;
    const failed = viewOf(session).turns[1];
    assert.ok(failed?.role === 'assistant');
    assert.equal(failed.status, 'error');
    assert.equal(failed.error?.action, 'retry');
    assert.equal(failed.text, 'par');
    const retried = session.retry();
    await model.reply('answer');
    model.finish();
    await retried;
    assert.deepEqual(
      viewOf(session).turns.map((t) => t.text),
      ['q', 'answer'],
    );
    assert.deepEqual(model.requests[1]?.messages.at(-1), { role: 'user', content: 'q' });
  });

  it('with no key, nothing is sent and the answer asks for a key; retry after it goes out', async () => {
    let hasKey = false;
    const { model, deps } = setup((m) =>
      hasKey
        ? { ok: true, client: m, model: 'm', steering: { profile: 'Plain', systemPrompt: '', examples: [] } }
        : { ok: false, error: { kind: 'auth', reason: 'missing-key', address: 'https://api.example' } },
    );
    const session = await ChatSession.open(deps);
    await session.send('hello');
    assert.equal(model.requests.length, 0);
    assert.equal(session.waitsForKey(), true);
    hasKey = true;
    const retried = session.retry();
    await model.reply('hi');
    model.finish();
    await retried;
    assert.equal(session.waitsForKey(), false);
    assert.deepEqual(
      viewOf(session).turns.map((t) => t.text),
      ['hello', 'hi'],
    );
  });

  it('a reply found streaming at open is marked interrupted with its text kept', async () => {
    const { store, deps } = setup();
    store.active = 'old';
    store.saved.set('old', {
      version: 3,
      id: 'old',
      title: 't',
      createdAt: 1,
      updatedAt: 1,
      turns: [
        { id: 'u', role: 'user', text: 'q', context: [], createdAt: 1 },
        { id: 'a', role: 'assistant', text: 'half an ans', status: 'streaming', model: 'm', createdAt: 1 },
      ],
    });
    const session = await ChatSession.open(deps);
    const reply = viewOf(session).turns[1];
    assert.ok(reply?.role === 'assistant');
    assert.equal(reply.status, 'interrupted');
    assert.equal(reply.text, 'half an ans');
    assert.equal(reply.error?.action, 'retry');
    assert.equal(store.saved.get('old')?.turns[1]?.role === 'assistant' && (store.saved.get('old')?.turns[1] as { status: string }).status, 'interrupted');
  });

  it('attachments go with the next question and then clear; New Chat keeps the old conversation', async () => {
    const { model, store, deps } = setup();
    const session = await ChatSession.open(deps);
    session.attach({ path: 'src/a.ts', language: 'typescript', startLine: 2, endLine: 4, text: 'let a = 1;' });
    assert.equal(viewOf(session).attachments[0]?.label, 'src/a.ts (lines 2-4)');
    const sent = session.send('What is this?');
    await model.reply('A variable.');
    model.finish();
    await sent;
    assert.equal(viewOf(session).attachments.length, 0);
    assert.match(model.requests[0]!.messages.at(-1)!.content, /^What is this\?\n\nFrom `src\/a.ts` \(lines 2-4\):\n```typescript\nlet a = 1;\n```$/);
    const oldId = session.current.id;
    await session.newChat();
    assert.notEqual(session.current.id, oldId);
    assert.equal(viewOf(session).turns.length, 0);
    assert.equal(store.saved.get(oldId)?.turns.length, 2);
  });

  it('streamed text is reported piece by piece and checkpointed while streaming', async () => {
    const { model, store, texts, deps } = setup();
    const scheduled: (() => void)[] = [];
    const session = await ChatSession.open({ ...deps, schedule: (callback) => (scheduled.push(callback), () => undefined) });
    const sent = session.send('q');
    await model.reply('a', 'b', 'c');
    assert.deepEqual(texts, ['a', 'b', 'c']);
    assert.equal(scheduled.length, 1, 'one checkpoint scheduled for many pieces');
    const savesBefore = store.saves.length;
    scheduled[0]!();
    await new Promise((r) => setImmediate(r));
    assert.equal(store.saves.length, savesBefore + 1);
    const checkpoint = store.saves.at(-1)!.turns[1]!;
    assert.equal(checkpoint.text, 'abc');
    assert.equal(checkpoint.role === 'assistant' && checkpoint.status, 'streaming');
    model.finish();
    await sent;
  });

  it('an answer the server ended early is complete, and says why: the length limit or the content filter', async () => {
    const { model, store, deps } = setup();
    const session = await ChatSession.open(deps);
    for (const finishReason of ['length', 'content_filter', 'stop']) {
      const sent = session.send(`Answer ${finishReason}`);
      await model.reply('Partial');
      model.finish({ kind: 'complete', finishReason });
      await sent;
    }
    const answers = viewOf(session).turns.filter((t) => t.role === 'assistant');
    assert.deepEqual(
      answers.map((t) => [t.status, t.cutShort]),
      [
        ['complete', 'length'],
        ['complete', 'content-filter'],
        ['complete', undefined],
      ],
    );
    const saved = store.saved.get(session.current.id)!.turns.filter((t) => t.role === 'assistant');
    assert.deepEqual(
      saved.map((t) => t.role === 'assistant' && t.cutShort),
      ['length', 'content-filter', undefined],
    );
  });

  describe("a reasoning model's thinking", () => {
    /** Asks `question`; the model thinks with `think` (apart, as servers send it) and answers with `content`. */
    async function ask(session: ChatSession, model: ScriptedModel, question: string, think: string[], content: string[]): Promise<void> {
      const sent = session.send(question);
      await model.think(...think);
      await model.reply(...content);
      model.finish();
      await sent;
    }

    it('is kept with the answer, saved, shown, and never sent back with the history', async () => {
      const { model, store, texts, deps } = setup();
      const session = await ChatSession.open(deps);
      await ask(session, model, 'Greet me.', ['The user ', 'wants a greeting.'], ['Hello!']);
      // The inline form: DeepSeek-R1 or Qwen3 served without a reasoning parser.
      await ask(session, model, 'Again, shorter.', [], ['<think>Shorter than Hello', '!</think>\n\nHi.']);
      assert.deepEqual(texts, ['The user ', 'wants a greeting.', 'Hello!', 'Shorter than Hello', '!', 'Hi.']);
      const answers = viewOf(session).turns.filter((t) => t.role === 'assistant');
      assert.deepEqual(
        answers.map((t) => [t.text, t.reasoning]),
        [
          ['Hello!', 'The user wants a greeting.'],
          ['Hi.', 'Shorter than Hello!'],
        ],
      );
      const saved = store.saved.get(session.current.id)!.turns.filter((t) => t.role === 'assistant');
      assert.deepEqual(
        saved.map((t) => t.role === 'assistant' && t.reasoning),
        ['The user wants a greeting.', 'Shorter than Hello!'],
      );
      const history = model.requests[1]!.messages.filter((m) => m.role === 'assistant').at(-1);
      assert.equal(history?.content, 'Hello!');
    });
  });

  describe('edit, regenerate, switch, delete and undo', () => {
    /** A session with two answered questions. */
    async function answered() {
      const context = setup();
      const session = await ChatSession.open(context.deps);
      for (const [question, answer] of [
        ['first q', 'first a'],
        ['second q', 'second a'],
      ] as const) {
        const sent = session.send(question);
        await context.model.reply(answer);
        context.model.finish();
        await sent;
      }
      return { ...context, session };
    }
    const texts = (session: ChatSession) => viewOf(session).turns.map((t) => t.text);

    it('Edit & Resend makes a new version of the question; the old one stays, with what followed it', async () => {
      const { model, store, session } = await answered();
      const firstQuestion = viewOf(session).turns[0]!.id;
      const edited = session.editAndResend(firstQuestion, 'first q, edited');
      await model.reply('new a');
      model.finish();
      await edited;
      assert.deepEqual(texts(session), ['first q, edited', 'new a']);
      assert.deepEqual(model.requests.at(-1)!.messages.slice(3), [{ role: 'user', content: 'first q, edited' }], 'the other branch is not sent');
      assert.equal(viewOf(session).title, 'first q, edited');
      assert.equal(viewOf(session).undo, undefined, 'nothing to undo: nothing was replaced');
      const shown = viewOf(session).turns[0]!;
      assert.deepEqual(shown.versions, { position: 2, count: 2, previous: firstQuestion });
      await session.showVersion(firstQuestion);
      assert.deepEqual(texts(session), ['first q', 'first a', 'second q', 'second a'], 'the old branch is all there');
      assert.equal(viewOf(session).title, 'first q', 'the title follows the first question shown');
      assert.deepEqual(viewOf(session).turns[0]!.versions, { position: 1, count: 2, next: shown.id });
      const saved = store.saved.get(session.current.id)!;
      assert.deepEqual(
        saved.turns.map((t) => t.text),
        ['first q', 'first a', 'second q', 'second a'],
        'the version shown is saved',
      );
      assert.deepEqual(
        saved.branches!.offPath.map((o) => o.turn.text),
        ['first q, edited', 'new a'],
        'each turn of the other branch is kept once',
      );
    });

    it('Edit & Resend keeps the code the question carried', async () => {
      const { model, deps } = setup();
      const session = await ChatSession.open(deps);
      const code = { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'let x = 1;' };
      const sent = session.send('What is this?', [code]);
      await model.reply('A variable.');
      model.finish();
      await sent;
      const edited = session.editAndResend(viewOf(session).turns[0]!.id, 'Is this mutable?');
      await model.reply('Yes.');
      model.finish();
      await edited;
      assert.match(model.requests[1]!.messages.at(-1)!.content, /^Is this mutable\?\n\nFrom `a.ts` \(line 1\):\n```typescript\nlet x = 1;\n```$/);
    });

    it('Regenerate twice keeps three answers; the next question carries the one on screen', async () => {
      const { model, store, session } = await answered();
      for (const text of ['second a, again', 'second a, third']) {
        const again = session.regenerate();
        await model.reply(text);
        model.finish();
        await again;
      }
      assert.deepEqual(model.requests.at(-1)!.messages.at(-1), { role: 'user', content: 'second q' }, 'a regenerate asks the same question');
      let answer = viewOf(session).turns[3]!;
      assert.equal(answer.text, 'second a, third');
      assert.equal(answer.versions?.position, 3);
      assert.equal(answer.versions?.count, 3);
      await session.showVersion(answer.versions!.previous!);
      answer = viewOf(session).turns[3]!;
      assert.equal(answer.text, 'second a, again');
      assert.equal(answer.versions?.position, 2);
      await session.showVersion(answer.versions!.previous!);
      answer = viewOf(session).turns[3]!;
      assert.equal(answer.text, 'second a');
      assert.deepEqual([answer.versions?.position, answer.versions?.previous], [1, undefined]);
      await session.showVersion(answer.versions!.next!);
      assert.equal(viewOf(session).turns[3]!.text, 'second a, again');

      const followUp = session.send('third q');
      await model.reply('third a');
      model.finish();
      await followUp;
      assert.deepEqual(
        model.requests.at(-1)!.messages.slice(3),
        [
          { role: 'user', content: 'first q' },
          { role: 'assistant', content: 'first a' },
          { role: 'user', content: 'second q' },
          { role: 'assistant', content: 'second a, again' },
          { role: 'user', content: 'third q' },
        ],
        'only the branch on screen goes',
      );
      // The follow-up belongs to the second answer's branch: the third shows without it, and back.
      const third = viewOf(session).turns[3]!.versions!.next!;
      await session.showVersion(third);
      assert.deepEqual(texts(session), ['first q', 'first a', 'second q', 'second a, third']);
      await session.showVersion(viewOf(session).turns[3]!.versions!.previous!);
      assert.deepEqual(texts(session), ['first q', 'first a', 'second q', 'second a, again', 'third q', 'third a']);
      assert.deepEqual(
        store.saved.get(session.current.id)!.turns.map((t) => t.text),
        texts(session),
      );
    });

    it('Retry after a regenerate that failed replaces the failed version, not the one before', async () => {
      const { model, session } = await answered();
      const again = session.regenerate();
      await model.started();
      model.finish({ kind: 'error', error: { kind: 'server', reason: 'server-error', status: 500 } });
      await again;
      assert.equal(viewOf(session).turns[3]!.versions?.count, 2);
      const retried = session.retry();
      await model.reply('second a, retried');
      model.finish();
      await retried;
      const answer = viewOf(session).turns[3]!;
      assert.equal(answer.text, 'second a, retried');
      assert.deepEqual([answer.versions?.position, answer.versions?.count], [2, 2], 'the failed answer gave its place to the retried one');
      await session.showVersion(answer.versions!.previous!);
      assert.equal(viewOf(session).turns[3]!.text, 'second a');
    });

    it('Fork from here starts a conversation with the turns up to it, its steering and a link back', async () => {
      const { model, store, session } = await answered();
      const original = session.current;
      const firstAnswer = viewOf(session).turns[1]!.id;
      const forkId = await session.fork(firstAnswer);
      assert.ok(forkId);
      assert.equal(session.current.id, forkId, 'the fork is shown');
      assert.deepEqual(texts(session), ['first q', 'first a']);
      assert.deepEqual(session.current.steering, original.steering);
      assert.deepEqual(session.current.forkedFrom, { conversationId: original.id, turnId: firstAnswer, title: 'first q' });
      assert.deepEqual(viewOf(session).forkedFrom, { conversationId: original.id, title: 'first q' });
      assert.equal(viewOf(session).title, 'first q (fork)');
      assert.deepEqual(
        store.saved.get(original.id)!.turns.map((t) => t.text),
        ['first q', 'first a', 'second q', 'second a'],
        'the original is untouched',
      );
      assert.ok(store.saved.get(forkId), 'the fork is saved');
      assert.equal(store.active, forkId);
      const next = session.send('fork q');
      await model.reply('fork a');
      model.finish();
      await next;
      assert.deepEqual(
        model.requests
          .at(-1)!
          .messages.slice(1)
          .map((m) => m.content),
        ['ex q', 'ex a', 'first q', 'first a', 'fork q'],
      );
      assert.equal(await session.openConversation(original.id), true, 'the link opens the original');
      assert.deepEqual(texts(session), ['first q', 'first a', 'second q', 'second a']);
    });

    it('edit and regenerate do nothing while an answer runs, or for an unknown turn', async () => {
      const { model, session } = await answered();
      const running = session.send('third q');
      await model.started();
      await session.regenerate();
      await session.editAndResend(viewOf(session).turns[0]!.id, 'x');
      model.finish();
      await running;
      await session.editAndResend('no-such-turn', 'x');
      assert.equal(model.requests.length, 3);
      assert.deepEqual(texts(session).slice(0, 2), ['first q', 'first a']);
    });

    it('opens a stored conversation; a missing one is reported as not there', async () => {
      const { store, session } = await answered();
      const firstId = session.current.id;
      await session.newChat();
      assert.equal(await session.openConversation(firstId), true);
      assert.deepEqual(texts(session), ['first q', 'first a', 'second q', 'second a']);
      assert.equal(store.active, firstId);
      assert.equal(await session.openConversation('gone'), false);
      assert.equal(session.current.id, firstId);
    });

    it('switching while an answer streams stops it and keeps its text', async () => {
      const { model, store, session } = await answered();
      const firstId = session.current.id;
      await session.newChat();
      const running = session.send('other q');
      await model.reply('partial');
      const otherId = session.current.id;
      await session.openConversation(firstId);
      await running;
      const other = store.saved.get(otherId)!.turns[1]!;
      assert.equal(other.text, 'partial');
      assert.equal(other.role === 'assistant' && other.status, 'stopped');
    });

    it('deletes the conversation on screen (a new chat shows), and Undo restores it', async () => {
      const { store, session } = await answered();
      const id = session.current.id;
      await session.deleteConversation(id);
      assert.equal(store.saved.has(id), false);
      assert.equal(viewOf(session).turns.length, 0);
      assert.equal(viewOf(session).undo?.label, 'Deleted “first q”');
      await session.undo();
      assert.equal(session.current.id, id);
      assert.deepEqual(texts(session), ['first q', 'first a', 'second q', 'second a']);
      assert.equal(store.saved.get(id)?.turns.length, 4);
    });

    it('deletes another conversation without leaving this one; Undo puts it back in the store only', async () => {
      const { model, store, session } = await answered();
      const oldId = session.current.id;
      await session.newChat();
      const sent = session.send('new q');
      await model.reply('new a');
      model.finish();
      await sent;
      const currentId = session.current.id;
      await session.deleteConversation(oldId);
      assert.equal(store.saved.has(oldId), false);
      assert.equal(session.current.id, currentId);
      await session.undo();
      assert.equal(store.saved.has(oldId), true);
      assert.equal(session.current.id, currentId);
    });

    it('renames the conversation on screen and a stored one', async () => {
      const { store, session } = await answered();
      await session.renameConversation(session.current.id, '  Ada chat  ');
      assert.equal(viewOf(session).title, 'Ada chat');
      assert.equal(store.saved.get(session.current.id)?.title, 'Ada chat');
      await session.renameConversation(session.current.id, '   ');
      assert.equal(viewOf(session).title, 'Ada chat', 'a blank title is refused');
    });
  });

  describe('the context window', () => {
    /** A model with a tiny window, counted one token per character, so sizes are easy to follow. */
    const tiny = (model: ScriptedModel, tokens: number): Connection => ({
      ok: true,
      client: model,
      model: 'tiny',
      steering: { profile: 'General', systemPrompt: 'sys', examples: [] },
      contextWindow: { tokens, source: 'setting' },
      counter: { exact: true, count: (text) => text.length },
    });

    async function exchange(session: ChatSession, model: ScriptedModel, question: string, answer: string, outcome?: ChatOutcome): Promise<void> {
      const sent = session.send(question);
      await model.reply(answer);
      model.finish(outcome);
      await sent;
    }

    it('leaves the oldest exchanges out of a request that would not fit, and the answer says how many', async () => {
      // 380 tokens: 285 for the prompt after the answer's reserve; the four exchanges need 295.
      const { model, store, deps } = setup((m) => tiny(m, 380));
      const session = await ChatSession.open(deps);
      for (let i = 1; i <= 3; i++) await exchange(session, model, `question ${i} `.padEnd(40, 'q'), `answer ${i} `.padEnd(40, 'a'));
      assert.equal(model.requests[2]?.messages.length, 6, 'everything fits at first');
      await exchange(session, model, 'the last question', 'ok');
      const sent = model.requests[3]!.messages;
      assert.deepEqual(
        sent.map((m) => m.content.slice(0, 10)),
        ['sys', 'question 2', 'answer 2 a', 'question 3', 'answer 3 a', 'the last q'],
      );
      const answer = viewOf(session).turns.at(-1);
      assert.ok(answer?.role === 'assistant');
      assert.equal(answer.leftOut, 2);
      assert.equal(viewOf(session).turns.length, 8, 'nothing is removed from the conversation itself');
      assert.equal((store.saved.get(session.current.id)?.turns.at(-1) as { leftOut?: number }).leftOut, 2, 'the note is saved with the answer');
    });

    it('a "context length exceeded" reply makes Retry send less, until it fits', async () => {
      const { model, deps } = setup((m) => tiny(m, 100_000));
      const session = await ChatSession.open(deps);
      for (let i = 1; i <= 4; i++) await exchange(session, model, `question ${i}`, `answer ${i}`);
      const tooLong: ChatOutcome = {
        kind: 'error',
        error: { kind: 'context-length', reason: 'server-overflow', model: 'tiny', overflow: {}, serverMessage: 'context too long' },
      };
      await exchange(session, model, 'question 5', '', tooLong);
      const failed = viewOf(session).turns.at(-1);
      assert.ok(failed?.role === 'assistant' && failed.status === 'error' && failed.error?.action === 'retry');
      const retried = session.retry();
      await model.reply('fits now');
      model.finish();
      await retried;
      const [first, second] = [model.requests[4]!.messages, model.requests[5]!.messages];
      assert.ok(second.length < first.length, `the retry sent ${second.length} messages, the failed request ${first.length}`);
      assert.equal(second.at(-1)?.content, 'question 5');
      assert.equal(second[0]?.content, 'sys');
      const answer = viewOf(session).turns.at(-1);
      assert.ok(answer?.role === 'assistant' && answer.text === 'fits now' && (answer.leftOut ?? 0) > 0);
    });

    it('a question too long for the window by itself is not sent; the answer says what to do', async () => {
      const { model, deps } = setup((m) => ({ ...tiny(m, 100), contextWindow: { tokens: 100, source: 'assumed' } }));
      const session = await ChatSession.open(deps);
      await session.send('x'.repeat(500));
      assert.equal(model.requests.length, 0);
      const answer = viewOf(session).turns.at(-1);
      assert.ok(answer?.role === 'assistant' && answer.error);
      assert.equal(answer.error.kind, 'context-length');
      assert.match(answer.error.message, /needs about 5\d\d tokens .* more than the 75 that tiny has room for\. .*set parley.contextWindow/);
      assert.equal(answer.error.action, 'openSettings');
      assert.equal(viewOf(session).turns[0]?.text, 'x'.repeat(500), 'the question is kept');
    });

    it("calibrates the estimate with the server's usage", async () => {
      const { model, deps } = setup((m) => tiny(m, 400));
      const session = await ChatSession.open(deps);
      // The server counts twice what Parley counts: the second request must be trimmed to half.
      const counted = 3 + (3 + 4) + (40 + 4);
      await exchange(session, model, 'q'.repeat(40), 'a'.repeat(40), {
        kind: 'complete',
        finishReason: 'stop',
        usage: { promptTokens: counted * 2, completionTokens: 10 },
      });
      await exchange(session, model, 'r'.repeat(40), 'b'.repeat(40));
      await exchange(session, model, 's'.repeat(40), 'ok');
      assert.equal(model.requests[2]?.messages.length, 4, 'with the calibration only one earlier exchange fits');
    });
  });

  describe('rate limits', () => {
    it('a 429 with retry-after: the view counts down, and Retry waits until the time is up', async () => {
      let now = 10_000;
      const { model, deps } = setup();
      const session = await ChatSession.open({ ...deps, now: () => now });
      const sent = session.send('q');
      await model.started();
      model.finish({ kind: 'error', error: { kind: 'rate-limit', reason: 'rate-limited', retryAfterSeconds: 7 } });
      await sent;
      const limited = viewOf(session, {}, now).turns.at(-1);
      assert.ok(limited?.role === 'assistant');
      assert.equal(limited.retryInMs, 7000);
      now += 3000;
      assert.equal((viewOf(session, {}, now).turns.at(-1) as { retryInMs?: number }).retryInMs, 4000);
      await session.retry();
      assert.equal(model.requests.length, 1, 'no request before the wait is over');
      now += 4000;
      assert.equal((viewOf(session, {}, now).turns.at(-1) as { retryInMs?: number }).retryInMs, undefined);
      const retried = session.retry();
      await model.reply('ok');
      model.finish();
      await retried;
      assert.equal(model.requests.length, 2);
    });
  });

  it('blank questions send nothing and add nothing', async () => {
    const { model, store, deps } = setup();
    const session = await ChatSession.open(deps);
    for (const blank of ['', ' ', '\n\n', '\t \u00a0\u2003', '\r\n']) await session.send(blank);
    assert.equal(model.requests.length, 0);
    assert.equal(viewOf(session).turns.length, 0);
    assert.equal(store.saves.length, 0);
  });
});

describe('ChatSession: provider, model and usage of a conversation', () => {
  it('asks with the picked provider and model, keeps them with the conversation, and restores them on reopening', async () => {
    const { model, deps, store } = setup();
    const choices: unknown[] = [];
    const connect = deps.connect;
    const session = await ChatSession.open({ ...deps, connect: async (recorded, choice) => (choices.push(choice), connect(recorded, choice)) });
    await session.choose({ provider: 'ollama', model: 'llama3.2' });
    const asked = session.send('Hi');
    await model.reply('Hello');
    model.finish();
    await asked;
    assert.deepEqual(choices, [{ provider: 'ollama', model: 'llama3.2' }]);
    const id = session.current.id;
    assert.equal(store.saved.get(id)?.provider, 'ollama');
    assert.equal(store.saved.get(id)?.model, 'llama3.2');

    await session.choose({ provider: 'vllm', model: undefined });
    assert.equal(store.saved.get(id)?.provider, 'vllm');
    assert.equal(store.saved.get(id)?.model, undefined, 'back to the default model');
    await session.newChat();
    assert.equal(session.current.provider, undefined, 'a new chat starts from the settings');
    await session.openConversation(id);
    assert.equal(session.current.provider, 'vllm');
  });

  it("keeps each answer's usage, with its cost where the model has a price, and the conversation's total", async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    for (const [question, usage] of [
      ['One', { promptTokens: 1000, completionTokens: 200 }],
      ['Two', { promptTokens: 3000, completionTokens: 800 }],
    ] as const) {
      const asked = session.send(question);
      await model.reply('answer');
      model.finish({ kind: 'complete', finishReason: 'stop', usage });
      await asked;
    }
    const priced = viewOf(session, { 'gpt-test': { input: 1, output: 2 } });
    const usages = priced.turns.flatMap((t) => (t.role === 'assistant' ? [t.usage] : []));
    assert.deepEqual(usages, [
      { promptTokens: 1000, completionTokens: 200, cost: 0.0014 },
      { promptTokens: 3000, completionTokens: 800, cost: 0.0046 },
    ]);
    assert.deepEqual(priced.usage, { promptTokens: 4000, completionTokens: 1000, cost: 0.006, unpriced: 0, answers: 2 });
    const unpriced = viewOf(session);
    assert.equal(unpriced.turns[1]?.role === 'assistant' && unpriced.turns[1].usage?.cost, undefined);
    assert.deepEqual(unpriced.usage, { promptTokens: 4000, completionTokens: 1000, cost: 0, unpriced: 2, answers: 2 });
  });
});

describe('ChatSession with images', () => {
  const image = { mime: 'image/png' as const, width: 1, height: 1, bytes: 69, data: ONE_PIXEL_PNG };

  it('attaches an image once however often it is pasted, and sends it with the question', async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    session.attach(imageContext('dot.png', image));
    session.attach(imageContext('dot again.png', { ...image }));
    assert.equal(session.state().attachments.length, 1);
    const sent = session.send('What is this?');
    await model.reply('A dot.');
    model.finish();
    await sent;
    const question = model.requests[0]!.messages.at(-1)!;
    assert.deepEqual('images' in question ? question.images : undefined, [image]);
  });

  it('Send Without Images asks the question again as another version, without its images but with its other context', async () => {
    const { model, deps } = setup();
    const session = await ChatSession.open(deps);
    const code = { path: 'a.ts', language: 'ts', startLine: 1, endLine: 1, text: 'let a = 1;' };
    session.attach(imageContext('dot.png', image));
    session.attach(code);
    const sent = session.send('Why?');
    await model.started();
    model.finish({ kind: 'error', error: { kind: 'bad-request', reason: 'images-refused', status: 400, model: 'gpt-test' } });
    await sent;
    const again = session.sendWithoutImages();
    await model.reply('Because.');
    model.finish();
    await again;
    const question = model.requests[1]!.messages.at(-1)!;
    assert.equal('images' in question ? question.images : undefined, undefined);
    assert.equal(question.content, formatUserContent('Why?', [code]));
    const view = viewOf(session);
    assert.deepEqual(
      view.turns.map((t) => t.text),
      ['Why?', 'Because.'],
    );
    assert.deepEqual(view.turns[0]!.versions && { position: view.turns[0]!.versions.position, count: view.turns[0]!.versions.count }, {
      position: 2,
      count: 2,
    });
  });
});
