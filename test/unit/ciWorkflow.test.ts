// The GitHub workflow must run what .ci/run runs (`npm ci && npm test`), step for step: the
// steps of scripts/testSteps.mjs, in order, and the system packages scripts/tools.mjs needs.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; steps: WorkflowStep[] }>;
}

// Node 20.19+ require()s ES modules without top-level await, as test/support/codeServer.ts does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { steps: testSteps } = require(join(REPO_ROOT, 'scripts', 'testSteps.mjs')) as { steps: { name: string }[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BUILD_PACKAGES } = require(join(REPO_ROOT, 'scripts', 'tools.mjs')) as { BUILD_PACKAGES: string[] };

function readWorkflow(): Workflow {
  const parsed = load(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as Workflow;
  assert.equal(typeof parsed, 'object');
  return parsed;
}

/** The commands of `run:` steps, one per line, without the xvfb-run wrapper. */
function commands(steps: readonly WorkflowStep[]): string[] {
  return steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .map((line) => line.trim().replace(/^xvfb-run -a /, ''))
    .filter(Boolean);
}

describe('CI workflow (.github/workflows/ci.yml)', () => {
  const workflow = readWorkflow();
  const [jobName, ...otherJobs] = Object.keys(workflow.jobs);
  const job = workflow.jobs[jobName!]!;

  it('is one Linux job, run on pushes and pull requests', () => {
    assert.deepEqual(otherJobs, []);
    assert.equal(job['runs-on'], 'ubuntu-latest');
    assert.ok('push' in workflow.on && 'pull_request' in workflow.on, 'triggers: push and pull_request');
  });

  it('mirrors .ci/run: a clean install, then every step of npm test in its order', () => {
    const ciRun = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    assert.match(ciRun, /^npm ci --no-audit --no-fund\nnpm test\n/m, '.ci/run is still `npm ci && npm test`');
    const npm = commands(job.steps).filter((c) => c.startsWith('npm '));
    assert.deepEqual(npm, ['npm ci --no-audit --no-fund', ...testSteps.map((s) => `npm test -- ${s.name}`)]);
  });

  it('runs the extension-host tests under xvfb-run, where @vscode/test-electron opens desktop VS Code', () => {
    const exthost = job.steps.find((s) => s.run?.includes('npm test -- exthost'));
    assert.equal(exthost?.run, 'xvfb-run -a npm test -- exthost');
  });

  it('installs the system packages the real-editor tools need, and xvfb', () => {
    const install = commands(job.steps).find((c) => c.startsWith('sudo apt-get install'));
    assert.ok(install, 'an apt-get install step');
    const packages = install
      .split(/\s+/)
      .filter((word) => !word.startsWith('-'))
      .slice(3);
    assert.deepEqual([...packages].sort(), [...BUILD_PACKAGES, 'xvfb'].sort());
  });

  it('uploads the packaged parley.vsix after the tests', () => {
    const upload = job.steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === 'parley.vsix');
    const lastTest = job.steps.findIndex((s) => s.run === 'npm test -- ui');
    assert.ok(upload > lastTest && lastTest > 0, 'the .vsix is uploaded once every test passed');
    assert.equal(job.steps[upload]!.with?.['if-no-files-found'], 'error');
  });
});
