import type { Snapshot, TurnView } from '../../src/shared/protocol';

type Fields = Omit<Snapshot, 'turns'>;

/** A snapshot's fields other than its turns (as an update carries them), with nothing going on: no steering, no usage, nothing attached. */
export function snapshotFields(fields: Partial<Fields> = {}): Fields {
  return {
    conversationId: 'c1',
    title: 'T',
    busy: false,
    attachments: [],
    model: 'gpt-4o-mini',
    provider: 'openai',
    providers: [],
    models: { state: 'ready', models: [] },
    usage: { promptTokens: 0, completionTokens: 0, cost: 0, unpriced: 0, answers: 0 },
    baseUrl: 'http://127.0.0.1/v1',
    needsApiKey: false,
    size: { tokens: 0, window: 128_000, exact: false },
    steering: {
      profiles: [],
      profile: 'General',
      systemPrompt: '',
      examples: [],
      recorded: false,
      tokens: 0,
      tokenMethod: 'estimated',
      problems: [],
      saveTargets: [],
    },
    ...fields,
  };
}

export function snapshotFixture(turns: TurnView[], fields: Partial<Fields> = {}): Snapshot {
  return { ...snapshotFields(fields), turns };
}
