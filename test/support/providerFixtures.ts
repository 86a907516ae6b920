// The recorded answers of real providers (test/fixtures/providers/<provider>/<case>.json and .raw):
// what each sends as its documentation shows it, byte for byte, and what Parley must make of it.
// The unit replay (test/unit/providerFormats.test.ts) and the UI suite both read them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Script } from './fakeOpenAI';

export const PROVIDER_FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'providers');

export interface ProviderFixture {
  /** `<provider>/<case>`. */
  readonly name: string;
  readonly provider: string;
  /** The documentation page (or, where a page does not show the bytes, the report) the bytes are from. */
  readonly source: string;
  readonly notes: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Sent to an Azure deployment path when set. */
  readonly api?: 'azure';
  /** Replay the body this many bytes per read (splitting events and characters); otherwise one read per event. */
  readonly readBytes?: number;
  readonly expect: {
    readonly outcome: 'complete' | 'error';
    readonly text?: string;
    readonly reasoning?: string;
    readonly finishReason?: string;
    readonly usage?: { promptTokens: number; completionTokens: number };
    /** The facts the failure must have (others may be there too). */
    readonly failure?: Record<string, unknown>;
  };
  /** The body, exactly as the server sends it. */
  readonly body: Buffer;
}

export function providerFixtures(): ProviderFixture[] {
  return readdirSync(PROVIDER_FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(PROVIDER_FIXTURES, dir.name))
        .filter((file) => file.endsWith('.json'))
        .map((file) => {
          const base = join(PROVIDER_FIXTURES, dir.name, file.slice(0, -'.json'.length));
          const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Omit<ProviderFixture, 'name' | 'provider' | 'body'>;
          return { ...meta, name: `${dir.name}/${file.slice(0, -'.json'.length)}`, provider: dir.name, body: readFileSync(`${base}.raw`) };
        }),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The reads a body is sent in: `readBytes` at a time, or one per event (up to and with its blank line). */
export function readsOf(fixture: ProviderFixture): { base64: string }[] {
  const { body, readBytes } = fixture;
  const cuts: number[] = [];
  if (readBytes) for (let at = readBytes; at < body.length; at += readBytes) cuts.push(at);
  else {
    const text = body.toString('latin1'); // one char per byte, so indexes are byte offsets
    for (const match of text.matchAll(/\r\n\r\n|\n\n|\r\r/g)) cuts.push(match.index + match[0].length);
  }
  const bounds = [0, ...cuts.filter((cut) => cut < body.length), body.length];
  return bounds.slice(1).map((end, i) => ({ base64: body.subarray(bounds[i], end).toString('base64') }));
}

/** The fake server's step that replays `fixture`. */
export function replayStep(fixture: ProviderFixture, delayMs = 0): Script {
  return { kind: 'raw', status: fixture.status, headers: fixture.headers, reads: readsOf(fixture), ...(delayMs ? { delayMs } : {}) };
}
