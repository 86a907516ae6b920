// The tools a real-editor run needs are installed from inside `npm test` and `npm start`: the outer
// npm's variables must not reach those installs (code-server's postinstall refused Node 24 because
// the outer npm's user agent said Node 20).
import * as assert from 'node:assert/strict';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { installEnvironment } = require(join(REPO_ROOT, 'scripts', 'tools.mjs')) as {
  installEnvironment(env: Record<string, string>, extra?: Record<string, string>): Record<string, string>;
};

describe('the environment tools are installed in', () => {
  const outer = {
    HOME: '/home/someone',
    PATH: ['/repo/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '/usr/local/bin', '/usr/bin'].join(':'),
    NODE: '/usr/local/bin/node',
    INIT_CWD: '/repo',
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_node_execpath: '/usr/local/bin/node',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_lifecycle_event: 'test',
    npm_package_name: 'parley',
    npm_config_nodedir: '/usr',
    npm_config_registry: 'https://registry.example/',
    NPM_CONFIG_CACHE: '/cache/npm',
    XDG_CACHE_HOME: '/cache',
  };

  it('leaves out what the outer npm says of itself and its Node, and its bin folders on PATH', () => {
    const env = installEnvironment(outer);
    for (const name of [
      'NODE',
      'INIT_CWD',
      'npm_config_user_agent',
      'npm_node_execpath',
      'npm_execpath',
      'npm_lifecycle_event',
      'npm_package_name',
      'npm_config_nodedir',
    ]) {
      assert.equal(env[name], undefined, name);
    }
    assert.equal(env.PATH, '/usr/local/bin:/usr/bin');
  });

  it('keeps where packages come from, the rest of the environment, and what the caller adds', () => {
    const env = installEnvironment(outer, { npm_config_nodedir: '/tools/node24' });
    assert.equal(env.npm_config_registry, 'https://registry.example/');
    assert.equal(env.NPM_CONFIG_CACHE, '/cache/npm');
    assert.equal(env.HOME, '/home/someone');
    assert.equal(env.XDG_CACHE_HOME, '/cache');
    assert.equal(env.npm_config_nodedir, '/tools/node24');
  });
});
