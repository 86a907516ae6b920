import type { RunningWindow, WindowServer } from '../core/runningWindow';
import { llamaCppWindow, lmStudioWindow, ollamaWindow, serverRoot } from '../core/runningWindow';
import { sameOriginFetch } from './redirects';

/** How long a local server may take to say what it runs: it is asked again later when it does not answer. */
const WINDOW_TIMEOUT_MS = 3000;

/**
 * Asks the server at `baseUrl` (its OpenAI-compatible address) what window it runs `model` with,
 * on its own API beside it. Undefined when it does not say (not loaded yet, an older version, no
 * answer): Parley then goes by the model list or what it knows of the model.
 */
export async function readRunningWindow(
  server: WindowServer,
  target: { readonly baseUrl: string; readonly model: string; readonly headers?: Readonly<Record<string, string>>; readonly apiKey?: string },
): Promise<RunningWindow | undefined> {
  const root = serverRoot(target.baseUrl);
  const headers = { ...target.headers, ...(target.apiKey ? { Authorization: `Bearer ${target.apiKey}` } : {}) };
  const json = async (path: string, body?: object): Promise<unknown> => {
    try {
      const response = await sameOriginFetch(`${root}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(WINDOW_TIMEOUT_MS),
      });
      return response.ok ? ((await response.json()) as unknown) : undefined;
    } catch {
      return undefined; // Not this server's API, or no answer: the window is not known.
    }
  };
  switch (server) {
    case 'ollama': {
      const [ps, show] = await Promise.all([json('/api/ps'), json('/api/show', { model: target.model })]);
      return ollamaWindow(target.model, ps, show);
    }
    case 'llamacpp': {
      const [props, models] = await Promise.all([json('/props'), json('/v1/models')]);
      return llamaCppWindow(props, models);
    }
    case 'lmstudio':
      return lmStudioWindow(target.model, await json('/api/v1/models'));
  }
}
