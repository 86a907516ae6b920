// Entry of dist/highlight.js, loaded by highlighter.ts on first use: highlight.js's core and the
// grammars answers hold most often (its "common" set). A grammar is registered when a code block
// first needs it: registering all of them costs more than a long answer's highlighting.
import type { LanguageFn } from 'highlight.js';
import hljs from 'highlight.js/lib/core';
import xml from 'highlight.js/lib/languages/xml';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import markdown from 'highlight.js/lib/languages/markdown';
import diff from 'highlight.js/lib/languages/diff';
import ruby from 'highlight.js/lib/languages/ruby';
import go from 'highlight.js/lib/languages/go';
import graphql from 'highlight.js/lib/languages/graphql';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import less from 'highlight.js/lib/languages/less';
import lua from 'highlight.js/lib/languages/lua';
import makefile from 'highlight.js/lib/languages/makefile';
import perl from 'highlight.js/lib/languages/perl';
import objectivec from 'highlight.js/lib/languages/objectivec';
import php from 'highlight.js/lib/languages/php';
import php_template from 'highlight.js/lib/languages/php-template';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import python_repl from 'highlight.js/lib/languages/python-repl';
import r from 'highlight.js/lib/languages/r';
import rust from 'highlight.js/lib/languages/rust';
import scss from 'highlight.js/lib/languages/scss';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import yaml from 'highlight.js/lib/languages/yaml';
import typescript from 'highlight.js/lib/languages/typescript';
import vbnet from 'highlight.js/lib/languages/vbnet';
import wasm from 'highlight.js/lib/languages/wasm';
import type { HighlightNode, Highlighter } from './highlighter';
import { HIGHLIGHTER_GLOBAL } from './highlighter';

const GRAMMARS: Record<string, LanguageFn> = {
  xml,
  bash,
  c,
  cpp,
  csharp,
  css,
  markdown,
  diff,
  ruby,
  go,
  graphql,
  ini,
  java,
  javascript,
  json,
  kotlin,
  less,
  lua,
  makefile,
  perl,
  objectivec,
  php,
  'php-template': php_template,
  plaintext,
  python,
  'python-repl': python_repl,
  r,
  rust,
  scss,
  shell,
  sql,
  swift,
  yaml,
  typescript,
  vbnet,
  wasm,
};

/** The names fences use for these grammars (highlight.js knows them only once registered). */
const ALIASES: Record<string, string> = {
  html: 'xml',
  xhtml: 'xml',
  svg: 'xml',
  sh: 'bash',
  zsh: 'bash',
  h: 'c',
  cc: 'cpp',
  'c++': 'cpp',
  hpp: 'cpp',
  cxx: 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  md: 'markdown',
  patch: 'diff',
  rb: 'ruby',
  golang: 'go',
  gql: 'graphql',
  toml: 'ini',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsonc: 'json',
  json5: 'json',
  kt: 'kotlin',
  kts: 'kotlin',
  mk: 'makefile',
  pl: 'perl',
  objc: 'objectivec',
  text: 'plaintext',
  txt: 'plaintext',
  py: 'python',
  pycon: 'python-repl',
  rs: 'rust',
  console: 'shell',
  yml: 'yaml',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  vb: 'vbnet',
};

let allRegistered = false;

function grammar(name: string) {
  const key = ALIASES[name] ?? name;
  const definition = GRAMMARS[key];
  if (definition && !hljs.getLanguage(key)) hljs.registerLanguage(key, definition);
  if (!hljs.getLanguage(name) && !allRegistered) {
    // An alias not listed above: register everything once and ask again.
    allRegistered = true;
    for (const [other, fn] of Object.entries(GRAMMARS)) if (!hljs.getLanguage(other)) hljs.registerLanguage(other, fn);
  }
  return hljs.getLanguage(name);
}

/** highlight.js's token tree, as its emitter builds it. */
interface TokenNode {
  readonly scope?: string;
  readonly language?: string;
  readonly children: ReadonlyArray<string | TokenNode>;
}

/** The CSS classes highlight.js gives a scope: `title.function` → `hljs-title function_`. */
function scopeClass(node: TokenNode): string {
  if (node.language) return `language-${node.language}`;
  const [first, ...rest] = (node.scope ?? '').split('.');
  return [`hljs-${first}`, ...rest.map((piece, i) => `${piece}${'_'.repeat(i + 1)}`)].join(' ');
}

function toNodes(children: ReadonlyArray<string | TokenNode>): HighlightNode[] {
  return children.map((child) =>
    typeof child === 'string' ? child : { className: child.scope || child.language ? scopeClass(child) : '', children: toNodes(child.children) },
  );
}

/** A grammar's state at the start of a text: a result that ends in it left nothing open. */
const rootState = new Map<object, unknown>();

const parleyHighlighter: Highlighter = {
  highlight(code, fenceLanguage) {
    const language = fenceLanguage.toLowerCase();
    const known = grammar(language);
    if (!known) return undefined;
    if (!rootState.has(known)) rootState.set(known, hljs.highlight('', { language, ignoreIllegals: true })._top);
    const result = hljs.highlight(code, { language, ignoreIllegals: true });
    const tree = (result._emitter as unknown as { rootNode: TokenNode }).rootNode;
    return { nodes: toNodes(tree.children), clean: result._top === rootState.get(known) };
  },
};

(window as unknown as Record<string, Highlighter>)[HIGHLIGHTER_GLOBAL] = parleyHighlighter;
