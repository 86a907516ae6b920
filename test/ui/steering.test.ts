// Steering as a user meets it: profiles from the user's settings and from a workspace file pick
// what each request is sent with (checked in the recorded requests), Save as Example writes a pair
// a teammate's Parley reads back, ready questions from settings, and context chips that send
// exactly what they show.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Locator } from 'playwright-core';
import { parseProfileFile } from '../../src/core/profileFile';
import type { Browser } from '../support/codeServer';
import { createSampleWorkspace, runCommand, screenshot } from '../support/codeServer';
import type { FakeOpenAI } from '../support/fakeOpenAI';
import type { ParleyUi } from './parleyUi';
import { useEditorSession } from './editorSession';

type Message = { role: string; content: string };
type Body = { model: string; temperature?: number; messages: Message[] };

/** What the panel counts for `text`: with OpenAI's tokenizer, or the estimate of 4 characters a token. */
function tokensOf(text: string, exact: boolean): number {
  return exact ? countTokens(text, { disallowedSpecial: new Set() }) : Math.ceil(text.length / 4);
}

const GENERAL_PROMPT = 'You are the General profile under test.';
const SETTINGS_PROFILE = {
  name: 'Settings tutor',
  systemPrompt: 'You tutor from the user settings.',
  examples: [{ user: 'Settings example question?', assistant: 'Settings example answer.' }],
  temperature: 0.7,
};
const TEAM_FILE = '.parley/profiles/team-reviewer.md';
const TEAM_PROFILE = [
  '---',
  'name: Team reviewer',
  'model: team-model',
  'temperature: 0.1',
  '---',
  '',
  'You review code the way our team does.',
  '',
  '## User',
  '',
  'Team example question?',
  '',
  '## Assistant',
  '',
  'Team example answer.',
  '',
].join('\n');
const BROKEN_FILE = '.parley/profiles/broken.md';
/** A repository's profile named like the built-in one: offered apart, never in its place. */
const LOOKALIKE_FILE = '.parley/profiles/general.md';
const LOOKALIKE_PROMPT = 'You follow the repository, not the user.';
const fromRepository = (name: string, file: string) => `From this repository: ${name} (${file})`;
const PORT_PROMPT = { label: 'Port to Python', template: 'Port this ${language} from ${file} (lines ${lines}) to Python:\n${selection}' };
/** Larger than Parley's 60,000-character limit for attached code. */
const BIG_FILE_LINES = Array.from({ length: 4000 }, (_, i) => `line ${String(i + 1).padStart(5, '0')} of a big generated file`);

describe('Parley steering in a real editor', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  let browser: Browser;
  let ui: ParleyUi;
  let workspace: string;

  const body = (i: number) => fake.requests[i]!.body as Body;
  const picker = () => ui.picker('Profile');
  const steeringSection = () => ui.chat.locator('details.steering');
  const notice = () => ui.chat.locator('.notice[role="alert"]');

  async function openSteering(): Promise<Locator> {
    const section = steeringSection();
    if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
    return section;
  }

  /** The label of the place a Save as Example form will save to. */
  const chosenTarget = (form: Locator) => form.getByLabel('Save to').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent);

  /** Add Context's quick pick: the row labelled `item`. */
  async function addContext(item: string): Promise<void> {
    await ui.button('Add Context').click();
    const row = ui.page.locator('.quick-input-list .monaco-list-row', { has: ui.page.locator('.label-name', { hasText: new RegExp(`^${item}$`) }) });
    await row.first().click();
    await row.first().waitFor({ state: 'hidden' });
  }

  const editor = useEditorSession('steering', (started) => {
    workspace = createSampleWorkspace(mkdtempSync(join(tmpdir(), 'parley-steering-ws-')));
    mkdirSync(join(workspace, '.parley', 'profiles'), { recursive: true });
    writeFileSync(join(workspace, TEAM_FILE), TEAM_PROFILE);
    writeFileSync(join(workspace, BROKEN_FILE), '---\nname: Broken\ntemprature: 2\n---\nSystem.\n');
    writeFileSync(join(workspace, LOOKALIKE_FILE), `---\nname: General\n---\n${LOOKALIKE_PROMPT}\n`);
    writeFileSync(join(workspace, 'big.txt'), `${BIG_FILE_LINES.join('\n')}\n`);
    return {
      workspace,
      settings: {
        'parley.baseUrl': started.baseUrl,
        'parley.model': 'gpt-4o-mini',
        'parley.systemPrompt': GENERAL_PROMPT,
        'parley.examples': [],
        'parley.profiles': [SETTINGS_PROFILE],
        'parley.selectionPrompts': [PORT_PROMPT],
      },
    };
  });
  before(() => ({ fake, browser, ui } = editor));

  it('a profile from the user settings steers the request; the Steering section shows it, never as bubbles', async () => {
    await ui.choose('Profile', { label: 'Settings tutor' });
    await steeringSection().locator('summary', { hasText: 'Steering: Settings tutor' }).waitFor();
    fake.script({ kind: 'reply', text: 'Tutored answer.' });
    await ui.ask('Teach me something.');
    await (await ui.answerDone(1)).getByText('Tutored answer.').waitFor();
    const sent = body(0);
    assert.equal(sent.temperature, 0.7);
    assert.equal(sent.model, 'gpt-4o-mini', 'no model in the profile: parley.model');
    assert.deepEqual(sent.messages, [
      { role: 'system', content: SETTINGS_PROFILE.systemPrompt },
      { role: 'user', content: SETTINGS_PROFILE.examples[0]!.user },
      { role: 'assistant', content: SETTINGS_PROFILE.examples[0]!.assistant },
      { role: 'user', content: 'Teach me something.' },
    ]);
    const section = await openSteering();
    await section.getByText('Recorded: this conversation was sent with exactly this.', { exact: false }).waitFor();
    await section.locator('pre', { hasText: SETTINGS_PROFILE.systemPrompt }).waitFor();
    await section.locator('pre', { hasText: SETTINGS_PROFILE.examples[0]!.assistant }).waitFor();
    // The request to an OpenAI model loaded its tokenizer: the steering is counted with it, as the
    // header's size is (one snapshot counts every figure the same way).
    const texts = [SETTINGS_PROFILE.systemPrompt, SETTINGS_PROFILE.examples[0]!.user, SETTINGS_PROFILE.examples[0]!.assistant];
    const tokens = texts.reduce((n, t) => n + tokensOf(t, true), 0);
    const summary = section.locator('summary', { hasText: new RegExp(`· ${tokens} tokens`) });
    await summary.waitFor();
    assert.equal(await summary.getAttribute('title'), "Tokens counted with the model's tokenizer");
    assert.ok(!(await ui.chat.locator('.model').innerText()).includes('≈'), 'the header counts exactly too');
    await section.getByText(/broken\.md:3: unknown key "temprature"/).waitFor();
    const shown = await ui.log.innerText();
    assert.ok(!shown.includes(SETTINGS_PROFILE.examples[0]!.user), 'the example is not a chat bubble');
    assert.equal(await picker().isDisabled(), true, 'a started conversation keeps its profile');
  });

  it('a profile from a workspace file steers the request with its model and temperature', async () => {
    await ui.newChat();
    assert.equal(await picker().isEnabled(), true);
    await ui.choose('Profile', { label: 'Team reviewer', description: TEAM_FILE });
    // Its origin is in the button's accessible name (and tooltip), beside the name it shows.
    await ui.chat.getByRole('button', { name: `Profile: ${fromRepository('Team reviewer', TEAM_FILE)}`, exact: true }).waitFor();
    await steeringSection()
      .locator('summary', { hasText: `Steering from this repository: Team reviewer (${TEAM_FILE})` })
      .waitFor();
    fake.script({ kind: 'reply', text: 'Reviewed the team way.' });
    await ui.ask('Review my plan.');
    await ui.answerDone(1);
    const sent = body(0);
    assert.equal(sent.model, 'team-model');
    assert.equal(sent.temperature, 0.1);
    assert.deepEqual(sent.messages, [
      { role: 'system', content: 'You review code the way our team does.' },
      { role: 'user', content: 'Team example question?' },
      { role: 'assistant', content: 'Team example answer.' },
      { role: 'user', content: 'Review my plan.' },
    ]);
    await notice().getByText(`This conversation is steered by "Team reviewer" from this repository (${TEAM_FILE})`).waitFor();
    await notice().getByRole('button', { name: 'Dismiss' }).click();
    await notice().waitFor({ state: 'hidden' });
  });

  it('Save as Example writes the edited pair into the workspace file; the next conversation is sent with it', async () => {
    const answer = ui.answers.first();
    await answer.getByRole('button', { name: 'Save as Example' }).click();
    const form = answer.getByRole('form', { name: 'Save as Example' });
    await form.getByLabel('Question').waitFor();
    assert.equal(await form.getByLabel('Question').inputValue(), 'Review my plan.');
    assert.equal(await form.getByLabel('Answer').inputValue(), 'Reviewed the team way.');
    assert.equal(await chosenTarget(form), fromRepository('Team reviewer', TEAM_FILE), 'the profile that steered the answer is offered first');
    await form.getByLabel('Answer').fill('Reviewed the team way, edited:\n\n## Why\nBecause.');
    await form.getByLabel('Save to').selectOption({ label: fromRepository('Team reviewer', TEAM_FILE) });
    await form.getByRole('button', { name: 'Save Example' }).click();
    await answer.getByText(`Saved as an example of ${TEAM_FILE}.`).waitFor();

    const written = readFileSync(join(workspace, TEAM_FILE), 'utf8');
    assert.ok(written.startsWith(TEAM_PROFILE.trimEnd()), 'the rest of the file is unchanged');
    const reread = parseProfileFile(written, TEAM_FILE);
    assert.ok(reread.ok, "a teammate's Parley reads the file");
    assert.deepEqual(reread.profile.examples.at(-1), { user: 'Review my plan.', assistant: 'Reviewed the team way, edited:\n\n## Why\nBecause.' });

    await ui.newChat();
    await steeringSection()
      .locator('summary', { hasText: `Steering from this repository: Team reviewer (${TEAM_FILE})` })
      .waitFor();
    fake.script({ kind: 'reply', text: 'Again.' });
    await ui.ask('Another plan.');
    await ui.answerDone(1);
    assert.deepEqual(body(0).messages.slice(1, 5), [
      { role: 'user', content: 'Team example question?' },
      { role: 'assistant', content: 'Team example answer.' },
      { role: 'user', content: 'Review my plan.' },
      { role: 'assistant', content: 'Reviewed the team way, edited:\n\n## Why\nBecause.' },
    ]);

    await runCommand(browser.page, 'Parley: Export Chat as Markdown');
    await browser.page.locator('.tab.active', { hasText: 'Untitled' }).waitFor();
    const exported = await ui.activeEditorText();
    const order = [
      '# Another plan.',
      '## Steering: Team reviewer (model team-model, temperature 0.1)',
      '> You review code the way our team does.',
      'Example 2, user:',
      '> Review my plan.',
      '## Conversation',
      '**User:** Another plan.',
    ].map((part) => exported.indexOf(part));
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)),
      `the export shows what steered it, then the script:\n${exported}`,
    );
    await ui.open();
  });

  it('Save as Example offers first the profile that steered the conversation, not General', async () => {
    await ui.newChat();
    await ui.choose('Profile', { label: 'Data science tutor' });
    await steeringSection()
      .locator('summary', { hasText: /^Steering: Data science tutor · / })
      .waitFor();
    fake.script({ kind: 'reply', text: 'Group by the category and count the rows.' });
    await ui.ask('How do I count rows per category?');
    const answer = await ui.answerDone(1);
    await answer.getByRole('button', { name: 'Save as Example' }).click();
    const form = answer.getByRole('form', { name: 'Save as Example' });
    await form.getByLabel('Save to').waitFor();
    assert.equal(await chosenTarget(form), 'Data science tutor — a copy in your settings');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it("a repository's General is offered apart with its file; sending with it says so once; the user's General stays", async () => {
    await ui.newChat();
    await ui.choose('Profile', { label: 'General', description: 'built in' });
    await picker().click();
    await ui.pickInput('Profile').waitFor();
    const rows = ui.page.locator('.quick-input-list .monaco-list-row');
    const descriptions = () => rows.locator('.label-description').evaluateAll((all) => all.map((d) => d.textContent));
    assert.deepEqual(
      await ui.quickPickLabels(),
      ['General', 'Code explainer', 'Data science tutor', 'Settings tutor', 'General', 'Team reviewer'],
      "the user's and built-in profiles, then the repository's",
    );
    assert.deepEqual(
      await descriptions(),
      [
        'built in (parley.systemPrompt, parley.examples) · current',
        'built in',
        'built in',
        'your settings (parley.profiles)',
        `from this repository: ${LOOKALIKE_FILE}`,
        `from this repository: ${TEAM_FILE}`,
      ],
      "each with where it comes from: a repository's with its file",
    );
    assert.equal(await rows.nth(4).locator('.codicon-repo').count(), 1, "a repository's profile has the repository's icon");
    await screenshot(browser.page, 'steering-picker-two-generals');
    await ui.quickPickRows('General').filter({ hasText: LOOKALIKE_FILE }).click();
    await ui.pickInput('Profile').waitFor({ state: 'hidden' });
    await steeringSection()
      .locator('summary', { hasText: `Steering from this repository: General (${LOOKALIKE_FILE})` })
      .waitFor();
    if (await notice().isVisible()) await notice().getByRole('button', { name: 'Dismiss' }).click();
    await notice().waitFor({ state: 'hidden' });
    fake.script({ kind: 'reply', text: 'As the repository says.' });
    await ui.ask('Who steers this?');
    await ui.answerDone(1);
    assert.deepEqual(body(0).messages, [
      { role: 'system', content: LOOKALIKE_PROMPT },
      { role: 'user', content: 'Who steers this?' },
    ]);
    await notice().getByText(`This conversation is steered by "General" from this repository (${LOOKALIKE_FILE}), not by one of your own profiles`).waitFor();
    const section = await openSteering();
    await section.getByText(`From this repository: ${LOOKALIKE_FILE}.`).waitFor();
    await screenshot(browser.page, 'steering-section-repository-general');
    await notice().getByRole('button', { name: 'Dismiss' }).click();
    await notice().waitFor({ state: 'hidden' });
    fake.script({ kind: 'reply', text: 'Still the repository.' });
    await ui.ask('And now?');
    await ui.answerDone(2);
    assert.equal(await notice().isVisible(), false, 'the notice comes once per conversation');

    // A new chat starts with the profile picked last; its first question says so again.
    await ui.newChat();
    await steeringSection()
      .locator('summary', { hasText: `Steering from this repository: General (${LOOKALIKE_FILE})` })
      .waitFor();
    fake.script({ kind: 'reply', text: 'Again the repository.' });
    await ui.ask('A new conversation?');
    await ui.answerDone(1);
    await notice().getByText(`This conversation is steered by "General" from this repository (${LOOKALIKE_FILE})`).waitFor();
    // The notice belongs to its conversation: the next one does not show it.
    await ui.newChat();
    await notice().waitFor({ state: 'hidden' });
    await ui.choose('Profile', { label: 'General', description: 'built in' });
    await steeringSection()
      .locator('summary', { hasText: /^Steering: General · / })
      .waitFor();
    fake.script({ kind: 'reply', text: 'As you say.' });
    await ui.ask('And who steers this one?');
    await ui.answerDone(1);
    assert.deepEqual(body(3).messages[0], { role: 'system', content: GENERAL_PROMPT }, "the user's General was not replaced");
    assert.equal(await notice().isVisible(), false, 'no notice for the user’s own profile');
  });

  it('a ready question from parley.selectionPrompts places the selection where its template says', async () => {
    await ui.newChat();
    await ui.choose('Profile', { label: 'General', description: 'built in' });
    await ui.openFile('math.ts');
    await ui.selectLines(1, 3);
    await ui.editorContextMenu('export function add', 'Ask About Selection…');
    await ui.quickInput({ row: PORT_PROMPT.label });
    await fake.waitForRequests(1);
    assert.deepEqual(body(0).messages, [
      { role: 'system', content: GENERAL_PROMPT },
      {
        role: 'user',
        content: 'Port this typescript from src/math.ts (lines 1-3) to Python:\nexport function add(a: number, b: number): number {\n  return a + b;\n}',
      },
    ]);
    await ui.answerDone(1);
  });

  it('context chips show their tokens, can be removed, and send exactly what they show; a huge file is cut with a notice', async () => {
    await ui.newChat();
    await ui.openFile('README.md');
    await ui.openFile('big.txt');
    await ui.openFile('math.ts');
    await ui.selectLines(5, 7);
    // The files opened in the chat's editor group; bring the chat back. The chips still find the
    // editor that was active last.
    await ui.open();
    await addContext('Selection');
    await addContext('Active file');
    await addContext('Open editor…');
    await ui.quickInput({ row: 'big.txt' });
    await addContext('Open editor…');
    await ui.quickInput({ row: 'README.md' });
    const chips = ui.chat.locator('.chips .chip');
    await chips.nth(3).waitFor();
    assert.deepEqual(await chips.locator('.chip-label').allInnerTexts(), [
      'src/math.ts (lines 5-7)',
      'src/math.ts (whole file)',
      'big.txt (whole file)',
      'README.md (whole file)',
    ]);

    const big = chips.nth(2);
    await big.getByText(/Cut to Parley's limit of 60,000 characters: [\d,]+ more lines are left out\./).waitFor();

    await chips.nth(1).getByRole('button', { name: 'Remove src/math.ts (whole file)' }).click();
    await chips.nth(3).waitFor({ state: 'detached' });
    assert.equal(await chips.count(), 3);

    const shown: string[] = [];
    // Exact once a request has loaded the tokenizer (the header then shows no ≈), else estimated.
    const exact = !(await ui.chat.locator('.model').innerText()).includes('≈');
    for (let i = 0; i < 3; i++) {
      const chip = chips.nth(i);
      await chip.locator('summary').click();
      const preview = chip.locator('pre');
      await preview.waitFor({ state: 'visible' });
      const text = (await preview.textContent()) ?? '';
      const tokens = Number((await chip.locator('.chip-tokens').innerText()).replace(/[^\d]/g, ''));
      assert.equal(tokens, tokensOf(text, exact), `chip ${i + 1} counts the tokens of what it shows, the way the header does`);
      shown.push(text);
    }
    assert.match(shown[0]!, /^From `src\/math.ts` \(lines 5-7\):\n```typescript\nexport function fibonacci/);
    assert.match(shown[1]!, /^The file `big.txt`:\n```plaintext\nline 00001 /);
    assert.ok(shown[1]!.length < 61_000 && /more lines of the file were left out\.\)$/.test(shown[1]!), 'the big file is cut, and says so');
    fake.script({ kind: 'reply', text: 'Seen.' });
    await ui.ask('What do these have in common?');
    await ui.answerDone(1);
    assert.equal(
      body(0).messages.at(-1)?.content,
      ['What do these have in common?', ...shown].join('\n\n'),
      'the question carries exactly what the chips showed',
    );
    assert.equal(await chips.count(), 0, 'sent chips are cleared');
  });
});
