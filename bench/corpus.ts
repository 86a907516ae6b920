// The texts the webview benchmark streams and shows: deterministic markdown of the kinds answers
// hold (headings, lists, task lists, tables, quotes, code in several languages).

const CODE: ReadonlyArray<readonly [string, string]> = [
  [
    'ts',
    'export async function load(path: string): Promise<Config> {\n  const text = await readFile(path, "utf8"); // the raw file\n  /* parse, then check */\n  const value = JSON.parse(text) as Partial<Config>;\n  return { retries: value.retries ?? 3, url: `${value.url}/v1` };\n}\n',
  ],
  [
    'python',
    'def fibonacci(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b  # step\n    return a\n',
  ],
  ['json', '{\n  "name": "parley",\n  "version": "0.1.0",\n  "contributes": { "commands": [{ "command": "parley.openChat", "title": "Open Chat" }] }\n}\n'],
  ['bash', 'set -euo pipefail\nfor file in src/*.ts; do\n  echo "checking $file"\n  npx eslint "$file" || exit 1\ndone\n'],
  [
    'rust',
    'fn main() {\n    let words: Vec<&str> = "a b c".split(\' \').collect();\n    for (i, w) in words.iter().enumerate() {\n        println!("{}: {}", i, w);\n    }\n}\n',
  ],
  [
    'go',
    'func handler(w http.ResponseWriter, r *http.Request) {\n\tif r.Method != http.MethodPost {\n\t\thttp.Error(w, "method not allowed", 405)\n\t\treturn\n\t}\n\tfmt.Fprintf(w, "ok")\n}\n',
  ],
];

function section(i: number): string {
  const [language, code] = CODE[i % CODE.length]!;
  const parts = [
    `## Step ${i + 1}: what to change`,
    '',
    `The **${language}** part below reads the settings, checks them and returns a \`Config\`. See [the docs](https://example.com/docs/${i}) for details; it is step ${i + 1} of the plan and keeps *every* value it was given.`,
    '',
    '- Read the file once, at start-up',
    '- Validate each field:',
    '  - `url` must be http(s)',
    '  - `retries` is a number',
    `- [x] done in step ${i}`,
    '- [ ] still to do',
    '',
    '```' + language,
    code.repeat(2).trimEnd(),
    '```',
    '',
  ];
  if (i % 3 === 0)
    parts.push('| option | default | meaning |', '|---|---|---|', '| `retries` | 3 | how often to try |', '| `url` | none | where requests go |', '');
  if (i % 4 === 1) parts.push('> Note: a setting from the workspace never changes where requests go.', '');
  return parts.join('\n');
}

/** About `tokens` tokens (4 characters each) of a long markdown answer. */
export function markdownAnswer(tokens: number): string {
  let text = '';
  for (let i = 0; text.length < tokens * 4; i++) text += section(i);
  return text.slice(0, tokens * 4);
}

/** A shorter answer of an ordinary conversation; every fifth has a code block. */
export function historyAnswer(i: number): string {
  const base = `Here is answer ${i}. The **short** version: use \`fetch\` with a timeout, and [read more](https://example.com/${i}).\n\n1. Open the file\n2. Change the call\n3. Run the tests\n\nThat is all for question ${i}; ask again if anything is unclear about the change or the tests around it.\n`;
  if (i % 5 !== 0) return base;
  const [language, code] = CODE[i % CODE.length]!;
  return `${base}\n\`\`\`${language}\n${code}\`\`\`\n`;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'van', 'quo', 'zu', 'rex', 'pli', 'dan', 'sor', 'wex', 'ny', 'bral', 'cho', 'fim'];

/** Deterministic made-up words: text a tokenizer cannot serve from its cache of words it has seen. */
export function madeUpWords(count: number, seed: number): string[] {
  let state = seed * 2654435761 + 1;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16;
  return Array.from({ length: count }, () => Array.from({ length: 2 + (next() % 3) }, () => SYLLABLES[next() % SYLLABLES.length]).join(''));
}

/** `lines` lines of TypeScript-like code whose names do not repeat. */
export function variedCode(lines: number): string {
  const words = madeUpWords(lines * 3, 7);
  return Array.from(
    { length: lines },
    (_, i) => `  const ${words[3 * i]}${i} = ${words[3 * i + 1]}(input.${words[3 * i + 2]}, ${(i * 37) % 1000}); // step ${i}`,
  ).join('\n');
}

/** A table of about `chars` characters: one markdown block, as long as an answer can make one. */
export function bigTable(chars: number): string {
  let text = '| row | value | note |\n|---|---:|---|\n';
  for (let i = 0; text.length < chars; i++) text += `| row ${i} | ${(i * 37) % 1000} | the note of row ${i} |\n`;
  return text;
}

/**
 * `text` with a marker word in place of a space about every `every` characters: what the bench
 * looks for in the page to see how far behind what arrived it shows. Returns the text and where
 * each marker ends in it.
 */
export function withMarkers(text: string, every: number): { text: string; markers: Array<{ word: string; end: number }> } {
  const markers: Array<{ word: string; end: number }> = [];
  let out = '';
  let from = 0;
  while (from < text.length) {
    const space = text.indexOf(' ', from + every);
    if (space < 0) break;
    out += text.slice(from, space);
    const word = ` mark${markers.length}x `;
    out += word;
    markers.push({ word: word.trim(), end: out.length - 1 });
    from = space + 1;
  }
  return { text: out + text.slice(from), markers };
}
