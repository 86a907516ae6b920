// Makes parley.vsix from the production bundles. vsce 4 needs Node >= 22, so it runs on the Node 24
// that tools.mjs caches when the current Node is older.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ensureTools } from './tools.mjs';

const require = createRequire(import.meta.url);
const vsce = require.resolve('@vscode/vsce/vsce');
const node = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : ensureTools().node;
execFileSync(node, [vsce, 'package', '--no-dependencies', '--out', 'parley.vsix'], { stdio: 'inherit' });
console.log(`parley.vsix: ${(statSync('parley.vsix').size / 1024).toFixed(1)} KiB`);
