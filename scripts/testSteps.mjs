// The steps of `npm test`, in order. .github/workflows/ci.yml runs each as its own step; a unit
// test compares the two, so neither can drift from the other.
export const steps = [
  { name: 'lint', command: 'npx', args: ['eslint', '--max-warnings', '0', '.'], also: [['npx', ['prettier', '--check', '.']]] },
  { name: 'typecheck', command: 'npx', args: ['tsc', '-p', '.', '--noEmit'], also: [['npx', ['tsc', '-p', 'src/webview', '--noEmit']]] },
  { name: 'build', command: 'node', args: ['esbuild.js'], also: [['npx', ['tsc', '-p', 'tsconfig.test.json']]] },
  { name: 'unit', command: 'npx', args: ['mocha', '--config', '.mocharc.json'], tests: true },
  { name: 'package', command: 'npm', args: ['run', '--silent', 'package'] },
  { name: 'exthost', command: 'node', args: ['out/test/exthost/run.js'], tests: true },
  { name: 'ui', command: 'npx', args: ['mocha', '--no-config', '--timeout', '120000', 'out/test/ui/*.test.js'], tests: true },
];
