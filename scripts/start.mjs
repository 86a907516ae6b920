// `npm start [folder]`: Parley in a real editor, for a human.
// With a desktop `code` on PATH: build, then open VS Code with Parley loaded from this checkout.
// Without one (a server, a container): package parley.vsix, install it into a persistent dev
// profile, and serve VS Code in the browser with code-server until Ctrl+C.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from './tools.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// npm runs scripts in the package folder; INIT_CWD is where `npm start` was typed.
const workspace = resolve(process.argv[2] ?? process.env.INIT_CWD ?? process.cwd());
// Persistent, so chats, settings and the API key survive restarts; outside the checkout.
const profile = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'parley-e2e', 'dev-profile');

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: repo, stdio: 'inherit', ...options });
}

function isFree(port) {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

async function freePortFrom(first) {
  for (let port = first; port < first + 100; port++) {
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${first}-${first + 99}`);
}

async function waitForHealthz(origin, server) {
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (server.exitCode !== null) throw new Error(`code-server exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within 60 s`);
}

function startDesktop() {
  run('npm', ['run', '--silent', 'build']);
  console.log(`Opening VS Code with Parley from ${repo} on ${workspace}`);
  run('code', [`--extensionDevelopmentPath=${repo}`, workspace]);
}

async function startCodeServer() {
  const tools = ensureTools();
  run('npm', ['run', '--silent', 'package']);

  const profileArgs = ['--user-data-dir', join(profile, 'user-data'), '--extensions-dir', join(profile, 'extensions')];
  mkdirSync(profile, { recursive: true });
  // code-server runs on the Node 24 it was built for, whatever Node runs this script.
  const env = { ...process.env, PATH: `${tools.nodeBin}${delimiter}${process.env.PATH}` };
  // --force: the version rarely changes between edits, and the new build must replace the old one.
  run(tools.node, [tools.codeServer, ...profileArgs, '--install-extension', join(repo, 'parley.vsix'), '--force'], { env });

  const port = await freePortFrom(Number(process.env.PORT || 8080));
  const origin = `http://127.0.0.1:${port}`;
  const args = [
    tools.codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none', // bound to 127.0.0.1 only
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    // Its own config file, instead of writing ~/.config/code-server/config.yaml.
    '--config',
    join(profile, 'config.yaml'),
    ...profileArgs,
    workspace,
  ];
  // Its own process group, so that stopping ends code-server and everything it started.
  const server = spawn(tools.node, args, { env, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('exit', stop);
  server.on('exit', (code, signal) => {
    console.log(`code-server stopped (${signal ?? `exit code ${code}`}).`);
    process.exit(signal ? 0 : (code ?? 0));
  });

  await waitForHealthz(origin, server);
  console.log(`\nParley is running: ${origin}/?folder=${encodeURIComponent(workspace)}`);
  console.log(`Profile (settings, chats, API key): ${profile}. Stop with Ctrl+C.\n`);
}

try {
  if (onPath('code')) startDesktop();
  else await startCodeServer();
} catch (error) {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
}
