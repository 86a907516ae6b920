// Entry point that the extension host calls (extensionTestsPath) under both runners: the desktop
// VS Code of @vscode/test-electron and code-server's smoke-test driver. It runs every compiled
// *.test.js next to it in this extension host, so the tests use the real 'vscode' API.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // PARLEY_TEST_GREP runs only the tests whose titles match, while working on them.
  const grep = process.env.PARLEY_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, ...(grep ? { grep } : {}) });
  const testFiles = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) mocha.addFile(join(__dirname, name));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension host test(s) failed`));
      else resolve();
    });
  });
}
