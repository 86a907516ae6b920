import type { ProviderId } from '../core/providers';
import { isLoopback } from '../core/providers';

export interface LocalServer {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  /** The models it lists, sorted. */
  readonly models: readonly string[];
}

/**
 * How long a local server may take to answer the probe. A port nothing listens on refuses at once,
 * so only a server that is there but busy (a model loading, a loaded laptop) waits this long; at
 * 400 ms such a server was missed on a loaded machine, and the user was asked for an OpenAI key.
 */
export const PROBE_TIMEOUT_MS = 2000;

/**
 * Asks each candidate server on this machine for its models (GET {base}/models), all at once, and
 * returns the ones that answered with a model list within `timeoutMs`, in the candidates' order.
 * Candidates that are not loopback addresses are never contacted.
 */
export async function probeLocalServers(
  candidates: readonly { provider: ProviderId; baseUrl: string }[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<LocalServer[]> {
  const answers = await Promise.all(
    candidates
      .filter((c) => isLoopback(c.baseUrl))
      .map(async (candidate): Promise<LocalServer | undefined> => {
        try {
          const response = await fetch(`${candidate.baseUrl}/models`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
          if (!response.ok) return undefined;
          const body = (await response.json()) as { data?: unknown };
          if (!Array.isArray(body.data)) return undefined;
          const models = body.data.map((m: { id?: unknown }) => m?.id).filter((id): id is string => typeof id === 'string');
          return { ...candidate, models: models.sort((a, b) => a.localeCompare(b)) };
        } catch {
          return undefined; // Nothing listening, too slow, or not an OpenAI-compatible server.
        }
      }),
  );
  return answers.filter((a): a is LocalServer => a !== undefined);
}
