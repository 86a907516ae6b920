// Profiles and context chips through the real VS Code API: workspace files read (and broken ones
// reported by file and line), workspace trust, Save as Example round trips, and the editor context
// that chips attach.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseProfileFile } from '../../../src/core/profileFile';
import { EditorContext } from '../../../src/vscode/contextSources';
import type { ProfileCatalog } from '../../../src/vscode/profileLibrary';
import { ProfileLibrary, untrustedNotice } from '../../../src/vscode/profileLibrary';

const TEAM = '.parley/profiles/exthost-team.md';
const BROKEN = '.parley/profiles/exthost-broken.md';
const CREATED = '.parley/profiles/data-science-tutor.md';
const TEAM_TEXT = '---\nname: Exthost team\ntemperature: 0.4\n---\nSteer like the team.\n\n## User\nTeam q\n\n## Assistant\nTeam a\n';
const PAIR = { user: 'Saved question?', assistant: 'Saved answer, with code:\n\n```ts\n## User\nconst x = 1;\n```' };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function folder(): vscode.Uri {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the test window has a workspace folder');
  return first.uri;
}
const uriOf = (path: string) => vscode.Uri.joinPath(folder(), ...path.split('/'));
const read = async (path: string) => decoder.decode(await vscode.workspace.fs.readFile(uriOf(path)));

function profile(catalog: ProfileCatalog, name: string) {
  const found = catalog.profiles.find((p) => p.name === name);
  assert.ok(found, `profile "${name}" among ${catalog.profiles.map((p) => p.name).join(', ')}`);
  return found;
}

describe('Parley profiles in the extension host', () => {
  const log = vscode.window.createOutputChannel('Parley steering test', { log: true });
  const libraries: ProfileLibrary[] = [];
  const config = () => vscode.workspace.getConfiguration('parley');
  /** A fresh library reads everything again, as a teammate's Parley would. */
  const library = (isTrusted?: () => boolean) => {
    const created = new ProfileLibrary(log, isTrusted);
    libraries.push(created);
    return created;
  };

  before(async () => {
    await vscode.workspace.fs.writeFile(uriOf(TEAM), encoder.encode(TEAM_TEXT));
    await vscode.workspace.fs.writeFile(uriOf(BROKEN), encoder.encode('---\nname: Broken\n---\nSystem.\n## Assistant\nNo question before me.\n'));
    await config().update('profiles', [{ name: 'Mine', systemPrompt: 'From my settings.' }], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const created of libraries) created.dispose();
    log.dispose();
    await vscode.workspace.fs.delete(uriOf('.parley'), { recursive: true });
    for (const key of ['profiles', 'examples']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('reads workspace files and settings, and skips a broken file, naming its file and line', async () => {
    const catalog = await library().catalog();
    const team = profile(catalog, 'Exthost team');
    assert.deepEqual(team.source, { kind: 'workspace', file: TEAM });
    assert.equal(team.temperature, 0.4);
    assert.deepEqual(team.examples, [{ user: 'Team q', assistant: 'Team a' }]);
    assert.deepEqual(profile(catalog, 'Mine').source, { kind: 'settings' });
    assert.deepEqual(
      catalog.profiles.slice(0, 3).map((p) => p.name),
      ['General', 'Code explainer', 'Data science tutor'],
    );
    assert.ok(!catalog.profiles.some((p) => p.name === 'Broken'), 'the broken file is skipped');
    assert.deepEqual(catalog.problems, [`${BROKEN}:5: "## Assistant" must follow a "## User" section — the profile was skipped.`]);
  });

  it('ignores workspace profiles in an untrusted workspace, and says why', async () => {
    const untrusted = library(() => false);
    const catalog = await untrusted.catalog();
    assert.ok(!catalog.profiles.some((p) => p.source.kind === 'workspace'), 'no workspace profile');
    assert.ok(
      catalog.profiles.some((p) => p.name === 'Mine'),
      "the user's own profiles still apply",
    );
    assert.deepEqual(catalog.problems, [untrustedNotice()]);
    assert.ok(!untrusted.saveTargets(catalog).some((t) => t.id.startsWith('file:') || t.id.startsWith('newfile:')), 'nothing offers to write workspace files');
    await assert.rejects(untrusted.saveExample(`file:${TEAM}`, PAIR), (error: Error) => error.message === untrustedNotice());
    assert.equal(await read(TEAM), TEAM_TEXT, 'the file is untouched');
  });

  it("Save as Example into a workspace file: a teammate's Parley reads the pair back", async () => {
    const where = await library().saveExample(`file:${TEAM}`, { user: `\n${PAIR.user}\n`, assistant: PAIR.assistant });
    assert.equal(where, TEAM);
    const text = await read(TEAM);
    assert.ok(text.startsWith(TEAM_TEXT.trimEnd()), 'the rest of the file is as it was');
    const parsed = parseProfileFile(text, TEAM);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.profile.examples, [{ user: 'Team q', assistant: 'Team a' }, PAIR]);
    assert.deepEqual(profile(await library().catalog(), 'Exthost team').examples.at(-1), PAIR);
  });

  it('refuses an example a file could not read back, and keeps the file as it was', async () => {
    const before = await read(TEAM);
    await assert.rejects(
      library().saveExample(`file:${TEAM}`, { user: 'q', assistant: 'Intro\n## User\nbreaks the file' }),
      /answer cannot be saved in a profile file: line 2/,
    );
    await assert.rejects(library().saveExample(`file:${TEAM}`, { user: ' ', assistant: 'a' }), /needs both a question and an answer/);
    assert.equal(await read(TEAM), before);
  });

  it('Save as Example into the settings: General, a settings profile, and a copy of a built-in', async () => {
    const saver = library();
    assert.equal(await saver.saveExample('general', PAIR), 'General in your settings (parley.examples)');
    assert.deepEqual(config().inspect('examples')?.globalValue, [PAIR]);
    await saver.saveExample('settings:Mine', PAIR);
    await saver.saveExample('settings:Code explainer', PAIR);
    const catalog = await library().catalog();
    assert.deepEqual(profile(catalog, 'General').examples, [PAIR]);
    assert.deepEqual(profile(catalog, 'Mine').examples, [PAIR]);
    const explainer = profile(catalog, 'Code explainer');
    assert.deepEqual(explainer.source, { kind: 'settings' }, "the copy in the settings takes the built-in's place");
    assert.deepEqual(explainer.examples, [PAIR]);
    assert.equal(explainer.temperature, 0.2);
  });

  it('Save as Example into a new shared file makes a profile file a teammate reads', async () => {
    const where = await library().saveExample('newfile:Data science tutor', PAIR);
    assert.equal(where, CREATED);
    const catalog = await library().catalog();
    // The new file is listed apart, under its file; the built-in stays as it was.
    const tutor = catalog.profiles.find((p) => p.source.kind === 'workspace' && p.source.file === CREATED);
    assert.ok(tutor, `the new file among ${catalog.profiles.map((p) => p.name).join(', ')}`);
    assert.equal(tutor.name, 'Data science tutor');
    assert.equal(tutor.examples.length, 2, 'the built-in worked example and the new pair');
    assert.deepEqual(tutor.examples[1], PAIR);
    assert.deepEqual(profile(catalog, 'Data science tutor').source, { kind: 'builtin' });
  });

  it('chips attach the problems VS Code reports for the active file, and the whole file', async () => {
    // Plain text: no language server adds problems of its own.
    const uri = uriOf('src/chips-sample.txt');
    await vscode.workspace.fs.writeFile(uri, encoder.encode('const a: number = "x";\nexport {};\n'));
    const editor = await vscode.window.showTextDocument(uri);
    const diagnostics = vscode.languages.createDiagnosticCollection('parley-test');
    const editorContext = new EditorContext();
    try {
      const problem = new vscode.Diagnostic(new vscode.Range(0, 6, 0, 7), "Type 'string' is not assignable to type 'number'.", vscode.DiagnosticSeverity.Error);
      problem.source = 'ts';
      problem.code = 2322;
      diagnostics.set(editor.document.uri, [problem]);
      assert.deepEqual(await editorContext.find('problems'), {
        path: 'src/chips-sample.txt',
        language: 'text',
        startLine: 1,
        endLine: 1,
        text: "- line 1:7 error: Type 'string' is not assignable to type 'number'. (ts 2322)",
        kind: 'problems',
      });
      assert.deepEqual(await editorContext.find('file'), {
        path: 'src/chips-sample.txt',
        language: 'plaintext',
        startLine: 1,
        endLine: 2,
        text: 'const a: number = "x";\nexport {};',
        kind: 'file',
        // The document it came from, the only one Replace Selection may edit.
        uri: editor.document.uri.toString(),
      });
      editor.selection = new vscode.Selection(0, 0, 0, 5);
      const selected = await editorContext.find('selection');
      assert.equal(typeof selected === 'object' && selected.text, 'const');
      diagnostics.clear();
      assert.equal(await editorContext.find('problems'), 'VS Code reports no problems in src/chips-sample.txt.');
    } finally {
      diagnostics.dispose();
      editorContext.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
