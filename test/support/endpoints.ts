import type { Endpoint } from '../../src/core/providers';

/** An OpenAI-compatible endpoint at `baseUrl`, as the custom provider resolves one. */
export function customEndpoint(baseUrl: string): Extract<Endpoint, { api: 'openai' }> {
  return { api: 'openai', provider: 'custom', baseUrl, headers: {}, needsKey: false };
}
