import * as vscode from 'vscode';
import type { Conversation } from '../core/conversation';
import type { RecordedSteering } from '../core/profiles';
import { GENERAL, describeSource, findProfile, recordSteering } from '../core/profiles';
import type { KeyValueState } from '../core/store';
import type { TokenCounter } from '../core/budget';
import { countingMethod } from '../core/budget';
import type { SteeringView } from '../shared/steering';
import type { ProfileLibrary } from './profileLibrary';

const PROFILE_KEY = 'parley.profile.v1';

/**
 * The profile new conversations start with (the last one picked, remembered per workspace), and
 * what the panel shows of a conversation's steering.
 */
export class SteeringService {
  constructor(
    readonly library: ProfileLibrary,
    readonly tokens: TokenCounter,
    private readonly state: KeyValueState,
  ) {}

  private selectedName(): string {
    return this.state.get<string>(PROFILE_KEY) ?? GENERAL;
  }

  /** The steering of the profile a new conversation uses; General when the picked one is gone. */
  async current(): Promise<{ steering: RecordedSteering; missing?: string }> {
    const { profiles } = await this.library.catalog();
    const name = this.selectedName();
    const profile = findProfile(profiles, name) ?? findProfile(profiles, GENERAL) ?? profiles[0]!;
    return { steering: recordSteering(profile), ...(profile.name.toLowerCase() === name.toLowerCase() ? {} : { missing: name }) };
  }

  /** The conversation's recorded steering once it has started; else what its first question will take. */
  async forRequest(recorded: RecordedSteering | undefined): Promise<RecordedSteering> {
    return recorded ?? (await this.current()).steering;
  }

  /** Picks the profile for the conversation; a started conversation keeps the steering it was sent with. */
  async pick(name: string, conversation: Conversation): Promise<string | undefined> {
    if (conversation.steering)
      return vscode.l10n.t('This conversation was sent with "{0}"; start a New Chat to use another profile.', conversation.steering.profile);
    const profile = findProfile((await this.library.catalog()).profiles, name);
    if (!profile) return vscode.l10n.t('There is no profile named "{0}".', name);
    await this.state.update(PROFILE_KEY, profile.name);
    return undefined;
  }

  async view(conversation: Conversation): Promise<SteeringView> {
    const catalog = await this.library.catalog();
    const current = conversation.steering ? undefined : await this.current();
    const steering = conversation.steering ?? current!.steering;
    const problems = [...catalog.problems];
    if (current?.missing) problems.push(vscode.l10n.t('The profile "{0}" is gone; new conversations use "{1}".', current.missing, steering.profile));
    const tokens = [steering.systemPrompt, ...steering.examples.flatMap((e) => [e.user, e.assistant])].reduce((sum, text) => sum + this.tokens.count(text), 0);
    return {
      profiles: catalog.profiles.map((p) => ({ name: p.name, source: describeSource(p) })),
      profile: steering.profile,
      systemPrompt: steering.systemPrompt,
      examples: steering.examples,
      ...(steering.model !== undefined ? { model: steering.model } : {}),
      ...(steering.temperature !== undefined ? { temperature: steering.temperature } : {}),
      recorded: conversation.steering !== undefined,
      // Until the user replaces it, an imported conversation is steered by what it came with.
      ...(conversation.imported && conversation.steering && conversation.imported.steering !== 'replaced'
        ? { imported: { file: conversation.imported.file, undecided: conversation.imported.steering === undefined } }
        : {}),
      tokens,
      tokenMethod: countingMethod(this.tokens),
      problems,
      saveTargets: this.library.saveTargets(catalog),
    };
  }
}
