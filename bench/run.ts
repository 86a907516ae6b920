// `npm run bench`: every performance figure of issue 7 in one run, each beside the baseline it is
// compared to (measured in the same run), with medians of several runs. Prints a markdown table
// for docs/PERFORMANCE.md and exits 1 when a budget does not hold. Not part of `npm test`: it is
// slow, and timings on a shared machine are noisy.
import { readFileSync, statSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { TokenCounter } from '../src/core/budget';
import { answerReserve, fitMessages, rememberingCounter } from '../src/core/budget';
import { buildMessages, formatCodeContext } from '../src/core/prompt';
import { MAX_SELECTION_CHARS, toCodeContext } from '../src/core/selection';
import { openAITokenizer } from '../src/node/tokenizer';
import { groupDigits } from '../src/shared/numbers';
import { historyAnswer, madeUpWords, variedCode } from './corpus';
import { hostFigures } from './host';
import { searchFigures } from './search';
import type { Row } from './stats';
import { kib, median, ms, printTable, ratio } from './stats';
import type { WebviewSection } from './webview';
import { webviewFigures } from './webview';
import type { Turn } from '../src/core/domain';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CHROMIUM } = require(join(ROOT, 'scripts', 'tools.mjs')) as { CHROMIUM: string };

function sizes(): Row[] {
  const file = (path: string) => readFileSync(join(ROOT, path));
  const size = (path: string) => `${kib(statSync(join(ROOT, path)).size)} (gzip ${kib(gzipSync(file(path)).length)})`;
  const vsix = statSync(join(ROOT, 'parley.vsix')).size;
  // highlight.js's own call, not VS Code's registerLanguageModelChatProvider, which the extension uses.
  const hasGrammars = (path: string) => /registerLanguage\(/.test(file(path).toString());
  const webviewHasGrammars = hasGrammars('dist/webview.js');
  const extensionHasGrammars = hasGrammars('dist/extension.js');
  return [
    { area: 'Size', figure: 'parley.vsix', value: kib(vsix), baseline: 'peers ship tens of MB', budget: '< 2 MB', ok: vsix < 2 * 1024 * 1024 },
    { area: 'Size', figure: 'extension bundle dist/extension.js (minified)', value: size('dist/extension.js'), baseline: '', budget: 'report' },
    { area: 'Size', figure: 'webview bundle dist/webview.js (minified)', value: size('dist/webview.js'), baseline: '', budget: 'report' },
    {
      area: 'Size',
      figure: 'highlighter dist/highlight.js, loaded by the webview on the first code block',
      value: size('dist/highlight.js'),
      baseline: `grammars in the webview bundle: ${webviewHasGrammars ? 'yes' : 'no'}; in the extension bundle: ${extensionHasGrammars ? 'yes' : 'no'}`,
      budget: 'heavy parts lazy',
      ok: !webviewHasGrammars && !extensionHasGrammars,
    },
  ];
}

/** Median time of `runs` calls of `fn`, in ms. */
function timed(runs: number, fn: (run: number) => void): number {
  return median(
    Array.from({ length: runs }, (_, run) => {
      const started = performance.now();
      fn(run);
      return performance.now() - started;
    }),
  );
}

/** A selection of about `tokens` tokens of code, as o200k counts them. */
function codeSelection(tokens: number, count: (text: string) => number): string {
  const sample = variedCode(100);
  return variedCode(Math.ceil((100 * tokens) / count(sample)));
}

function tokens(): Row[] {
  const bundle = join(ROOT, 'dist', 'tokenizer.js');
  // The shipped tokenizer on its own, as a baseline, and as Parley counts with it (remembering counts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { countTokens } = require(bundle) as { countTokens: (text: string, options: { disallowedSpecial: Set<string> }) => number };
  const options = { disallowedSpecial: new Set<string>() };
  const alone: TokenCounter = { exact: true, count: (text) => countTokens(text, options) };
  const parley = openAITokenizer(bundle);

  // A 100,000-token selection: cut as Parley sends it, formatted with its file and lines, counted.
  const text = codeSelection(100_000, alone.count);
  const selectionTokens = alone.count(text);
  const selection = { kind: 'selection' as const, path: 'src/big.ts', language: 'typescript', startLine: 1, endLine: text.split('\n').length, text };
  // Parley counts a selection when it is attached, and each panel update after that: first, then remembered.
  const countSelection = timed(5, () => rememberingCounter(alone).count(formatCodeContext(toCodeContext(selection))));
  const remembering = rememberingCounter(alone);
  remembering.count(formatCodeContext(toCodeContext(selection)));
  const countAgain = timed(5, () => remembering.count(formatCodeContext(toCodeContext(selection))));
  const countFull = timed(5, () => alone.count(text));
  const sent = formatCodeContext(toCodeContext(selection));

  // Trimming a 1,000-message history to gpt-4o-mini's window before each of 21 requests, each
  // request adding a question and its answer: the history's counts are remembered between requests.
  const turns = (count: number): Turn[] =>
    Array.from({ length: count }, (_, i): Turn =>
      i % 2 === 0
        ? { id: `t${i}`, role: 'user', text: `Question ${i}: how do I change the call in step ${i}?`, context: [], createdAt: i }
        : { id: `t${i}`, role: 'assistant', text: `${historyAnswer(i)}\n${madeUpWords(20, i).join(' ')}`, status: 'complete', model: 'm', createdAt: i },
    );
  const steering = { systemPrompt: 'Be brief.', examples: [] };
  const limit = 128_000 - answerReserve(128_000);
  const history = turns(1000 + 2 * 21);
  const trim = (counter: TokenCounter, run: number) => fitMessages(buildMessages(steering, history.slice(0, 1000 + 2 * run)), 1, limit, counter);
  trim(parley, 0);
  const cached = timed(21, (run) => trim(parley, run + 1));
  const uncached = timed(21, (run) => trim(alone, run + 1));
  const fitted = trim(parley, 21);
  const leftOut = fitted.ok ? fitted.leftOut : -1;
  return [
    {
      area: 'Tokens',
      figure: `counting a ${groupDigits(selectionTokens)}-token selection as Parley sends it (cut to ${groupDigits(MAX_SELECTION_CHARS)} characters, with its file and lines), median of 5`,
      value: `${ms(countSelection)}; counted again (remembered) ${ms(countAgain)}`,
      baseline: `tokenizer alone on the whole selection ${ms(countFull)}; on the ${groupDigits(sent.length)} characters sent ${ms(timed(5, () => alone.count(sent)))}`,
      budget: 'report',
    },
    {
      area: 'Tokens',
      figure: `trimming a 1,000-message history to a 128,000-token window before a request (${leftOut} oldest left out), counts remembered between requests, median of 21`,
      value: ms(cached),
      baseline: `tokenizer alone counting every message ${ms(uncached)}; ratio ${ratio(cached / uncached)}`,
      budget: '≤ 0.1x',
      ok: cached / uncached <= 0.1,
    },
  ];
}

const SECTIONS = ['size', 'host', 'rendering', 'history', 'tokens'] as const;
type Section = (typeof SECTIONS)[number];

/** `npm run bench -- host history` measures only those sections (while tuning one); none: all of them. */
function chosenSections(args: readonly string[]): ReadonlySet<Section> {
  const unknown = args.filter((a) => !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`unknown bench section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
  return new Set((args.length ? args : SECTIONS) as readonly Section[]);
}

async function main(): Promise<void> {
  const started = Date.now();
  const sections = chosenSections(process.argv.slice(2));
  const rows: Row[] = sections.has('size') ? sizes() : [];
  if (sections.has('host')) {
    console.error('bench: extension host (activation, first token, throughput, memory)…');
    rows.push(...(await hostFigures()));
  }
  const webviewSections = new Set(SECTIONS.filter((s): s is WebviewSection => (s === 'rendering' || s === 'history') && sections.has(s)));
  if (webviewSections.size) {
    console.error('bench: webview in headless Chromium (rendering, long history, memory)…');
    rows.push(...(await webviewFigures(CHROMIUM, webviewSections)));
  }
  if (sections.has('history')) {
    console.error('bench: History search at 1,000 conversations (its own process)…');
    rows.push(...searchFigures());
  }
  if (sections.has('tokens')) rows.push(...tokens());
  const cpu = cpus();
  console.log(
    `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${osType()} ${release()}; Node ${process.versions.node}; Chromium ${CHROMIUM}`,
  );
  console.log(`took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  console.log(printTable(rows));
  const failed = rows.filter((r) => r.ok === false);
  console.log(failed.length ? `\n${failed.length} budget(s) do not hold: ${failed.map((r) => `${r.area}: ${r.figure}`).join('; ')}` : '\nEvery budget holds.');
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
