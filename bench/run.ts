// `npm run bench`: every performance figure of issue 7 in one run, each beside the baseline it is
// compared to (measured in the same run), with medians of several runs. Prints a markdown table
// for docs/PERFORMANCE.md and exits 1 when a budget does not hold. Not part of `npm test`: it is
// slow, and timings on a shared machine are noisy.
import { readFileSync, statSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Turn } from '../src/core/conversation';
import { buildMessages } from '../src/core/prompt';
import { historyAnswer } from './corpus';
import { hostFigures } from './host';
import type { Row } from './stats';
import { kib, median, ms, printTable } from './stats';
import { webviewFigures } from './webview';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CHROMIUM } = require(join(ROOT, 'scripts', 'tools.mjs')) as { CHROMIUM: string };

function sizes(): Row[] {
  const file = (path: string) => readFileSync(join(ROOT, path));
  const size = (path: string) => `${kib(statSync(join(ROOT, path)).size)} (gzip ${kib(gzipSync(file(path)).length)})`;
  const vsix = statSync(join(ROOT, 'parley.vsix')).size;
  const webviewHasGrammars = file('dist/webview.js').includes('registerLanguage');
  const extensionHasGrammars = file('dist/extension.js').includes('registerLanguage');
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

function tokens(): Row[] {
  const turns = (count: number): Turn[] =>
    Array.from({ length: count }, (_, i): Turn =>
      i % 2 === 0 ? { id: `t${i}`, role: 'user', text: `Question ${i}`, context: [], createdAt: i } : { id: `t${i}`, role: 'assistant', text: historyAnswer(i), status: 'complete', model: 'm', createdAt: i },
    );
  const time = (history: Turn[]) =>
    median(
      Array.from({ length: 21 }, () => {
        const started = performance.now();
        buildMessages({ systemPrompt: 'Be brief.', examples: [] }, history);
        return performance.now() - started;
      }),
    );
  const long = turns(1000);
  return [
    { area: 'Tokens', figure: 'counting a 100,000-token selection; trimming a 1,000-message history', value: 'not measured', baseline: 'no tokenizer on this branch yet (issue 6)', budget: 'to add with issue 6' },
    { area: 'Tokens', figure: 'what exists: prompt assembly (buildMessages) of a 1,000-message history, median of 21', value: ms(time(long)), baseline: `10 messages ${ms(time(long.slice(0, 10)))}`, budget: 'report' },
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [...sizes()];
  console.error('bench: extension host (activation, first token, throughput, memory)…');
  rows.push(...(await hostFigures()));
  console.error('bench: webview in headless Chromium (rendering, long history, memory)…');
  rows.push(...(await webviewFigures(CHROMIUM)));
  rows.push(...tokens());
  const cpu = cpus();
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${osType()} ${release()}; Node ${process.versions.node}; Chromium ${CHROMIUM}`);
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
