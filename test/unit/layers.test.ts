// The layer rule in eslint.config.mjs is an allow-list per layer: these imports, linted with the
// project's real config as if they were in each layer, show what it lets through and what it stops.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import * as ts from 'typescript';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const cases: { layer: string; allowed: string[]; refused: string[] }[] = [
  {
    layer: 'src/core/probe.ts',
    allowed: ['./prompt', '../shared/l10n', '../shared/numbers', '../shared/validate'],
    refused: [
      '../shared/protocol',
      '../shared/steering',
      '../vscode/settings',
      '../node/fileStore',
      '../webview/markdown',
      'vscode',
      'openai',
      'node:fs',
      'fs',
      '@vscode/l10n',
      '../../test/support/fakeOpenAI',
    ],
  },
  {
    layer: 'src/core/domain.ts',
    allowed: [],
    refused: ['./prompt', '../shared/l10n', 'node:fs'],
  },
  {
    layer: 'src/shared/probe.ts',
    allowed: ['./protocol', '../core/domain'],
    refused: ['../core/conversation', '../node/fileStore', '../vscode/apiKey', 'vscode', 'node:path', 'marked'],
  },
  {
    layer: 'src/node/probe.ts',
    allowed: ['./fileStore', '../core/budget', '../shared/l10n', 'node:fs/promises', 'openai', 'gpt-tokenizer/encoding/o200k_base'],
    refused: ['vscode', '../vscode/apiKey', '../webview/dom', 'fs'],
  },
  {
    layer: 'src/vscode/probe.ts',
    allowed: ['vscode', './apiKey', '../core/budget', '../node/fileStore', '../shared/protocol', 'node:crypto'],
    refused: ['../webview/markdown', 'openai'],
  },
  {
    layer: 'src/webview/probe.ts',
    allowed: ['./dom', '../shared/protocol', 'marked', 'dompurify', '@vscode/l10n', 'highlight.js/lib/core', 'katex', 'katex/dist/katex.min.css'],
    refused: ['../core/conversation', '../node/fileStore', '../vscode/apiKey', 'vscode', 'openai', 'node:fs'],
  },
];

describe('the layer rule', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: REPO_ROOT });

  async function refusedImports(layer: string, sources: string[]): Promise<string[]> {
    const code = sources.map((source, i) => `import type { T${i} } from '${source}';\nexport type U${i} = T${i};\n`).join('');
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, layer) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => sources[(m.line - 1) / 2]!);
  }

  for (const { layer, allowed, refused } of cases) {
    it(`in ${layer.replace(/^src\/|probe\.ts$/g, '')} lets through only what the layer may import, relative paths and type imports included`, async () => {
      assert.deepEqual(await refusedImports(layer, [...allowed, ...refused]), refused);
    });
  }
});

describe('imports in src/', () => {
  /** Each file's relative imports (type imports included), as TypeScript reads them. */
  function importGraph(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
          const targets = importedFiles.filter((f) => f.fileName.startsWith('.')).map((f) => resolve(dirname(path), `${f.fileName}.ts`));
          graph.set(
            path,
            targets.filter((target) => existsSync(target)),
          );
        }
      }
    };
    walk(join(REPO_ROOT, 'src'));
    return graph;
  }

  it('form no cycle: every dependency points one way', () => {
    const graph = importGraph();
    assert.ok(graph.size > 50, `read the sources (${graph.size} files)`);
    const done = new Set<string>();
    const cycles = new Set<string>();
    const visit = (file: string, path: string[]): void => {
      if (path.includes(file)) return void cycles.add([...path.slice(path.indexOf(file)), file].map((f) => relative(join(REPO_ROOT, 'src'), f)).join(' → '));
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual([...cycles], []);
  });
});
