import * as vscode from 'vscode';
import type { Profile, ProfileRef } from '../core/profiles';
import { GENERAL, findProfile, profileRef, recordSteering } from '../core/profiles';
import { profileOption } from './profileOption';
import { profilePickItems } from './toolbarPicks';
import type { KeyValueState } from '../core/store';
import type { SteeringView } from '../shared/steering';
import type { ProfileLibrary } from './profileLibrary';
import type { Conversation, RecordedSteering } from '../core/domain';

const PROFILE_KEY = 'parley.profile.v1';

/**
 * The profile new conversations start with (the last one picked, remembered per workspace), and
 * what the panel shows of a conversation's steering.
 */
export class SteeringService {
  constructor(
    readonly library: ProfileLibrary,
    private readonly state: KeyValueState,
  ) {}

  /** The profile picked last; a name alone (as earlier versions kept it) names the user's or a built-in one. */
  private selected(): ProfileRef {
    const stored = this.state.get<unknown>(PROFILE_KEY);
    if (typeof stored === 'string') return { name: stored };
    const ref = stored as ProfileRef | undefined;
    if (typeof ref?.name === 'string' && (ref.file === undefined || typeof ref.file === 'string')) return ref;
    return { name: GENERAL };
  }

  /** The steering of the profile a new conversation uses; General when the picked one is gone. */
  async current(): Promise<{ steering: RecordedSteering; missing?: ProfileRef }> {
    const { profiles } = await this.library.catalog();
    const ref = this.selected();
    const found = findProfile(profiles, ref);
    const profile = found ?? findProfile(profiles, { name: GENERAL }) ?? profiles[0]!;
    return { steering: recordSteering(profile), ...(found ? {} : { missing: ref }) };
  }

  /** The conversation's recorded steering once it has started; else what its first question will take. */
  async forRequest(recorded: RecordedSteering | undefined): Promise<RecordedSteering> {
    return recorded ?? (await this.current()).steering;
  }

  /** Picks the profile for the conversation; a started conversation keeps the steering it was sent with. */
  async pick(ref: ProfileRef, conversation: Conversation): Promise<string | undefined> {
    const started = this.startedProblem(conversation);
    if (started) return started;
    const profile = findProfile((await this.library.catalog()).profiles, ref);
    if (!profile)
      return ref.file === undefined
        ? vscode.l10n.t('There is no profile named "{0}".', ref.name)
        : vscode.l10n.t('There is no profile in {0} any more.', ref.file);
    await this.select(profile);
    return undefined;
  }

  /** The quick pick of the panel's profile button, then `pick`: says why when nothing could be picked. */
  async choose(conversation: Conversation): Promise<string | undefined> {
    const started = this.startedProblem(conversation);
    if (started) return started;
    const { profiles } = await this.library.catalog();
    const picked = await vscode.window.showQuickPick(profilePickItems(profiles.map(profileOption), (await this.current()).steering), {
      title: vscode.l10n.t('Parley: Choose Profile'),
      placeHolder: vscode.l10n.t('The system message and examples this conversation is sent with'),
      matchOnDescription: true,
    });
    return picked && this.pick(picked.ref, conversation);
  }

  /** A started conversation keeps the steering it was sent with. */
  private startedProblem(conversation: Conversation): string | undefined {
    return (
      conversation.steering && vscode.l10n.t('This conversation was sent with "{0}"; start a New Chat to use another profile.', conversation.steering.profile)
    );
  }

  /** Makes a profile the one new conversations start with, in the panel and in the Chat view. */
  async select(profile: Profile): Promise<void> {
    await this.state.update(PROFILE_KEY, profileRef(profile));
  }

  private missingProblem(missing: ProfileRef, profiles: readonly Profile[], instead: string): string {
    if (missing.file !== undefined)
      return vscode.l10n.t('The profile "{0}" from this repository ({1}) is gone; new conversations use "{2}".', missing.name, missing.file, instead);
    // Picked by name before repository profiles were kept apart: a name no longer finds one.
    const key = missing.name.toLowerCase();
    const file = profiles.flatMap((p) => (p.source.kind === 'workspace' && p.name.toLowerCase() === key ? [p.source.file] : []))[0];
    return file !== undefined
      ? vscode.l10n.t(
          'The profile "{0}" is now listed as from this repository ({1}); pick it again to use it. New conversations use "{2}".',
          missing.name,
          file,
          instead,
        )
      : vscode.l10n.t('The profile "{0}" is gone; new conversations use "{1}".', missing.name, instead);
  }

  /** What the panel shows of the conversation's steering; its size is counted with the snapshot's counter. */
  async view(conversation: Conversation): Promise<Omit<SteeringView, 'tokens' | 'tokenMethod'>> {
    const catalog = await this.library.catalog();
    const current = conversation.steering ? undefined : await this.current();
    const steering = conversation.steering ?? current!.steering;
    const problems = [...catalog.problems];
    const missing = current?.missing;
    if (missing) problems.push(this.missingProblem(missing, catalog.profiles, steering.profile));
    return {
      profiles: catalog.profiles.map(profileOption),
      profile: steering.profile,
      ...(steering.file !== undefined ? { file: steering.file } : {}),
      systemPrompt: steering.systemPrompt,
      examples: steering.examples,
      ...(steering.model !== undefined ? { model: steering.model } : {}),
      ...(steering.temperature !== undefined ? { temperature: steering.temperature } : {}),
      recorded: conversation.steering !== undefined,
      // Until the user replaces it, an imported conversation is steered by what it came with.
      ...(conversation.imported && conversation.steering && conversation.imported.steering !== 'replaced'
        ? { imported: { file: conversation.imported.file, undecided: conversation.imported.steering === undefined } }
        : {}),
      problems,
      saveTargets: this.library.saveTargets(catalog),
    };
  }
}
