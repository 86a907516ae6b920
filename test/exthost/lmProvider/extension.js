// A test fixture that the extension-host suite loads next to Parley (test/exthost/run.ts). VS Code
// accepts a language model provider only for a vendor that an extension's manifest declares; this
// one declares "parley-test", so Parley's own manifest ships no test-only contribution. The suite
// registers its scripted provider through the API returned here, so the models come from another
// extension, as Copilot's do. It also tells the suite where this editor keeps extensions' data
// (globalStorageUri), which the test API has no other way to learn.
const vscode = require('vscode');

exports.activate = (context) => ({
  registerProvider: (provider) => vscode.lm.registerLanguageModelChatProvider('parley-test', provider),
  globalStorageUri: context.globalStorageUri,
});
