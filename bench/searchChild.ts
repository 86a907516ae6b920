// History search at 1,000 conversations of 100 messages (issue 19), in a process of its own (run
// by search.ts): the real bundle with its panel played by the stub, the conversations in files in
// its storage. Keystroke → list is the host's work from the webview's `listConversations` to the
// `conversations` it posts back (routing, the index, the items, their JSON), not the webview's
// drawing of them. The baseline is the scan the panel made before the index, over the same
// conversations held in memory, so it reads no file. Prints one JSON line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationMatches, summarize, textMatches } from '../src/core/conversation';
import type { Conversation, Turn } from '../src/core/domain';
import { STORED_VERSION } from '../src/core/domain';
import { SearchIndex } from '../src/core/search';
import { historyAnswer, madeUpWords } from './corpus';
import { startFakeServer } from './host';
import { installVscodeStub } from './vscodeStub';

const CONVERSATIONS = 1000;
const MESSAGES = 100;
const BUNDLE = join(__dirname, '..', '..', 'dist', 'extension.js');

/** The corpus: questions and answers of bench/corpus.ts, with made-up words that differ from one conversation to the next. */
function corpus(): Conversation[] {
  return Array.from({ length: CONVERSATIONS }, (_, c): Conversation => {
    const turns = Array.from({ length: MESSAGES }, (_, i): Turn => {
      const at = 1_000_000 + c * 1000 + i;
      return i % 2 === 0
        ? {
            id: `t${i}`,
            role: 'user',
            text: `Question ${i}: how do I change the call in step ${i}? ${madeUpWords(3, c * MESSAGES + i).join(' ')}`,
            context: [],
            createdAt: at,
          }
        : {
            id: `t${i}`,
            role: 'assistant',
            text: `${historyAnswer(i)}\n${madeUpWords(20, c * MESSAGES + i).join(' ')}`,
            status: 'complete',
            model: 'm',
            createdAt: at,
          };
    });
    const at = 1_000_000 + c * 1000 + MESSAGES;
    return { version: STORED_VERSION, id: `bench${c}`, title: `Chat ${c}: ${madeUpWords(2, c).join(' ')}`, createdAt: at, updatedAt: at, turns };
  });
}

/**
 * What a user types, one keystroke at a time: a phrase every conversation holds early, made-up
 * words some hold, common words in an order none holds, a non-ASCII word none holds, and a phrase
 * every conversation holds only late ("step 7" first comes at the 70th message: each conversation
 * is read that far, the hardest case for the index).
 */
const TYPED = ['with a timeout, and', 'kaloter', 'around the tests', 'zürich', 'step 7'];
const keystrokes = TYPED.flatMap((query) => Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)));

/** The JS heap and the memory of typed arrays (outside the heap: the index's bitsets and filters). */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc!();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function main(): Promise<void> {
  const conversations = corpus();
  const chars = conversations.reduce((sum, c) => sum + c.turns.reduce((n, t) => n + t.text.length, 0), 0);
  const storage = mkdtempSync(join(tmpdir(), 'parley-bench-search-'));
  for (const c of conversations) writeFileSync(join(storage, `${c.id}.json`), JSON.stringify(c));
  const server = await startFakeServer();
  try {
    const stub = installVscodeStub({ settings: { baseUrl: server.baseUrl, model: 'gpt-4o-mini', systemPrompt: '', examples: [] }, storageDir: storage });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(BUNDLE) as { activate(context: unknown): { ask(question: string): Promise<void> } };
    const api = extension.activate(stub.context());
    await server.reply('Hello! This is a short answer.');
    // Opens the panel and the session; the store lists the 1,000 files (and this conversation).
    await api.ask('warm up');
    const panel = stub.panels[0]!;
    panel.fromWebview({ type: 'ready' });
    await new Promise((resolve) => setTimeout(resolve, 100));

    let requestId = 0;
    const list = (query: string) =>
      new Promise<{ ms: number; count: number }>((resolve) => {
        const id = ++requestId;
        const started = performance.now();
        panel.onPost = (message, at) => {
          if (message.type !== 'conversations' || message.requestId !== id) return;
          panel.onPost = () => undefined;
          resolve({ ms: at - started, count: (message.items as unknown[]).length });
        };
        panel.fromWebview({ type: 'listConversations', requestId: id, query });
      });

    // Cold: the first search reads every file once and builds the index.
    const before = heapUsed();
    const cold = await list('fetch');
    const indexHeap = heapUsed() - before;

    // The scan the panel made before, over the same conversations in memory, the one on screen
    // (the warm-up's question and answer) too.
    const warmUp: Conversation = {
      ...conversations[0]!,
      id: 'warm-up',
      title: 'warm up',
      updatedAt: Date.now(),
      turns: [
        { id: 'q', role: 'user', text: 'warm up', context: [], createdAt: 0 },
        { id: 'a', role: 'assistant', text: 'Hello! This is a short answer.', status: 'complete', model: 'm', createdAt: 0 },
      ],
    };
    const byId = new Map([warmUp, ...conversations].map((c) => [c.id, c]));
    const summaries = [...byId.values()].map(summarize).sort((a, b) => b.updatedAt - a.updatedAt);
    const load = (id: string) => Promise.resolve(byId.get(id));
    const scan = async (query: string) => {
      const started = performance.now();
      let count = 0;
      for (const summary of summaries) {
        if (!textMatches(summary.title, query)) {
          const conversation = await load(summary.id);
          if (!conversation || !conversationMatches(conversation, query)) continue;
        }
        count++;
      }
      return { ms: performance.now() - started, count };
    };

    const runs: Array<{ index: number[]; scan: number[] }> = [];
    const counts = new Map<string, number>();
    for (let run = 0; run < 3; run++) {
      const index: number[] = [];
      const scanned: number[] = [];
      for (const query of keystrokes) {
        const found = await list(query);
        index.push(found.ms);
        const baseline = await scan(query);
        scanned.push(baseline.ms);
        if (found.count !== baseline.count) throw new Error(`the index found ${found.count} for "${query}", the scan ${baseline.count}`);
        counts.set(query, found.count);
      }
      runs.push({ index, scan: scanned });
    }

    // The index alone, built from the same conversations in memory: its build and its size.
    const standalone = new SearchIndex();
    const heapBefore = heapUsed();
    const buildStarted = performance.now();
    for (const c of conversations) standalone.set(c, '');
    const buildMs = performance.now() - buildStarted;
    const standaloneHeap = heapUsed() - heapBefore;

    console.log(
      JSON.stringify({
        chars,
        keystrokes: keystrokes.length,
        typed: TYPED.map((q) => ({ query: q, count: counts.get(q) })),
        coldMs: cold.ms,
        coldCount: cold.count,
        indexHeap,
        standaloneHeap,
        standaloneBytes: standalone.bytes(),
        buildMs,
        runs,
      }),
    );
  } finally {
    server.stop();
    rmSync(storage, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
