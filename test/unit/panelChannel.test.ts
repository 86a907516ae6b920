// The real extension bundle in Node (VS Code stubbed, a local OpenAI-compatible server) and a model
// of the webview that applies what the host posts exactly as src/webview/app.ts does. While an
// answer streams, anything that makes the host post its state (here: a settings change after every
// piece) must never make the panel show less of the answer than it had, or lose a piece of it.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakePanel, VscodeStub } from '../../bench/vscodeStub';
import { installVscodeStub } from '../../bench/vscodeStub';
import type { Snapshot, ToWebview } from '../../src/shared/protocol';
import { applySnapshotUpdate } from '../../src/shared/snapshotUpdate';
import { FakeOpenAI } from '../support/fakeOpenAI';

const BUNDLE = join(__dirname, '..', '..', '..', 'dist', 'extension.js');

/**
 * The webview's view of the conversation, built only from what the host posted, with the checks
 * src/webview/app.ts makes: an update must name the revision shown, a delta begin where the text
 * shown ends.
 */
class WebviewModel {
  snapshot: Snapshot | undefined;
  revision = 0;
  /** Would have asked for a full snapshot: a message did not follow what it showed. */
  resyncs = 0;

  apply(message: ToWebview): void {
    if (message.type === 'state') {
      this.snapshot = message.snapshot;
      this.revision = message.revision;
    } else if (message.type === 'update') {
      const next = applySnapshotUpdate(this.snapshot && { snapshot: this.snapshot, revision: this.revision }, message);
      if (next) [this.snapshot, this.revision] = [next, message.revision];
      else this.resyncs++;
    } else if (message.type === 'delta' && this.snapshot && message.part === 'text') {
      const answer = this.snapshot.turns.find((turn) => turn.id === message.turnId);
      if (answer?.text.length !== message.offset) {
        this.resyncs++;
        return;
      }
      const turns = this.snapshot.turns.map((turn) => (turn === answer ? { ...turn, text: turn.text + message.text } : turn));
      this.snapshot = { ...this.snapshot, turns };
    }
  }

  /** The answer shown under the question `question`, if it is shown yet. */
  answerTo(question: string): string | undefined {
    const turns = this.snapshot?.turns ?? [];
    const asked = turns.findIndex((turn) => turn.role === 'user' && turn.text === question);
    const answer = asked >= 0 ? turns[asked + 1] : undefined;
    return answer?.role === 'assistant' ? answer.text : undefined;
  }
}

describe('the panel channel while an answer streams', function () {
  this.timeout(30_000);
  let fake: FakeOpenAI;
  let stub: VscodeStub;
  let panel: FakePanel;

  before(async () => {
    fake = await FakeOpenAI.start();
    // A workspace with a team profile: a settings change makes the host read the profiles again,
    // from disk, while it builds the state it posts.
    const workspace = mkdtempSync(join(tmpdir(), 'parley-channel-workspace-'));
    mkdirSync(join(workspace, '.parley', 'profiles'), { recursive: true });
    writeFileSync(join(workspace, '.parley', 'profiles', 'team.md'), '---\nname: Team\n---\nAnswer briefly.\n');
    stub = installVscodeStub({
      workspaceFolder: workspace,
      settings: { provider: 'custom', baseUrl: fake.baseUrl, model: 'gpt-4o-mini', systemPrompt: '', examples: [] },
      storageDir: mkdtempSync(join(tmpdir(), 'parley-channel-')),
      secretsAnswerLater: true,
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(BUNDLE) as { activate(context: unknown): { ask(question: string): Promise<void> } };
    const api = extension.activate(stub.context());
    fake.script({ kind: 'reply', text: 'Ready.' });
    await api.ask('Are you there?');
    panel = stub.panels[0]!;
  });
  after(() => fake.close());

  it('shows every piece of the answer in order, however often the state is posted meanwhile', async () => {
    const answer = Array.from({ length: 60 }, (_, i) => `piece-${String(i).padStart(2, '0')} `).join('');
    fake.script({ kind: 'reply', text: answer, chunkSize: 9, delayMs: 3 });
    const question = 'Count the pieces, please.';
    const view = new WebviewModel();
    const shown: string[] = [];
    const finished = new Promise<void>((resolve) => {
      panel.onPost = (message) => {
        view.apply(message as ToWebview);
        const text = view.answerTo(question);
        if (text !== undefined) shown.push(text);
        if (message.type === 'delta') stub.changeConfiguration();
        if ((message.type === 'state' || message.type === 'update') && text === answer && !view.snapshot?.busy) resolve();
      };
    });
    panel.fromWebview({ type: 'ready' });
    panel.fromWebview({ type: 'send', text: question });
    await finished;

    assert.equal(view.resyncs, 0, 'every update and every piece followed what the panel showed');
    const deltas = shown.length;
    assert.ok(deltas > 20, `the answer arrived in many pieces (${deltas})`);
    for (const [i, text] of shown.entries()) {
      assert.ok(answer.startsWith(text), `what the panel showed after message ${i} is the start of the answer: …${JSON.stringify(text.slice(-30))}`);
      if (i > 0)
        assert.ok(text.length >= shown[i - 1]!.length, `the panel never showed less than before (message ${i}: ${text.length} < ${shown[i - 1]!.length})`);
    }
  });
});
