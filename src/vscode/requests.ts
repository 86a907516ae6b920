import type * as vscode from 'vscode';
import type { TokenCounter } from '../core/budget';
import { ESTIMATED_TOKENS } from '../core/budget';
import type { Connection, ConversationChoice } from '../core/chatSession';
import type { ChatModelClient } from '../core/client';
import type { RecordedSteering } from '../core/domain';
import type { ProviderId } from '../core/providers';
import { effectiveProvider } from '../core/providers';
import type { RequestTarget } from '../core/requestTarget';
import { resolveTarget } from '../core/requestTarget';
import { loadedOpenAITokenizer, openAITokenizer } from '../node/tokenizer';
import type { ApiKeyStore } from './apiKey';
import type { LocalServer } from '../node/probe';
import type { ProviderService } from './providers';
import { createChatClient } from './providers';
import { readParleySettings } from './settings';
import type { SteeringService } from './steering';

/** The next request of a conversation as resolved now, with what was read to resolve it. */
export interface ResolvedRequest {
  readonly target: RequestTarget;
  readonly apiKey: string | undefined;
  /** The conversation's recorded steering, or for its first question the profile it will record. */
  readonly steering: RecordedSteering;
}

/**
 * Where a conversation's next request goes: read (the key, the profile, the settings) and resolved
 * once, the same way for what the panel shows and for what is sent. Needs no panel.
 */
export class RequestTargets {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly providers: ProviderService,
    private readonly steering: SteeringService,
    private readonly log: vscode.LogOutputChannel,
    /** The bundled tokenizer's file, loaded by the first request to an OpenAI model. */
    private readonly tokenizerBundle: string,
  ) {}

  async resolve(recorded: RecordedSteering | undefined, choice: ConversationChoice): Promise<ResolvedRequest> {
    const steering = await this.steering.forRequest(recorded);
    return { ...(await this.resolveModel(choice, steering.model)), steering };
  }

  /** Where a request to `choice`'s model goes, with no profile: VS Code's model picker names provider and model. */
  async resolveModel(choice: ConversationChoice, steeringModel?: string): Promise<Omit<ResolvedRequest, 'steering'>> {
    const provider = effectiveProvider(this.providers.settings(), choice.provider);
    const apiKey = await this.keys.get(provider.id);
    return { target: this.targetWith(provider, Boolean(apiKey), choice.model, steeringModel), apiKey };
  }

  /** Where requests to each of `models` of the provider set up in the settings go, the key read once. */
  async resolveModels(
    models: readonly string[],
  ): Promise<{ readonly provider: { id: ProviderId; chosen: boolean }; readonly hasKey: boolean; readonly targets: RequestTarget[] }> {
    const providers = this.providers.settings();
    const provider = effectiveProvider(providers, undefined);
    const hasKey = Boolean(await this.keys.get(provider.id));
    // Read once: a provider may list hundreds of models (OpenRouter).
    const settings = readParleySettings();
    return { provider, hasKey, targets: models.map((model) => this.targetWith(provider, hasKey, model, undefined, settings, providers)) };
  }

  private targetWith(
    provider: { id: ProviderId; chosen: boolean },
    hasKey: boolean,
    pickedModel?: string,
    steeringModel?: string,
    settings = readParleySettings(),
    providers = this.providers.settings(),
  ): RequestTarget {
    return resolveTarget({
      settings,
      providers,
      provider,
      hasKey,
      ...(pickedModel !== undefined ? { pickedModel } : {}),
      ...(steeringModel !== undefined ? { steeringModel } : {}),
      statedWindow: (id, model) => this.providers.statedWindow(id, model),
      runningWindow: (id, model) => this.providers.runningWindow(id, model),
      statedImageInput: (id, model) => this.providers.statedImageInput(id, model),
    });
  }

  /** How the panel counts for a target: exactly once a request has loaded the tokenizer, else estimated. */
  displayCounter(target: RequestTarget): TokenCounter {
    return (target.exactCounting ? loadedOpenAITokenizer(this.tokenizerBundle) : undefined) ?? ESTIMATED_TOKENS;
  }

  /**
   * First use with nothing set up (no provider chosen, no key): a model server on this machine may
   * answer without a key. Asked before a question goes out; returns the server the user picked.
   */
  async firstRunServer(choice: ConversationChoice): Promise<LocalServer | undefined> {
    const provider = effectiveProvider(this.providers.settings(), choice.provider);
    if (provider.chosen) return undefined;
    const { target } = await this.resolve(undefined, choice);
    return target.needsKey ? this.providers.offerLocalServer() : undefined;
  }

  /** What a request of the conversation needs, or why it cannot go out. */
  async connect(recorded: RecordedSteering | undefined, choice: ConversationChoice): Promise<Connection> {
    let resolved = await this.resolve(recorded, choice);
    // A local server's window as it is now, not as it was last seen: a request fitted into too large
    // a window would be cut from the front by the server, the system message and examples first.
    if (!resolved.target.problem && (await this.providers.readRunningWindowNow(resolved.target.provider, resolved.target.model)))
      resolved = await this.resolve(recorded, choice);
    const { target, apiKey, steering } = resolved;
    for (const problem of readParleySettings().problems) this.log.warn(problem);
    if (target.problem) return { ok: false, error: target.problem };
    const endpoint = target.endpoint!;
    // Before anything is sent: the user decides whether a key may cross the network unencrypted.
    if (this.providers.warnsPlainText(endpoint, apiKey)) return { ok: false, error: { kind: 'config', reason: 'plain-http', address: target.address } };
    return {
      ok: true,
      client: this.logged(createChatClient(endpoint, apiKey), target.address),
      model: target.model,
      steering,
      contextWindow: target.window,
      counter: target.exactCounting ? openAITokenizer(this.tokenizerBundle) : ESTIMATED_TOKENS,
      output: target.output,
    };
  }

  /** Logs each request's destination, size, timing and result; never its text or the key. */
  private logged(client: ChatModelClient, baseUrl: string): ChatModelClient {
    return {
      stream: (request, onPiece) => {
        const started = Date.now();
        const chars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
        this.log.info(`POST ${baseUrl}/chat/completions model=${request.model} messages=${request.messages.length} chars=${chars}`);
        const running = client.stream(request, onPiece);
        void running.outcome.then((outcome) => {
          const detail = outcome.kind === 'error' ? ` ${outcome.error.kind}` : '';
          this.log.info(`${outcome.kind}${detail} after ${Date.now() - started} ms`);
        });
        return running;
      },
    };
  }
}
