import type { ContextWindow } from './budget';
import { contextWindowFor, usesOpenAITokenizer } from './budget';
import type { ChatRequest } from './client';
import type { Failure } from './domain';
import type { Endpoint, ProviderId, ProviderSettings } from './providers';
import { defaultModel, endpointAddress, resolveEndpoint } from './providers';
import { outputOptions } from './reasoning';
import type { RunningWindow } from './runningWindow';
import type { SettingsReading } from './settings';

/** What decides where a conversation's next question goes; all of it read before resolving. */
export interface TargetInputs {
  readonly settings: SettingsReading;
  readonly providers: ProviderSettings;
  /** The provider the question goes to (`effectiveProvider`), and whether the user chose it. */
  readonly provider: { readonly id: ProviderId; readonly chosen: boolean };
  /** Whether a key is stored for that provider. */
  readonly hasKey: boolean;
  /** The model picked for the conversation, if one was. */
  readonly pickedModel?: string;
  /** The model its steering (the profile) names, if any. */
  readonly steeringModel?: string;
  /** The context window the provider's model list states for a model, if it does. */
  readonly statedWindow: (provider: ProviderId, model: string) => number | undefined;
  /** The window a local server says it runs the model with, if it says (Ollama, llama.cpp, LM Studio). */
  readonly runningWindow?: (provider: ProviderId, model: string) => RunningWindow | undefined;
  /** Whether the provider's model list states that a model reads images (OpenRouter's input modalities), if it does. */
  readonly statedImageInput?: (provider: ProviderId, model: string) => boolean | undefined;
}

/**
 * Where the next question goes and how it is measured: the one answer the panel shows and the send
 * uses. `problem` is set when no request can go out to it yet.
 */
export interface RequestTarget {
  readonly provider: ProviderId;
  readonly chosen: boolean;
  readonly endpoint?: Endpoint;
  /** The endpoint's address as shown (secrets redacted); empty when its settings are wrong. */
  readonly address: string;
  /** Empty when no model is set anywhere. */
  readonly model: string;
  readonly window: ContextWindow;
  /** What the server said it runs the model with, when `window` is that. */
  readonly running?: RunningWindow;
  /** Whether OpenAI's tokenizer counts this model's tokens exactly; others are estimated. */
  readonly exactCounting: boolean;
  readonly output: Pick<ChatRequest, 'maxOutputTokens' | 'reasoning'>;
  /** The endpoint needs a key and none is stored. */
  readonly needsKey: boolean;
  /** Whether the model reads images, where its provider states it. */
  readonly imageInput?: boolean;
  readonly problem?: Failure;
}

/** The conversation's pick, else its profile's model, else the provider's default. */
export function resolveTarget(inputs: TargetInputs): RequestTarget {
  const { settings, blocking } = inputs.settings;
  const { id, chosen } = inputs.provider;
  const reading = resolveEndpoint(inputs.providers, id);
  const endpoint = reading.ok ? reading.endpoint : undefined;
  const address = endpoint ? endpointAddress(endpoint) : '';
  const model = inputs.pickedModel ?? inputs.steeringModel ?? defaultModel(id, { model: settings.model, azureDeployment: inputs.providers.azureDeployment });
  const needsKey = endpoint !== undefined && endpoint.needsKey && !inputs.hasKey;
  const problem: Failure | undefined = blocking
    ? { kind: 'config', reason: 'settings', problem: blocking }
    : !reading.ok
      ? { kind: 'config', reason: 'endpoint', problem: reading.problem }
      : needsKey
        ? { kind: 'auth', reason: 'missing-key', address }
        : model
          ? undefined
          : { kind: 'config', reason: 'no-model', azure: id === 'azure' };
  // What the server runs the model with comes before what its list states the model reads.
  const running = model ? inputs.runningWindow?.(id, model) : undefined;
  const window = contextWindowFor(model, settings.contextWindow, running?.tokens ?? (model ? inputs.statedWindow(id, model) : undefined));
  const imageInput = model ? inputs.statedImageInput?.(id, model) : undefined;
  return {
    provider: id,
    chosen,
    ...(endpoint ? { endpoint } : {}),
    address,
    model,
    window,
    ...(running && window.source === 'provider' ? { running } : {}),
    exactCounting: usesOpenAITokenizer(model),
    output: outputOptions(model, settings.reasoning),
    needsKey,
    ...(imageInput !== undefined ? { imageInput } : {}),
    ...(problem ? { problem } : {}),
  };
}
