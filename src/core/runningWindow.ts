// The context window a local server really runs a model with, which may be smaller than what the
// model reads: Ollama allocates less unless told otherwise and cuts the prompt from the front, so
// the system message and examples would go first, unseen. Read from each server's own API; the
// answers are taken apart here, fetched by src/node/runningWindow.ts.
import { l10n } from '../shared/l10n';
import { groupDigits } from '../shared/numbers';

export type WindowServer = 'ollama' | 'llamacpp' | 'lmstudio';

export interface RunningWindow {
  readonly server: WindowServer;
  /** The tokens the server runs the model with. */
  readonly tokens: number;
  /** The most the model reads, when the server says. */
  readonly modelMaximum?: number;
}

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const size = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);
const list = (value: unknown): Fields[] => (Array.isArray(value) ? value.filter(isFields) : []);

/** The server's own API is beside its OpenAI-compatible one: the base URL without its last `/v1`. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** The server behind a provider, if it states its running window. */
export function windowServer(provider: string): WindowServer | undefined {
  return provider === 'ollama' || provider === 'llamacpp' || provider === 'lmstudio' ? provider : undefined;
}

/** Ollama names a model with its tag; `qwen3` is `qwen3:latest`. */
const sameOllamaModel = (a: unknown, b: string): boolean => typeof a === 'string' && (a === b || a === `${b}:latest` || `${a}:latest` === b);

/**
 * Ollama: GET /api/ps lists the loaded models with the `context_length` each runs with; POST
 * /api/show gives the model's `<architecture>.context_length` in `model_info`, and its Modelfile's
 * `num_ctx` in `parameters`, the window it will be loaded with. (https://docs.ollama.com/api)
 */
export function ollamaWindow(model: string, ps: unknown, show: unknown): RunningWindow | undefined {
  const loaded = list(isFields(ps) ? ps.models : undefined).find((entry) => sameOllamaModel(entry.name, model) || sameOllamaModel(entry.model, model));
  const info = isFields(show) && isFields(show.model_info) ? show.model_info : {};
  const architecture = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : undefined;
  const modelMaximum = architecture ? size(info[`${architecture}.context_length`]) : undefined;
  const parameters = isFields(show) && typeof show.parameters === 'string' ? show.parameters : '';
  const numCtx = /^num_ctx\s+(\d+)/m.exec(parameters)?.[1];
  const tokens = size(loaded?.context_length) ?? (numCtx ? size(Number(numCtx)) : undefined);
  return tokens ? { server: 'ollama', tokens, ...(modelMaximum ? { modelMaximum } : {}) } : undefined;
}

/**
 * llama.cpp: GET /props gives the window it was started with (`-c`) as
 * `default_generation_settings.n_ctx`; GET /v1/models gives what the model was trained for as
 * `meta.n_ctx_train`. (tools/server/README.md)
 */
export function llamaCppWindow(props: unknown, models: unknown): RunningWindow | undefined {
  const settings = isFields(props) && isFields(props.default_generation_settings) ? props.default_generation_settings : {};
  const tokens = size(settings.n_ctx) ?? (isFields(props) ? size(props.n_ctx) : undefined);
  const first = list(isFields(models) ? models.data : undefined)[0];
  const modelMaximum = first && isFields(first.meta) ? size(first.meta.n_ctx_train) : undefined;
  return tokens ? { server: 'llamacpp', tokens, ...(modelMaximum ? { modelMaximum } : {}) } : undefined;
}

/**
 * LM Studio: GET /api/v1/models lists each model's `max_context_length` and, for each loaded
 * instance, the `config.context_length` it was loaded with. (lmstudio.ai/docs/developer/rest/list)
 */
export function lmStudioWindow(model: string, models: unknown): RunningWindow | undefined {
  const entry = list(isFields(models) ? models.models : undefined).find(
    (each) => each.key === model || list(each.loaded_instances).some((instance) => instance.id === model),
  );
  if (!entry) return undefined;
  const instance = list(entry.loaded_instances).find((each) => each.id === model) ?? list(entry.loaded_instances)[0];
  const tokens = instance && isFields(instance.config) ? size(instance.config.context_length) : undefined;
  const modelMaximum = size(entry.max_context_length);
  return tokens ? { server: 'lmstudio', tokens, ...(modelMaximum ? { modelMaximum } : {}) } : undefined;
}

/** What to say when the server runs `model` with less than it reads: that Parley fits into it, and how to give it more. */
export function runningWindowNote(model: string, running: RunningWindow): string | undefined {
  const { tokens, modelMaximum } = running;
  if (!modelMaximum || tokens >= modelMaximum) return undefined;
  switch (running.server) {
    case 'ollama':
      return l10n.t(
        'Ollama runs {0} with a {1}-token window, though the model reads {2}. Ollama would cut a longer request from the front, the system message and examples first, so Parley fits each request into {1} and leaves out old turns. To give it more, set OLLAMA_CONTEXT_LENGTH where the Ollama server starts, or PARAMETER num_ctx in a Modelfile.',
        model,
        groupDigits(tokens),
        groupDigits(modelMaximum),
      );
    case 'llamacpp':
      return l10n.t(
        'llama.cpp runs {0} with a {1}-token window, though the model was trained for {2}. Parley fits each request into {1} and leaves out old turns. To give it more, start llama-server with a larger -c (--ctx-size).',
        model,
        groupDigits(tokens),
        groupDigits(modelMaximum),
      );
    case 'lmstudio':
      return l10n.t(
        'LM Studio loaded {0} with a {1}-token window, though the model reads {2}. Parley fits each request into {1} and leaves out old turns. To give it more, load the model with a larger context length (its load settings in LM Studio, or lms load --context-length).',
        model,
        groupDigits(tokens),
        groupDigits(modelMaximum),
      );
  }
}
