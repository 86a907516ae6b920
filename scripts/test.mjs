// `npm test`: every check and every test layer, in the order that fails fastest.
//   lint → type-check → build → unit (mocha, Node) → package (.vsix) → extension host → UI (code-server + Chromium)
// `npm test -- unit exthost` runs only the named steps. The last line sums the tests of all layers.
import { spawn } from 'node:child_process';
import { steps } from './testSteps.mjs';

const only = process.argv.slice(2);
const selected = only.length ? steps.filter((s) => only.includes(s.name)) : steps;
if (only.length && selected.length !== only.length) {
  console.error(`Unknown step in ${only.join(' ')}; steps: ${steps.map((s) => s.name).join(' ')}`);
  process.exit(2);
}

function run(command, args) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        const text = chunk.toString();
        // npm's notice about this machine's user config is noise in every step.
        const shown = text.replace(/^npm warn Unknown (user|env) config "nodedir".*\n?/gm, '');
        (stream === child.stdout ? process.stdout : process.stderr).write(shown);
        output += text;
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const failedSteps = [];
const notRun = [];
for (const [index, step] of selected.entries()) {
  const started = Date.now();
  console.log(`\n━━ ${step.name} ━━`);
  let result = await run(step.command, step.args);
  for (const [command, args] of step.also ?? []) {
    if (result.code === 0) result = await run(command, args);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.tests) {
    // Mocha's closing lines; a layer that ran no test is a failure, not a pass.
    const count = (word) => [...result.output.matchAll(new RegExp(`^\\s*(\\d+) ${word}`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
    const passed = count('passing');
    const failed = count('failing');
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += count('pending');
    if (passed + failed === 0) {
      console.error(`${step.name}: no test ran`);
      result.code ||= 1;
    }
    summary.push(`${step.name}: ${passed} passed, ${failed} failed (${seconds} s)`);
  } else {
    summary.push(`${step.name}: ${result.code === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
  }
  if (result.code !== 0) {
    failedSteps.push(step.name);
    // Without a build or a package the later layers cannot run; test layers still all run.
    if (!step.tests) {
      notRun.push(...selected.slice(index + 1).map((s) => s.name));
      break;
    }
  }
}

console.log(`\n━━ summary ━━\n${summary.join('\n')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
// A count of passes after a failed step reads like a pass: then the last line says what failed.
const ok = failedSteps.length === 0 && totals.failed === 0;
if (!ok) console.log(`npm test FAILED in: ${failedSteps.join(', ')}${notRun.length ? `; not run: ${notRun.join(', ')}` : ''}`);
process.exit(ok ? 0 : 1);
