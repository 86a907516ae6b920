// One activation of the real bundle in a fresh process (run by host.ts several times): how long
// loading the module takes, how long activate() takes, and whether either touched the network or
// listed a directory. Prints one JSON line.
import fs from 'node:fs';
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVscodeStub } from './vscodeStub';

const bundle = join(__dirname, '..', '..', 'dist', 'extension.js');
const stub = installVscodeStub({ settings: {}, storageDir: mkdtempSync(join(tmpdir(), 'parley-bench-activate-')) });

let sockets = 0;
let directoryScans = 0;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  sockets++;
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;
for (const name of ['readdir', 'readdirSync', 'opendir', 'opendirSync'] as const) {
  const original = fs[name] as (...args: unknown[]) => unknown;
  (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    directoryScans++;
    return original(...args);
  };
}

const readdirPromise = fs.promises.readdir;
fs.promises.readdir = ((...args: Parameters<typeof readdirPromise>) => {
  directoryScans++;
  return readdirPromise(...args);
}) as typeof readdirPromise;

const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require(bundle) as { activate(context: unknown): unknown };
const loaded = performance.now();
extension.activate(stub.context());
const activated = performance.now();
process.stdout.write(`${JSON.stringify({ loadMs: loaded - started, activateMs: activated - loaded, sockets, directoryScans })}\n`);
