// The extension host side: activation of the real bundle, first-token overhead and throughput
// against a raw request and the bare SDK, and heap growth over 100 turns. The local
// OpenAI-compatible server runs in its own process, so its work is not counted as the host's.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { Row } from './stats';
import { median, ms, ratio } from './stats';
import type { FakePanel } from './vscodeStub';
import { installVscodeStub } from './vscodeStub';

const OUT = join(__dirname, '..');
const FRAME_MS = 1000 / 60;
const BUNDLE = join(OUT, '..', 'dist', 'extension.js');

export interface FakeServer {
  readonly baseUrl: string;
  reply(text: string): Promise<void>;
  stop(): void;
}

export async function startFakeServer(): Promise<FakeServer> {
  const child: ChildProcess = spawn(process.execPath, [join(OUT, 'test', 'support', 'fakeOpenAI.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the local server exited (${code})`)));
  });
  const origin = baseUrl.replace(/\/v1$/, '');
  return {
    baseUrl,
    async reply(text) {
      // Forget the requests recorded so far (the server would hold every one), then set the answer.
      await fetch(`${origin}/__control/reset`, { method: 'POST' });
      const response = await fetch(`${origin}/__control/default`, { method: 'POST', body: JSON.stringify({ kind: 'reply', text, chunkSize: 4 }) });
      if (!response.ok) throw new Error(`could not script the local server: ${response.status}`);
    },
    stop: () => child.kill(),
  };
}

/** `n` tokens of the fake's kind (4 characters each) of prose. */
export function tokensOfText(n: number): string {
  const words = 'the quick brown fox jumps over lazy dogs while parley streams each token to the panel';
  let text = '';
  while (text.length < n * 4) text += `${words} `;
  return text.slice(0, n * 4);
}

function activation(): Row[] {
  const runs = Array.from(
    { length: 9 },
    () =>
      JSON.parse(execFileSync(process.execPath, [join(__dirname, 'activationChild.js')], { encoding: 'utf8' })) as {
        loadMs: number;
        activateMs: number;
        sockets: number;
        directoryScans: number;
      },
  );
  const total = median(runs.map((r) => r.loadMs + r.activateMs));
  const load = median(runs.map((r) => r.loadMs));
  const touched = runs.reduce((sum, r) => sum + r.sockets + r.directoryScans, 0);
  return [
    {
      area: 'Activation',
      figure: 'require(dist/extension.js) + activate(), median of 9 fresh processes',
      value: ms(total),
      baseline: `module loading ${ms(load)} (${Math.round((100 * load) / total)} %)`,
      budget: 'report',
    },
    {
      area: 'Activation',
      figure: 'sockets opened + directories listed during activation',
      value: String(touched),
      baseline: '',
      budget: '0',
      ok: touched === 0,
    },
  ];
}

/** Resolves at the first posted message `matches` accepts. */
function nextPost(panel: FakePanel, matches: (message: { type: string; [key: string]: unknown }) => boolean): Promise<number> {
  return new Promise((resolve) => {
    panel.onPost = (message, at) => {
      if (!matches(message)) return;
      panel.onPost = () => undefined;
      resolve(at);
    };
  });
}

const isIdle = (m: { type: string; [key: string]: unknown }) => (m.type === 'state' || m.type === 'update') && (m.snapshot as { busy: boolean }).busy === false;

async function ask(panel: FakePanel, text: string): Promise<void> {
  const idle = nextPost(panel, isIdle);
  panel.fromWebview({ type: 'send', text });
  await idle;
}

async function newChat(panel: FakePanel): Promise<void> {
  panel.fromWebview({ type: 'newChat' });
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A raw streaming request: the time until the first content arrives. */
async function rawFirstToken(baseUrl: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], stream: true }),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (!at && /"content":"[^"]/.test(seen)) at = performance.now();
  }
  return at - started;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function bareSdk(baseUrl: string): Promise<number> {
  const sdk = new OpenAI({ apiKey: 'no-key', baseURL: baseUrl, maxRetries: 0 });
  const cpu = process.cpuUsage();
  const stream = await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Stream' }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  if (text.length === 0) throw new Error('the bare SDK got no text');
  return cpuMs(cpu);
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

export async function hostFigures(): Promise<Row[]> {
  const rows = activation();
  if (!(globalThis as { gc?: () => void }).gc) throw new Error('run the bench with node --expose-gc (npm run bench does)');
  const server = await startFakeServer();
  try {
    const stub = installVscodeStub({
      settings: { baseUrl: server.baseUrl, model: 'gpt-4o-mini', systemPrompt: '', examples: [] },
      storageDir: mkdtempSync(join(tmpdir(), 'parley-bench-host-')),
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(BUNDLE) as { activate(context: unknown): { ask(question: string): Promise<void> } };
    const api = extension.activate(stub.context());
    await server.reply('Hello! This is a short answer.');
    await api.ask('warm up');
    const panel = stub.panels[0]!;
    panel.fromWebview({ type: 'ready' });

    // First token: the webview's send to the first text posted back, against a raw request.
    const host: number[] = [];
    const raw: number[] = [];
    for (let run = 0; run < 15; run++) {
      await newChat(panel);
      raw.push(await rawFirstToken(server.baseUrl));
      const firstText = nextPost(panel, (m) => m.type === 'delta');
      const idle = new Promise<void>((resolve) => void firstText.then(() => nextPost(panel, isIdle).then(() => resolve())));
      const started = performance.now();
      panel.fromWebview({ type: 'send', text: 'Hello' });
      host.push((await firstText) - started);
      await idle;
    }
    const overhead = median(host) - median(raw);
    rows.push({
      area: 'First token',
      figure: 'send → first text posted to the webview, median of 15',
      value: ms(median(host)),
      baseline: `raw streaming request ${ms(median(raw))}; overhead ${ms(overhead)}`,
      budget: 'overhead < 5 ms',
      ok: overhead < 5,
    });

    // Throughput: 20,000 tokens as fast as the server sends them.
    await server.reply(tokensOfText(20_000));
    const hostCpu: number[] = [];
    const sdkCpu: number[] = [];
    const gaps: number[] = [];
    const postsPerFrame: number[] = [];
    for (let run = 0; run < 5; run++) {
      sdkCpu.push(await bareSdk(server.baseUrl));
      await newChat(panel);
      let first = 0;
      let last = 0;
      let posts = 0;
      const idle = new Promise<void>((resolve) => {
        panel.onPost = (message, at) => {
          if (message.type === 'delta') {
            if (last) gaps.push(at - last);
            first ||= at;
            last = at;
            posts++;
          } else if (isIdle(message)) resolve();
        };
      });
      const cpu = process.cpuUsage();
      panel.fromWebview({ type: 'send', text: 'Stream' });
      await idle;
      hostCpu.push(cpuMs(cpu));
      postsPerFrame.push((posts - 1) / ((last - first) / FRAME_MS));
    }
    const cpuRatio = median(hostCpu) / median(sdkCpu);
    rows.push({
      area: 'Throughput',
      figure: 'host CPU for a 20,000-token stream, median of 5',
      value: ms(median(hostCpu)),
      baseline: `bare SDK ${ms(median(sdkCpu))}; ratio ${ratio(cpuRatio)}`,
      budget: '≤ 2x',
      ok: cpuRatio <= 2,
    });
    const rate = Math.max(...postsPerFrame);
    rows.push({
      area: 'Throughput',
      figure: 'text updates posted to the webview per 16.7 ms frame, highest of 5 runs',
      value: rate.toFixed(2),
      baseline: `${gaps.length + 5} posts; gap between posts: median ${ms(median(gaps))}, shortest ${ms(Math.min(...gaps))}`,
      budget: '≤ 1',
      ok: rate <= 1,
    });

    // Memory: heap growth over 100 turns, against the size of what the conversation holds.
    await server.reply(tokensOfText(250));
    await newChat(panel);
    const before = heapUsed();
    for (let turn = 0; turn < 100; turn++) await ask(panel, `Question number ${turn}`);
    const growth = heapUsed() - before;
    const conversationBytes = 100 * (tokensOfText(250).length + 'Question number 00'.length) * 2;
    rows.push({
      area: 'Memory',
      figure: 'host heap growth over 100 turns (1,000-char answers)',
      value: `${(growth / 1024).toFixed(0)} KiB`,
      baseline: `the conversation's text ${(conversationBytes / 1024).toFixed(0)} KiB (UTF-16)`,
      budget: 'report',
    });
  } finally {
    server.stop();
  }
  return rows;
}
