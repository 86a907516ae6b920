import * as assert from 'node:assert/strict';
import { groupDigits } from '../../src/shared/numbers';

describe('groupDigits', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 128_000, 1_000_000, 1_234_567_890, -4321, 1234.5]) {
      assert.equal(groupDigits(n), n.toLocaleString('en-US', { maximumFractionDigits: 20 }), String(n));
    }
  });
});
