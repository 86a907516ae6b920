// What the panel shows of steering (profiles, the system message and examples a conversation is
// sent with) and of the context chips; part of the protocol (protocol.ts imports these).

export interface ExampleView {
  readonly user: string;
  readonly assistant: string;
}

export interface ProfileOption {
  readonly name: string;
  /** Where it comes from: "built in", "your settings", or its file. */
  readonly source: string;
  /** The repository file of a workspace profile: it is picked by this, never by its name. */
  readonly file?: string;
}

/** A place "Save as Example" can write to; `id` is opaque to the webview and checked by the host. */
export interface SaveTarget {
  readonly id: string;
  readonly label: string;
  /** The profile whose examples it adds to, and that profile's repository file when it is a workspace one. */
  readonly profile: string;
  readonly file?: string;
}

export interface SteeringView {
  readonly profiles: readonly ProfileOption[];
  /** The conversation's profile: recorded once it has started, else the one its first question will use. */
  readonly profile: string;
  /** The repository file that profile comes from, when it is a workspace one. */
  readonly file?: string;
  readonly systemPrompt: string;
  readonly examples: readonly ExampleView[];
  readonly model?: string;
  readonly temperature?: number;
  /** True once the first question went out with this steering: it is what the conversation was sent with. */
  readonly recorded: boolean;
  /**
   * Set while the steering is the one an imported conversation came with: the file it came from, and
   * whether the user still has to keep it or replace it before the next question.
   */
  readonly imported?: { readonly file: string; readonly undecided: boolean };
  /** Tokens of the system message and examples, counted as `tokenMethod` says. */
  readonly tokens: number;
  readonly tokenMethod: string;
  /** Profiles that could not be read (file and line) or were ignored, and why. */
  readonly problems: readonly string[];
  readonly saveTargets: readonly SaveTarget[];
}

/**
 * The place Save as Example offers first: the first of those of the profile that steered the
 * conversation (a workspace profile is told from a namesake by its file). Undefined when that
 * profile has none, e.g. it is gone: the user picks one.
 */
export function steeringSaveTarget(targets: readonly SaveTarget[], steering: Pick<SteeringView, 'profile' | 'file'>): string | undefined {
  return targets.find((t) => t.profile === steering.profile && t.file === steering.file)?.id;
}

/**
 * Where attached context can come from; the host finds it (in the editor, Git, the terminal, the
 * workspace), asking the user to pick where there is a choice.
 */
export type ContextSource =
  'selection' | 'file' | 'problems' | 'editor' | 'files' | 'symbol' | 'changes' | 'stagedChanges' | 'fileChanges' | 'terminal' | 'image';

export const CONTEXT_SOURCES: readonly ContextSource[] = [
  'selection',
  'file',
  'problems',
  'editor',
  'files',
  'symbol',
  'changes',
  'stagedChanges',
  'fileChanges',
  'terminal',
  'image',
];

/** The words `#` completes to in the composer, and the source each attaches. */
export const CONTEXT_WORDS: readonly { readonly word: string; readonly source: ContextSource }[] = [
  { word: 'selection', source: 'selection' },
  { word: 'file', source: 'file' },
  { word: 'files', source: 'files' },
  { word: 'problems', source: 'problems' },
  { word: 'editor', source: 'editor' },
  { word: 'changes', source: 'changes' },
  { word: 'staged', source: 'stagedChanges' },
  { word: 'filechanges', source: 'fileChanges' },
  { word: 'terminal', source: 'terminal' },
  { word: 'symbol', source: 'symbol' },
  { word: 'image', source: 'image' },
];
