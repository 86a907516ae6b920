import type { StatedCapabilities } from '../core/providers';
import { lmStudioCapabilities, ollamaCapabilities } from '../core/providers';
import type { RunningWindow, WindowServer } from '../core/runningWindow';
import { llamaCppWindow, lmStudioWindow, ollamaWindow, serverRoot } from '../core/runningWindow';
import { sameOriginFetch } from './redirects';

/** How long a local server may take to say what it runs: it is asked again later when it does not answer. */
const WINDOW_TIMEOUT_MS = 3000;

/** A local server: its OpenAI-compatible address, the headers its requests carry, its key. */
interface ServerTarget {
  readonly baseUrl: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly apiKey?: string;
}

/** Asks the server's own API beside its OpenAI-compatible one; undefined when it does not answer with JSON. */
function serverApi(target: ServerTarget): (path: string, body?: object) => Promise<unknown> {
  const root = serverRoot(target.baseUrl);
  const headers = { ...target.headers, ...(target.apiKey ? { Authorization: `Bearer ${target.apiKey}` } : {}) };
  return async (path: string, body?: object): Promise<unknown> => {
    try {
      const response = await sameOriginFetch(`${root}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(WINDOW_TIMEOUT_MS),
      });
      return response.ok ? ((await response.json()) as unknown) : undefined;
    } catch {
      return undefined; // Not this server's API, or no answer: what it would have said is not known.
    }
  };
}

/**
 * What the server at `target.baseUrl` says each of `models` can do (tool calling, image input), on
 * its own API: Ollama's /api/show for each model, LM Studio's model list. Models it says nothing of are left out.
 */
export async function readServerCapabilities(
  server: WindowServer,
  target: ServerTarget,
  models: readonly string[],
): Promise<ReadonlyMap<string, StatedCapabilities>> {
  const json = serverApi(target);
  switch (server) {
    case 'ollama': {
      const shown = await Promise.all(models.map(async (model) => [model, ollamaCapabilities(await json('/api/show', { model }))] as const));
      return new Map(shown.filter(([, capabilities]) => Object.keys(capabilities).length > 0));
    }
    case 'lmstudio': {
      const listed = await json('/api/v1/models');
      return new Map(
        models.map((model) => [model, lmStudioCapabilities(model, listed)] as const).filter(([, capabilities]) => Object.keys(capabilities).length > 0),
      );
    }
    case 'llamacpp':
      return new Map(); // Its /props says what the one loaded model does only in words (its chat template).
  }
}

/**
 * Asks the server at `baseUrl` (its OpenAI-compatible address) what window it runs `model` with,
 * on its own API beside it. Undefined when it does not say (not loaded yet, an older version, no
 * answer): Parley then goes by the model list or what it knows of the model.
 */
export async function readRunningWindow(server: WindowServer, target: ServerTarget & { readonly model: string }): Promise<RunningWindow | undefined> {
  const json = serverApi(target);
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
