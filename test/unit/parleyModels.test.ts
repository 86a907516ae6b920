import * as assert from 'node:assert/strict';
import { parleyModelId, parseParleyModelId } from '../../src/core/parleyModels';

describe("Parley's model ids in VS Code's model picker", () => {
  it('round-trip a provider and a model, a model with slashes included', () => {
    for (const ref of [
      { provider: 'ollama', model: 'llama3.2:1b' },
      { provider: 'openrouter', model: 'mistralai/mistral-small-3.2' },
    ]) {
      assert.deepEqual(parseParleyModelId(parleyModelId(ref)), ref);
    }
  });

  it('read no provider from an id that is not one of them', () => {
    for (const id of ['gpt-4o', '/gpt-4o', 'ollama/', '']) assert.equal(parseParleyModelId(id), undefined, id);
  });
});
