import type { ProviderSettings } from '../../src/core/providers';

/** Provider settings as a user who set only `provider` has them, with `overrides` on top. */
export function providerSettings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    provider: 'openai',
    baseUrl: undefined,
    baseUrlSetByUser: false,
    providerUrls: undefined,
    customHeaders: undefined,
    azureEndpoint: undefined,
    azureDeployment: undefined,
    azureApiVersion: undefined,
    ...overrides,
  };
}
