// Writes l10n/bundle.l10n.json: every message passed to l10n.t() in src/, in English, which is what
// a language pack translates. The strings are found by @vscode/l10n-dev's extractor (what
// `l10n-dev export` runs). It reads only files that import `l10n` from 'vscode' or '@vscode/l10n';
// core/, shared/ and node/ may import neither (they run without VS Code) and take `l10n` from
// src/shared/l10n.ts instead, so those files are read as if they imported it from 'vscode': the
// calls are the same `l10n.t('…', …)`.
//
//   npm run l10n     rewrites the bundle; a unit test fails while it is out of date
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
export const BUNDLE_FILE = join(REPO_ROOT, 'l10n', 'bundle.l10n.json');

const IMPORTS_SHARED_L10N = /^import \{[^}]*\bl10n\b[^}]*\} from '(?:\.\.?\/)+(?:shared\/)?l10n';$/m;
const AS_IF_FROM_VSCODE = "import { l10n } from 'vscode';\n";

/** A source file as the extractor should read it. */
export function scriptFile(path, contents) {
  return { extension: extname(path), contents: IMPORTS_SHARED_L10N.test(contents) ? AS_IF_FROM_VSCODE + contents : contents };
}

/** The messages of `files` ({ path, contents }), as the bundle holds them. */
export async function extractMessages(files) {
  return getL10nJson(files.map(({ path, contents }) => scriptFile(path, contents)));
}

/** The bundle as the sources under src/ make it now. */
export async function currentBundle() {
  const sources = readdirSync(join(REPO_ROOT, 'src'), { recursive: true })
    .filter((name) => /\.ts$/.test(name) && !name.endsWith('.d.ts'))
    .sort()
    .map((name) => join(REPO_ROOT, 'src', name));
  return extractMessages(sources.map((path) => ({ path, contents: readFileSync(path, 'utf8') })));
}

export function bundleText(bundle) {
  return `${JSON.stringify(bundle, undefined, 2)}\n`;
}

// No top-level await: the unit test require()s this module.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  currentBundle().then((bundle) => {
    writeFileSync(BUNDLE_FILE, bundleText(bundle));
    console.log(`${relative(REPO_ROOT, BUNDLE_FILE)}: ${Object.keys(bundle).length} messages`);
  });
}
