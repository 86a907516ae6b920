// The one resolver of where the next question goes: the panel's figures and the send both use it,
// so what it decides here is what the header shows and what the request carries.
import * as assert from 'node:assert/strict';
import { providerSettings } from '../support/providerSettings';
import type { TargetInputs } from '../../src/core/requestTarget';
import { resolveTarget } from '../../src/core/requestTarget';
import { readSettings } from '../../src/core/settings';

const PROVIDERS = providerSettings();

function inputs(overrides: Partial<TargetInputs> = {}): TargetInputs {
  return {
    settings: readSettings({ model: 'gpt-4o-mini', systemPrompt: '', examples: [] }),
    providers: PROVIDERS,
    provider: { id: 'openai', chosen: true },
    hasKey: true,
    statedWindow: () => undefined,
    ...overrides,
  };
}

describe('resolveTarget', () => {
  it("takes the conversation's pick, else its profile's model, else the provider's default", () => {
    assert.equal(resolveTarget(inputs({ pickedModel: 'gpt-4.1', steeringModel: 'o3' })).model, 'gpt-4.1');
    assert.equal(resolveTarget(inputs({ steeringModel: 'o3' })).model, 'o3');
    assert.equal(resolveTarget(inputs()).model, 'gpt-4o-mini');
    const azure = resolveTarget(
      inputs({
        provider: { id: 'azure', chosen: true },
        providers: { ...PROVIDERS, azureEndpoint: 'https://r.openai.azure.com', azureDeployment: ' prod-4o ' },
      }),
    );
    assert.equal(azure.model, 'prod-4o', "Azure's default is the deployment");
  });

  it("carries whether the provider's list states the model reads images, for the model it settled on", () => {
    const stated = (id: string, model: string) => (id === 'openai' && model === 'text-only' ? false : undefined);
    assert.equal(resolveTarget(inputs({ pickedModel: 'text-only', statedImageInput: stated })).imageInput, false);
    assert.equal('imageInput' in resolveTarget(inputs({ pickedModel: 'gpt-4o', statedImageInput: stated })), false);
  });

  it('decides the window and the way of counting from the model it settled on', () => {
    const stated = resolveTarget(
      inputs({ pickedModel: 'llama3.2', statedWindow: (id, model) => (id === 'openai' && model === 'llama3.2' ? 131_072 : undefined) }),
    );
    assert.deepEqual(stated.window, { tokens: 131_072, source: 'provider' });
    assert.equal(stated.exactCounting, false, 'not an OpenAI model: estimated');
    const openai = resolveTarget(inputs());
    assert.equal(openai.exactCounting, true);
    assert.equal(openai.window.source, 'known');
    assert.equal(
      resolveTarget(inputs({ settings: readSettings({ model: 'gpt-4o-mini', systemPrompt: '', examples: [], contextWindow: 4096 }) })).window.tokens,
      4096,
    );
    assert.deepEqual(
      resolveTarget(inputs({ pickedModel: 'o3', settings: readSettings({ model: 'x', systemPrompt: '', examples: [], maxOutputTokens: 500 }) })).output,
      { maxOutputTokens: 500, reasoning: {} },
      'a reasoning model gets its output options',
    );
  });

  it('says why nothing can be sent, the first problem first: a blocking setting, the endpoint, the key, the model', () => {
    const blocked = readSettings({ model: '', systemPrompt: '', examples: [], contextWindow: -1 });
    const noEndpoint = { ...PROVIDERS, provider: 'custom', baseUrl: 'ftp://example.com' };
    const settingsProblem = resolveTarget(inputs({ settings: blocked, hasKey: false })).problem;
    assert.ok(settingsProblem?.kind === 'config' && settingsProblem.reason === 'settings');
    assert.match(settingsProblem.problem, /parley\.contextWindow/);
    const badUrl = resolveTarget(inputs({ provider: { id: 'custom', chosen: true }, providers: noEndpoint, hasKey: false }));
    assert.ok(badUrl.problem?.kind === 'config' && badUrl.problem.reason === 'endpoint');
    assert.match(badUrl.problem.problem, /parley\.baseUrl/);
    assert.equal(badUrl.address, '', 'no address to show for an endpoint that cannot be read');
    const noKey = resolveTarget(inputs({ hasKey: false, settings: readSettings({ model: '', systemPrompt: '', examples: [] }) }));
    assert.deepEqual(noKey.problem, { kind: 'auth', reason: 'missing-key', address: 'https://api.openai.com/v1' });
    assert.equal(noKey.needsKey, true);
    const noModel = resolveTarget(inputs({ settings: readSettings({ model: '', systemPrompt: '', examples: [] }) }));
    assert.deepEqual(noModel.problem, { kind: 'config', reason: 'no-model', azure: false });
    assert.equal(resolveTarget(inputs()).problem, undefined, 'set up: nothing in the way');
  });

  it('needs no key for a local server, and shows its address', () => {
    const local = resolveTarget(inputs({ provider: { id: 'ollama', chosen: true }, hasKey: false, pickedModel: 'llama3.2' }));
    assert.equal(local.needsKey, false);
    assert.equal(local.problem, undefined);
    assert.match(local.address, /^http:\/\/(localhost|127\.0\.0\.1):11434\/v1$/);
  });
});
